"""Helpers the formats share: where a place lies, where an event goes on a map, the killed it counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.types import EventLike as Event
    from ..store.types import PlaceLike as Place
    from ..store.types import StoreLike as Store


class PlaceTree:
    """Places by id, with their ancestry and the coordinates that stand for them."""

    def __init__(self, store: Store) -> None:
        self.place: dict[str, Place] = {p.id: p for p in store.places}

    def chain(self, place_id: str) -> list[Place]:
        """The place itself, then its parents, nearest first (stops at an unknown id or a cycle)."""
        out: list[Place] = []
        seen: set[str] = set()
        node: str | None = place_id
        while node is not None and node not in seen and node in self.place:
            seen.add(node)
            p = self.place[node]
            out.append(p)
            node = p.parent
        return out

    def located(self, place_id: str) -> Place | None:
        """The first place with coordinates walking up from ``place_id`` (itself first)."""
        return next((p for p in self.chain(place_id) if coordinates(p) is not None), None)

    def event_location(self, event: Event) -> Place | None:
        """Where to put an event on a map: the most precise coordinates among all its places.

        The event's places are tried level by level: first every place's own
        coordinates (in the event's order), then every place's parent, and so
        on, so a later place with its own point beats an earlier place whose
        only point is its governorate's.
        """
        chains = [self.chain(pid) for pid in event.places]
        depth = max((len(c) for c in chains), default=0)
        for level in range(depth):
            for c in chains:
                if level < len(c) and coordinates(c[level]) is not None:
                    return c[level]
        return None


def coordinates(place: Place | None) -> tuple[float, float] | None:
    """A place's ``(latitude, longitude)``; None for no place or one without both."""
    if place is None or place.lat is None or place.lon is None:
        return None
    return place.lat, place.lon


def killed_min(event: Event) -> int | None:
    """The sum of the lowest killed figures over the event's casualties; None when none gives one.

    A range counts its minimum (``{"min": 2, "max": null}`` counts 2), as ACLED
    records the lowest reported number.
    """
    total: int | None = None
    for c in event.casualties:
        if c.killed is None:
            continue
        n = c.killed if isinstance(c.killed, int) else c.killed.min
        total = n if total is None else total + n
    return total
