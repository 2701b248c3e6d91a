"""Casualty tallies with honest ranges, and the reported totals set beside the events' sums."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..store.types import CasualtyLike, EventLike
from ..store.vocab import COUNT_FIELDS, Certainty
from . import dates
from .choices import TIME_GROUPS, TallyBy
from .index import Index
from .quantities import Counts, Interval, Qty, add, add_counts, difference, no_counts

if TYPE_CHECKING:
    from .engine import Figures, Filter, Selection

SortKey = tuple[dt.date, dt.date] | tuple[()]


@dataclass
class TallyRow:
    group: str | None
    label: str
    sort_key: SortKey = ()
    counts: Counts = field(default_factory=no_counts)
    certainty: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    event_count: int | None = None  # the query engine counts the events instead of listing them

    def add(self, c: CasualtyLike, event_id: str) -> None:
        add_counts(self.counts, c)
        self.certainty.add(c.certainty.value)
        self.events.add(event_id)

    @property
    def n_events(self) -> int:
        """How many events gave a casualty record to this row."""
        return len(self.events) if self.event_count is None else self.event_count


def time_group(e: EventLike, by: str) -> tuple[str, str, tuple[dt.date, dt.date]]:
    """The event's bucket of ``by`` (day, week or month): key, label and first and last day.

    An event whose span does not fit one bucket is its own group, labelled with its span.
    """
    return span_group(e.date, e.end, e.precision.value, by)


def span_group(start: dt.date, end: dt.date, precision: str, by: str) -> tuple[str, str, tuple[dt.date, dt.date]]:
    """:func:`time_group` of an event dated ``start`` to ``end`` with ``precision``."""
    if by == "day" and start == end:
        return start.isoformat(), start.isoformat(), (start, end)
    if by == "week":
        y, w, _ = start.isocalendar()
        if (y, w) == end.isocalendar()[:2]:
            key = f"{y}-W{w:02d}"
            monday = dt.date.fromisocalendar(y, w, 1)
            return key, key, (monday, monday + dt.timedelta(days=6))
    if by == "month" and (start.year, start.month) == (end.year, end.month):
        key = f"{start:%Y-%m}"
        last = calendar.monthrange(start.year, start.month)[1]
        return key, key, (start.replace(day=1), start.replace(day=last))
    key = f"{start.isoformat()}..{end.isoformat()}"
    return key, dates.label(start, end, precision), (start, end)


def _levels(certainties: Iterable[Certainty | str] | None) -> set[Certainty] | None:
    return {Certainty(c) for c in certainties} if certainties else None


def counted(c: CasualtyLike, certainties: set[Certainty] | None, parties: set[str] | None) -> bool:
    if certainties is not None and c.certainty not in certainties:
        return False
    return parties is None or c.party in parties


def tally(
    ix: Index,
    events: Iterable[EventLike],
    by: TallyBy | str = TallyBy.actor,
    certainties: Iterable[Certainty | str] | None = None,
    parties: Iterable[str] | None = None,
) -> list[TallyRow]:
    """Casualties of the events grouped ``by``; only the given certainties and parties when given."""
    if by not in TallyBy.__members__:
        raise UsageError(f"--by must be one of {', '.join(TallyBy.__members__)}, not {by!r}")
    by = TallyBy(by)
    allowed = _levels(certainties)
    who = set(parties) if parties is not None else None
    selection = in_sql(events)
    if selection is not None:  # a store's database: the same rows, from the query engine's sums
        return ordered(_summed(ix, selection, by, _counted(allowed, who)), by)
    rows: dict[str | None, TallyRow] = {}
    for e in events:
        for c in e.casualties:
            if not counted(c, allowed, who):
                continue
            for key, label, sort_key in _groups(ix, e, c, by):
                if key not in rows:
                    rows[key] = TallyRow(key, label, sort_key)
                rows[key].add(c, e.id)
    return ordered(list(rows.values()), by)


def in_sql(events: Iterable[EventLike]) -> Selection | None:
    """The engine's selection when ``events`` is one it can sum in SQL (``query/engine.py``)."""
    if isinstance(events, list):  # the plain path's selections
        return None
    from .engine import Selection

    return events if isinstance(events, Selection) and events.in_sql else None


