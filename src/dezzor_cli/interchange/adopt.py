"""``update``, the registries: the actors and places an export's events name, found in the store or added to it.

The importer made the export's events with its own actor and place ids; :class:`Adopter` puts the
store's ids in their place, adding only the records the applied events need.

* An actor is the store's actor that shares a code with it (the same scheme and code, e.g.
  ``{"ucdp": "77"}``), else the one that answers to its name (the store's key: its id, name or an
  alias, compared as :func:`~dezzor_cli.store.vocab.normalise` does).  When both exist and are
  different actors, or the actor so found is of another type, or has another code in the same
  scheme, the update is refused: two different actors are never merged silently, and an update
  never retypes the store's actor.  A code the store's actor lacks is added to it.
* A place is the store's place of the same type under the same (mapped) parent whose name,
  without the qualifier the ACLED import adds (``Hajin (location 2)``), is the same, and whose
  point does not contradict the export's (both without a point, or one without, or within 1e-6
  degrees).  A place that shares its name but not its type, parent or point is a different place:
  it is added as a new record, its name qualified as the ACLED import does (``Hajin (location)``,
  ``Hajin (location 2)``).  More than one candidate is refused.  A store's place is never changed.
* A new record keeps the importer's id, made unique (``-2``, ``-3``, ...) where the store uses it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ..errors import StoreError
from ..store.vocab import normalise
from .acled.columns import acled_name, qualify

__all__ = ["Adopter"]

_NEAR = 1e-6


class Adopter:
    def __init__(self, doc: dict[str, Any], incoming: Mapping[str, Any]) -> None:
        self.doc = doc
        self.actors_in = {a["id"]: a for a in incoming.get("actors", [])}
        self.places_in = {p["id"]: p for p in incoming.get("places", [])}
        self.actor_map: dict[str, str] = {}
        self.place_map: dict[str, str] = {}
        self.new_actors: list[dict[str, Any]] = []
        self.new_places: list[dict[str, Any]] = []
        self.actor_keys = _keys(doc.get("actors", []))
        self.place_keys = _keys(doc.get("places", []))
        self.sides = {s["id"] for s in doc.get("sides", [])}

    # ------------------------------------------------------------------ events

    def event(self, event: Mapping[str, Any], source_id: str) -> dict[str, Any]:
        """A copy of an export's event citing ``source_id``, naming the store's actors and places."""
        e = copy.deepcopy(dict(event))
        for ea in e.get("actors", []):
            ea["actor"] = self.actor(ea["actor"])
        e["places"] = [self.place(p) for p in e.get("places", [])]
        if e.get("claimed_by") is not None:
            e["claimed_by"] = self.actor(e["claimed_by"])
        for c in e.get("casualties", []):
            for k in ("party", "claimed_by"):
                if c.get(k) is not None:
                    c[k] = self.actor(c[k])
        for cc in e.get("control_changes", []):
            cc["place"] = self.place(cc["place"])
            for k in ("from", "to", "claimed_by"):
                if cc.get(k) is not None:
                    cc[k] = self.actor(cc[k])
        inc = (event.get("source") or {}).get("source")
        for cite in [e["source"], *e.get("also_in", [])]:
            if cite.get("source") == inc:
                cite["source"] = source_id
        return e

    def finish(self) -> None:
        """Add the new actors and places to the store, after its own (in the order first needed)."""
        self.doc.setdefault("actors", []).extend(self.new_actors)
        self.doc.setdefault("places", []).extend(self.new_places)

    # ------------------------------------------------------------------ actors

    def actor(self, ref: str) -> str:
        if ref in self.actor_map:
            return self.actor_map[ref]
        a = self.actors_in.get(ref)
        if a is None:
            raise StoreError(f"the export's store names actor {ref!r}, which it does not have")
        by_code = self._by_code(a)
        by_name = next((self.actor_keys[k] for k in _names(a) if k in self.actor_keys), None)
        if by_code is not None and by_name is not None and by_code is not by_name:
            raise StoreError(f"the export's actor {a['name']!r} has the codes of the store's actor "
                             f"{by_code['id']!r} but the name of its actor {by_name['id']!r}; "
                             "dezzor does not merge two actors: rename or recode one in the store, then rerun")
        found = by_code if by_code is not None else by_name
        if found is None:
            mine = copy.deepcopy(dict(a))
            mine["id"] = _free(a["id"], self.actor_keys)
            mine["aliases"] = [x for x in mine.get("aliases", []) if normalise(x) not in self.actor_keys]
            if not mine["aliases"]:
                mine.pop("aliases")
            self.actor_map[ref] = mine["id"]  # before the parent, in case of a cycle
            if mine.get("parent") is not None:
                mine["parent"] = self.actor(mine["parent"])
            if mine.get("side") is not None and mine["side"] not in self.sides:
                raise StoreError(f"the export's actor {a['name']!r} is on side {mine['side']!r}, "
                                 "which the store does not have")
            self.new_actors.append(mine)
            for k in _names(mine):
                self.actor_keys.setdefault(k, mine)
            return str(mine["id"])
        if found.get("type") != a.get("type"):
            raise StoreError(f"the export's actor {a['name']!r} is of type {a.get('type')!r}, but the store's actor "
                             f"{found['id']!r} of that name is of type {found.get('type')!r}; dezzor neither merges "
                             "two actors nor retypes the store's: correct or rename the store's actor, then rerun")
        theirs = a.get("codes") or {}
        ours = found.get("codes") or {}
        clash = sorted(k for k in theirs if k in ours and ours[k] != theirs[k])
        if clash:
            raise StoreError(f"the export's actor {a['name']!r} has {clash[0]} code {theirs[clash[0]]!r}, but the "
                             f"store's actor {found['id']!r} of that name has {ours[clash[0]]!r}; "
                             "dezzor does not merge two actors: rename one in the store, then rerun")
        if any(k not in ours for k in theirs):
            found["codes"] = {**ours, **{k: v for k, v in theirs.items() if k not in ours}}
        self.actor_map[ref] = found["id"]
        return str(found["id"])

    def _by_code(self, a: Mapping[str, Any]) -> dict[str, Any] | None:
        codes = a.get("codes") or {}
        if not codes:
            return None
        for actor in [*self.doc.get("actors", []), *self.new_actors]:
            ours = actor.get("codes") or {}
            if any(ours.get(k) == v for k, v in codes.items()):
                return actor  # type: ignore[no-any-return]
        return None

    # ------------------------------------------------------------------ places

    def place(self, ref: str) -> str:
        if ref in self.place_map:
            return self.place_map[ref]
        p = self.places_in.get(ref)
        if p is None:
            raise StoreError(f"the export's store names place {ref!r}, which it does not have")
        parent = self.place(p["parent"]) if p.get("parent") is not None else None
        base = normalise(acled_name(p["name"], p["type"]))
        candidates = [
            q for q in [*self.doc.get("places", []), *self.new_places]
            if q.get("type") == p["type"] and q.get("parent") == parent
            and normalise(acled_name(q["name"], q["type"])) == base and _same_point(p, q)
        ]
        if len(candidates) > 1:
            raise StoreError(f"the export's place {p['name']!r} could be any of the store's places "
                             f"{', '.join(repr(q['id']) for q in candidates)}; dezzor will not guess")
        if candidates:
            self.place_map[ref] = candidates[0]["id"]
            return str(candidates[0]["id"])
        mine = copy.deepcopy(dict(p))
        mine["id"] = _free(p["id"], self.place_keys)
        mine["parent"] = parent
        if mine.get("initial_holder") is not None:
            mine["initial_holder"] = self.actor(mine["initial_holder"])
        plain = acled_name(p["name"], p["type"])
        names = [plain, qualify(plain, p["type"]), *(qualify(plain, p["type"], n) for n in range(2, 10_000))]
        mine["name"] = next(n for n in names if normalise(n) not in self.place_keys)
        mine["aliases"] = [x for x in mine.get("aliases", []) if normalise(x) not in self.place_keys]
        if not mine["aliases"]:
            mine.pop("aliases", None)
        if mine["parent"] is None:
            mine.pop("parent")
        self.new_places.append(mine)
        for k in _names(mine):
            self.place_keys.setdefault(k, mine)
        self.place_map[ref] = mine["id"]
        return str(mine["id"])


def _names(record: Mapping[str, Any]) -> list[str]:
    return [normalise(n) for n in [record["id"], record["name"], *record.get("aliases", [])] if normalise(n)]


def _keys(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in records:
        for k in _names(r):
            out.setdefault(k, r)
    return out


def _free(base: str, keys: Mapping[str, Any]) -> str:
    """``base``, or ``base-2``, ``base-3``, ...: the first that no record of the registry answers to."""
    if normalise(base) not in keys:
        return base
    n = 2
    while normalise(f"{base}-{n}") in keys:
        n += 1
    return f"{base}-{n}"


def _same_point(p: Mapping[str, Any], q: Mapping[str, Any]) -> bool:
    if p.get("lat") is None or q.get("lat") is None:
        return True
    return bool(abs(p["lat"] - q["lat"]) <= _NEAR and abs(p["lon"] - q["lon"]) <= _NEAR)
