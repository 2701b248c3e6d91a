"""The registries: actors, places (as tables or trees) and the event kinds."""

from __future__ import annotations

from collections.abc import Sequence

from ..query.index import Index
from ..query.names import Registry
from ..store.records import record
from ..store.vocab import SUB_EVENT_TYPES
from .model import Column, Table, Tree, TreeNode, View

ACTOR_FIELDS = ["id", "name", "aliases", "type", "parent", "side", "note"]
PLACE_FIELDS = ["id", "name", "aliases", "type", "parent", "lat", "lon", "geonames_id", "initial_holder", "note"]


def actors_view(ix: Index, tree: bool) -> View:
    rows = []
    for a in ix.store.actors:
        side = ix.side_of(a.id)
        rows.append([
            a.id, a.name, ", ".join(a.aliases), a.type.value,
            ix.actor_name(a.parent) if a.parent else "",
            ix.sides.display.get(side, "") if side else "",
        ])
    table = Table([Column("Id"), Column("Name"), Column("Aliases", ratio=2), Column("Type"), Column("Parent"),
                   Column("Side")], rows)
    return _registry("Actors", ix.actors, table if not tree else None, ix.store.actors, ACTOR_FIELDS)


def places_view(ix: Index, tree: bool) -> View:
    rows = []
    for p in ix.store.places:
        coords = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None and p.lon is not None else ""
        rows.append([
            p.id, p.name, ", ".join(p.aliases), p.type,
            ix.place_name(p.parent) if p.parent else "",
            coords,
            ix.actor_name(p.initial_holder) if p.initial_holder else "",
        ])
    table = Table([Column("Id"), Column("Name"), Column("Aliases", ratio=2), Column("Type"), Column("Parent"),
                   Column("Coordinates"), Column("Held at start")], rows)
    return _registry("Places", ix.places, table if not tree else None, ix.store.places, PLACE_FIELDS)


def _registry(title: str, registry: Registry, table: Table | None, records: Sequence[object],
              fields: list[str]) -> View:
    """A registry as its table, or (``table`` None) as its hierarchy."""
    return View(
        body=table if table is not None else hierarchy(title, registry),
        title=title,
        records=[record(r) for r in records],
        fields=fields,
        empty=f"the store has no {title.lower()}",
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
