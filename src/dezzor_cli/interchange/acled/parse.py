"""Import, one record: the cells of an ACLED CSV row -> a :class:`Row`, or a message saying what is wrong."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ...store.vocab import SUB_EVENT_TYPES, ActorType
from .columns import TYPE_OF_CODE, normalise, slug

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAMED_DATE = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -],?\s*(\d{4})")
_DIGITS = re.compile(r"[0-9]{1,9}")
_BLANK_ACTOR = {"", "n/a"}
_KINDS = {normalise(k): k for k in SUB_EVENT_TYPES}
_TYPE_OF_LABEL = {normalise(t.value).removesuffix("s"): t for t in ActorType}


@dataclass
class Row:
    """One readable row of an ACLED CSV, its cells parsed and checked."""

    line: int  # the CSV line the row starts on
    raw_id: str
    id: str
    date: dt.date
    time_precision: int | None
    kind: str
    actor1: str
    inter1: ActorType | None
    assoc1: list[str]
    actor2: str
    inter2: ActorType | None
    assoc2: list[str]
    levels: list[str]  # country, admin1, admin2, admin3 (blank when absent)
    location: str
    lat: float | None
    lon: float | None
    geo_precision: int | None
    fatalities: int
    notes: str
    tags: list[str]
    source: str
    source_scale: str


Side = tuple[str, ActorType | None, list[str]]  # an actor's name, its type and its associated actors' names


def parse_row(cells: list[str], columns: dict[str, int], width: int, line: int) -> Row | str:
    """A parsed row, or a message saying everything wrong with it."""
    if len(cells) != width:
        return f"has {len(cells)} fields but the header has {width} (a stray quote or comma?)"

    def get(name: str) -> str:
        i = columns.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def place_name(column: str) -> str:
        name = get(column)
        return name if normalise(name) else ""

    errors: list[str] = []

    raw_id = get("event_id_cnty")
    event_id = slug(raw_id)
    if not raw_id:
        errors.append("event_id_cnty is empty")
    elif not event_id:
        errors.append(f"event_id_cnty {show(raw_id)} has no letters or digits to make an id from")
    elif len(event_id) > 200:
        errors.append("event_id_cnty is longer than 200 characters")

    date = _parse_date(get("event_date"))
    if date is None:
        errors.append(f"cannot read event_date {show(get('event_date'))} (write it as 2024-12-03 or 03 December 2024)")

    tp = _precision_code(get, "time_precision", errors)

    kind = _KINDS.get(normalise(get("sub_event_type")))
    if kind is None:
        errors.append(f"unknown sub_event_type {show(get('sub_event_type'))}")

    side1 = _side(get, "1", errors)
    side2 = _side(get, "2", errors)

    levels = [place_name(c) for c in ("country", "admin1", "admin2", "admin3")]
    location = place_name("location")
    if any(len(x) > 300 for x in [*levels, location]):
        errors.append("a place name is longer than 300 characters")
    if not location and not any(levels):
        errors.append("gives no location, admin area or country")

    lat_raw, lon_raw = get("latitude"), get("longitude")
    lat = lon = None
    if lat_raw or lon_raw:
        lat, lon = _number(lat_raw), _number(lon_raw)
        if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
            errors.append(f"bad coordinates: latitude {show(lat_raw)}, longitude {show(lon_raw)}")
            lat = lon = None

    gp = _precision_code(get, "geo_precision", errors)

    fat_raw = get("fatalities")
    fatalities = int(fat_raw) if _DIGITS.fullmatch(fat_raw) else None
    if fatalities is None:
        errors.append(f"fatalities must be a whole number, not {show(fat_raw)}")

    notes = get("notes")
    if len(notes) > 20_000:
        errors.append("notes is longer than 20,000 characters")

    if errors or date is None or kind is None or fatalities is None:  # each None has its message in errors
        return "; ".join(errors)
    (a1, i1, s1), (a2, i2, s2) = side1, side2
    return Row(
        line=line, raw_id=raw_id, id=event_id, date=date, time_precision=tp, kind=kind,
        actor1=a1, inter1=i1, assoc1=s1, actor2=a2, inter2=i2, assoc2=s2,
        levels=levels, location=location, lat=lat, lon=lon, geo_precision=gp,
        fatalities=fatalities, notes=notes,
        tags=[t.strip() for t in get("tags").split(";") if t.strip()],
        source=get("source"), source_scale=get("source_scale"),
    )  # fmt: skip


def show(value: str) -> str:
    """A cell quoted for a message, cut short when long."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _side(get: Callable[[str], str], n: str, errors: list[str]) -> Side:
    """``actor<n>``, ``inter<n>`` and ``assoc_actor_<n>``."""
    name = _actor_name(get(f"actor{n}"))
    inter: ActorType | None = None
    if name:
        inter = _parse_inter(get(f"inter{n}"))
        if inter is None:
            errors.append(f"inter{n} {show(get(f'inter{n}'))} is not an ACLED actor type (1-8 or its name)")
    assoc = [x for x in (_actor_name(s) for s in get(f"assoc_actor_{n}").split(";")) if x]
    for x in ([name] if name else []) + assoc:
        if not normalise(x):
            errors.append(f"the actor name {show(x)} has no letters or digits")
        elif len(x) > 500:
            errors.append("an actor name is longer than 500 characters")
    return name, inter, assoc


def _precision_code(get: Callable[[str], str], column: str, errors: list[str]) -> int | None:
    """ACLED's time_precision or geo_precision: blank, or 1, 2 or 3."""
    raw = get(column)
    if not raw:
        return None
    if raw in ("1", "2", "3"):
        return int(raw)
    errors.append(f"{column} must be 1, 2 or 3, not {show(raw)}")
    return None


def _actor_name(text: str) -> str:
    text = " ".join(text.split())
    return "" if text.casefold() in _BLANK_ACTOR else text


def _parse_inter(text: str) -> ActorType | None:
    """1-8, or a label of newer ACLED files ("State forces", "Rebel Groups", "External/Other Forces")."""
    text = text.strip()
    if text.isdigit():
        return TYPE_OF_CODE.get(int(text))
    return _TYPE_OF_LABEL.get(normalise(text).removesuffix("s"))


def _parse_date(text: str) -> dt.date | None:
    m = _ISO_DATE.fullmatch(text)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _NAMED_DATE.fullmatch(text)
        if m and m.group(2).lower() in _MONTHS:
            return dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None
    return None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