def _counted(allowed: set[Certainty] | None, who: set[str] | None) -> Filter:
    return (frozenset(c.value for c in allowed) if allowed is not None else None,
            frozenset(who) if who is not None else None)


def _summed(ix: Index, selection: Selection, by: TallyBy, counted: Filter) -> list[TallyRow]:
    """The rows :func:`tally` makes, from the engine's sums (labels and buckets are made here, as for the events)."""
    if by.value in TIME_GROUPS:
        out = []
        for start, end, key, precision, counts, certainty, events in selection.by_time(by.value, counted):
            if end is None:  # a bucket, named as the reference names it
                key, label, sort_key = span_group(start, start, precision, by.value)
            else:  # a span (its key made in SQL, as span_group makes it)
                label, sort_key = dates.label(start, end, precision), (start, end)
            out.append(TallyRow(key, label, sort_key, counts, certainty, event_count=events))
        return out
    sides = {a: ix.side_of(a) for a in ix.actor} if by is TallyBy.side else {}

    def grouped(in_order: bool) -> list[TallyRow]:
        out = []
        for key, figures in selection.grouped(by.value, counted, sides, in_order):
            label = {TallyBy.actor: ix.actor_name, TallyBy.side: ix.side_name}.get(by, ix.place_name)(key) \
                if by is not TallyBy.kind else str(key)
            out.append(TallyRow(key, label, event_count=0))
            _merge(out[-1], figures)
        return out

    out = grouped(in_order=False)
    if len({_rank(r) for r in out}) < len(out):  # rows that tie keep the order they first appear in: ask for it
        out = grouped(in_order=True)
    return out


def _merge(row: TallyRow, figures: Figures) -> None:
    for name in COUNT_FIELDS:
        row.counts[name] = add(row.counts[name], figures.counts[name])
    row.certainty |= figures.certainty
    row.event_count = (row.event_count or 0) + figures.events


def ordered(out: list[TallyRow], by: TallyBy) -> list[TallyRow]:
    """The rows in the order a tally lists them: by period, or by killed (most first), then by name."""
    if by.value in TIME_GROUPS:
        out.sort(key=lambda r: r.sort_key)
    else:
        out.sort(key=_rank)
    return out


def _rank(r: TallyRow) -> tuple[int, bool, str]:
    """Where a row of a tally by a group (not by time) goes: most killed first, then by name."""
    return -_killed_lo(r), r.group is None, r.label.casefold()


def _groups(ix: Index, e: EventLike, c: CasualtyLike, by: TallyBy) -> list[tuple[str | None, str, SortKey]]:
    if by is TallyBy.actor:
        return [(c.party, ix.actor_name(c.party), ())]
    if by is TallyBy.side:
        sid = ix.side_of(c.party)
        return [(sid, ix.side_name(sid), ())]
    if by is TallyBy.kind:
        return [(e.kind, e.kind, ())]
    if by is TallyBy.place:
        return [(p, ix.place_name(p), ()) for p in e.places]
    return [time_group(e, by.value)]


def _killed_lo(r: TallyRow) -> int:
    q = r.counts["killed"]
    return q.lo if q is not None else -1


def total(
    events: Iterable[EventLike], certainties: Iterable[Certainty | str] | None = None,
    parties: Iterable[str] | None = None,
) -> TallyRow:
    """All counted casualties of the events once each (the total row: a by-place tally may count twice)."""
    allowed = _levels(certainties)
    who = set(parties) if parties is not None else None
    selection = in_sql(events)
    if selection is not None:
        t = TallyRow(None, "Total", event_count=0)
        _merge(t, selection.total(_counted(allowed, who)))
        return t
    t = TallyRow(None, "Total")
    for e in events:
        for c in e.casualties:
            if counted(c, allowed, who):
                t.add(c, e.id)
    return t


