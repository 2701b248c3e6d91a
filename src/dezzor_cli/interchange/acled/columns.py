"""ACLED's column layout, its codes, and the vocabulary the export and the import share.

Everything here is a table or a pure function of text: what the columns are,
which actor type each ``inter`` code stands for, how a sub-event type maps to
a disorder type, which place types are ACLED's admin levels, the tags that
carry certainty, how names are compared and made into ids, and how the import
qualifies a place name that another place has (and the export takes it off).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from ...store.vocab import SUB_EVENT_TYPES, ActorType
from ...store.vocab import normalise as _normalise

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
ACLED_SECTION = "acled"  # the one section of a version 1 store the ACLED import made (store/upgrade.py reads it)
ACLED_SOURCE = "acled"  # the id of the source every imported event cites (meta.sources)
ACLED_TITLE = "ACLED CSV file"
# A plain citation: ACLED's own attribution wording was not at hand to quote, so this names ACLED and where it is.
ACLED_CITATION = "Armed Conflict Location & Event Data (ACLED), https://acleddata.com"
GEO_PRECISION = {1: "exact", 2: "near", 3: "region"}  # ACLED geo_precision -> the store's place_precision
NO_NOTES = "No notes in the ACLED row."  # the summary of a row whose notes are empty (a summary cannot be)

Cell = str | int | float

_H = TypeVar("_H", bound=Hashable)

# --------------------------------------------------------------------------- names

_NOT_ASCII_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_APOSTROPHES = re.compile("['\u2018\u2019`\u02bb\u02bc]")  # and the modifier letters of transliterations
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """:func:`dezzor_cli.store.vocab.normalise`, cached (a big file repeats its names) and fast for ASCII."""
    if name.isascii():  # NFKD and combining marks change nothing; isalnum() is [0-9A-Za-z]
        return _NOT_ASCII_ALNUM.sub("", name).lower()
    return _normalise(name)


def slug(text: str) -> str:
    """Lower case ASCII letters and digits joined by hyphens: ``Al-Ma'ezalyah`` -> ``al-maezalyah``."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = _APOSTROPHES.sub("", plain)  # al-ma'ezalyah -> al-maezalyah
    return _NOT_SLUG.sub("-", plain).strip("-")


def unique(items: Iterable[_H]) -> list[_H]:
    """The items without repeats, each where it first stands."""
    return list(dict.fromkeys(items))


def numbers(counters: dict[str, int], base: str) -> Iterator[int]:
    """2, 3, 4, ... for ``base``, each call going on where the last stopped (keeps many clashes linear)."""
    while True:
        n = counters.get(base, 2)
        counters[base] = n + 1
        yield n


class Ids:
    """Ids unique within one kind of record, whose normalised form names no other record."""

    def __init__(self, taken_names: set[str]) -> None:
        self.used: set[str] = set()
        self.keys = set(taken_names)
        self.next: dict[str, int] = {}  # base -> next number to try

    def take(self, name: str, own_key: str, fallback: str) -> str:
        base = slug(name)[:80].strip("-") or fallback

        def free(candidate: str) -> bool:
            key = normalise(candidate)
            return candidate not in self.used and (key == own_key or key not in self.keys)

        candidates = itertools.chain([base], (f"{base}-{n}" for n in numbers(self.next, base)))
        taken = next(c for c in candidates if free(c))
        self.used.add(taken)
        self.keys.add(normalise(taken))
        return taken


class Named(Protocol):
    """A record being named: its name in the store (``display``) and id are set by :func:`give_names`."""

    display: str
    id: str


_N = TypeVar("_N", bound=Named)


def give_names(records: Sequence[_N], candidates: Callable[[_N, dict[str, int]], Iterator[str]], fallback: str
               ) -> set[str]:
    """Give each record (in order) the first of its ``candidates`` no earlier record's name answers to, then ids.

    ``candidates(record, counters)`` yields names to try (``counters`` for :func:`numbers`); the normalised
    names taken are returned.  Shared by the imports' places and actors.
    """
    taken: set[str] = set()
    counters: dict[str, int] = {}
    for record in records:
        record.display = next(c for c in candidates(record, counters) if normalise(c) not in taken)
        taken.add(normalise(record.display))
    ids = Ids(taken)
    for record in records:
        record.id = ids.take(record.display, normalise(record.display), fallback)
    return taken


