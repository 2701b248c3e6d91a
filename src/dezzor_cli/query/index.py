"""Look-ups derived once from a store: name registries, sides, hierarchy."""

from __future__ import annotations

from functools import cached_property

from ..store.types import ActorLike, EventLike, PlaceLike, StoreLike
from .names import Registry

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
