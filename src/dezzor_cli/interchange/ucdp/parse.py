"""Import, one record: the cells of a UCDP GED row -> a :class:`GedRow`, or a message saying what is wrong."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..acled.columns import normalise
from ..csvstream import show
from .columns import DATE_PREC, GED_COLUMNS, KINDS, PLACE_PRECISION

# The three forms UCDP writes a date in, and nothing else: 2009-02-20, 2009-02-20 00:00:00.000, 2009-02-20T00:00:00.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?: 00:00:00\.000|T00:00:00)?")
_COUNT = re.compile(r"[0-9]{1,9}")  # ASCII digits only: "²" and "١٢" pass str.isdigit() but are no GED number
_SOURCES = re.compile(r"-1|[0-9]{1,9}")
_CODES = re.compile(r"[0-9]{1,9}(?:\s*[;,]\s*[0-9]{1,9})*")  # a gwno, or several (2;200;900)
_DECIMAL = re.compile(r"[-+]?[0-9]{1,3}(?:\.[0-9]+)?")
_POINT = re.compile(r"POINT\s*\(\s*(\S+)\s+(\S+)\s*\)", re.IGNORECASE)
_POINT_TOLERANCE = 1e-4  # degrees (about 10 m): geom_wkt and latitude/longitude may be rounded differently
DEATHS = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")


@dataclass(frozen=True)
class Side:
    """side_a or side_b: UCDP's actor id (``side_x_new_id``), older id, name and Gleditsch-Ward number(s)."""

    id: str
    dset_id: str
    name: str
    gwno: str  # blank for a side that is not a state (gwnob of a non-state side)


@dataclass
class GedRow:
    """One readable row of a UCDP GED CSV, its cells parsed and checked."""

    line: int  # the CSV line the row starts on
    id: int
    relid: str
    code_status: str
    type_of_violence: int
    conflict: tuple[str, str]  # conflict_new_id, conflict_name
    dyad: tuple[str, str]  # dyad_new_id, dyad_name
    side_a: Side
    side_b: Side
    number_of_sources: int | None  # None when UCDP gives -1 (unknown) or leaves it blank
    source_article: str
    source_original: str
    where_prec: int
    where_coordinates: str
    where_description: str
    adm_1: str
    adm_2: str
    lat: float
    lon: float
    priogrid: str
    country: str
    country_id: str
    event_clarity: int | None
    date_prec: int
    date_start: dt.date
    date_end: dt.date
    deaths: tuple[int, int, int, int]  # deaths_a, deaths_b, deaths_civilians, deaths_unknown
    best: int
    high: int
    low: int

    @property
    def kind(self) -> str:
        return KINDS[self.type_of_violence]


def parse_date(text: str) -> dt.date | None:
    """A date in one of UCDP's three forms, or None."""
    m = _DATE.fullmatch(text)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def looks_like_a_row(cells: list[str]) -> bool:
    """Whether a first record with no header reads as a GED row in the published order (see :mod:`.read`)."""
    at = {name: cells[i].strip() for i, name in enumerate(GED_COLUMNS) if i < len(cells)}
    return (
        len(cells) == len(GED_COLUMNS)
        and _COUNT.fullmatch(at["id"]) is not None
        and at["type_of_violence"] in ("1", "2", "3")
        and parse_date(at["date_start"]) is not None
        and parse_date(at["date_end"]) is not None
    )


