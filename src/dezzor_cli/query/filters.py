"""The user's filters, resolved to ids and spans, and the selection of events they match."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..store.types import (
    ActorLike,
    EventLike,
    MetaLike,
    PlaceLike,
    QueryableEvents,
    ReportedTotalLike,
    SideLike,
)
from ..store.vocab import EVENT_TYPE_PREFIX, SUB_EVENT_TYPES, Precision, normalise
from . import dates
from .index import Index
from .names import clip, close_matches, did_you_mean

PRECISIONS = tuple(p.value for p in Precision)


@dataclass(frozen=True)
class Filters:
    """The user's filters as typed; :func:`resolve` turns them into :class:`Criteria`."""

    actors: Sequence[str] = ()
    exact: bool = False
    sides: Sequence[str] = ()
    places: Sequence[str] = ()
    since: str | None = None
    until: str | None = None
    on: str | None = None
    kinds: Sequence[str] = ()
    search: str | None = None
    involving: Sequence[str] = ()  # actors or sides: events any of them took part in
    within: bool = False  # only events whose whole date span lies inside the date range
    precisions: Sequence[str] = ()  # only events dated with one of these precisions


@dataclass(frozen=True)
class Broader:
    """A place the user named that has a broader place of the same name around it (the city and its governorate)."""

    typed: str
    place: str
    broader: str


@dataclass(frozen=True)
class Criteria:
    """Filters as ids and days; None means "no condition"."""

    actor_ids: frozenset[str] | None = None
    place_ids: frozenset[str] | None = None
    window: dates.Span | None = None
    kinds: frozenset[str] | None = None
    search: str | None = None
    within: bool = False  # the window must contain an event's whole span, not only overlap it
    precisions: frozenset[str] | None = None
    broader: tuple[Broader, ...] = ()  # for a note: what the broader place of the same name would give
    notes: tuple[str, ...] = ()  # remarks on how names were read, for stderr


def resolve(ix: Index, f: Filters) -> Criteria:
    actor_ids: set[str] | None = None
    if f.actors or f.sides or f.involving:
        actor_ids = ix.actor_ids(list(f.actors), f.exact)
        actor_ids |= ix.side_ids(f.sides)
        actor_ids |= ix.party_ids(f.involving, f.exact)
    place_ids: set[str] | None = None
    broader: list[Broader] = []
    if f.places:
        place_ids = set()
        for name in f.places:
            pid = ix.places.resolve(name)
            place_ids |= ix.places.descendants(pid)
            broader += [Broader(name, pid, b) for b in ix.places.broader_same_name(name, pid)]
        broader = [b for b in broader if not ix.places.descendants(b.broader) <= place_ids]  # asked for already
    kinds = frozenset(resolve_kind(k) for k in f.kinds) if f.kinds else None
    search = f.search.casefold() if f.search else None
    window = dates.window(f.since, f.until, f.on)
    if f.within and window is None:
        raise UsageError("--within keeps the events wholly inside a date range; give --since, --until or --on")
    return Criteria(
        frozenset(actor_ids) if actor_ids is not None else None,
        frozenset(place_ids) if place_ids is not None else None,
        window,
        kinds,
        search,
        within=f.within,
        precisions=frozenset(resolve_precision(p) for p in f.precisions) if f.precisions else None,
        broader=tuple(dict.fromkeys(broader)),
        notes=tuple(side_notes(ix, f.sides)),
    )


def resolve_precision(text: str) -> str:
    key = text.strip().lower()
    if key not in PRECISIONS:
        raise UsageError(f"unknown precision {clip(text)!r}; use one of {', '.join(PRECISIONS)}")
    return key


def side_notes(ix: Index, names: Iterable[str]) -> list[str]:
    """A note for each ``--side`` given as a member's name whose side holds more than that member and its units."""
    out = []
    for name in names:
        key = normalise(name)
        if key in ix.sides.keys or key not in ix.actors.keys:
            continue
        aid = ix.actors.keys[key]
        sid = ix.side_id(name)
        if ix.side_members(sid) - ix.units(aid):
            out.append(f"note: --side {clip(name)!r} stands for the whole side of {ix.actor_name(aid)}, "
                       f"{ix.side_name(sid)}; use --actor {clip(name)!r} for {ix.actor_short(aid)} and its units alone")
    return out


def broadened(ix: Index, c: Criteria, b: Broader) -> Criteria:
    """``c`` with the broader place of the same name in place of the one the user named."""
    place_ids = (c.place_ids or frozenset()) | ix.places.descendants(b.broader)
    return dataclasses.replace(c, place_ids=frozenset(place_ids), broader=(), notes=())


