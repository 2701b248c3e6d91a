"""A GeoJSON (RFC 7946) FeatureCollection of a store's events and places.

Coordinates are ``[longitude, latitude]`` in WGS 84, as the RFC requires
(the opposite of the usual spoken order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .places import PlaceTree, coordinates, killed_min

if TYPE_CHECKING:
    from ..store.types import EventLike as Event
    from ..store.types import PlaceLike as Place
    from ..store.types import StoreLike as Store

__all__ = ["feature_collection"]


def feature_collection(store: Store) -> tuple[dict[str, Any], list[str]]:
    """The store as a FeatureCollection, and the ids of the events that could not be placed.

    One Point feature per event that has coordinates, in store order, then one
    per place that has its own coordinates, in store order.

    An event's point is the most precise one among its places: every place's
    own coordinates first (in the event's order), then every place's parent's,
    and so on up the hierarchy (see :meth:`PlaceTree.event_location`).  Its
    properties: ``id``, ``date``, ``date_end`` (the last day it may have
    happened on; equal to ``date`` for a single day), ``precision``, ``kind``
    (the ACLED sub-event type), ``event_type``, ``actors`` and ``places`` (ids,
    in the event's order), ``location`` (the id of the place whose coordinates
    are used), ``killed`` (the sum of the lowest killed figures; null when no
    casualty gives one), ``summary`` and ``certainty``.

    A place feature's properties: ``kind`` "place", ``id``, ``name``, ``type``.

    Events with no coordinates anywhere up their places' hierarchies are left
    out; their ids come back as the second value, in store order.
    """
    tree = PlaceTree(store)
    features: list[dict[str, Any]] = []
    unplaced: list[str] = []
    for e in store.events:
        where = tree.event_location(e)
        point = coordinates(where)
        if where is None or point is None:
            unplaced.append(e.id)
            continue
        features.append(_feature(point, _event_properties(e, where)))
    for p in store.places:
        point = coordinates(p)
        if point is not None:
            features.append(_feature(point, {"kind": "place", "id": p.id, "name": p.name, "type": p.type}))
    return {"type": "FeatureCollection", "features": features}, unplaced


def _feature(point: tuple[float, float], properties: dict[str, Any]) -> dict[str, Any]:
    lat, lon = point
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def _event_properties(e: Event, where: Place) -> dict[str, Any]:
    return {
        "id": e.id,
        "date": e.date.isoformat(),
        "date_end": e.end.isoformat(),
        "precision": e.precision.value,
        "kind": e.kind,
        "event_type": e.event_type,
        "actors": [a.actor for a in e.actors],
        "places": list(e.places),
        "location": where.id,
        "killed": killed_min(e),
        "summary": e.summary,
        "certainty": e.certainty.value,
    }