def qualify(name: str, place_type: str, n: int | None = None) -> str:
    """A place's name told apart from another place's: ``Deir-ez-Zor (district)``, ``Hajin (location 2)``."""
    return f"{name} ({place_type})" if n is None else f"{name} ({place_type} {n})"


def qualified(name: str, place_type: str, counters: dict[str, int]) -> Iterator[str]:
    """A place's name told apart from others': qualified by its type, then numbered (:func:`qualify`)."""
    base = qualify(name, place_type)
    yield base
    yield from (qualify(name, place_type, n) for n in numbers(counters, base))


def acled_name(name: str, place_type: str) -> str:
    """A place's name as ACLED has it: without a qualifier :func:`qualify` put on it (``Deir-ez-Zor (district)``).

    Only a qualifier naming the place's own type is taken off, so the names of a store
    made by hand come out as they are unless they end in their own type in brackets.
    """
    suffix = f" ({place_type}"
    at = name.rfind(suffix)
    if at > 0 and name.endswith(")"):
        rest = name[at + len(suffix) : -1]
        if not rest or (rest[0] == " " and rest[1:].isascii() and rest[1:].isdigit()):
            return name[:at]
    return name


# --------------------------------------------------------------------------- codes

INTER: dict[ActorType, int] = {
    ActorType.state_forces: 1,
    ActorType.rebel_group: 2,
    ActorType.political_militia: 3,
    ActorType.identity_militia: 4,
    ActorType.rioters: 5,
    ActorType.protesters: 6,
    ActorType.civilians: 7,
    ActorType.external: 8,
}
TYPE_OF_CODE: dict[int, ActorType] = {code: t for t, code in INTER.items()}

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


def disorder_type(kind: str) -> str:
    """ACLED's disorder type of a sub-event type (``kind``); blank for a kind ACLED does not have (UCDP's)."""
    return _DISORDER_BY_KIND.get(kind) or _DISORDER.get(SUB_EVENT_TYPES[kind], "")


# --------------------------------------------------------------------------- places

# Place types read as ACLED's admin levels on export (compared after normalise).
ADMIN_TYPES: dict[int, frozenset[str]] = {
    1: frozenset({"governorate", "admin1", "province", "state"}),
    2: frozenset({"district", "admin2"}),
    3: frozenset({"subdistrict", "admin3", "nahiya"}),
}
# Types whose point stands for a whole area (geo_precision 3).
COARSE_TYPES = ADMIN_TYPES[1] | {"country", "region"}


@dataclass(frozen=True)
class Country:
    """What ACLED's columns say of a country the export and import know by name."""

    iso: int
    region: str
    admin_types: tuple[str, str, str]  # the place types of its admin1, admin2 and admin3


COUNTRIES: dict[str, Country] = {  # keyed by normalised name
    "syria": Country(760, "Middle East", ("governorate", "district", "subdistrict")),
}
GENERIC_ADMIN_TYPES = ("admin1", "admin2", "admin3")  # an imported place's types in any other country


def country(name: str) -> Country | None:
    return COUNTRIES.get(normalise(name))


# --------------------------------------------------------------------------- tags

# The tags the export writes for claimed and alleged statements and the import reads back (in any case):
# "claimed by <actor>", "alleged", and the same after FATALITIES for the killed figures.
CLAIMED_BY = "claimed by "
ALLEGED = "alleged"
FATALITIES = "fatalities "


def acled_source(file: str | None, sha256: str | None, retrieved: str | None = None) -> dict[str, Any]:
    """The ``meta.sources`` entry of a store imported from an ACLED CSV: the file's name and the SHA-256 of its
    bytes, when known, and the access date the user gave (``import acled --retrieved``); the citation names ACLED
    and that date, or says it was not recorded (dezzor cannot know when a file was downloaded)."""
    source: dict[str, Any] = {"id": ACLED_SOURCE, "kind": "acled", "title": ACLED_TITLE}
    if file is not None:
        source["file"] = file
    if sha256 is not None:
        source["sha256"] = sha256
    source["url"] = "https://acleddata.com"
    if retrieved is not None:
        source["retrieved"] = retrieved
    accessed = f"accessed {retrieved}" if retrieved is not None else "access date not recorded"
    source["citation"] = f"{ACLED_CITATION}; {accessed}" + (f"; file {file}" if file else "") + "."
    return source