@dataclass
class Fatalities:
    """The events' own fatalities (``Event.fatalities``: deaths over all parties as the source totals them): how
    many events were selected, how many give a figure, and the honest sum of those figures (None: none gives one).
    Events without a figure add nothing: a figure the source does not give stays unknown."""

    events: int
    given: int
    total: Qty | None


def fatalities_total(events: Iterable[EventLike]) -> Fatalities:
    """The sum of the events' own fatalities (min, max and best, honestly: see :class:`.quantities.Qty`)."""
    selection = in_sql(events)
    if selection is not None:
        given, total = selection.fatalities()
        return Fatalities(len(selection), given, total)
    n = given = 0
    summed: Qty | None = None
    for e in events:
        n += 1
        if e.fatalities is not None:
            given += 1
            summed = add(summed, Qty.of(e.fatalities))
    return Fatalities(n, given, summed)


def partial_with_casualties(events: Iterable[EventLike], window: dates.Span | None) -> int:
    """How many events with casualties reach beyond the date window (their figures count in full)."""
    if window is None:
        return 0
    selection = in_sql(events)
    if selection is not None and selection.criteria.window == window:
        return selection.partial_with_casualties()
    return sum(1 for e in events if e.casualties and not window.contains(e.date, e.end))


# --------------------------------------------------------------------------- reconcile


@dataclass
class ReconcileRow:
    group: str
    group_type: str  # "party" or "side"
    label: str
    events: TallyRow
    reported: Counts
    reported_certainty: list[str]
    reported_fields: list[str]
    reported_text: list[str]

    def difference(self, name: str) -> Interval | None:
        return difference(self.events.counts[name], self.reported[name])


def reconcile(
    ix: Index, events: Sequence[EventLike], certainties: Iterable[Certainty | str] | None = None
) -> list[ReconcileRow]:
    """The infobox's reported totals beside the sums of the selected events, group by group.

    A reported total that names a party is compared with that party and its
    units; one that names only a side, with every party on that side.
    """
    allowed = _levels(certainties)
    groups: dict[tuple[str, str], ReconcileRow] = {}
    for r in ix.store.reported_totals:
        if r.party is not None:
            key, label = ("party", r.party), ix.actor_name(r.party)
        elif r.side is not None:
            key, label = ("side", r.side), ix.sides.display.get(r.side, r.side)
        else:
            continue
        if key not in groups:
            groups[key] = ReconcileRow(key[1], key[0], label, TallyRow(key[1], label), no_counts(), [], [], [])
        g = groups[key]
        add_counts(g.reported, r)
        if r.certainty.value not in g.reported_certainty:
            g.reported_certainty.append(r.certainty.value)
        if r.field not in g.reported_fields:
            g.reported_fields.append(r.field)
        g.reported_text.append(r.text)
    members = {
        key: ix.units(key[1]) if key[0] == "party" else ix.side_members(key[1])
        for key in groups
    }
    selection = in_sql(events)
    if selection is not None:
        keys = list(members)
        for i, figures in selection.by_members([members[k] for k in keys], _counted(allowed, None)[0]).items():
            groups[keys[i]].events.event_count = 0
            _merge(groups[keys[i]].events, figures)
        return list(groups.values())
    for e in events:
        for c in e.casualties:
            if c.party is None or (allowed is not None and c.certainty not in allowed):
                continue
            for key, who in members.items():
                if c.party in who:
                    groups[key].events.add(c, e.id)
    return list(groups.values())


__all__ = ["COUNT_FIELDS", "Fatalities", "ReconcileRow", "TallyRow", "counted", "fatalities_total", "reconcile",
           "tally", "time_group", "total"]
