"""Two stores at once: diff (two versions of one store) and compare (two sources of the same events)."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from .app import app
from .options import Output, filter_options, output_options
from .output import emit, load, note

if TYPE_CHECKING:
    from ..query.filters import Filters


def _given(name: str, path: str) -> str:
    """``path`` as the argument ``name`` gave it; an empty one is a usage error (an unset shell variable?)."""
    if path == "":
        from ..errors import UsageError

        raise UsageError(f"{name} is empty; give the path of a store (an unset shell variable?)")
    return path


def _document(name: str, path: str) -> dict[str, Any]:
    """The store at ``path``, loaded and validated from its JSON (never from a database beside it), as records."""
    from ..render.progress import progress
    from ..store.read import load as load_store
    from ..store.records import record

    return record(load_store(_given(name, path), use_cache=False, progress=progress, warn=note).store)


@app.command()
@output_options(data=False)
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The older store.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The newer store.")],
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when the stores differ (as git diff --exit-code), 0 when they do not.")] = False,
    out: Output = Output(),
) -> None:
    """What differs between two versions of a store: records added, removed and changed, field by field.

    Records are matched by id (events, actors, places, sides, reported totals; meta is one record); a
    change names its field by its JSON path, with the old and the new value. Both stores are validated first.
    """
    from ..query.diff import diff as differences
    from ..views.diff import diff_view

    d = differences(_document("OLD", old), _document("NEW", new))
    emit(diff_view(d, old, new), out)
    if exit_code and not d.identical:
        raise typer.Exit(1)


@app.command()
@output_options(data=False)
@filter_options("since", "until", "on")
def compare(
    filters: "Filters",
    a: Annotated[str, typer.Argument(metavar="A", help="One store (e.g. made from the article).")],
    b: Annotated[str, typer.Argument(metavar="B", help="The other store (e.g. imported from ACLED).")],
    min_score: Annotated[int, typer.Option(
        "--min-score", min=1, help="Pair only events scoring at least this (see the README's matching rules).")] = 4,
    out: Output = Output(),
) -> None:
    """The same incidents in two stores from different sources: matched pairs with a score and reasons.

    Also the events only one store has, and for each pair the casualty figures and changes of control
    that differ. The dates given select the events of both stores. A pair is a hypothesis to check.
    """
    from ..query.compare import compare as pair_up
    from ..query.filters import resolve, select
    from ..views.compare import compare_view

    ix_a, ix_b = load(_given("A", a)), load(_given("B", b))
    chosen_a, chosen_b = select(ix_a, resolve(ix_a, filters)), select(ix_b, resolve(ix_b, filters))
    emit(compare_view(pair_up(ix_a, ix_b, chosen_a, chosen_b, min_score), a, b, min_score), out)
