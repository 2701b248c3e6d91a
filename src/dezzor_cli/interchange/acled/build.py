"""Import, the store's records: checked rows -> actors, places and events, one row at a time.

What each column becomes is told in :func:`~dezzor_cli.interchange.acled.read_csv`.

Each row's event is made with stand-in ids for its actors and place and validated a batch at a
time (:class:`~dezzor_cli.interchange.batches.Batches`, which the UCDP import shares); the
registries here settle the actors' types and ids and the places' names and points once every
row is read, and :mod:`.write` puts the real ids in and writes the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from ...store.vocab import SCHEMA_VERSION, ActorType, Certainty, Precision
from ..batches import Batches, Problem
from ..csvstream import show
from .columns import ACLED_SOURCE, GEO_PRECISION, INTER, NO_NOTES, Ids, acled_source, normalise, unique
from .geo import Places
from .parse import Row

__all__ = ["Actors", "Builder", "event_record", "row_actors"]


_NAMED_TYPES = (("civilian", ActorType.civilians), ("protester", ActorType.protesters), ("rioter", ActorType.rioters))
_DATE_NOTES: dict[tuple[int | None, Precision], str] = {
    (2, Precision.range): "ACLED time_precision 2: the source gives only a week or a few days; "
    "read here as the seven days from ACLED's date.",
    (3, Precision.month): "ACLED time_precision 3: the source gives only a month or a longer period; "
    "read here as the month from ACLED's date.",
    (3, Precision.range): "ACLED time_precision 3: the source gives only a month or a longer period; "
    "read here as the 31 days from ACLED's date.",
}


# --------------------------------------------------------------------------- one row's event


def row_actors(r: Row) -> dict[str, str]:
    """The actors a row names (key -> its spelling there), in the order of its stand-in ids; claimants last."""
    names: dict[str, str] = {}
    for name in [r.actor1, *r.assoc1, r.actor2, *r.assoc2, *(claimant for _, claimant in r.claims.values())]:
        if name:
            names.setdefault(normalise(name), name)
    return names


def event_record(r: Row, names: dict[str, str]) -> dict[str, Any]:
    """The event a row makes, its actors (``names``: :func:`row_actors`) as stand-in ids ``a0``, ``a1``, ...
    in that order, and its place as ``p0``."""
    refs = {key: f"a{i}" for i, key in enumerate(names)}

    def ref(name: str) -> str:
        return refs[normalise(name)]

    roles = [(r.actor1, "initiator")] if r.actor1 else []
    roles += [(a, "supporter") for a in r.assoc1]
    roles += [(r.actor2, "target")] if r.actor2 else []
    roles += [(a, "target") for a in r.assoc2]
    event_certainty, event_claimant = r.claims.get("event", (Certainty.reported, None))
    kill_certainty, kill_claimant = r.claims.get("killed", (Certainty.reported, None))

    event: dict[str, Any] = {"id": r.id, "date": r.date.isoformat()}
    if r.date_end is not None:
        event["date_end"] = r.date_end.isoformat()
    event["precision"] = r.precision.value
    if (r.time_precision, r.precision) in _DATE_NOTES:
        event["date_note"] = _DATE_NOTES[r.time_precision, r.precision]
    event["kind"] = r.kind
    event["actors"] = [{"actor": a, "role": role} for a, role in unique((ref(n), role) for n, role in roles)]
    event["places"] = ["p0"] if r.has_place else []
    if r.has_place and r.geo_precision in GEO_PRECISION:
        event["place_precision"] = GEO_PRECISION[r.geo_precision]
    casualties: list[dict[str, Any]] = []
    if r.fatalities > 0 or "killed" in r.claims:  # a tag on a figure of 0 keeps it, so the export tags it again
        casualty: dict[str, Any] = {"party": None, "killed": r.fatalities, "certainty": kill_certainty.value}
        if kill_claimant is not None:
            casualty["claimed_by"] = ref(kill_claimant)
        casualty["note"] = "ACLED's fatalities figure; ACLED does not say whose dead they are."
        casualties.append(casualty)
    event["casualties"] = casualties
    event["fatalities"] = r.fatalities
    event["certainty"] = event_certainty.value
    if event_claimant is not None:
        event["claimed_by"] = ref(event_claimant)
    event["summary"] = r.notes or NO_NOTES
    event["source"] = citation(r)
    if r.other_tags:
        event["note"] = f"ACLED tags: {'; '.join(r.other_tags)}"[:20_000]
    return event


def citation(r: Row) -> dict[str, Any]:
    """A row's event's citation: the ACLED source, the row's event_id_cnty and CSV line, and its source, source_scale
    and timestamp when given."""
    given = {"reports": r.source[:20_000], "scale": r.source_scale[:500], "timestamp": r.timestamp}
    return {"source": ACLED_SOURCE, "record": r.raw_id, "line": r.line, **{k: v for k, v in given.items() if v != ""
                                                                          and v is not None}}


def _meta_for_rows(last_line: int) -> dict[str, Any]:
    return {
        "title": "ACLED rows",
        "period": {"start": "2000-01-01", "end": "2000-01-01"},
        "result": "",
        "sources": [{"id": ACLED_SOURCE, "kind": "acled", "title": "ACLED rows"}],
        "schema_version": SCHEMA_VERSION,
    }


# --------------------------------------------------------------------------- actors


@dataclass
class _Actor:
    name: str  # the first spelling met
    line: int  # the first row that names it
    spellings: list[str] = field(default_factory=list)
    inters: list[ActorType] = field(default_factory=list)  # distinct inter codes, in the order met
    primary: int | None = None  # the actor it was first listed with (as an associated actor)
    in_columns: bool = False  # named in an actor column, not only in a tag
    not_civilians: bool = False  # a target of an event ACLED does not mark as civilian targeting
    type: ActorType = ActorType.external
    note: str | None = None
    id: str = ""


class Actors:
    """One actor per name (compared as :func:`~dezzor_cli.store.vocab.normalise` does), typed once all rows are read."""

    def __init__(self) -> None:
        self.actors: list[_Actor] = []
        self._index: dict[str, int] = {}
        self._civilian_targets: list[tuple[int, ...]] = []  # the targets of events marked civilian targeting
        self._other_targets: list[tuple[int, ...]] = []  # those of events not marked so, with associated targets

    def __len__(self) -> int:
        return len(self.actors)

    def add_row(self, r: Row, names: dict[str, str]) -> list[int]:
        """Register a row's actors (``names``: :func:`row_actors`); their indices, in the order of its stand-in ids."""
        index = {key: self._see(key, name, r.line) for key, name in names.items()}
        for name, inter, assoc in ((r.actor1, r.inter1, r.assoc1), (r.actor2, r.inter2, r.assoc2)):
            primary = index[normalise(name)] if name else None
            if primary is not None:
                self._met(primary, inter, None)
            for a in assoc:
                self._met(index[normalise(a)], None, primary)
        targets = tuple(index[normalise(n)] for n in [r.actor2, *r.assoc2] if n)
        if r.civilian_targeting is False and r.assoc2:
            self._other_targets.append(targets)
        elif r.civilian_targeting and targets and r.inter2 is not ActorType.civilians:
            self._civilian_targets.append(targets)
        return list(index.values())

    def _see(self, key: str, name: str, line: int) -> int:
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self.actors)
            self.actors.append(_Actor(name, line))
        actor = self.actors[i]
        if name not in actor.spellings:
            actor.spellings.append(name)
        return i

    def _met(self, i: int, inter: ActorType | None, primary: int | None) -> None:
        actor = self.actors[i]
        actor.in_columns = True
        if inter is not None and inter not in actor.inters:
            actor.inters.append(inter)
        if primary is not None and actor.primary is None:
            actor.primary = primary

    def settle(self) -> None:
        """Type every actor, then give ids.

        An actor with inter codes takes the first one met.  One without (met only as an
        associated actor, or only in a tag) is typed so that the export gives back each
        row's ``civilian_targeting`` where it can: not Civilians when it is a target of an
        event not marked so (unless another target of it is Civilians anyway), and
        Civilians when an event marked so has no other civilian target.  Otherwise its
        name says Civilians, Protesters or Rioters, or it takes the type of the actor it
        is listed with; failing all, External/Other forces, noted as a guess.
        """
        for actor in self.actors:
            if actor.inters:
                actor.type = actor.inters[0]
                if len(actor.inters) > 1:
                    codes = ", ".join(str(INTER[t]) for t in actor.inters[1:])
                    first = INTER[actor.type]
                    actor.note = f"ACLED also gives this actor inter code {codes}; the first one met ({first}) is used."
        for targets in self._other_targets:
            if not any(self.actors[t].inters and self.actors[t].type is ActorType.civilians for t in targets):
                for t in targets:
                    self.actors[t].not_civilians = True
        for actor in self.actors:
            if not actor.inters:
                actor.type, actor.note = self._guess(actor)
        for targets in self._civilian_targets:
            if any(self.actors[t].type is ActorType.civilians for t in targets):
                continue
            pick = next((t for t in targets if not self.actors[t].inters and not self.actors[t].not_civilians), None)
            if pick is not None:
                self.actors[pick].type = ActorType.civilians
                self.actors[pick].note = (
                    f"{_untyped(self.actors[pick])}; typed Civilians because ACLED marks an event it is a target "
                    "of as civilian targeting."
                )
        ids = Ids(set(self._index))
        for key, i in self._index.items():
            self.actors[i].id = ids.take(self.actors[i].name, key, "actor")

    def _guess(self, actor: _Actor) -> tuple[ActorType, str]:
        key = normalise(actor.name)
        for stem, t in _NAMED_TYPES:
            if key.startswith(stem) and not (t is ActorType.civilians and actor.not_civilians):
                return t, f"{_untyped(actor)}; the type is read from the name."
        primary = self.actors[actor.primary] if actor.primary is not None else None
        if primary is not None and primary.inters:
            t = primary.inters[0]
            if not (t is ActorType.civilians and actor.not_civilians):
                return t, f"{_untyped(actor)}; the type is assumed from {primary.name}, the actor it is listed with."
        return ActorType.external, f"{_untyped(actor)}; the type is a guess."

    def records(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for actor in self.actors:
            record: dict[str, Any] = {"id": actor.id, "name": actor.name}
            aliases = [s for s in actor.spellings if s != actor.name]
            if aliases:
                record["aliases"] = aliases
            record["type"] = actor.type.value
            if actor.note:
                record["note"] = actor.note
            out.append(record)
        return out


def _untyped(actor: _Actor) -> str:
    if actor.in_columns:
        return "ACLED gives no inter code for associated actors"
    return "ACLED names this actor only in a tag (who claims a statement), with no inter code"


# --------------------------------------------------------------------------- the rows


@dataclass
class Builder(Batches[Row]):
    """Pass one: rows in, row problems out; actors, places and figures registered; events spooled."""

    spool: Any  # a binary file: pickled batches of :data:`Spooled` events
    actors: Actors = field(default_factory=Actors)
    places: Places = field(default_factory=Places)
    problems: list[Problem] = field(default_factory=list)
    events: int = 0
    last_line: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    countries: list[str] = field(default_factory=list)  # the first four, in the order met
    _first_line: dict[Hashable, int] = field(default_factory=dict)
    _batch: list[tuple[Row, dict[str, str], dict[str, Any]]] = field(default_factory=list)

    def _identity(self, r: Row) -> tuple[Hashable, str]:
        return r.id, f"event_id_cnty {show(r.raw_id)}"

    def _made(self, r: Row) -> tuple[dict[str, str], dict[str, Any]]:
        names = row_actors(r)
        return names, event_record(r, names)

    def _stand_in_meta(self) -> dict[str, Any]:
        return _meta_for_rows(max(r.line for r, _, _ in self._batch))

    def _register(self, r: Row, names: dict[str, str]) -> tuple[list[int], int]:
        point = (r.lat, r.lon) if r.lat is not None and r.lon is not None else None
        place = self.places.place_of(r.line, r.levels, r.location, point, r.geo_precision)
        return self.actors.add_row(r, names), -1 if place is None else place

    def _count(self, r: Row) -> None:
        self.events += 1
        self.last_line = max(self.last_line, r.line)
        end = r.date_end or r.date
        self.first_day = r.date if self.first_day is None else min(self.first_day, r.date)
        self.last_day = end if self.last_day is None else max(self.last_day, end)
        land = r.levels[0]
        if land and len(self.countries) < 4 and land not in self.countries:
            self.countries.append(land)

    def meta(self, file: str | None, sha256: str | None, retrieved: str | None = None) -> dict[str, Any]:
        if self.first_day is None or self.last_day is None:
            raise AssertionError("meta() before any event")
        where = ", ".join(self.countries) if len(self.countries) <= 3 else ""
        n = self.events
        return {
            "title": f"ACLED events ({where})" if where else "ACLED events",
            "description": f"{n} event{'s' if n != 1 else ''} imported from an ACLED CSV file.",
            "period": {"start": self.first_day.isoformat(), "end": self.last_day.isoformat()},
            "result": "",
            **({"location": where} if where else {}),
            "sources": [acled_source(file, sha256, retrieved)],
            "schema_version": SCHEMA_VERSION,
        }
