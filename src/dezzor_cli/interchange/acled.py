"""ACLED's CSV layout, both ways.

Export (:func:`export_rows`, then :func:`to_csv`) writes one row per event in
the column order of an ACLED download (:data:`ACLED_COLUMNS`), following the
ACLED codebook where a store can say what a column means:

* ``event_id_cnty`` is the store's event id, so a re-import keeps the ids.
* ``event_date`` is the first day the event may have happened on (ISO
  ``YYYY-MM-DD``); ``time_precision`` is 1 for a day, 2 for a week or a range
  of at most 7 days, 3 for anything longer (a longer range, a month, a year).
* ``event_type`` and ``disorder_type`` follow from the sub-event type (the
  store's ``kind``).  ``disorder_type`` is "Political violence" for Battles,
  Explosions/Remote violence and Violence against civilians, "Demonstrations"
  for Protests and Riots, "Strategic developments" for Strategic developments,
  with the codebook's two exceptions: "Excessive force against protesters" is
  "Political violence; Demonstrations" and "Mob violence" is "Political violence".
* ``actor1`` is the first initiator; ``assoc_actor_1`` the other initiators,
  then supporters, then participants (ACLED has no separate place for them);
  ``actor2`` the first target and ``assoc_actor_2`` the other targets.  Names
  are display names; several are joined with "; " as ACLED does.  An event
  with no initiator puts its first supporter or participant in ``actor1``.
* ``inter1``/``inter2`` are ACLED's numeric actor-type codes (1 State forces ..
  8 External/Other forces, 0 for no actor); ``interaction`` is the two codes
  with the smaller first (12), or ten times the code for a lone actor (20).
* ``civilian_targeting`` is "Civilian targeting" when a target is of type Civilians.
* Geography comes from the event's *first* place: ``location`` is its name;
  ``admin1``/``admin2``/``admin3`` the place itself or its ancestors of type
  governorate (or admin1, province, state), district (admin2) and subdistrict
  (admin3); ``country`` the nearest place of type country, else the root of
  the hierarchy.  ``iso`` (760) and ``region`` ("Middle East") are filled only
  for Syria.  ``latitude``/``longitude`` come from the first place with
  coordinates walking up from the event's place; ``geo_precision`` is 1 when
  the place has its own, 2 when a parent's below governorate level are used,
  3 when the point is a governorate's, region's or country's (even the event's
  own place's: such a point stands for an area, and 3 is how ACLED marks an
  event known only at that level; the import relies on it); all three are
  blank when nothing up the hierarchy has coordinates.  Other places of the event
  are not exported (ACLED has one location per row).
* ``source`` names the source and the section and paragraph;
  ``source_scale`` is "Other"; ``notes`` is the summary.
* ``fatalities`` is the sum over the casualties of the lowest killed figure
  (a range counts its minimum, as ACLED records the lowest reported number;
  claimed and alleged figures count too, and ``tags`` says so).
* ``tags`` is empty unless the event or its killed figures are claimed or
  alleged: "claimed by <actor>", "alleged", "fatalities claimed by <actor>",
  "fatalities alleged".
* ``timestamp`` is always :data:`TIMESTAMP` (0): a store has no per-event
  update time, and a fixed value keeps exports reproducible.

Import (:func:`import_rows`) reads an ACLED CSV download of any country and
builds a store that :func:`dezzor_cli.store.build` accepts; see its docstring.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..store.vocab import SCHEMA_VERSION, SUB_EVENT_TYPES, ActorType, Certainty, Precision
from ..store.vocab import normalise as _normalise
from .places import PlaceTree, killed_min

if TYPE_CHECKING:
    from ..store.types import ActorLike as Actor
    from ..store.types import EventLike as Event
    from ..store.types import StoreLike as Store

__all__ = [
    "ACLED_COLUMNS",
    "REQUIRED_COLUMNS",
    "TIMESTAMP",
    "disorder_type",
    "export_rows",
    "import_rows",
    "inter_code",
    "interaction_code",
    "time_precision",
    "to_csv",
]

ACLED_COLUMNS: list[str] = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip

# Columns an import cannot do without; the others are read when present.
REQUIRED_COLUMNS: list[str] = [
    "event_id_cnty", "event_date", "sub_event_type", "actor1", "inter1",
    "country", "location", "latitude", "longitude", "fatalities",
]  # fmt: skip

TIMESTAMP = 0
SOURCE_SCALE = "Other"
ACLED_SECTION = "acled"  # the source section every imported event cites; its paragraph is the CSV line

Cell = str | int | float
PlaceKey = tuple[Any, ...]  # a place's path of normalised names (and, for a location, its point)

_NOT_ASCII_ALNUM = re.compile(r"[^0-9A-Za-z]+")


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """:func:`dezzor_cli.names.normalise`, cached (a big file repeats its names) and fast for ASCII."""
    if name.isascii():  # NFKD and combining marks change nothing; isalnum() is [0-9A-Za-z]
        return _NOT_ASCII_ALNUM.sub("", name).lower()
    return _normalise(name)

_INTER: dict[ActorType, int] = {
    ActorType.state_forces: 1,
    ActorType.rebel_group: 2,
    ActorType.political_militia: 3,
    ActorType.identity_militia: 4,
    ActorType.rioters: 5,
    ActorType.protesters: 6,
    ActorType.civilians: 7,
    ActorType.external: 8,
}
_TYPE_OF_CODE: dict[int, ActorType] = {code: t for t, code in _INTER.items()}

_DISORDER: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_KIND: dict[str, str] = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}

# Place types read as ACLED's admin levels (compared after names.normalise).
_ADMIN_TYPES: dict[int, frozenset[str]] = {
    1: frozenset({"governorate", "admin1", "province", "state"}),
    2: frozenset({"district", "admin2"}),
    3: frozenset({"subdistrict", "admin3", "nahiya"}),
}
_COARSE_TYPES = _ADMIN_TYPES[1] | {"country", "region"}

_COUNTRY_CODES: dict[str, tuple[int, str]] = {"syria": (760, "Middle East")}


# --------------------------------------------------------------------------- export


def disorder_type(kind: str) -> str:
    """ACLED's disorder type of a sub-event type (``kind``)."""
    return _DISORDER_BY_KIND.get(kind) or _DISORDER[SUB_EVENT_TYPES[kind]]


