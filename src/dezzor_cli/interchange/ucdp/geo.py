"""Import, the places: country > adm_1 > adm_2 > the named location, and where each row's point goes.

The areas are told apart by their path (an adm_2 of one name in two adm_1s is two places).
A row's point goes where ``where_prec`` says it belongs:

* 3, 4 and 6 (the centroid of the adm_2, the adm_1 or the country): on that area itself, when
  ``where_coordinates`` is blank or names it and the area holds no other point, and the event is
  at that area;
* otherwise on a place of its own below the innermost area the row names: the location
  ``where_coordinates`` names, of type "location" (1, 2 and the rest), "region" (5: a linear
  feature or a large area) or "sea" (7).  A location is told apart by its name and point, so
  one name with two points is two places.

Names must be unique in a store: a place whose name another place has is qualified by its type
("Hajin (location)"), then numbered ("Hajin (location 2)"), with a note giving UCDP's name.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..acled.columns import give_names, normalise, qualified
from ..acled.geo import place_record

__all__ = ["Places"]

Point = tuple[float, float]

_LEVELS = ("country", "admin1", "admin2")
_AREA_OF_PRECISION = {6: 0, 4: 1, 3: 2}  # where_prec -> the level whose centroid the point is
_OWN_TYPE = {5: "region", 7: "sea"}


@dataclass(slots=True)
class _Place:
    name: str  # UCDP's name
    type: str
    parent: int | None
    line: int  # the first row that names it
    point: Point | None = None
    codes: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    display: str = ""  # its name in the store
    id: str = ""


class Places:
    """The places the rows name, their points, and where each event is."""

    def __init__(self) -> None:
        self.places: list[_Place] = []
        self._keys: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self.places)

    def _add(self, key: Hashable, name: str, ptype: str, parent: int | None, line: int) -> int:
        index = self._keys.get(key)
        if index is None:
            index = self._keys[key] = len(self.places)
            self.places.append(_Place(name, ptype, parent, line))
        return index

    def place_of(self, line: int, levels: list[str], country_id: str, where: str, where_prec: int, point: Point,
                 priogrid: str) -> int:
        """Register the row's places (``levels``: country, adm_1, adm_2, blank when absent); the event's place."""
        area: int | None = None
        at_level: dict[int, int] = {}
        path: tuple[str, ...] = ()
        for level, name in enumerate(levels):
            path = (*path, normalise(name))
            if name:
                area = at_level[level] = self._add(("area", level, path), name, _LEVELS[level], area, line)
        country = self.places[at_level[0]]
        if country_id and "gwno" not in country.codes:
            country.codes["gwno"] = country_id
        centroid_of = _AREA_OF_PRECISION.get(where_prec)
        held = at_level.get(centroid_of) if centroid_of is not None else None
        if held is not None and (not where or normalise(where) == normalise(self.places[held].name)):
            area_place = self.places[held]
            if area_place.point is None:
                area_place.point = point
            if area_place.point == point:
                self._code(area_place, priogrid)
                return held
        name = where or f"Point {point[0]:g}, {point[1]:g}"
        ptype = _OWN_TYPE.get(where_prec, "location")
        index = self._add(("own", area, normalise(name), point, ptype), name, ptype, area, line)
        place = self.places[index]
        place.point = point
        if not where:
            place.note = "UCDP names no place for this point (where_coordinates is blank)."
        self._code(place, priogrid)
        return index

    @staticmethod
    def _code(place: _Place, priogrid: str) -> None:
        if priogrid and "priogrid" not in place.codes:
            place.codes["priogrid"] = priogrid

    def name(self) -> None:
        """Give every place its name and id in the store (a parent before its children)."""
        give_names(self.places, _candidates, "place")

    def records(self) -> list[dict[str, Any]]:
        out = []
        for place in self.places:
            record = place_record(place, None if place.parent is None else self.places[place.parent].id, "UCDP")
            if place.codes:
                record["codes"] = dict(place.codes)
            out.append(record)
        return out


def _candidates(place: _Place, numbered: dict[str, int]) -> Iterator[str]:
    """UCDP's name; then qualified by type; then numbered."""
    yield place.name
    yield from qualified(place.name, place.type, numbered)
