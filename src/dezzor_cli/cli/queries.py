"""The query commands: timeline, show, tally, control, summary.

Each is a few lines: load, resolve, one library call, build a view, emit.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from ..query.choices import TallyBy
from ..render import Format
from ..store.vocab import Certainty
from . import completion
from .app import app
from .options import Output, filter_options, output_options
from .output import emit, forms, load, say

if TYPE_CHECKING:
    from ..query.filters import Criteria, Filters
    from ..query.index import Index


def events_text(n: int) -> str:
    return f"{n} event{'s' if n != 1 else ''}"


def tell(ix: "Index", c: "Criteria", count: Callable[["Criteria"], str]) -> None:
    """Say on stderr how names were read (a side through a member, a place a broader place shares a name with)."""
    from ..query.filters import reading_notes

    for line in reading_notes(ix, c, count):
        say(line)


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
    tell(ix, c, lambda k: events_text(len(select(ix, k))))
    emit(timeline_view(ix, select(ix, c, reverse=reverse, limit=limit), c, forms(out)), out)


@app.command()
@output_options()
def show(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="Event id (see 'dezzor timeline -f json').")],
    out: Output = Output(),
) -> None:
    """One event in full: dates, actors, places, casualties, control, claims and where the source says it."""
    from ..query.names import clip, did_you_mean
    from ..views.timeline import show_view

    ix = load(out.data)
    event = ix.event_with_id(event_id)
    if event is None:
        hint = did_you_mean(ix.close_event_ids(event_id))
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
        "--party", metavar="NAME", autocompletion=completion.names("actors", "sides"),
        help="Count only the casualties of this actor and its units, or of a side's members (repeatable).")] = None,
    reconcile: Annotated[bool, typer.Option(
        "--reconcile", help="Put the infobox's reported totals beside the events' sums.")] = False,
    fatalities: Annotated[bool, typer.Option(
        "--fatalities", help="Sum the events' own fatalities (all parties, as each source totals them).")] = False,
    out: Output = Output(),
) -> None:
    """Casualty totals (killed, injured, arrested) of the matching events, with honest ranges.

    --side and --party say whose casualties to count (a side's own losses); --actor and --involving
    select the events, whose every casualty counts.
    """
    import dataclasses

    from ..query import tally as q
    from ..query.filters import resolve, select, side_notes
    from ..views.tally import fatalities_view, reconcile_view, tally_view

    if fatalities and (reconcile or by is not None or party or filters.sides or certainty):
        raise UsageError("--fatalities sums whole events' own figures; it takes no --by, --party, --side, "
                         "--certainty or --reconcile (the filters select the events)")
    if reconcile and (by is not None or party or filters.sides):
        raise UsageError("--reconcile compares the infobox's groups; it takes no --by, --party or --side "
                         "(--involving selects the events a side took part in)")
    levels = list(dict.fromkeys(certainty)) if certainty else None
    names = [level.value for level in levels] if levels else None
    ix = load(out.data)
    c = resolve(ix, dataclasses.replace(filters, sides=()))  # --side says whose casualties, not which events
    c = dataclasses.replace(c, notes=(*c.notes, *side_notes(ix, filters.sides)))
    parties: set[str] | None = None
    if party or filters.sides:
        parties = ix.party_ids(party or (), filters.exact) | ix.side_ids(filters.sides)

    def count(k: "Criteria") -> str:
        chosen = select(ix, k)
        killed = q.total(chosen, levels, parties).counts["killed"]
        figure = f"{killed} killed" if killed is not None else "no killed figure"
        return f"{figure} in {events_text(len(chosen))}"

    if fatalities:
        tell(ix, c, lambda k: events_text(len(select(ix, k))))
        emit(fatalities_view(q.fatalities_total(select(ix, c))), out)
        return
    tell(ix, c, count)
    events = select(ix, c)
    if reconcile:
        emit(reconcile_view(q.reconcile(ix, events, levels), names), out)
        return
    by = by or TallyBy.actor
    rows = q.tally(ix, events, by, levels, parties)
    partial = q.partial_with_casualties(events, c.window)
    emit(tally_view(by.value, rows, q.total(events, levels, parties), names, partial, forms(out)), out)


@app.command()
@output_options()
@filter_options(on=Annotated[str | None, typer.Option(
    "--on", metavar="DATE", help="Who held each place at the end of this day.")])
def control(filters: "Filters", out: Output = Output()) -> None:
    """Changes of control; with --on, who held what on a day; with --place, that place's history."""
    import dataclasses

    from ..query import control as q
    from ..query import dates
    from ..query.filters import dated, resolve
    from ..views.control import changes_view, state_view

    if filters.on is not None:
        if filters.since is not None or filters.until is not None:
            raise UsageError("--on cannot be combined with --since or --until")
        if filters.kinds or filters.search or filters.within or filters.precisions:
            raise UsageError("--on shows who held each place; --kind, --search, --within and --precision select "
                             "events, so use them without --on")
    ix = load(out.data)
    if filters.on is not None:
        day = dates.parse_span(filters.on, "--on").end
        c = resolve(ix, dataclasses.replace(filters, on=None))

        def holdings(k: "Criteria") -> list[q.Holding]:
            return q.held_by(q.state_on(ix, day, k.place_ids), k.actor_ids)

        tell(ix, c, lambda k: f"{len(holdings(k))} place(s) with a known holder")
        emit(state_view(ix, day, holdings(c)), out)
        return
    c = resolve(ix, filters)

    def changes(k: "Criteria") -> list[q.Change]:
        return [ch for ch in q.select_changes(ix, k) if dated(ch.event, k)]  # --within and --precision too

    tell(ix, c, lambda k: f"{len(changes(k))} change(s) of control")
    selected = changes(c)
    initial = q.initial_holders(ix, c, selected) if not (c.within or c.precisions) else None
    emit(changes_view(ix, selected, initial), out)


@app.command()
@output_options(raw=False)
@filter_options()
def summary(filters: "Filters", out: Output = Output()) -> None:
    """The overview: period, result, belligerents, event and casualty totals, control changes."""
    from ..query.control import select_changes
    from ..query.filters import dated, resolve, select
    from ..query.tally import reconcile
    from ..views.summary import summary_view

    if out.fmt is Format.csv:
        raise UsageError("summary has no CSV form; use --format json, jsonl, markdown or table")
    ix = load(out.data)
    c = resolve(ix, filters)
    tell(ix, c, lambda k: events_text(len(select(ix, k))))
    events = select(ix, c)
    changes = [ch for ch in select_changes(ix, c) if dated(ch.event, c)]
    emit(summary_view(ix, events, reconcile(ix, events), changes), out)