def time_precision(event: Event) -> int:
    """ACLED's time precision: 1 a day, 2 a week or a range of up to 7 days, 3 anything longer."""
    if event.precision is Precision.day:
        return 1
    if event.precision is Precision.week:
        return 2
    if event.precision is Precision.range and (event.end - event.date).days + 1 <= 7:
        return 2
    return 3


def inter_code(actor: Actor | None) -> int:
    """ACLED's numeric inter code of an actor's type; 0 for no actor."""
    return 0 if actor is None else _INTER[ActorType(actor.type)]


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: both codes, smaller first (12); a lone actor's code times ten (20)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return 0
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def export_rows(store: Store) -> list[dict[str, Cell]]:
    """One ACLED row (a dict keyed by :data:`ACLED_COLUMNS`) per event, in store order.

    Numbers are ints or floats and blanks are ``""``; see the module docstring
    for what each column holds.  Pass the result to :func:`to_csv` for text.
    """
    actors = {a.id: a for a in store.actors}
    tree = PlaceTree(store)
    title = store.meta.source.title
    return [_row(e, actors, tree, title) for e in store.events]


def _row(e: Event, actors: dict[str, Actor], tree: PlaceTree, source_title: str) -> dict[str, Cell]:
    by_role: dict[str, list[str]] = {"initiator": [], "supporter": [], "participant": [], "target": []}
    for ea in e.actors:
        if ea.actor not in by_role[ea.role]:
            by_role[ea.role].append(ea.actor)
    side1 = _unique(by_role["initiator"] + by_role["supporter"] + by_role["participant"])
    side2 = by_role["target"]
    a1 = actors.get(side1[0]) if side1 else None
    a2 = actors.get(side2[0]) if side2 else None
    inter1, inter2 = inter_code(a1), inter_code(a2)

    def names(ids: Iterable[str]) -> str:
        return "; ".join(actors[i].name if i in actors else i for i in ids)

    civilians = any(
        i in actors and ActorType(actors[i].type) is ActorType.civilians for i in side2
    )
    row: dict[str, Cell] = {
        "event_id_cnty": e.id,
        "event_date": e.date.isoformat(),
        "year": e.date.year,
        "time_precision": time_precision(e),
        "disorder_type": disorder_type(e.kind),
        "event_type": e.event_type,
        "sub_event_type": e.kind,
        "actor1": a1.name if a1 is not None else "",
        "assoc_actor_1": names(side1[1:]),
        "inter1": inter1,
        "actor2": a2.name if a2 is not None else "",
        "assoc_actor_2": names(side2[1:]),
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "source": f"{source_title} [{e.source.section}, paragraph {e.source.paragraph}]",
        "source_scale": SOURCE_SCALE,
        "notes": e.summary,
        "fatalities": _fatalities(e),
        "tags": "; ".join(_tags(e, actors)),
        "timestamp": TIMESTAMP,
    }
    row.update(_geography(e, tree))
    return {c: row[c] for c in ACLED_COLUMNS}


