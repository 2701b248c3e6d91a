"""The overview: period, result, belligerents, event and casualty totals, control changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..query.control import Change
from ..query.index import Index
from ..query.tally import ReconcileRow
from ..store.types import EventLike
from .common import event_date, name, phrases
from .control import change_record, changes_table
from .model import Cell, Column, Sections, Table, Units, View
from .tally import reconcile_record, reconcile_table


def summary_document(
    ix: Index, events: Sequence[EventLike], rec: list[ReconcileRow], changes: list[Change]
) -> dict[str, Any]:
    store = ix.store
    meta = store.meta
    sides = []
    for s in store.sides:
        members = [a for a in store.actors if a.side == s.id]
        sides.append({
            "id": s.id,
            "name": s.name,
            "actors": [{"id": a.id, "units": sorted(ix.actors.descendants(a.id) - {a.id})} for a in members],
            "supporters": [
                {"actor": sup.actor, "until": sup.until.isoformat() if sup.until else None, "note": sup.note}
                for sup in s.supporters
            ],
        })
    by_type = Counter(e.event_type for e in events)
    return {
        "title": meta.title,
        "period": {"start": meta.period.start.isoformat(), "end": meta.period.end.isoformat()},
        "record": (
            {"start": events[0].date.isoformat(), "end": max(e.end for e in events).isoformat()} if events else None
        ),
        "result": meta.result,
        "territory": list(meta.territory),
        "sides": sides,
        "events": len(events),
        "events_by_type": dict(sorted(by_type.items())),
        "casualties": [reconcile_record(r) for r in rec],
        "control_changes": [change_record(ch) for ch in changes],
        "first_event": events[0].id if events else None,
        "last_event": events[-1].id if events else None,
    }


def summary_view(ix: Index, events: Sequence[EventLike], rec: list[ReconcileRow], changes: list[Change]) -> View:
    doc = summary_document(ix, events, rec, changes)
    return View(body=Sections(doc["title"], _sections(ix, events, rec, changes, doc)), title=doc["title"],
                document=doc)


def _sections(
    ix: Index, events: Sequence[EventLike], rec: list[ReconcileRow], changes: list[Change], doc: dict[str, Any]
) -> list[tuple[str, Table]]:
    store = ix.store
    meta = store.meta
    overview = [
        ["Period", f"{meta.period.start.isoformat()} to {meta.period.end.isoformat()}"],
        ["Record", f"{doc['record']['start']} to {doc['record']['end']}" if doc["record"] else "no events"],
        ["Result", meta.result],
        *[["Territory", t] for t in meta.territory],
        ["Location", meta.location or ""],
        ["Events", f"{len(events)} (" + ", ".join(f"{k}: {v}" for k, v in doc["events_by_type"].items()) + ")"],
        ["Control changes", str(len(changes))],
    ]
    if events:
        overview.append(["First event", f"{event_date(events[0])}: {events[0].summary}"])
        overview.append(["Last event", f"{event_date(events[-1])}: {events[-1].summary}"])
    sides_rows: list[list[Cell]] = []
    for s in store.sides:
        supporters = {sup.actor for sup in s.supporters}
        for a in store.actors:
            if a.side == s.id and a.id not in supporters:
                units = sorted(ix.actor_name(u) for u in ix.actors.descendants(a.id) - {a.id})
                sides_rows.append([name(s.name), name(ix.actor_name(a.id)), Units(tuple(units))])
        for sup in s.supporters:
            who = ix.actor_name(sup.actor) if sup.actor else "(name not given)"
            until = f" until {sup.until.isoformat()}" if sup.until else ""
            sides_rows.append([name(s.name), f"supporter: {who}{until}", sup.note or ""])
    return [
        ("Overview", Table([Column("Item", role="head"), Column("Value", ratio=1, role="text")], overview,
                           phrases=phrases(ix))),
        ("Belligerents", Table([Column("Side"), Column("Actor"), Column("Units or note", ratio=1)], sides_rows,
                               phrases=phrases(ix))),
        ("Casualties: events against reported totals", reconcile_table(rec)),
        ("Control changes", changes_table(ix, changes)[0]),
    ]
