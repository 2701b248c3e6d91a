"""The registries: actors, places (as tables or trees) and the event kinds."""

from __future__ import annotations

from collections.abc import Sequence

from ..query.index import Index
from ..query.names import Registry
from ..store.records import record
from ..store.vocab import SUB_EVENT_TYPES
from .common import join, name
from .model import Cell, Column, CsvCell, Table, Tree, TreeNode, Units, View

ACTOR_FIELDS = ["id", "name", "aliases", "type", "parent", "side", "note"]
PLACE_FIELDS = ["id", "name", "aliases", "type", "parent", "lat", "lon", "geonames_id", "initial_holder", "note"]
# The CSV columns (README, "Output"): aliases joined by "; ", names beside the ids of parents, sides and holders;
# an actor's side is the one it has or inherits from its parent.
ACTOR_CSV = ["id", "name", "short", "aliases", "type", "parent", "parent_name", "side", "side_name", "note"]
PLACE_CSV = ["id", "name", "aliases", "type", "parent", "parent_name", "lat", "lon", "geonames_id", "initial_holder",
             "initial_holder_name", "note"]


def actor_rows(ix: Index) -> list[dict[str, CsvCell]]:
    rows: list[dict[str, CsvCell]] = []
    for a in ix.store.actors:
        side = ix.side_of(a.id)
        rows.append({
            "id": a.id, "name": a.name, "short": a.short, "aliases": join(a.aliases), "type": a.type.value,
            "parent": a.parent, "parent_name": ix.actor_name(a.parent) if a.parent else None,
            "side": side, "side_name": ix.side_name(side) if side else None, "note": a.note,
        })
    return rows


def place_rows(ix: Index) -> list[dict[str, CsvCell]]:
    return [{
        "id": p.id, "name": p.name, "aliases": join(p.aliases), "type": p.type,
        "parent": p.parent, "parent_name": ix.place_name(p.parent) if p.parent else None,
        "lat": p.lat, "lon": p.lon, "geonames_id": p.geonames_id, "initial_holder": p.initial_holder,
        "initial_holder_name": ix.actor_name(p.initial_holder) if p.initial_holder else None, "note": p.note,
    } for p in ix.store.places]


def actors_view(ix: Index, tree: bool) -> View:
    rows: list[list[Cell]] = []
    for a in ix.store.actors:
        side = ix.side_of(a.id)
        rows.append([
            a.id, name(a.name), Units(tuple(a.aliases)), a.type.value,
            name(ix.actor_name(a.parent) if a.parent else ""),
            name(ix.sides.display.get(side, "") if side else ""),
        ])
    table = Table([Column("Id"), Column("Name"), Column("Aliases", ratio=2), Column("Type"), Column("Parent"),
                   Column("Side")], rows)
    return _registry("Actors", ix.actors, table if not tree else None, ix.store.actors, ACTOR_FIELDS,
                     ACTOR_CSV, actor_rows(ix))


def places_view(ix: Index, tree: bool) -> View:
    rows: list[list[Cell]] = []
    for p in ix.store.places:
        coords = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None and p.lon is not None else ""
        rows.append([
            p.id, name(p.name), Units(tuple(p.aliases)), p.type,
            name(ix.place_name(p.parent) if p.parent else ""),
            Units((coords,)) if coords else "",
            name(ix.actor_name(p.initial_holder) if p.initial_holder else ""),
        ])
    table = Table([Column("Id"), Column("Name"), Column("Aliases", ratio=2), Column("Type"), Column("Parent"),
                   Column("Coordinates"), Column("Held at start")], rows)
    return _registry("Places", ix.places, table if not tree else None, ix.store.places, PLACE_FIELDS,
                     PLACE_CSV, place_rows(ix))


def _registry(title: str, registry: Registry, table: Table | None, records: Sequence[object],
              fields: list[str], csv_fields: list[str], csv_rows: list[dict[str, CsvCell]]) -> View:
    """A registry as its table, or (``table`` None) as its hierarchy."""
    return View(
        body=table if table is not None else hierarchy(title, registry),
        title=title,
        records=[record(r) for r in records],
        fields=fields,
        empty=f"the store has no {title.lower()}",
        csv_fields=csv_fields,
        csv_rows=csv_rows,
    )


def hierarchy(title: str, registry: Registry) -> Tree:
    """The registry's records as a tree, built without recursion (a hierarchy may be thousands deep)."""
    nodes = {rid: TreeNode(name, rid) for rid, name in registry.display.items()}
    for parent, kids in registry.children.items():
        if parent in nodes:
            nodes[parent].children = [nodes[k] for k in kids]
    return Tree(title, [nodes[r] for r in registry.roots])


def kinds_view() -> View:
    records = [{"kind": k, "event_type": t} for k, t in SUB_EVENT_TYPES.items()]
    return View(
        body=Table([Column("Sub-event type"), Column("Event type")], [[r["kind"], r["event_type"]] for r in records]),
        title="Kinds",
        records=records,
        fields=["kind", "event_type"],
    )
