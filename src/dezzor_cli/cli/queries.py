"""The query commands: timeline, show, tally, control, summary.

Each is a few lines: load, resolve, one library call, build a view, emit.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from ..query.choices import TallyBy
from ..render import Format
from ..store.vocab import Certainty
from .app import app
from .options import Output, filter_options, output_options
from .output import emit, load

if TYPE_CHECKING:
    from ..query.filters import Filters


@app.command()
@output_options()
@filter_options()
def timeline(
    filters: "Filters",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, help="Show at most N events.")] = None,
    out: Output = Output(),
) -> None:
    """Events in date order, with their precision, actors, places, casualties and control changes."""
    from ..query.filters import resolve, select
    from ..views.timeline import timeline_view

    ix = load(out.data)
    c = resolve(ix, filters)
    emit(timeline_view(ix, select(ix, c, reverse=reverse, limit=limit), c), out)


@app.command()
@output_options()
def show(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="Event id (see 'dezzor timeline -f json').")],
    out: Output = Output(),
) -> None:
    """One event in full: dates, actors, places, casualties, control, claims and where the source says it."""
    from ..query.names import clip, close_matches, did_you_mean
    from ..views.timeline import show_view

    ix = load(out.data)
    event = ix.event.get(event_id)
    if event is None:
        hint = did_you_mean(close_matches(event_id, ix.event, cutoff=0.5))
        raise UsageError(f"no event with id {clip(event_id, 80)!r}{hint}")
    emit(show_view(ix, event), out)


@app.command()
@output_options()
@filter_options()
def tally(
    filters: "Filters",
    by: Annotated[TallyBy | None, typer.Option(
        "--by", "-b", case_sensitive=False,
        help="Group by actor (the default), side, day, week, month, kind or place.")] = None,
    certainty: Annotated[list[Certainty] | None, typer.Option(
        "--certainty", "-c", metavar="LEVEL", case_sensitive=False,
        help="Count only figures that are reported, claimed or alleged (repeatable; default all).")] = None,
    party: Annotated[list[str] | None, typer.Option(
        "--party", metavar="NAME", help="Count only the casualties of this actor and its units (repeatable).")] = None,
    reconcile: Annotated[bool, typer.Option(
        "--reconcile", help="Put the infobox's reported totals beside the events' sums.")] = False,
    out: Output = Output(),
) -> None:
    """Casualty totals (killed, injured, arrested) of the matching events, with honest ranges."""
    from ..query import tally as q
    from ..query.filters import resolve, select
    from ..views.tally import reconcile_view, tally_view

    if reconcile and (by is not None or party):
        raise UsageError("--reconcile compares the infobox's groups; it takes no --by or --party")
    levels = list(dict.fromkeys(certainty)) if certainty else None
    names = [level.value for level in levels] if levels else None
    ix = load(out.data)
    c = resolve(ix, filters)
    events = select(ix, c)
    if reconcile:
        emit(reconcile_view(q.reconcile(ix, events, levels), names), out)
        return
    parties = ix.actor_ids(party, filters.exact) if party else None
    by = by or TallyBy.actor
    rows = q.tally(ix, events, by, levels, parties)
    partial = q.partial_with_casualties(events, c.window)
    emit(tally_view(by.value, rows, q.total(events, levels, parties), names, partial), out)


@app.command()
@output_options()
@filter_options(on=Annotated[str | None, typer.Option(
    "--on", metavar="DATE", help="Who held each place at the end of this day.")])
def control(filters: "Filters", out: Output = Output()) -> None:
    """Changes of control; with --on, who held what on a day; with --place, that place's history."""
    import dataclasses

    from ..query import control as q
    from ..query import dates
    from ..query.filters import resolve
    from ..views.control import changes_view, state_view

    if filters.on is not None:
        if filters.since is not None or filters.until is not None:
            raise UsageError("--on cannot be combined with --since or --until")
        if filters.kinds or filters.search:
            raise UsageError(
                "--on shows who held each place; --kind and --search select events, so use them without --on")
    ix = load(out.data)
    if filters.on is not None:
        day = dates.parse_span(filters.on, "--on").end
        c = resolve(ix, dataclasses.replace(filters, on=None))
        emit(state_view(ix, day, q.held_by(q.state_on(ix, day, c.place_ids), c.actor_ids)), out)
        return
    c = resolve(ix, filters)
    selected = q.select_changes(ix, c)
    emit(changes_view(ix, selected, q.initial_holders(ix, c, selected)), out)


@app.command()
@output_options(raw=False)
@filter_options()
def summary(filters: "Filters", out: Output = Output()) -> None:
    """The overview: period, result, belligerents, event and casualty totals, control changes."""
    from ..query.control import select_changes
    from ..query.filters import resolve, select
    from ..query.tally import reconcile
    from ..views.summary import summary_view

    if out.fmt is Format.csv:
        raise UsageError("summary has no CSV form; use --format json, jsonl, markdown or table")
    ix = load(out.data)
    c = resolve(ix, filters)
    events = select(ix, c)
    emit(summary_view(ix, events, reconcile(ix, events), select_changes(ix, c)), out)
