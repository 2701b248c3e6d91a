"""Selecting events and computing over them: tallies, reconciliation, control state.

Everything here is a plain function of a validated :class:`~dezzor_cli.model.Store`
and plain values; nothing prints.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from . import dates
from .errors import UsageError
from .vocab import COUNT_FIELDS, SUB_EVENT_TYPES
from .names import Registry, normalise
from .validate import control_sequence

if TYPE_CHECKING:
    from .model import Casualty, Event, Range, Store

# --------------------------------------------------------------------------- index


class Index:
    """Look-ups derived once from a store: name registries, sides, hierarchy."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.actors = Registry.build("actor", store.actors)
        self.places = Registry.build("place", store.places)
        self.sides = Registry.build("side", store.sides)
        self.actor = {a.id: a for a in store.actors}
        self.place = {p.id: p for p in store.places}

    @cached_property
    def event(self) -> dict[str, Event]:
        """Events by id (built on first use: most commands never look an event up)."""
        return {e.id: e for e in self.store.events}

    def side_of(self, actor_id: str | None) -> str | None:
        """The actor's side, inherited from the nearest ancestor that has one."""
        node = actor_id
        seen: set[str] = set()
        while node is not None and node not in seen:
            seen.add(node)
            a = self.actor.get(node)
            if a is None:
                return None
            if a.side is not None:
                return a.side
            node = a.parent
        return None

    def actor_name(self, actor_id: str | None) -> str:
        if actor_id is None:
            return "(not stated)"
        return self.actors.display.get(actor_id, actor_id)

    def actor_short(self, actor_id: str | None) -> str:
        a = self.actor.get(actor_id) if actor_id is not None else None
        if a is not None and a.short:
            return a.short
        return self.actor_name(actor_id)

    def place_name(self, place_id: str) -> str:
        return self.places.display.get(place_id, place_id)


def involved_actors(e: Event) -> set[str]:
    out = {a.actor for a in e.actors}
    out.update(c.party for c in e.casualties if c.party is not None)
    for cc in e.control_changes:
        out.update(x for x in (cc.from_, cc.to) if x is not None)
    return out


def involved_places(e: Event) -> set[str]:
    return set(e.places) | {cc.place for cc in e.control_changes}


def involves_actor(e: Event, ids: frozenset[str]) -> bool:
    """Whether any of ``involved_actors(e)`` is in ``ids``, without building the set (the filter's hot path)."""
    return (
        any(a.actor in ids for a in e.actors)
        or any(c.party in ids for c in e.casualties)
        or any(cc.from_ in ids or cc.to in ids for cc in e.control_changes)
    )


def involves_place(e: Event, ids: frozenset[str]) -> bool:
    """Whether any of ``involved_places(e)`` is in ``ids``."""
    return any(p in ids for p in e.places) or any(cc.place in ids for cc in e.control_changes)


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """The user's filters as typed; ``resolve`` turns them into ids."""

    actors: Sequence[str] = ()
    exact: bool = False
    sides: Sequence[str] = ()
    places: Sequence[str] = ()
    since: str | None = None
    until: str | None = None
    on: str | None = None
    kinds: Sequence[str] = ()
    search: str | None = None


@dataclass(frozen=True)
class Criteria:
    actor_ids: frozenset[str] | None = None
    place_ids: frozenset[str] | None = None
    window: dates.Span | None = None
    kinds: frozenset[str] | None = None
    search: str | None = None


def resolve(ix: Index, f: Filters) -> Criteria:
    actor_ids: set[str] | None = None
    if f.actors or f.sides:
        actor_ids = set()
        for name in f.actors:
            aid = ix.actors.resolve(name)
            actor_ids |= {aid} if f.exact else ix.actors.descendants(aid)
        for name in f.sides:
            sid = ix.sides.resolve(name)
            actor_ids |= {a.id for a in ix.store.actors if ix.side_of(a.id) == sid}
    place_ids: set[str] | None = None
    if f.places:
        place_ids = set()
        for name in f.places:
            place_ids |= ix.places.descendants(ix.places.resolve(name))
    kinds = frozenset(resolve_kind(k) for k in f.kinds) if f.kinds else None
    search = f.search.casefold() if f.search else None
    return Criteria(
        frozenset(actor_ids) if actor_ids is not None else None,
        frozenset(place_ids) if place_ids is not None else None,
        dates.window(f.since, f.until, f.on),
        kinds,
        search,
    )