def reading_notes(ix: Index, c: Criteria, count: Callable[[Criteria], str]) -> list[str]:
    """Notes on how the names were read: ``c.notes``, then for each place a broader place shares its name
    with, what ``count`` gives for the place asked for and for the broader one ("5 events", "45 events")."""
    out = list(c.notes)
    if c.broader:
        now = count(c)
        out += [broader_note(ix, b, now, count(broadened(ix, c, b))) for b in c.broader]
    return out


def broader_note(ix: Index, b: Broader, now: str, then: str) -> str:
    """The note for a place name that a broader place shares: what each gives (``now``, ``then``) and how to ask."""
    p = ix.place[b.place]
    wide = ix.place_name(b.broader)
    return (f"note: -p {clip(b.typed)!r} is the {p.type} of {p.name} ({now}); {wide} around it has the same "
            f'name and would give {then}: use -p "{wide}"')


def resolve_kind(text: str) -> str:
    """A sub-event type, or an event type standing for all its sub-event types (returned as 'type:...')."""
    key = normalise(text)
    for sub in SUB_EVENT_TYPES:
        if normalise(sub) == key:
            return sub
    for typ in set(SUB_EVENT_TYPES.values()):
        if normalise(typ) == key:
            return EVENT_TYPE_PREFIX + typ
    names = list(SUB_EVENT_TYPES) + sorted(set(SUB_EVENT_TYPES.values()))
    hint = did_you_mean(close_matches(text, names, cutoff=0.5), "; run 'dezzor kinds' to list them")
    raise UsageError(f"unknown kind {clip(text)!r}{hint}")


def involved_actors(e: EventLike) -> set[str]:
    out = {a.actor for a in e.actors}
    out.update(c.party for c in e.casualties if c.party is not None)
    for cc in e.control_changes:
        out.update(x for x in (cc.from_, cc.to) if x is not None)
    return out


def involved_places(e: EventLike) -> set[str]:
    return set(e.places) | {cc.place for cc in e.control_changes}


def involves_actor(e: EventLike, ids: frozenset[str]) -> bool:
    """Whether any of ``involved_actors(e)`` is in ``ids``, without building the set (the filter's hot path)."""
    return (
        any(a.actor in ids for a in e.actors)
        or any(c.party in ids for c in e.casualties)
        or any(cc.from_ in ids or cc.to in ids for cc in e.control_changes)
    )


def involves_place(e: EventLike, ids: frozenset[str]) -> bool:
    """Whether any of ``involved_places(e)`` is in ``ids``."""
    return any(p in ids for p in e.places) or any(cc.place in ids for cc in e.control_changes)


def matches(ix: Index, e: EventLike, c: Criteria) -> bool:
    if c.window is not None and not c.window.overlaps(e.date, e.end):
        return False
    return dated(e, c) and _matches_beyond_dates(ix, e, c)


def dated(e: EventLike, c: Criteria) -> bool:
    """The event passes ``--within`` and ``--precision`` (the window's overlap is checked apart, on the hot path)."""
    if c.within and c.window is not None and not c.window.contains(e.date, e.end):
        return False
    return c.precisions is None or e.precision.value in c.precisions


def _matches_beyond_dates(ix: Index, e: EventLike, c: Criteria) -> bool:
    if c.kinds is not None and e.kind not in c.kinds and EVENT_TYPE_PREFIX + e.event_type not in c.kinds:
        return False
    if c.actor_ids is not None and not involves_actor(e, c.actor_ids):
        return False
    if c.place_ids is not None and not involves_place(e, c.place_ids):
        return False
    return c.search is None or c.search in search_text(ix, e)


def search_text(ix: Index, e: EventLike) -> str:
    parts = [e.summary, e.id, e.kind]
    for aid in involved_actors(e):
        a = ix.actor[aid]
        parts += [a.name, *a.aliases]
    for pid in involved_places(e):
        p = ix.place[pid]
        parts += [p.name, *p.aliases]
    return "\n".join(parts).casefold()


