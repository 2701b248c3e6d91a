"""Import, the store: parsed ACLED rows -> the JSON-ready data of a store (actors, places, events, ids).

What each column becomes is told in :func:`~dezzor_cli.interchange.acled.import_rows`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from ...store.vocab import SCHEMA_VERSION, ActorType, Certainty, Precision
from .columns import (
    ACLED_SECTION,
    ALLEGED,
    CLAIMED_BY,
    FATALITIES,
    GENERIC_ADMIN_TYPES,
    INTER,
    country,
    normalise,
    slug,
    unique,
)
from .parse import Row

__all__ = ["store_data"]

PlaceKey = tuple[Hashable, ...]  # a place's path of normalised names (and, for a location, its point)

_NAMED_TYPES = (("civilian", ActorType.civilians), ("protester", ActorType.protesters), ("rioter", ActorType.rioters))
_DATE_NOTES = {
    2: "ACLED time_precision 2: the source gives only a week or a few days; ACLED records one day of them.",
    3: "ACLED time_precision 3: the source gives only a month or a longer period; ACLED records one day of it.",
}


def store_data(rows: list[Row]) -> dict[str, Any]:
    """The store the rows make, as the JSON data :func:`dezzor_cli.store.read.build` takes (``rows`` not empty)."""
    actors = _collect_actors(rows)
    actor_json, actor_ids = _actor_records(actors)
    places: dict[PlaceKey, _PlaceInfo] = {}
    event_places = [_place_of(r, places) for r in rows]
    place_json = _place_records(places)
    events = [_event(r, actor_ids, places[key].id) for r, key in zip(rows, event_places, strict=True)]

    countries = unique(r.levels[0] for r in rows if r.levels[0])
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


# --------------------------------------------------------------------------- ids and names


def _numbers(counters: dict[str, int], base: str) -> Iterator[int]:
    """2, 3, 4, ... for ``base``, each call going on where the last stopped (keeps many clashes linear)."""
    while True:
        n = counters.get(base, 2)
        counters[base] = n + 1
        yield n


class _Ids:
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

        candidates = chain([base], (f"{base}-{n}" for n in _numbers(self.next, base)))
        taken = next(c for c in candidates if free(c))
        self.used.add(taken)
        self.keys.add(normalise(taken))
        return taken


# --------------------------------------------------------------------------- actors


@dataclass
class _ActorInfo:
    name: str
    spellings: list[str] = field(default_factory=list)
    inters: list[ActorType] = field(default_factory=list)  # distinct inter codes, in the order met
    associated_with: str | None = None  # name key of the primary actor it was first listed with


def _collect_actors(rows: list[Row]) -> dict[str, _ActorInfo]:
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


def _actor_type(info: _ActorInfo, actors: Mapping[str, _ActorInfo]) -> tuple[ActorType, str | None]:
    if info.inters:
        first = info.inters[0]
        others = info.inters[1:]
        note = None
        if others:
            codes = ", ".join(str(INTER[t]) for t in others)
            note = f"ACLED also gives this actor inter code {codes}; the first one met ({INTER[first]}) is used."
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


# --------------------------------------------------------------------------- places


@dataclass
class _PlaceInfo:
    name: str
    type: str
    parent: PlaceKey | None
    lat: float | None = None
    lon: float | None = None
    display: str = ""
    id: str = ""


def _place_of(r: Row, places: dict[PlaceKey, _PlaceInfo]) -> PlaceKey:
    """Register the row's place hierarchy; return the key of the event's own place."""
    known = country(r.levels[0])
    types = ("country", *(known.admin_types if known is not None else GENERIC_ADMIN_TYPES))
    parent: PlaceKey | None = None
    path: tuple[str, ...] = ()
    for level, (name, ptype) in enumerate(zip(r.levels, types, strict=True)):
        path = (*path, normalise(name))
        if not name:
            continue
        key: PlaceKey = ("admin", level, path)
        if key not in places:
            places[key] = _PlaceInfo(name, ptype, parent)
        parent = key
    if r.location:
        same_as_area = parent is not None and normalise(places[parent].name) == normalise(r.location)
        if not (same_as_area and (r.lat is None or r.geo_precision == 3)):
            loc_key: PlaceKey = ("location", path, normalise(r.location), r.lat, r.lon)
            if loc_key not in places:
                places[loc_key] = _PlaceInfo(r.location, "location", parent, r.lat, r.lon)
            return loc_key
    # The event's place is the innermost admin area: the row has no location, or one that is that area.
    if parent is None:
        raise AssertionError("parse_row refuses a row with neither location nor area")
    area = places[parent]
    if r.lat is not None and area.lat is None:
        area.lat, area.lon = r.lat, r.lon
    return parent


def _place_records(places: dict[PlaceKey, _PlaceInfo]) -> list[dict[str, Any]]:
    taken: set[str] = set()
    numbered: dict[str, int] = {}  # "Name (type" -> next number to try
    for info in places.values():  # parents come before their children
        parent_name = places[info.parent].display if info.parent is not None else ""
        info.display = next(c for c in _name_candidates(info, parent_name, numbered) if normalise(c) not in taken)
        taken.add(normalise(info.display))
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


def _name_candidates(info: _PlaceInfo, parent_name: str, numbered: dict[str, int]) -> Iterator[str]:
    """The name, then qualified by type, then by type and parent, then numbered."""
    yield info.name
    yield f"{info.name} ({info.type})"
    if parent_name:
        yield f"{info.name} ({info.type}, {parent_name[:80]})"
    base = f"{info.name} ({info.type}"
    yield from (f"{base} {n})" for n in _numbers(numbered, base))


# --------------------------------------------------------------------------- events


def _read_tag(tag: str, actor_ids: Mapping[str, str]) -> tuple[str, Certainty, str | None] | None:
    """A tag :func:`export_rows` writes: what it is about ("event" or "killed"), the certainty and who claims.

    None for any other tag; a "claimed by" tag counts only when it names an actor of the file.
    """
    low = tag.casefold()
    for about, prefix in (("event", ""), ("killed", FATALITIES)):
        if low == prefix + ALLEGED:
            return about, Certainty.alleged, None
        if low.startswith(prefix + CLAIMED_BY):
            claimed_by = actor_ids.get(normalise(tag[len(prefix + CLAIMED_BY):]))
            if claimed_by:
                return about, Certainty.claimed, claimed_by
    return None


def _event(r: Row, actor_ids: Mapping[str, str], place_id: str) -> dict[str, Any]:
    roles = [(r.actor1, "initiator")] if r.actor1 else []
    roles += [(a, "supporter") for a in r.assoc1]
    roles += [(r.actor2, "target")] if r.actor2 else []
    roles += [(a, "target") for a in r.assoc2]

    # The certainty and claimant of the event and of its killed figure; "alleged" leaves an earlier claimant be.
    certainty: dict[str, tuple[Certainty, str | None]] = {
        "event": (Certainty.reported, None),
        "killed": (Certainty.reported, None),
    }
    other_tags: list[str] = []
    for tag in r.tags:
        read = _read_tag(tag, actor_ids)
        if read is None:
            other_tags.append(tag)
        else:
            about, level, claimed_by = read
            certainty[about] = (level, claimed_by or certainty[about][1])
    event_certainty, event_claimed_by = certainty["event"]
    kill_certainty, kill_claimed_by = certainty["killed"]

    event: dict[str, Any] = {
        "id": r.id,
        "date": r.date.isoformat(),
        "precision": Precision.day.value,
    }
    if r.time_precision is not None and r.time_precision in _DATE_NOTES:
        event["date_note"] = _DATE_NOTES[r.time_precision]
    event["kind"] = r.kind
    event["actors"] = [
        {"actor": actor, "role": role} for actor, role in unique((actor_ids[normalise(n)], role) for n, role in roles)
    ]
    event["places"] = [place_id]
    casualties: list[dict[str, Any]] = []
    if r.fatalities > 0:
        casualty: dict[str, Any] = {"party": None, "killed": r.fatalities, "certainty": kill_certainty.value}
        if kill_claimed_by is not None:
            casualty["claimed_by"] = kill_claimed_by
        casualty["note"] = "ACLED's fatalities figure; ACLED does not say whose dead they are."
        casualties.append(casualty)
    event["casualties"] = casualties
    event["certainty"] = event_certainty.value
    if event_claimed_by is not None:
        event["claimed_by"] = event_claimed_by
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
