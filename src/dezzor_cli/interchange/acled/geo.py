"""Import, the places: ACLED's geography columns -> a place hierarchy whose export gives the same cells.

Each row names a path country > admin1 > admin2 > admin3 > location; the places are
told apart by that path (two villages of one name in two districts are two places).
The event's place is the location, or the innermost area when the location is
blank or names that area and the row gives no point of its own (``geo_precision``
2 or 3, or no coordinates).

Where a row's point goes decides what the export writes back (see the package
docstring): ``geo_precision`` 1 is the place's own point, 2 a point borrowed from
an area above it below governorate level, 3 the point of a governorate, country or
region.  So the point of a row with precision 1 stays on its location (a location
with another point is another place); a row with precision 2 or 3 lends its point
to the nearest area above that may hold it, and every place the export walks past
on the way must stay without a point.  Those are constraints between rows, so the
points of precision 2 and 3 are placed after every row is read (:meth:`Places.settle`);
a row whose point cannot be placed so (its rows disagree on the
points of the areas) keeps it on a place of its own: of type "region" for
precision 3, so that the export still says 3, or as the location's own point for
precision 2, which the event's note then says.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from .columns import COARSE_TYPES, GENERIC_ADMIN_TYPES, acled_name, country, give_names, normalise, qualified

__all__ = ["Places", "Point", "place_record"]

Point = tuple[float, float]

_REGION = "region"  # the type of a place made to hold a point that stands for an area around it
LOCATION = "location"


@dataclass(slots=True)
class _Place:
    name: str  # ACLED's name
    type: str
    parent: int | None
    line: int  # the first row that names it
    point: Point | None = None
    bare: bool = False  # some event's export relies on it having no point
    note: str | None = None
    display: str = ""  # its name in the store (ACLED's, qualified when another place has it)
    id: str = ""

    @property
    def coarse(self) -> bool:
        return normalise(self.type) in COARSE_TYPES


@dataclass(slots=True)
class _Lent:
    """A row whose point (precision 2 or 3) is placed on an area above its place once all rows are read."""

    line: int
    place: int
    point: Point
    precision: int


class Places:
    """The places the rows name, their points, and where each event is."""

    def __init__(self) -> None:
        self.places: list[_Place] = []
        self._keys: dict[Hashable, int] = {}
        self._lent: list[_Lent] = []
        self.moved: dict[int, tuple[int, str | None]] = {}  # line -> the event's place after settle, and a note

    def __len__(self) -> int:
        return len(self.places)

    def add(self, key: Hashable, name: str, ptype: str, parent: int | None, line: int, point: Point | None) -> int:
        index = self._keys.get(key)
        if index is None:
            index = self._keys[key] = len(self.places)
            self.places.append(_Place(name, ptype, parent, line, point))
        return index

    def chain(self, index: int | None) -> Iterator[int]:
        while index is not None:
            yield index
            index = self.places[index].parent

    def place_of(self, line: int, levels: list[str], location: str, point: Point | None, precision: int | None
                 ) -> int | None:
        """Register the row's places; the event's place (None when the row names none)."""
        known = country(levels[0])
        types = ("country", *(known.admin_types if known is not None else GENERIC_ADMIN_TYPES))
        area: int | None = None
        path: tuple[str, ...] = ()
        for level, (name, ptype) in enumerate(zip(levels, types, strict=True)):
            path = (*path, normalise(name))
            if name:
                area = self.add(("admin", level, path), name, ptype, area, line, None)
        own = point is not None and precision in (None, 1)
        if not location or (
            area is not None and normalise(self.places[area].name) == normalise(location) and not own
        ):
            place = area  # the row names no location, or names the area itself without a point of its own
        else:
            held = point if own else None
            place = self.add(("location", area, normalise(location), held), location, LOCATION, area, line, held)
        if place is None or own:
            return place
        if point is None:
            for index in self.chain(place):
                self.places[index].bare = True
            return place
        if not (precision == 3 and self.places[place].coarse):
            self.places[place].bare = True
        self._lent.append(_Lent(line, place, point, precision or 1))
        return place

    def settle(self) -> None:
        """Place the points of precision 2, then those of 3, each in file order; a row that cannot keeps its own.

        Precision 2 first: its point goes on an area below governorate level, and an
        area that holds a point of its own in the source also stops every walk up to a
        governorate's point through it, so no row of precision 3 needs it without one.
        """
        for lent in sorted(self._lent, key=lambda lent: lent.precision):
            passed = self._holder(lent)
            if passed is not None:
                for index in passed:
                    self.places[index].bare = True
                continue
            place = self.places[lent.place]
            inside = place.parent if place.type == LOCATION else lent.place
            ptype = _REGION if lent.precision == 3 else LOCATION
            key = ("own point", inside, normalise(place.name), lent.point, ptype)
            own = self.add(key, place.name, ptype, inside, lent.line, lent.point)
            note = None
            if lent.precision == 3:
                self.places[own].note = (
                    f"ACLED gives {place.name} a point that stands for the area around it (geo_precision 3), "
                    "not the point of an area above it; kept here as a region of its own."
                )
            else:
                note = (
                    "ACLED's geo_precision 2 (a point near the place, not its own) could not be kept: "
                    "other rows give the areas above it other points, so the place holds this point as its own."
                )
            self.moved[lent.line] = (own, note)
        self._lent = []

    def _holder(self, lent: _Lent) -> list[int] | None:
        """Put the row's point on the nearest area that may hold it; the places it passes (None: no such area)."""
        start = self.places[lent.place]
        index = lent.place if lent.precision == 3 and start.coarse else start.parent
        passed: list[int] = []
        while index is not None:
            place = self.places[index]
            wanted = place.coarse == (lent.precision == 3)
            if place.point is not None:
                return passed if wanted and place.point == lent.point else None
            if wanted and not place.bare:
                place.point = lent.point
                return passed
            passed.append(index)
            index = place.parent
        return None

    def name(self) -> None:
        """Give every place its name and id in the store (after :meth:`settle`, which may add places)."""
        give_names(self.places, _candidates, "place")  # parents before their children

    def records(self) -> list[dict[str, Any]]:
        return [place_record(p, None if p.parent is None else self.places[p.parent].id, "ACLED") for p in self.places]


class _Placed(Protocol):
    id: str
    name: str  # the provider's
    display: str  # the name in the store
    type: str
    point: tuple[float, float] | None
    note: str | None


def place_record(place: _Placed, parent: str | None, provider: str) -> dict[str, Any]:
    """A place's record in the store; its note says the provider's name when the store qualifies it."""
    record: dict[str, Any] = {"id": place.id, "name": place.display, "type": place.type}
    if parent is not None:
        record["parent"] = parent
    if place.point is not None:
        record["lat"], record["lon"] = place.point
    notes = [place.note] if place.note else []
    if place.display != place.name:
        notes.append(f"{provider}'s name is {place.name!r}; qualified here because another place has that name.")
    if notes:
        record["note"] = " ".join(notes)
    return record


def _candidates(place: _Place, numbered: dict[str, int]) -> Iterator[str]:
    """ACLED's name, unless the export would read it as qualified; then qualified by type, then numbered."""
    if acled_name(place.name, place.type) == place.name:
        yield place.name
    yield from qualified(place.name, place.type, numbered)