def select(ix: Index, c: Criteria, reverse: bool = False, limit: int | None = None) -> Sequence[EventLike]:
    """Matching events in date order (start, then end, then store order).

    On a store read through its database, the query engine selects them in SQL (:mod:`.engine`, the fast
    twin of this function): a sequence that decodes its events only when they are read, and that
    :mod:`.tally` answers in SQL.
    """
    events = ix.store.events
    if isinstance(events, QueryableEvents):
        from .engine import Selection

        text = Criteria(search=c.search)  # the one condition left to Python: text as Python case-folds it
        keep = (lambda e: _matches_beyond_dates(ix, e, text)) if c.search is not None else None
        return Selection(events, c, reverse, limit, keep)
    candidates: list[tuple[int, EventLike]]
    if c.window is not None:
        # The date window, inline: on a large store most events fall outside it, and this is the hot loop.
        first, last = c.window.start, c.window.end
        candidates = [(i, e) for i, e in enumerate(events) if e.date <= last and (e.date_end or e.date) >= first]
    else:
        candidates = list(enumerate(events))
    if c.within or c.precisions is not None:
        candidates = [(i, e) for i, e in candidates if dated(e, c)]
    if c.kinds is not None or c.actor_ids is not None or c.place_ids is not None or c.search is not None:
        candidates = [(i, e) for i, e in candidates if _matches_beyond_dates(ix, e, c)]
    keyed = [(e.date, e.end, i, e) for i, e in candidates]
    keyed.sort(key=lambda t: t[:3], reverse=reverse)
    chosen = [t[3] for t in keyed]
    return chosen[:limit] if limit is not None else chosen


def partly_outside(e: EventLike, c: Criteria) -> bool:
    """The event's span reaches beyond the date window: it may or may not fall inside."""
    return c.window is not None and not c.window.contains(e.date, e.end)


def in_range(e: EventLike, c: Criteria) -> str | None:
    """Where the event lies against the date range: "whole"ly or "partly" inside it; None without a range."""
    if c.window is None:
        return None
    return "whole" if c.window.contains(e.date, e.end) else "partly"


# --------------------------------------------------------------------------- the selection as a store


@dataclass(frozen=True)
class Subset:
    """A store with only some of its events; the registries and reported totals are the store's own."""

    meta: MetaLike
    sides: Sequence[SideLike]
    actors: Sequence[ActorLike]
    places: Sequence[PlaceLike]
    events: Sequence[EventLike]
    reported_totals: Sequence[ReportedTotalLike]


def subset(ix: Index, events: Iterable[EventLike]) -> Subset:
    """The store with only ``events``, in the store's order."""
    keep = {e.id for e in events}
    s = ix.store
    return Subset(s.meta, s.sides, s.actors, s.places, [e for e in s.events if e.id in keep], s.reported_totals)


def subset_document(ix: Index, events: Iterable[EventLike]) -> dict[str, Any]:
    """The store with only ``events`` as JSON-ready data that is a valid store on its own.

    Sides, actors, places and reported totals are kept whole; ``meta.record`` becomes the span of the
    kept events.  A place's ``initial_holder`` becomes its holder at the start of that span (the
    changes of control over before the first kept event began are folded in), or, where a kept change
    of the place follows left-out ones, its holder just before that change.  When a left-out change
    falls between two kept changes of one place, the kept ones would contradict each other: that is
    a UsageError.
    """
    from ..store.checks import control_sequence
    from ..store.records import record

    store = ix.store
    chosen = list(events)
    keep = {e.id for e in chosen}
    first_day = min((e.date for e in chosen), default=None)
    holder: dict[str, str | None] = {p.id: p.initial_holder for p in store.places}
    before: dict[str, str | None] = {}  # places that changed hands before the first kept event: their holder then
    start: dict[str, str | None] = {}  # the place's holder before its first kept change
    after: dict[str, str | None] = {}  # the place's holder after its last kept change
    gap: dict[str, list[str]] = {}  # left-out events that changed the place since its last kept change
    for i, j in control_sequence(store):
        e = store.events[i]
        cc = e.control_changes[j]
        if first_day is not None and e.end < first_day:
            before[cc.place] = cc.to
        if e.id in keep:
            if cc.place not in start:
                start[cc.place] = holder.get(cc.place)
            elif after[cc.place] != holder.get(cc.place):
                raise UsageError(
                    f"the selected events keep changes of control of {ix.place_name(cc.place)} but leave out "
                    f"{', '.join(gap[cc.place])} between them, so a store of them would contradict itself; "
                    "widen the filters, or export another format")
            after[cc.place] = cc.to
            gap.pop(cc.place, None)
        elif cc.place in start:
            gap.setdefault(cc.place, []).append(e.id)
        holder[cc.place] = cc.to
    doc = record(store)
    doc["events"] = [ev for ev in doc["events"] if ev["id"] in keep]
    for p in doc["places"]:
        if p["id"] in start:
            p["initial_holder"] = start[p["id"]]
        elif p["id"] in before:
            p["initial_holder"] = before[p["id"]]
    if chosen and doc["meta"].get("record") is not None:
        doc["meta"]["record"] = {"start": min(e.date for e in chosen).isoformat(),
                                 "end": max(e.end for e in chosen).isoformat()}
    return doc