def resolve_kind(text: str) -> str:
    """A sub-event type, or an event type standing for all its sub-event types (returned as 'type:...')."""
    key = normalise(text)
    for sub in SUB_EVENT_TYPES:
        if normalise(sub) == key:
            return sub
    for typ in set(SUB_EVENT_TYPES.values()):
        if normalise(typ) == key:
            return "type:" + typ
    import difflib

    names = list(SUB_EVENT_TYPES) + sorted(set(SUB_EVENT_TYPES.values()))
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "; run 'dezzor kinds' to list them"
    raise UsageError(f"unknown kind {text[:60]!r}{hint}")


def matches(ix: Index, e: Event, c: Criteria) -> bool:
    if c.window is not None and not c.window.overlaps(e.date, e.end):
        return False
    return _matches_beyond_dates(ix, e, c)


def _matches_beyond_dates(ix: Index, e: Event, c: Criteria) -> bool:
    if c.kinds is not None and e.kind not in c.kinds and "type:" + e.event_type not in c.kinds:
        return False
    if c.actor_ids is not None and not involves_actor(e, c.actor_ids):
        return False
    if c.place_ids is not None and not involves_place(e, c.place_ids):
        return False
    if c.search is not None and c.search not in search_text(ix, e):
        return False
    return True


def search_text(ix: Index, e: Event) -> str:
    parts = [e.summary, e.id, e.kind]
    for aid in involved_actors(e):
        a = ix.actor[aid]
        parts += [a.name, *a.aliases]
    for pid in involved_places(e):
        p = ix.place[pid]
        parts += [p.name, *p.aliases]
    return "\n".join(parts).casefold()


def select(ix: Index, c: Criteria, reverse: bool = False, limit: int | None = None) -> list[Event]:
    """Matching events in date order (start, then end, then store order)."""
    events = ix.store.events
    if c.window is not None and hasattr(events, "overlapping"):  # a cached store: its date columns answer
        inside = events.overlapping(c.window.start, c.window.end)
        events.preload(inside)
        candidates = [(i, events[i]) for i in inside]
    elif c.window is not None:
        # The date window, inline: on a large store most events fall outside it, and this is the hot loop.
        first, last = c.window.start, c.window.end
        candidates = [(i, e) for i, e in enumerate(events) if e.date <= last and (e.date_end or e.date) >= first]
    else:
        candidates = list(enumerate(events))
    if c.kinds is not None or c.actor_ids is not None or c.place_ids is not None or c.search is not None:
        candidates = [(i, e) for i, e in candidates if _matches_beyond_dates(ix, e, c)]
    keyed = [(e.date, e.end, i, e) for i, e in candidates]
    keyed.sort(key=lambda t: t[:3], reverse=reverse)
    chosen = [t[3] for t in keyed]
    return chosen[:limit] if limit is not None else chosen


def partly_outside(e: Event, c: Criteria) -> bool:
    """The event's span reaches beyond the date window: it may or may not fall inside."""
    return c.window is not None and not c.window.contains(e.date, e.end)


# --------------------------------------------------------------------------- quantities


class Qty:
    """A count known within bounds; ``hi`` None means no known maximum.

    Immutable by convention: a plain class with slots, because a tally over a
    large store makes millions of these and a frozen dataclass is slow to build.
    """

    __slots__ = ("lo", "hi")

    def __init__(self, lo: int = 0, hi: int | None = 0) -> None:
        self.lo = lo
        self.hi = hi

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Qty) and (self.lo, self.hi) == (other.lo, other.hi)

    def __hash__(self) -> int:
        return hash((self.lo, self.hi))

    def __repr__(self) -> str:
        return f"Qty(lo={self.lo!r}, hi={self.hi!r})"

    @classmethod
    def of(cls, count: int | Range) -> Qty:
        if isinstance(count, int):
            return cls(count, count)
        return cls(count.min, count.max)  # a Range, from either reader

    def __add__(self, other: Qty) -> Qty:
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Qty(self.lo + other.lo, hi)

    def __str__(self) -> str:
        if self.hi is None:
            return f"{self.lo}+"
        if self.hi == self.lo:
            return str(self.lo)
        return f"{self.lo}-{self.hi}"


def add(a: Qty | None, b: Qty | None) -> Qty | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def difference(events: Qty | None, reported: Qty | None) -> tuple[int | None, int | None] | None:
    """events - reported as an interval (None bound = unbounded); None when either side is unknown."""
    if events is None or reported is None:
        return None
    lo = None if reported.hi is None else events.lo - reported.hi
    hi = None if events.hi is None else events.hi - reported.lo
    return lo, hi


