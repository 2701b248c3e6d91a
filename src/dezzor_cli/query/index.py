"""Look-ups derived once from a store: name registries, sides, hierarchy."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from ..errors import UsageError
from ..store.types import ActorLike, EventLike, PlaceLike, QueryableEvents, StoreLike
from .names import Registry, clip, close_matches, normalise

NO_SIDE = "(no side)"
NOT_STATED = "(not stated)"


class Index:
    """Registries of actors, places and sides, and the relations between them."""

    def __init__(self, store: StoreLike) -> None:
        self.store = store
        self.actors = Registry.build("actor", store.actors)
        self.places = Registry.build("place", store.places)
        self.sides = Registry.build("side", store.sides)
        self.actor: dict[str, ActorLike] = {a.id: a for a in store.actors}
        self.place: dict[str, PlaceLike] = {p.id: p for p in store.places}

    @cached_property
    def event(self) -> dict[str, EventLike]:
        """Events by id (built on first use: most commands never look an event up)."""
        return {e.id: e for e in self.store.events}

    def event_with_id(self, event_id: str) -> EventLike | None:
        """The event with this id, or None; a store's database looks it up in SQL (nothing else is decoded)."""
        events = self.store.events
        if isinstance(events, QueryableEvents) and "event" not in self.__dict__:
            from .engine import event_with_id
            from .suggest import storable

            return event_with_id(events, event_id) if storable(event_id) else None
        return self.event.get(event_id)

    def close_event_ids(self, word: str) -> list[str]:
        """The event ids most like ``word``, best first (for 'did you mean'); a store's database finds them in SQL."""
        from .suggest import close_ids, close_ids_in

        events = self.store.events
        if isinstance(events, QueryableEvents) and "event" not in self.__dict__:
            return close_ids_in(events, word)
        return close_ids(word, self.event)

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

    def side_members(self, side_id: str) -> set[str]:
        """Every actor on the side, directly or through an ancestor."""
        return {a.id for a in self.store.actors if self.side_of(a.id) == side_id}

    def units(self, actor_id: str, exact: bool = False) -> set[str]:
        """The actor and its units (only the actor itself when ``exact``)."""
        return {actor_id} if exact else self.actors.descendants(actor_id)

    def actor_ids(self, names: tuple[str, ...] | list[str], exact: bool = False) -> set[str]:
        """The actors the names stand for, each with its units unless ``exact``."""
        out: set[str] = set()
        for name in names:
            out |= self.units(self.actors.resolve(name), exact)
        return out

    def side_id(self, name: str) -> str:
        """The side ``name`` names, or the side of the actor it names: ``--side IS`` is the Islamic State's side."""
        key = normalise(name)
        if key in self.sides.keys:
            return self.sides.keys[key]
        if key in self.actors.keys:
            aid = self.actors.keys[key]
            sid = self.side_of(aid)
            if sid is None:
                raise UsageError(f"{self.actor_name(aid)} is on no side; use --actor {clip(name)!r} for its events")
            return sid
        raise UsageError(f"unknown side or actor {clip(name)!r}{self._suggest(key[:200], self.sides, self.actors)}")

    def side_ids(self, names: Iterable[str]) -> set[str]:
        """Every actor on the sides the names stand for (a side's name or any of its members')."""
        out: set[str] = set()
        for name in names:
            out |= self.side_members(self.side_id(name))
        return out

    def party_ids(self, names: Iterable[str], exact: bool = False) -> set[str]:
        """What ``--party`` and ``--involving`` accept: an actor (with its units unless ``exact``), else a side.

        A name that is both an actor's and a side's ("SDF") is the actor: the narrower reading.
        """
        out: set[str] = set()
        for name in names:
            key = normalise(name)
            if key in self.actors.keys:
                out |= self.units(self.actors.keys[key], exact)
            elif key in self.sides.keys:
                out |= self.side_members(self.sides.keys[key])
            else:
                hint = self._suggest(key[:200], self.actors, self.sides)
                raise UsageError(f"unknown actor or side {clip(name)!r}{hint}")
        return out

    @staticmethod
    def _suggest(key: str, first: Registry, then: Registry) -> str:
        """Suggestions from the first registry with a close name, else the actors' listing hint."""
        for registry in (first, then):
            if close_matches(key, registry.keys):
                return registry.suggest(key)
        return first.suggest(key) or then.suggest(key)

    def side_name(self, side_id: str | None) -> str:
        if side_id is None:
            return NO_SIDE
        return self.sides.display.get(side_id, NO_SIDE)

    def actor_name(self, actor_id: str | None) -> str:
        if actor_id is None:
            return NOT_STATED
        return self.actors.display.get(actor_id, actor_id)

    def actor_short(self, actor_id: str | None) -> str:
        a = self.actor.get(actor_id) if actor_id is not None else None
        if a is not None and a.short:
            return a.short
        return self.actor_name(actor_id)

    def place_name(self, place_id: str) -> str:
        return self.places.display.get(place_id, place_id)