def _unique(ids: Sequence[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i not in out:
            out.append(i)
    return out


def _geography(e: Event, tree: PlaceTree) -> dict[str, Cell]:
    out: dict[str, Cell] = dict.fromkeys(
        ("iso", "region", "country", "admin1", "admin2", "admin3",
         "location", "latitude", "longitude", "geo_precision"),
        "",
    )
    chain = tree.chain(e.places[0]) if e.places else []
    if not chain:
        return out
    place = chain[0]
    out["location"] = place.name
    country = next((p for p in chain if normalise(p.type) == "country"), chain[-1])
    out["country"] = country.name
    if normalise(country.name) in _COUNTRY_CODES:
        out["iso"], out["region"] = _COUNTRY_CODES[normalise(country.name)]
    for level, types in _ADMIN_TYPES.items():
        hit = next((p for p in chain if normalise(p.type) in types), None)
        out[f"admin{level}"] = hit.name if hit is not None else ""
    located = tree.located(place.id)
    if located is not None:
        out["latitude"], out["longitude"] = located.lat, located.lon  # type: ignore[assignment]
        if normalise(located.type) in _COARSE_TYPES:
            out["geo_precision"] = 3  # the point stands for a whole area, even the event's own
        elif located.id == place.id:
            out["geo_precision"] = 1
        else:
            out["geo_precision"] = 2
    return out


def _fatalities(e: Event) -> int:
    return killed_min(e) or 0


def _tags(e: Event, actors: dict[str, Actor]) -> list[str]:
    def who(actor_id: str | None) -> str:
        if actor_id is None:
            return "an unnamed party"
        return actors[actor_id].name if actor_id in actors else actor_id

    tags: list[str] = []
    if e.certainty is Certainty.claimed:
        tags.append(f"claimed by {who(e.claimed_by)}")
    elif e.certainty is Certainty.alleged:
        tags.append("alleged")
    for c in e.casualties:
        if c.killed is None:
            continue
        if c.certainty is Certainty.claimed:
            tag = f"fatalities claimed by {who(c.claimed_by)}"
        elif c.certainty is Certainty.alleged:
            tag = "fatalities alleged"
        else:
            continue
        if tag not in tags:
            tags.append(tag)
    return tags


def to_csv(rows: Iterable[dict[str, Cell]], *, neutralise: bool = False) -> str:
    """CSV text with a header of :data:`ACLED_COLUMNS` and one record per row.

    Records end in CRLF, as RFC 4180 and Excel have it.  (With bare "\\n" line
    ends Python's csv module would leave a lone "\\r" inside a cell unquoted,
    and every reader would split the record there.)

    Keys outside :data:`ACLED_COLUMNS` are ignored and missing ones are blank.
    With ``neutralise`` a text cell a spreadsheet would run as a formula gets
    a leading apostrophe (as the CLI's CSV output does without --raw); the
    import does not undo that, so leave it off for files meant to be re-imported.
    """
    from ..render.text import spreadsheet_cell

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ACLED_COLUMNS)
    for row in rows:
        cells = []
        for c in ACLED_COLUMNS:
            value = row.get(c, "")
            if neutralise and isinstance(value, str):
                value = spreadsheet_cell(value)
            cells.append(value)
        writer.writerow(cells)
    return buf.getvalue()


# --------------------------------------------------------------------------- import


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
MAX_PROBLEMS_IN_MESSAGE = 3


def import_rows(text: str, *, skip_bad: bool) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """Build a store (as JSON-ready data) from the text of an ACLED CSV download.

    The first row must be the header; column names are matched without regard
    to case or surrounding spaces, unknown columns are ignored, and a missing
    :data:`REQUIRED_COLUMNS` entry raises :class:`StoreError` naming them all.
    A UTF-8 byte-order mark at the start (Excel adds one) is dropped.

    Each row becomes one event:

    * ``id``: ``event_id_cnty`` made into an id (lower case, other characters
      become hyphens: ``SYR12345`` -> ``syr12345``; a dezzor export's ids come
      back unchanged).
    * ``date``: ``event_date`` (``2024-12-03``, ``03 December 2024`` or
      ``03-December-2024``), always with precision "day": ACLED gives one day
      even when it knows only the week or month.  ``time_precision`` 2 or 3 is
      kept honestly in ``date_note`` ("ACLED time_precision 2: ...").
    * ``kind``: ``sub_event_type`` (``event_type`` is derived from it, not read).
    * actors: ``actor1`` as initiator, each ``assoc_actor_1`` name as
      supporter, ``actor2`` as target, each ``assoc_actor_2`` name as target
      too (they stand with ``actor2``; the model has no "target's supporter"
      role, and this keeps export -> import -> export stable).  One actor
      record per name (compared as :func:`~dezzor_cli.names.normalise` does);
      ids are slugs of the names, made unique.  Its type comes from the first
      ``inter1``/``inter2`` given for it (numeric 1-8 or the text labels of
      newer ACLED files); an actor met only as an associated actor is typed
      from its name when that says Civilians, Protesters or Rioters, else from
      the actor it is associated with (noted on the actor).
    * place: a hierarchy country > admin1 > admin2 > admin3 > location
      (types governorate/district/subdistrict for Syria, admin1/admin2/admin3
      elsewhere, "location" for the location), with the coordinates on the
      location; no ``geonames_id``.  A location named like the admin area
      above it and without its own point (blank coordinates, or
      ``geo_precision`` 3) is that area itself.  Places are told apart by
      their whole path and coordinates; two that would share a name get a
      qualifier such as "Deir-ez-Zor (location)" and a note with ACLED's name.
    * ``casualties``: a ``fatalities`` figure above 0 becomes one casualty of
      party null (ACLED does not say whose dead they are) with ``killed`` set.
    * ``summary``: ``notes``, or "No notes in the ACLED row." when empty.
    * ``source``: ``{"section": "acled", "paragraph": <CSV line of the row>}``;
      ``meta.source.sections`` has one section "acled" whose paragraph count is
      the highest such line.  ACLED's own ``source`` column and any tags not
      understood are kept in the event's ``note``.
    * ``tags`` written by :func:`export_rows` ("claimed by X", "alleged",
      "fatalities claimed by X", "fatalities alleged") restore certainty.

    A row that cannot be read -- an unreadable date, an unknown sub-event
    type, fatalities that are not a whole number, bad coordinates, an unknown
    inter code, a missing or repeated ``event_id_cnty`` -- is a problem
    ``(line, message)``, where ``line`` is the CSV line the row starts on.
    Without ``skip_bad`` any problem raises :class:`StoreError` quoting the
    first few (all of them are in its ``details``); with ``skip_bad`` the bad
    rows are left out and the problems returned with the store.  No usable
    row at all is a StoreError either way.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise StoreError("the ACLED CSV is empty; it needs a header row with ACLED's column names") from None
    except csv.Error as exc:
        raise StoreError(f"the ACLED CSV cannot be read: line {reader.line_num}: {exc}") from None
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        columns.setdefault(name.strip().lstrip("\ufeff").lower(), i)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise StoreError(
            f"the ACLED CSV lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        )

    parsed: list[_Row] = []
    problems: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise StoreError(f"the ACLED CSV cannot be read: line {reader.line_num}: {exc}") from None
        line, previous_end = previous_end + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue  # a blank line
        row = _parse_row(cells, columns, len(header), line)
        if isinstance(row, str):
            problems.append((line, row))
            continue
        if row.id in first_line:
            problems.append((line, f"event_id_cnty {_show(row.raw_id)} repeats the row on line {first_line[row.id]}"))
            continue
        first_line[row.id] = line
        parsed.append(row)

    if problems and not skip_bad:
        shown = "; ".join(f"line {n}: {msg}" for n, msg in problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = len(problems) - MAX_PROBLEMS_IN_MESSAGE
        tail = f" (and {more} more)" if more > 0 else ""
        raise StoreError(
            f"{len(problems)} bad row{'s' if len(problems) != 1 else ''} in the ACLED CSV: {shown}{tail};"
            " rerun with --skip-bad to leave them out",
            [f"line {n}: {msg}" for n, msg in problems],
        )
    if not parsed:
        if problems:
            raise StoreError(f"no usable row in the ACLED CSV: all {len(problems)} rows are bad "
                             f"(first: line {problems[0][0]}: {problems[0][1]})")
        raise StoreError("the ACLED CSV has a header but no rows")
    return _build(parsed), problems


@dataclass
class _Row:
    line: int
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


def _parse_row(cells: list[str], columns: dict[str, int], width: int, line: int) -> _Row | str:
    """A parsed row, or a message saying everything wrong with it."""
    if len(cells) != width:
        return f"has {len(cells)} fields but the header has {width} (a stray quote or comma?)"

    def get(name: str) -> str:
        i = columns.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    errors: list[str] = []

    raw_id = get("event_id_cnty")
    event_id = _slug(raw_id)
    if not raw_id:
        errors.append("event_id_cnty is empty")
    elif not event_id:
        errors.append(f"event_id_cnty {_show(raw_id)} has no letters or digits to make an id from")
    elif len(event_id) > 200:
        errors.append("event_id_cnty is longer than 200 characters")

    date = _parse_date(get("event_date"))
    if date is None:
        errors.append(f"cannot read event_date {_show(get('event_date'))} (write it as 2024-12-03 or 03 December 2024)")

    tp = _precision_code(get, "time_precision", errors)

    kind = _KINDS.get(normalise(get("sub_event_type")))
    if kind is None:
        errors.append(f"unknown sub_event_type {_show(get('sub_event_type'))}")

    actors: dict[str, Any] = {}
    for n in ("1", "2"):
        name = _actor_name(get(f"actor{n}"))
        inter: ActorType | None = None
        if name:
            inter = _parse_inter(get(f"inter{n}"))
            if inter is None:
                errors.append(f"inter{n} {_show(get(f'inter{n}'))} is not an ACLED actor type (1-8 or its name)")
        assoc = [x for x in (_actor_name(s) for s in get(f"assoc_actor_{n}").split(";")) if x]
        for x in ([name] if name else []) + assoc:
            if not normalise(x):
                errors.append(f"the actor name {_show(x)} has no letters or digits")
            elif len(x) > 500:
                errors.append("an actor name is longer than 500 characters")
        actors[n] = (name, inter, assoc)

    levels = [get(c) for c in ("country", "admin1", "admin2", "admin3")]
    location = get("location")
    levels = [x if normalise(x) else "" for x in levels]
    location = location if normalise(location) else ""
    if any(len(x) > 300 for x in levels + [location]):
        errors.append("a place name is longer than 300 characters")
    if not location and not any(levels):
        errors.append("gives no location, admin area or country")

    lat_raw, lon_raw = get("latitude"), get("longitude")
    lat = lon = None
    if lat_raw or lon_raw:
        lat, lon = _number(lat_raw), _number(lon_raw)
        if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
            errors.append(f"bad coordinates: latitude {_show(lat_raw)}, longitude {_show(lon_raw)}")
            lat = lon = None

    gp = _precision_code(get, "geo_precision", errors)

    fat_raw = get("fatalities")
    fatalities = int(fat_raw) if _DIGITS.fullmatch(fat_raw) else None
    if fatalities is None:
        errors.append(f"fatalities must be a whole number, not {_show(fat_raw)}")

    notes = get("notes")
    if len(notes) > 20_000:
        errors.append("notes is longer than 20,000 characters")

    if errors:
        return "; ".join(errors)
    assert date is not None and kind is not None and fatalities is not None
    (a1, i1, s1), (a2, i2, s2) = actors["1"], actors["2"]
    return _Row(
        line=line, raw_id=raw_id, id=event_id, date=date, time_precision=tp, kind=kind,
        actor1=a1, inter1=i1, assoc1=s1, actor2=a2, inter2=i2, assoc2=s2,
        levels=levels, location=location, lat=lat, lon=lon, geo_precision=gp,
        fatalities=fatalities, notes=notes,
        tags=[t.strip() for t in get("tags").split(";") if t.strip()],
        source=get("source"), source_scale=get("source_scale"),
    )  # fmt: skip


_KINDS = {normalise(k): k for k in SUB_EVENT_TYPES}


def _precision_code(get: Any, column: str, errors: list[str]) -> int | None:
    """ACLED's time_precision or geo_precision: blank, or 1, 2 or 3."""
    raw = get(column)
    if not raw:
        return None
    if raw in ("1", "2", "3"):
        return int(raw)
    errors.append(f"{column} must be 1, 2 or 3, not {_show(raw)}")
    return None


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _actor_name(text: str) -> str:
    text = " ".join(text.split())
    return "" if text.casefold() in _BLANK_ACTOR else text


_TYPE_OF_LABEL = {_normalise(t.value).removesuffix("s"): t for t in ActorType}


def _parse_inter(text: str) -> ActorType | None:
    """1-8, or a label of newer ACLED files ("State forces", "Rebel Groups", "External/Other Forces")."""
    text = text.strip()
    if text.isdigit():
        return _TYPE_OF_CODE.get(int(text))
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


def _slug(text: str) -> str:
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub("['\u2018\u2019`]", "", plain)  # al-ma'ezalyah -> al-maezalyah
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


class _Ids:
    """Ids unique within one kind of record, whose normalised form names no other record."""

    def __init__(self, taken_names: set[str]) -> None:
        self.used: set[str] = set()
        self.keys = set(taken_names)
        self.next: dict[str, int] = {}  # base -> next number to try (keeps many clashes linear)

    def take(self, name: str, own_key: str, fallback: str) -> str:
        base = _slug(name)[:80].strip("-") or fallback
        candidate = base
        while candidate in self.used or (normalise(candidate) != own_key and normalise(candidate) in self.keys):
            n = self.next.get(base, 2)
            self.next[base] = n + 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        self.keys.add(normalise(candidate))
        return candidate


@dataclass
class _ActorInfo:
    name: str
    spellings: list[str] = field(default_factory=list)
    inters: list[ActorType] = field(default_factory=list)  # distinct inter codes, in the order met
    associated_with: str | None = None  # name key of the primary actor it was first listed with


@dataclass
class _PlaceInfo:
    name: str
    type: str
    parent: PlaceKey | None
    lat: float | None = None
    lon: float | None = None
    display: str = ""
    id: str = ""


def _build(rows: list[_Row]) -> dict[str, Any]:
    actors = _collect_actors(rows)
    actor_json, actor_ids = _actor_records(actors)
    places: dict[PlaceKey, _PlaceInfo] = {}
    event_places = [_place_of(r, places) for r in rows]
    place_json = _place_records(places)

    events = []
    for r, place_key in zip(rows, event_places, strict=True):
        events.append(_event(r, actor_ids, places[place_key].id))

    countries = _unique([r.levels[0] for r in rows if r.levels[0]])
    where = ", ".join(countries) if 0 < len(countries) <= 3 else ""
    meta: dict[str, Any] = {
        "title": f"ACLED events ({where})" if where else "ACLED events",
        "description": f"{len(events)} event{'s' if len(events) != 1 else ''} imported from an ACLED CSV file.",
        "period": {
            "start": min(r.date for r in rows).isoformat(),
            "end": max(r.date for r in rows).isoformat(),
        },
        "result": "",
        **({"location": where} if where else {}),
        "source": {
            "title": "ACLED CSV file",
            "sections": [{"heading": ACLED_SECTION, "paragraphs": max(r.line for r in rows)}],
        },
        "schema_version": SCHEMA_VERSION,
    }
    return {
        "meta": meta,
        "sides": [],
        "actors": actor_json,
        "places": place_json,
        "events": events,
        "reported_totals": [],
    }


def _collect_actors(rows: list[_Row]) -> dict[str, _ActorInfo]:
    out: dict[str, _ActorInfo] = {}

    def see(name: str, inter: ActorType | None, primary: str | None) -> None:
        key = normalise(name)
        info = out.get(key)
        if info is None:
            info = out[key] = _ActorInfo(name)
        if name not in info.spellings:
            info.spellings.append(name)
        if inter is not None and inter not in info.inters:
            info.inters.append(inter)
        if primary is not None and info.associated_with is None:
            info.associated_with = primary

    for r in rows:
        for name, inter, assoc in ((r.actor1, r.inter1, r.assoc1), (r.actor2, r.inter2, r.assoc2)):
            if name:
                see(name, inter, None)
            for a in assoc:
                see(a, None, normalise(name) if name else None)
    return out


_NAMED_TYPES = (("civilian", ActorType.civilians), ("protester", ActorType.protesters), ("rioter", ActorType.rioters))


def _actor_type(info: _ActorInfo, actors: dict[str, _ActorInfo]) -> tuple[ActorType, str | None]:
    if info.inters:
        first = info.inters[0]
        others = info.inters[1:]
        note = None
        if others:
            codes = ", ".join(str(_INTER[t]) for t in others)
            note = f"ACLED also gives this actor inter code {codes}; the first one met ({_INTER[first]}) is used."
        return first, note
    key = normalise(info.name)
    for stem, t in _NAMED_TYPES:
        if key.startswith(stem):
            return t, "ACLED gives no inter code for associated actors; the type is read from the name."
    primary = actors.get(info.associated_with or "")
    if primary is not None and primary.inters:
        return primary.inters[0], (
            "ACLED gives no inter code for associated actors; the type is assumed from "
            f"{primary.name}, the actor it is listed with."
        )
    return ActorType.external, "ACLED gives no inter code for this associated actor; the type is a guess."


def _actor_records(actors: dict[str, _ActorInfo]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    ids = _Ids(set(actors))
    out: list[dict[str, Any]] = []
    by_key: dict[str, str] = {}
    for key, info in actors.items():
        aid = ids.take(info.name, key, "actor")
        by_key[key] = aid
        t, note = _actor_type(info, actors)
        record: dict[str, Any] = {"id": aid, "name": info.name}
        aliases = [s for s in info.spellings if s != info.name]
        if aliases:
            record["aliases"] = aliases
        record["type"] = t.value
        if note:
            record["note"] = note
        out.append(record)
    return out, by_key


def _place_types(country: str) -> tuple[str, str, str]:
    if normalise(country) == "syria":
        return "governorate", "district", "subdistrict"
    return "admin1", "admin2", "admin3"


def _place_of(r: _Row, places: dict[PlaceKey, _PlaceInfo]) -> PlaceKey:
    """Register the row's place hierarchy; return the key of the event's own place."""
    types = ("country", *_place_types(r.levels[0]))
    parent: PlaceKey | None = None
    path: tuple[str, ...] = ()
    for level, (name, ptype) in enumerate(zip(r.levels, types, strict=True)):
        path = path + (normalise(name),)
        if not name:
            continue
        key: PlaceKey = ("admin", level, path)
        if key not in places:
            places[key] = _PlaceInfo(name, ptype, parent)
        parent = key
    if r.location:
        same_as_area = parent is not None and normalise(places[parent].name) == normalise(r.location)
        if same_as_area and (r.lat is None or r.geo_precision == 3):
            assert parent is not None
            area = places[parent]
            if r.lat is not None and area.lat is None:
                area.lat, area.lon = r.lat, r.lon
            return parent
        loc_key: PlaceKey = ("location", path, normalise(r.location), r.lat, r.lon)
        if loc_key not in places:
            places[loc_key] = _PlaceInfo(r.location, "location", parent, r.lat, r.lon)
        return loc_key
    assert parent is not None  # _parse_row refuses a row with neither location nor area
    area = places[parent]
    if r.lat is not None and area.lat is None:
        area.lat, area.lon = r.lat, r.lon
    return parent


def _place_records(places: dict[PlaceKey, _PlaceInfo]) -> list[dict[str, Any]]:
    taken: set[str] = set()
    numbered: dict[str, int] = {}  # "Name (type" -> next number to try
    for info in places.values():  # parents come before their children
        parent_name = places[info.parent].display if info.parent is not None else ""
        for candidate in _name_candidates(info, parent_name, numbered):
            key = normalise(candidate)
            if key not in taken:
                info.display = candidate
                taken.add(key)
                break
    ids = _Ids(taken)
    out: list[dict[str, Any]] = []
    for info in places.values():
        info.id = ids.take(info.display, normalise(info.display), "place")
        record: dict[str, Any] = {"id": info.id, "name": info.display, "type": info.type}
        if info.parent is not None:
            record["parent"] = places[info.parent].id
        if info.lat is not None:
            record["lat"], record["lon"] = info.lat, info.lon
        if info.display != info.name:
            record["note"] = f"ACLED's name is {info.name!r}; qualified here because another place has that name."
        out.append(record)
    return out


def _name_candidates(info: _PlaceInfo, parent_name: str, numbered: dict[str, int]) -> Iterable[str]:
    """The name, then qualified by type, then by type and parent, then numbered."""
    yield info.name
    yield f"{info.name} ({info.type})"
    if parent_name:
        yield f"{info.name} ({info.type}, {parent_name[:80]})"
    base = f"{info.name} ({info.type}"
    while True:
        n = numbered.get(base, 2)
        numbered[base] = n + 1
        yield f"{base} {n})"


def _event(r: _Row, actor_ids: dict[str, str], place_id: str) -> dict[str, Any]:
    roles: list[dict[str, str]] = []

    def add(name: str, role: str) -> None:
        entry = {"actor": actor_ids[normalise(name)], "role": role}
        if entry not in roles:
            roles.append(entry)

    if r.actor1:
        add(r.actor1, "initiator")
    for a in r.assoc1:
        add(a, "supporter")
    if r.actor2:
        add(r.actor2, "target")
    for a in r.assoc2:
        add(a, "target")

    def resolve(name: str) -> str | None:
        return actor_ids.get(normalise(name))

    certainty, claimed_by = Certainty.reported, None
    kill_certainty, kill_claimed_by = Certainty.reported, None
    other_tags: list[str] = []
    for tag in r.tags:
        low = tag.casefold()
        if low == "alleged":
            certainty = Certainty.alleged
        elif low == "fatalities alleged":
            kill_certainty = Certainty.alleged
        elif low.startswith("claimed by ") and resolve(tag[len("claimed by "):]):
            certainty, claimed_by = Certainty.claimed, resolve(tag[len("claimed by "):])
        elif low.startswith("fatalities claimed by ") and resolve(tag[len("fatalities claimed by "):]):
            kill_certainty = Certainty.claimed
            kill_claimed_by = resolve(tag[len("fatalities claimed by "):])
        else:
            other_tags.append(tag)

    event: dict[str, Any] = {
        "id": r.id,
        "date": r.date.isoformat(),
        "precision": Precision.day.value,
    }
    if r.time_precision == 2:
        event["date_note"] = (
            "ACLED time_precision 2: the source gives only a week or a few days; ACLED records one day of them."
        )
    elif r.time_precision == 3:
        event["date_note"] = (
            "ACLED time_precision 3: the source gives only a month or a longer period; "
            "ACLED records one day of it."
        )
    event["kind"] = r.kind
    event["actors"] = roles
    event["places"] = [place_id]
    casualties: list[dict[str, Any]] = []
    if r.fatalities > 0:
        casualty: dict[str, Any] = {"party": None, "killed": r.fatalities, "certainty": kill_certainty.value}
        if kill_claimed_by is not None:
            casualty["claimed_by"] = kill_claimed_by
        casualty["note"] = "ACLED's fatalities figure; ACLED does not say whose dead they are."
        casualties.append(casualty)
    event["casualties"] = casualties
    event["certainty"] = certainty.value
    if claimed_by is not None:
        event["claimed_by"] = claimed_by
    event["summary"] = r.notes or "No notes in the ACLED row."
    event["source"] = {"section": ACLED_SECTION, "paragraph": r.line}
    note = []
    if r.source:
        note.append(f"ACLED source: {r.source}" + (f" (scale: {r.source_scale})" if r.source_scale else ""))
    if other_tags:
        note.append(f"ACLED tags: {'; '.join(other_tags)}")
    if note:
        event["note"] = "; ".join(note)[:20_000]
    return event
