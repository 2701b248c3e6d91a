"""Import, one record: the cells of an ACLED CSV row -> a :class:`Row`, or a message saying what is wrong."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...store.vocab import SUB_EVENT_TYPES, ActorType, Certainty, Precision
from ..csvstream import show
from .columns import ALLEGED, CLAIMED_BY, FATALITIES, TYPE_OF_CODE, normalise, slug

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
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_NAMED_DATE = re.compile(r"([0-9]{1,2})[ -]([A-Za-z]+)\.?[ -],?\s*([0-9]{4})")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # a store's id, as a dezzor export writes it
_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII only: "²" and "١٢" pass str.isdigit() but are no ACLED number
_TIMESTAMP = re.compile(r"[0-9]{1,18}")  # seconds since 1970, as ACLED writes them
_BLANK_ACTOR = {"", "n/a"}
_KINDS = {normalise(k): k for k, t in SUB_EVENT_TYPES.items() if t != "Organised violence"}  # ACLED's own, not UCDP's
_TYPE_OF_LABEL = {normalise(t.value).removesuffix("s"): t for t in ActorType}
_ABOUT = {"event": "the event", "killed": "the fatalities"}

Claim = tuple[Certainty, str | None]  # a certainty and the name of who claims it


@dataclass
class Row:
    """One readable row of an ACLED CSV, its cells parsed and checked."""

    line: int  # the CSV line the row starts on
    raw_id: str
    id: str
    date: dt.date
    time_precision: int | None
    precision: Precision  # the span time_precision stands for (see _span)
    date_end: dt.date | None
    kind: str
    actor1: str
    inter1: ActorType | None
    assoc1: list[str]
    actor2: str
    inter2: ActorType | None
    assoc2: list[str]
    civilian_targeting: bool | None  # None when the file has no such column
    levels: list[str]  # country, admin1, admin2, admin3 (blank when absent)
    location: str
    lat: float | None
    lon: float | None
    geo_precision: int | None
    fatalities: int
    notes: str  # as the cell has it, spaces and all
    claims: dict[str, Claim] = field(default_factory=dict)  # "event" and "killed": what the tags say of them
    other_tags: list[str] = field(default_factory=list)  # tags that are not about certainty
    source: str = ""
    source_scale: str = ""
    timestamp: int | None = None  # ACLED's last change of the row (seconds), None when the cell is blank

    @property
    def has_place(self) -> bool:
        return bool(self.location or any(self.levels))


Side = tuple[str, ActorType | None, list[str]]  # an actor's name, its type and its associated actors' names


def parse_row(cells: list[str], columns: dict[str, int], width: int, line: int) -> Row | str:
    """A parsed row, or a message saying everything wrong with it."""
    if len(cells) != width:
        return f"has {len(cells)} fields but the header has {width} (a stray quote or comma?)"

    present = {name: cells[i] for name, i in columns.items()}

    def get(name: str) -> str:
        return present.get(name, "").strip()

    def place_name(column: str) -> str:
        name = get(column)
        return name if normalise(name) else ""

    errors: list[str] = []

    raw_id = get("event_id_cnty")
    event_id = raw_id if _ID.fullmatch(raw_id) else slug(raw_id)
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
    precision, date_end = Precision.day, None
    if date is not None:
        try:
            precision, date_end = _span(date, tp)
        except OverflowError:
            errors.append(f"event_date {show(get('event_date'))} with time_precision {tp} ends after the year 9999")

    kind = _KINDS.get(normalise(get("sub_event_type")))
    if kind is None:
        errors.append(f"unknown sub_event_type {show(get('sub_event_type'))}")

    side1 = _side(get, "1", errors)
    side2 = _side(get, "2", errors)

    levels = [place_name(c) for c in ("country", "admin1", "admin2", "admin3")]
    location = place_name("location")
    if any(len(x) > 300 for x in [*levels, location]):
        errors.append("a place name is longer than 300 characters")

    lat_raw, lon_raw = get("latitude"), get("longitude")
    lat = lon = None
    if lat_raw or lon_raw:
        lat, lon = _number(lat_raw), _number(lon_raw)
        if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
            errors.append(f"bad coordinates: latitude {show(lat_raw)}, longitude {show(lon_raw)}")
            lat = lon = None
        elif not location:
            errors.append("gives coordinates but no location to put them on")

    gp = _precision_code(get, "geo_precision", errors)

    fat_raw = get("fatalities")
    fatalities = int(fat_raw) if _DIGITS.fullmatch(fat_raw) else None
    if fatalities is None:
        errors.append(f"fatalities must be a whole number, not {show(fat_raw)}")

    notes = present.get("notes", "")
    if len(notes) > 20_000:
        errors.append("notes is longer than 20,000 characters")

    ts_raw = get("timestamp")
    timestamp = int(ts_raw) if _TIMESTAMP.fullmatch(ts_raw) else None
    if ts_raw and timestamp is None:
        errors.append(f"timestamp must be a whole number of seconds, not {show(ts_raw)}")

    claims, other_tags = _read_tags(get("tags"), errors)
    civilians = None if "civilian_targeting" not in columns else bool(get("civilian_targeting"))

    if errors or date is None or kind is None or fatalities is None:  # each None has its message in errors
        return "; ".join(errors)
    (a1, i1, s1), (a2, i2, s2) = side1, side2
    return Row(
        line=line, raw_id=raw_id, id=event_id, date=date, time_precision=tp, precision=precision, date_end=date_end,
        kind=kind,
        actor1=a1, inter1=i1, assoc1=s1, actor2=a2, inter2=i2, assoc2=s2, civilian_targeting=civilians,
        levels=levels, location=location, lat=lat, lon=lon, geo_precision=gp,
        fatalities=fatalities, notes=notes, claims=claims, other_tags=other_tags,
        source=get("source"), source_scale=get("source_scale"), timestamp=timestamp,
    )  # fmt: skip


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
        _check_actor_name(x, errors)
    return name, inter, assoc


def _check_actor_name(name: str, errors: list[str]) -> None:
    if not normalise(name):
        errors.append(f"the actor name {show(name)} has no letters or digits")
    elif len(name) > 500:
        errors.append("an actor name is longer than 500 characters")


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
    text = text.strip()
    return "" if text.casefold() in _BLANK_ACTOR else text


def _parse_inter(text: str) -> ActorType | None:
    """1-8, or a label of newer ACLED files ("State forces", "Rebel Groups", "External/Other Forces")."""
    text = text.strip()
    if _DIGITS.fullmatch(text):
        return TYPE_OF_CODE.get(int(text))
    return _TYPE_OF_LABEL.get(normalise(text).removesuffix("s"))


def _read_tags(cell: str, errors: list[str]) -> tuple[dict[str, Claim], list[str]]:
    """The certainty the tags give the event and its fatalities (those the export writes), and the other tags.

    Two tags giving one of them different certainties ("fatalities claimed by A; fatalities alleged")
    are an error: a store gives each statement one certainty, and picking one would be a guess.
    """
    claims: dict[str, tuple[str, Claim]] = {}  # about -> (the tag, what it says)
    others: list[str] = []
    for tag in (t.strip() for t in cell.split(";")):
        if not tag:
            continue
        read = _read_tag(tag, errors)
        if read is None:
            others.append(tag)
            continue
        about, claim = read
        if about not in claims:
            claims[about] = (tag, claim)
            continue
        earlier, said = claims[about]
        if (said[0], normalise(said[1] or "")) != (claim[0], normalise(claim[1] or "")):
            errors.append(
                f"the tags {show(earlier)} and {show(tag)} give {_ABOUT[about]} two certainties, "
                "and a store keeps one"
            )
    return {about: claim for about, (_, claim) in claims.items()}, others


def _read_tag(tag: str, errors: list[str]) -> tuple[str, Claim] | None:
    """A tag :func:`export_rows` writes: what it is about ("event" or "killed") and what it says; None for others."""
    for about, prefix in (("event", ""), ("killed", FATALITIES)):
        if tag.casefold() == prefix + ALLEGED:
            return about, (Certainty.alleged, None)
        start = len(prefix + CLAIMED_BY)
        if tag[:start].casefold() == prefix + CLAIMED_BY and normalise(tag[start:]):
            claimant = tag[start:].strip()
            _check_actor_name(claimant, errors)
            return about, (Certainty.claimed, claimant)
    return None


def _span(date: dt.date, time_precision: int | None) -> tuple[Precision, dt.date | None]:
    """The span of days a time precision stands for, from ACLED's date, such that the export gives the code back.

    2 (a week or a few days): the seven days from the date.  3 (a month or longer): the
    calendar month when the date is its first day, else the 31 days from the date.
    ACLED's date is the span's first day, so the export's event_date is the same.
    """
    if time_precision == 2:
        return Precision.range, date + dt.timedelta(days=6)
    if time_precision == 3:
        if date.day == 1:
            return Precision.month, date.replace(day=calendar.monthrange(date.year, date.month)[1])
        return Precision.range, date + dt.timedelta(days=30)
    return Precision.day, None


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
