"""The registries: actors, places (as tables or trees) and the event kinds."""

from __future__ import annotations

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
    columns = [Column("Id"), Column("Name"), Column("Aliases", ratio=2), Column("Type"), Column("Parent"),
               Column("Side")]
    return View(
        body=hierarchy("Actors", ix.actors) if tree else Table(columns, rows),
        title="Actors",
        records=[record(a) for a in ix.store.actors],
        fields=ACTOR_FIELDS,
        empty="the store has no actors",
    )


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
    columns = [Column("Id"), Column("Name"), Column("Aliases", ratio=2), Column("Type"), Column("Parent"),
               Column("Coordinates"), Column("Held at start")]
    return View(
        body=hierarchy("Places", ix.places) if tree else Table(columns, rows),
        title="Places",
        records=[record(p) for p in ix.store.places],
        fields=PLACE_FIELDS,
        empty="the store has no places",
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