def parse_row(cells: list[str], columns: dict[str, int], width: int, line: int) -> GedRow | str:
    """A parsed row, or a message saying everything wrong with it."""
    if len(cells) != width:
        return f"has {len(cells)} fields but {'the header has' if width != len(GED_COLUMNS) else 'GED rows have'} " \
               f"{width} (a stray quote or comma?)"
    def get(name: str) -> str:
        i = columns.get(name)
        return "" if i is None else cells[i].strip()

    errors: list[str] = []

    def code(name: str, allowed: dict[int, str] | tuple[int, ...], blank_ok: bool = False) -> int | None:
        raw = get(name)
        if blank_ok and not raw:
            return None
        keys = tuple(allowed)
        if raw.isascii() and raw.isdigit() and int(raw) in keys:
            return int(raw)
        errors.append(f"{name} must be {keys[0]}-{keys[-1]}{' or blank' if blank_ok else ''}, not {show(raw)}")
        return None

    raw_id = get("id")
    if not _COUNT.fullmatch(raw_id) or int(raw_id) == 0:
        errors.append(f"id must be a whole number above 0, not {show(raw_id)}")
    tov = code("type_of_violence", KINDS)
    where_prec = code("where_prec", PLACE_PRECISION)
    date_prec = code("date_prec", DATE_PREC)
    clarity = code("event_clarity", (1, 2), blank_ok=True)
    side_a, side_b = _side(get, "a", errors), _side(get, "b", errors)

    sources_raw = get("number_of_sources")
    if sources_raw and not _SOURCES.fullmatch(sources_raw):
        errors.append(f"number_of_sources must be a whole number or -1 (unknown), not {show(sources_raw)}")
    sources = int(sources_raw) if _SOURCES.fullmatch(sources_raw) and sources_raw != "-1" else None

    start, end = parse_date(get("date_start")), parse_date(get("date_end"))
    for name, day in (("date_start", start), ("date_end", end)):
        if day is None:
            errors.append(f"cannot read {name} {show(get(name))} (UCDP writes 2009-02-20, "
                          "2009-02-20 00:00:00.000 or 2009-02-20T00:00:00)")
        elif day.year > 9998:
            errors.append(f"{name} {show(get(name))} is after the year 9998")
    if start is not None and end is not None and end < start:
        errors.append(f"date_end {end} is before date_start {start}")

    country = get("country")
    if not normalise(country):
        errors.append(f"country {show(country)} has no letters or digits")
    places = [country, get("adm_1"), get("adm_2"), get("where_coordinates")]
    if any(len(x) > 300 for x in places):
        errors.append("a place name is longer than 300 characters")
    point = _point(get, errors)
    for name in ("priogrid_gid", "country_id"):
        if get(name) and not _COUNT.fullmatch(get(name)):
            errors.append(f"{name} must be a whole number or blank, not {show(get(name))}")

    figures = _figures(get, errors)
    if errors or tov is None or where_prec is None or date_prec is None or start is None or end is None \
            or point is None or figures is None or side_a is None or side_b is None:
        return "; ".join(errors)
    deaths, best, high, low = figures
    return GedRow(
        line=line, id=int(raw_id), relid=get("relid"), code_status=get("code_status"), type_of_violence=tov,
        conflict=(get("conflict_new_id"), get("conflict_name")), dyad=(get("dyad_new_id"), get("dyad_name")),
        side_a=side_a, side_b=side_b, number_of_sources=sources, source_article=get("source_article"),
        source_original=get("source_original"), where_prec=where_prec, where_coordinates=places[3],
        where_description=get("where_description"), adm_1=places[1], adm_2=places[2], lat=point[0], lon=point[1],
        priogrid=get("priogrid_gid"), country=country, country_id=get("country_id"), event_clarity=clarity,
        date_prec=date_prec, date_start=start, date_end=end, deaths=deaths, best=best, high=high, low=low,
    )  # fmt: skip


def _side(get: Callable[[str], str], x: str, errors: list[str]) -> Side | None:
    """``side_<x>_new_id``, ``side_<x>_dset_id``, ``side_<x>`` and ``gwno<x>``."""
    side = Side(get(f"side_{x}_new_id"), get(f"side_{x}_dset_id"), get(f"side_{x}"), get(f"gwno{x}"))
    ok = True
    if not side.id or not side.id.isprintable() or len(side.id) > 100:
        errors.append(f"side_{x}_new_id must be UCDP's actor id, not {show(side.id)}")
        ok = False
    if not normalise(side.name):
        errors.append(f"side_{x} {show(side.name)} has no letters or digits")
        ok = False
    elif len(side.name) > 500:
        errors.append(f"side_{x} is longer than 500 characters")
        ok = False
    if side.gwno and not _CODES.fullmatch(side.gwno):
        errors.append(f"gwno{x} must be blank or Gleditsch-Ward numbers (652, or 2;200;900), not {show(side.gwno)}")
        ok = False
    return side if ok else None


def _point(get: Callable[[str], str], errors: list[str]) -> tuple[float, float] | None:
    """latitude and longitude, checked against geom_wkt when the row has one."""
    lat_raw, lon_raw = get("latitude"), get("longitude")
    lat, lon = _decimal(lat_raw), _decimal(lon_raw)
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        errors.append(f"bad coordinates: latitude {show(lat_raw)}, longitude {show(lon_raw)}")
        return None
    wkt = get("geom_wkt")
    if wkt:
        m = _POINT.fullmatch(wkt)
        x, y = (_decimal(m.group(1)), _decimal(m.group(2))) if m else (None, None)
        if x is None or y is None:
            errors.append(f"geom_wkt {show(wkt)} is not a POINT (longitude latitude)")
            return None
        if abs(x - lon) > _POINT_TOLERANCE or abs(y - lat) > _POINT_TOLERANCE:
            errors.append(f"geom_wkt {show(wkt)} is not the point of latitude {lat_raw} and longitude {lon_raw}")
            return None
    return lat, lon


def _decimal(text: str) -> float | None:
    if not _DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _figures(get: Callable[[str], str], errors: list[str]
             ) -> tuple[tuple[int, int, int, int], int, int, int] | None:
    """The four parties' best figures and the event's best, high and low, checked as UCDP defines them.

    best is the sum of the four deaths_* figures.  low, best and high need not be in order: the
    codebook allows an event of lower clarity a low above its best or a high below it, and real
    releases have thousands of such rows; :mod:`.build` gives them a range spanning all three.
    """
    values: dict[str, int] = {}
    for name in (*DEATHS, "best", "high", "low"):
        raw = get(name)
        if _COUNT.fullmatch(raw):
            values[name] = int(raw)
        else:
            errors.append(f"{name} must be a whole number, not {show(raw)}")
    if len(values) < 7:
        return None
    deaths = (values["deaths_a"], values["deaths_b"], values["deaths_civilians"], values["deaths_unknown"])
    best, high, low = values["best"], values["high"], values["low"]
    if sum(deaths) != best:
        errors.append(f"best ({best}) is not deaths_a + deaths_b + deaths_civilians + deaths_unknown "
                      f"({' + '.join(map(str, deaths))} = {sum(deaths)})")
    return None if errors else (deaths, best, high, low)