def show_difference(d: tuple[int | None, int | None] | None) -> str:
    if d is None:
        return ""
    lo, hi = d
    if lo is not None and lo == hi:
        return f"{lo:+d}"
    left = "?" if lo is None else f"{lo:+d}"
    right = "?" if hi is None else f"{hi:+d}"
    return f"{left}..{right}"


# --------------------------------------------------------------------------- tally

TALLY_BY = ("actor", "side", "day", "week", "month", "kind", "place")


@dataclass
class TallyRow:
    group: str | None
    label: str
    sort_key: tuple = ()
    counts: dict[str, Qty | None] = field(default_factory=lambda: dict.fromkeys(COUNT_FIELDS))
    certainty: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)

    def add(self, c: Casualty, event_id: str) -> None:
        for name in COUNT_FIELDS:
            value = getattr(c, name)
            if value is not None:
                self.counts[name] = add(self.counts[name], Qty.of(value))
        self.certainty.add(c.certainty.value)
        self.events.add(event_id)


def time_group(e: Event, by: str) -> tuple[str, str, tuple]:
    start, end = e.date, e.end
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
    return key, f"{dates.label(start, end, e.precision.value)}", (start, end)


def counted(c: Casualty, certainties: set[str] | None, parties: set[str] | None) -> bool:
    if certainties is not None and c.certainty.value not in certainties:
        return False
    return parties is None or c.party in parties


def tally(
    ix: Index,
    events: Iterable[Event],
    by: str = "actor",
    certainties: Iterable[str] | None = None,
    parties: Iterable[str] | None = None,
) -> list[TallyRow]:
    """Casualties of the events grouped ``by``; only the given certainties and parties when given."""
    if by not in TALLY_BY:
        raise UsageError(f"--by must be one of {', '.join(TALLY_BY)}, not {by!r}")
    allowed = set(certainties) if certainties else None
    who = set(parties) if parties is not None else None
    rows: dict[str | None, TallyRow] = {}

    def row(key: str | None, label: str, sort_key: tuple) -> TallyRow:
        if key not in rows:
            rows[key] = TallyRow(key, label, sort_key)
        return rows[key]

    for e in events:
        for c in e.casualties:
            if not counted(c, allowed, who):
                continue
            if by == "actor":
                targets = [(c.party, ix.actor_name(c.party), ())]
            elif by == "side":
                sid = ix.side_of(c.party)
                label = ix.sides.display.get(sid, "(no side)") if sid else "(no side)"
                targets = [(sid, label, ())]
            elif by == "kind":
                targets = [(e.kind, e.kind, ())]
            elif by == "place":
                targets = [(p, ix.place_name(p), ()) for p in e.places]
            else:
                targets = [time_group(e, by)]
            for key, label, sort_key in targets:
                row(key, label, sort_key).add(c, e.id)

    out = list(rows.values())
    if by in ("day", "week", "month"):
        out.sort(key=lambda r: r.sort_key)
    else:
        out.sort(key=lambda r: (-_killed_lo(r), r.group is None, r.label.casefold()))
    return out


def _killed_lo(r: TallyRow) -> int:
    q = r.counts["killed"]
    return q.lo if q is not None else -1


def total(
    events: Iterable[Event], certainties: Iterable[str] | None = None, parties: Iterable[str] | None = None
) -> TallyRow:
    """All counted casualties of the events once each (the total row: a by-place tally may count twice)."""
    allowed = set(certainties) if certainties else None
    who = set(parties) if parties is not None else None
    t = TallyRow(None, "Total")
    for e in events:
        for c in e.casualties:
            if counted(c, allowed, who):
                t.add(c, e.id)
    return t


def resolve_parties(ix: Index, names: Sequence[str], exact: bool) -> set[str] | None:
    if not names:
        return None
    out: set[str] = set()
    for name in names:
        aid = ix.actors.resolve(name)
        out |= {aid} if exact else ix.actors.descendants(aid)
    return out


# --------------------------------------------------------------------------- reconcile


@dataclass
class ReconcileRow:
    group: str
    group_type: str  # "party" or "side"
    label: str
    events: TallyRow
    reported: dict[str, Qty | None]
    reported_certainty: list[str]
    reported_fields: list[str]
    reported_text: list[str]

    def difference(self, name: str) -> tuple[int | None, int | None] | None:
        return difference(self.events.counts[name], self.reported[name])


