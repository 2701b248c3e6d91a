"""The user's filters, resolved to ids and spans, and the selection of events they match."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UsageError
from ..store.types import EventLike, WindowedEvents
from ..store.vocab import SUB_EVENT_TYPES, normalise
from . import dates
from .index import Index
from .names import clip, close_matches, did_you_mean

EVENT_TYPE_PREFIX = "type:"  # a resolved kind that stands for every sub-event type of an event type


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


@dataclass(frozen=True)
class Criteria:
    """Filters as ids and days; None means "no condition"."""

    actor_ids: frozenset[str] | None = None
    place_ids: frozenset[str] | None = None
    window: dates.Span | None = None
    kinds: frozenset[str] | None = None
    search: str | None = None


def resolve(ix: Index, f: Filters) -> Criteria:
    actor_ids: set[str] | None = None
    if f.actors or f.sides:
        actor_ids = ix.actor_ids(list(f.actors), f.exact)
        for name in f.sides:
            actor_ids |= ix.side_members(ix.sides.resolve(name))
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
    return _matches_beyond_dates(ix, e, c)


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


def select(ix: Index, c: Criteria, reverse: bool = False, limit: int | None = None) -> list[EventLike]:
    """Matching events in date order (start, then end, then store order)."""
    events = ix.store.events
    candidates: list[tuple[int, EventLike]]
    if c.window is not None and isinstance(events, WindowedEvents):  # a cached store: its date columns answer
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


def partly_outside(e: EventLike, c: Criteria) -> bool:
    """The event's span reaches beyond the date window: it may or may not fall inside."""
    return c.window is not None and not c.window.contains(e.date, e.end)
