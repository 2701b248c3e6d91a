"""Control of places: the changes in the order they take effect, and who held what on a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..store.checks import control_sequence
from ..store.types import EventLike, StoreLike
from .filters import Criteria, matches
from .index import Index


@dataclass(frozen=True)
class Change:
    event: EventLike
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


def changes(store: StoreLike) -> list[Change]:
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


def initial_holders(ix: Index, c: Criteria, selected: list[Change]) -> list[str] | None:
    """For a place's whole history (only places asked for): the places whose starting holder to show first."""
    if c.place_ids is None or c.window is not None or c.actor_ids is not None or c.kinds is not None or c.search:
        return None
    return [
        p.id for p in ix.store.places
        if p.id in c.place_ids and (p.initial_holder or any(ch.place == p.id for ch in selected))
    ]


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


def held_by(holdings: list[Holding], actor_ids: frozenset[str] | None) -> list[Holding]:
    """The holdings of the given actors, or changing to them; all when ``actor_ids`` is None."""
    if actor_ids is None:
        return holdings
    return [h for h in holdings if h.holder in actor_ids or any(p.to in actor_ids for p in h.pending)]
