"""What differs between two versions of a store, record by record and field by field.

The diff works on the stores' JSON records (:func:`dezzor_cli.store.records.record` of each loaded,
validated store), not on their text and not on any one schema version: whatever the loader reads,
the same rules apply.

- A top-level list whose items all have a distinct ``id`` (events, actors, places, sides, reported
  totals) is a list of records matched by id: a record is *added*, *removed* or *changed*.  Any
  other top-level value (``meta``) is one record without an id.
- Inside a record, objects are compared key by key and a change is named by its JSON path
  (``casualties[0].killed.max``).  A list of objects with distinct ids is matched by id
  (``sources[id=acled].version``); a list of other objects item by item, an item that only one
  side has being a change from or to null (``casualties[2]``); a list of plain values (aliases,
  places) item by item when both have as many items (``aliases[3]``), else as one value.
- Values are equal when their JSON is: ``1`` and ``1.0``, ``1`` and ``true`` differ.

The order of the records in a list (events by date) is not a difference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The record kind of each top-level list, in the singular; any other key names itself.
KINDS = {"sides": "side", "actors": "actor", "places": "place", "events": "event", "reported_totals": "reported_total"}
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Change:
    """One field of one record that differs: ``old`` and ``new`` are its JSON values (None where absent)."""

    kind: str
    id: str | None
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Whole:
    """A record that only one of the two stores has."""

    kind: str
    id: str
    record: dict[str, Any]


@dataclass
class Diff:
    added: list[Whole] = field(default_factory=list)
    removed: list[Whole] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> Diff:
    """The differences between two store documents, in the order of their top-level keys.

    Within a kind: changed and added records in the new store's order, removed ones in the old store's.
    """
    out = Diff()
    for key in _keys(old, new):
        a, b = old.get(key), new.get(key)
        kind = KINDS.get(key, key)
        ids_a, ids_b = _by_id(a), _by_id(b)
        if ids_a is None or ids_b is None:  # one record without an id (meta), or not a list of records
            if isinstance(a, dict) and isinstance(b, dict):
                out.changed += (Change(kind, None, path, x, y) for path, x, y in fields(a, b))
            elif not same(a, b):
                out.changed.append(Change(kind, None, "", a, b))
            continue
        out.removed += (Whole(kind, rid, rec) for rid, rec in ids_a.items() if rid not in ids_b)
        for rid, rec in ids_b.items():
            if rid not in ids_a:
                out.added.append(Whole(kind, rid, rec))
            else:
                out.changed += (Change(kind, rid, path, x, y) for path, x, y in fields(ids_a[rid], rec))
    return out


def fields(old: Any, new: Any, path: str = "") -> Iterable[tuple[str, Any, Any]]:
    """(path, old, new) for every leaf that differs between two JSON values."""
    if same(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in _keys(old, new):
            yield from fields(old.get(key), new.get(key), _child(path, key))
        return
    if isinstance(old, list) and isinstance(new, list):
        ids_a, ids_b = _by_id(old), _by_id(new)
        if ids_a is not None and ids_b is not None and (ids_a or ids_b):
            for rid in _keys(ids_a, ids_b):
                yield from fields(ids_a.get(rid), ids_b.get(rid), f"{path}[id={rid}]")
            return
        if len(old) == len(new) or all(isinstance(x, dict) for x in (*old, *new)):  # item by item
            for i in range(max(len(old), len(new))):
                yield from fields(old[i] if i < len(old) else None, new[i] if i < len(new) else None, f"{path}[{i}]")
            return
    yield path, old, new


def same(a: Any, b: Any) -> bool:
    """Equal as JSON: the same types and values (``1`` is neither ``1.0`` nor ``true``)."""
    return a is b or _canonical(a) == _canonical(b)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _keys(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    """``a``'s keys, then those only ``b`` has."""
    return [*a, *(k for k in b if k not in a)]


def _by_id(value: Any) -> dict[str, dict[str, Any]] | None:
    """A list of objects with distinct string ids, by id; None for anything else."""
    if not isinstance(value, list):
        return None
    out: dict[str, dict[str, Any]] = {}
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in out:
            return None
        out[item["id"]] = item
    return out


def _child(path: str, key: str) -> str:
    if not _PLAIN_KEY.match(key):
        return f"{path}[{json.dumps(key, ensure_ascii=False)}]"
    return f"{path}.{key}" if path else key