def reconcile(ix: Index, events: Sequence[Event], certainties: Iterable[str] | None = None) -> list[ReconcileRow]:
    """The infobox's reported totals beside the sums of the selected events, group by group.

    A reported total that names a party is compared with that party and its
    units; one that names only a side, with every party on that side.
    """
    allowed = set(certainties) if certainties else None
    groups: dict[tuple[str, str], ReconcileRow] = {}
    for r in ix.store.reported_totals:
        if r.party is not None:
            key = ("party", r.party)
            label = ix.actor_name(r.party)
        elif r.side is not None:
            key = ("side", r.side)
            label = ix.sides.display.get(r.side, r.side)
        else:
            continue
        if key not in groups:
            groups[key] = ReconcileRow(key[1], key[0], label, TallyRow(key[1], label),
                                       dict.fromkeys(COUNT_FIELDS), [], [], [])
        g = groups[key]
        for name in COUNT_FIELDS:
            value = getattr(r, name)
            if value is not None:
                g.reported[name] = add(g.reported[name], Qty.of(value))
        if r.certainty.value not in g.reported_certainty:
            g.reported_certainty.append(r.certainty.value)
        if r.field not in g.reported_fields:
            g.reported_fields.append(r.field)
        g.reported_text.append(r.text)

    members: dict[tuple[str, str], set[str]] = {}
    for key in groups:
        kind, gid = key
        if kind == "party":
            members[key] = ix.actors.descendants(gid)
        else:
            members[key] = {a.id for a in ix.store.actors if ix.side_of(a.id) == gid}
    for e in events:
        for c in e.casualties:
            if c.party is None or (allowed is not None and c.certainty.value not in allowed):
                continue
            for key, who in members.items():
                if c.party in who:
                    groups[key].events.add(c, e.id)
    return list(groups.values())


# --------------------------------------------------------------------------- control


@dataclass(frozen=True)
class Change:
    event: Event
    index: int  # position in event.control_changes
    place: str
    from_: str | None
    to: str | None
    certainty: str
    claimed_by: str | None

    def done_by(self, day: dt.date) -> bool:
        """The change has certainly happened by the end of ``day`` (its event's span is over)."""
        return self.event.end <= day

    def under_way(self, day: dt.date) -> bool:
        """The event's span covers ``day`` but is not over: the change may or may not have happened."""
        return self.event.date <= day < self.event.end


def changes(store: Store) -> list[Change]:
    """Every control change in the order it takes effect (at the end of its event's span)."""
    out = []
    for i, j in control_sequence(store):
        e = store.events[i]
        cc = e.control_changes[j]
        out.append(Change(e, j, cc.place, cc.from_, cc.to, cc.certainty.value, cc.claimed_by))
    return out


def select_changes(ix: Index, c: Criteria) -> list[Change]:
    """Changes whose event passes the date/kind/search filters and whose place and holders pass the others."""
    event_criteria = Criteria(window=c.window, kinds=c.kinds, search=c.search)
    out = []
    for ch in changes(ix.store):
        if not matches(ix, ch.event, event_criteria):
            continue
        if c.place_ids is not None and ch.place not in c.place_ids:
            continue
        if c.actor_ids is not None and not ({ch.from_, ch.to} & c.actor_ids):
            continue
        out.append(ch)
    return out


@dataclass
class Holding:
    place: str
    holder: str | None
    since: Change | None  # None: held since the start of the record
    pending: list[Change] = field(default_factory=list)  # changes under way on the day, not yet certain


def state_on(ix: Index, day: dt.date, place_ids: Iterable[str] | None = None) -> list[Holding]:
    """Who held each place at the end of ``day``.

    A change counts once its event's whole span is over (by then it has
    certainly happened); a change whose span covers the day is listed as
    pending.  Places with no known holder and nothing pending are left out.
    """
    wanted = set(place_ids) if place_ids is not None else None
    state: dict[str, Holding] = {}
    for p in ix.store.places:
        if wanted is not None and p.id not in wanted:
            continue
        state[p.id] = Holding(p.id, p.initial_holder, None)
    known = {pid for pid, h in state.items() if h.holder is not None}
    for ch in changes(ix.store):
        h = state.get(ch.place)
        if h is None:
            continue
        if ch.done_by(day):
            h.holder, h.since, h.pending = ch.to, ch, []
            known.add(ch.place)
        elif ch.under_way(day):
            h.pending.append(ch)
    return [h for pid, h in state.items() if pid in known or h.pending]

