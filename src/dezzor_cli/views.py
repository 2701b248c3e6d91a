"""Turning query results into Views: the JSON contract and the human cells, side by side.

Each ``*_view`` function is pure: results in, :class:`~dezzor_cli.render.View` out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from . import dates
from .vocab import COUNT_FIELDS
from .query import (
    Change,
    Criteria,
    Holding,
    Index,
    Qty,
    ReconcileRow,
    TallyRow,
    partly_outside,
    show_difference,
)
from .render import Column, View
from .store import LoadedStore, record

if TYPE_CHECKING:
    from .model import Event

SHORT = {"killed": "k", "injured": "inj", "arrested": "arr"}
MARK_CERTAINTY = {"reported": "", "claimed": " (claimed)", "alleged": " (alleged)"}


def event_date(e: Event) -> str:
    return dates.label(e.date, e.end, e.precision.value)


def qty_text(q: Qty | None) -> str:
    return "" if q is None else str(q)


def casualty_short(ix: Index, e: Event) -> str:
    parts = []
    for c in e.casualties:
        counts = [
            f"{Qty.of(getattr(c, n))} {SHORT[n]}" for n in COUNT_FIELDS if getattr(c, n) is not None
        ]
        who = ix.actor_short(c.party) if c.party else "unstated"
        parts.append(f"{who}: {', '.join(counts)}{MARK_CERTAINTY[c.certainty.value]}")
    return "; ".join(parts)


def control_short(ix: Index, e: Event) -> str:
    if not e.control_changes:
        return ""
    marks = []
    for cc in e.control_changes:
        to = ix.actor_short(cc.to) if cc.to else "?"
        marks.append(f"{ix.place_name(cc.place)} -> {to}{MARK_CERTAINTY[cc.certainty.value]}")
    return "; ".join(marks)


# --------------------------------------------------------------------------- timeline

TIMELINE_FIELDS = [
    "id", "date", "date_end", "precision", "date_note", "kind", "actors", "places", "casualties",
    "control_changes", "certainty", "claimed_by", "summary", "source", "also_in", "note",
]


def timeline_view(loaded: LoadedStore, ix: Index, events: list[Event], c: Criteria) -> View:
    rows = []
    partial = False
    for e in events:
        date = event_date(e)
        if partly_outside(e, c):
            date = "~" + date
            partial = True
        actors = ", ".join(ix.actor_short(a.actor) for a in e.actors)
        summary = e.summary + ("" if e.certainty.value == "reported" else f" [{e.certainty.value}]")
        rows.append([
            date,
            e.kind,
            actors,
            ", ".join(ix.place_name(p) for p in e.places),
            casualty_short(ix, e),
            control_short(ix, e),
            summary,
        ])
    caption_parts = [f"{len(events)} event{'s' if len(events) != 1 else ''}"]
    if partial:
        caption_parts.append("~ = an uncertain date span only partly inside the date range")
    return View(
        title=loaded.store.meta.title,
        columns=[
            Column("Date", no_wrap=True),
            Column("Kind"),
            Column("Actors"),
            Column("Places"),
            Column("Casualties"),
            Column("Control"),
            Column("Summary", ratio=3),
        ],
        rows=rows,
        records=[record(e) for e in events],
        fields=TIMELINE_FIELDS,
        caption="; ".join(caption_parts),
        empty="no events matched",
    )


def show_view(loaded: LoadedStore, ix: Index, e: Event) -> View:
    lines: list[tuple[str, str]] = [
        ("Id", e.id),
        ("Date", event_date(e)),
    ]
    if e.date_note:
        lines.append(("Date note", e.date_note))
    lines += [
        ("Kind", f"{e.kind} ({e.event_type})"),
        ("Certainty", certainty_text(ix, e.certainty.value, e.claimed_by)),
        ("Summary", e.summary),
    ]
    for a in e.actors:
        lines.append(("Actor", f"{ix.actor_name(a.actor)} ({a.role})"))
    for p in e.places:
        lines.append(("Place", place_line(ix, p)))
    for cas in e.casualties:
        counts = ", ".join(f"{Qty.of(getattr(cas, n))} {n}" for n in COUNT_FIELDS if getattr(cas, n) is not None)
        text = f"{ix.actor_name(cas.party)}: {counts}; {certainty_text(ix, cas.certainty.value, cas.claimed_by)}"
        if cas.note:
            text += f" ({cas.note})"
        lines.append(("Casualties", text))
    for cc in e.control_changes:
        text = (
            f"{ix.place_name(cc.place)}: {ix.actor_name(cc.from_)} -> {ix.actor_name(cc.to)}; "
            f"{certainty_text(ix, cc.certainty.value, cc.claimed_by)}"
        )
        if cc.note:
            text += f" ({cc.note})"
        lines.append(("Control", text))
    for claim in claims(ix, e):
        lines.append(("Claim", claim))
    lines.append(("Source", source_text(loaded, e.source.section, e.source.paragraph)))
    for s in e.also_in:
        lines.append(("Also in", source_text(loaded, s.section, s.paragraph)))
    if e.note:
        lines.append(("Note", e.note))
    return View(
        title=e.id,
        columns=[Column("Field"), Column("Value", ratio=1)],
        rows=[[k, v] for k, v in lines],
        document=record(e),
        fields=TIMELINE_FIELDS,
    )


def certainty_text(ix: Index, certainty: str, claimed_by: str | None) -> str:
    if certainty == "claimed":
        return f"claimed by {ix.actor_name(claimed_by)}"
    return certainty


def claims(ix: Index, e: Event) -> list[str]:
    """Everything in the event the source does not state as fact."""
    out = []
    if e.certainty.value != "reported":
        out.append(f"the event as a whole: {certainty_text(ix, e.certainty.value, e.claimed_by)}")
    for cas in e.casualties:
        if cas.certainty.value != "reported":
            out.append(f"casualties of {ix.actor_name(cas.party)}: {certainty_text(ix, cas.certainty.value, cas.claimed_by)}")
    for cc in e.control_changes:
        if cc.certainty.value != "reported":
            out.append(f"control of {ix.place_name(cc.place)}: {certainty_text(ix, cc.certainty.value, cc.claimed_by)}")
    return out


def source_text(loaded: LoadedStore, section: str, paragraph: int) -> str:
    return f"{loaded.store.meta.source.title}, section '{section}', paragraph {paragraph}"


def place_line(ix: Index, pid: str) -> str:
    chain = [ix.place_name(p) for p in ix.places.ancestors(pid) if p != "syria"]
    return ix.place_name(pid) + (f" ({', '.join(chain)})" if chain else "")


# --------------------------------------------------------------------------- tally


def tally_record(r: TallyRow) -> dict[str, Any]:
    rec: dict[str, Any] = {"group": r.group}
    for n in COUNT_FIELDS:
        q = r.counts[n]
        rec[n] = q.lo if q is not None else None
        rec[f"{n}_max"] = q.hi if q is not None else None
    rec["certainty"] = sorted(r.certainty)
    rec["events"] = len(r.events)
    return rec


TALLY_FIELDS = ["group", "killed", "killed_max", "injured", "injured_max", "arrested", "arrested_max", "certainty", "events"]


def certainty_mark(values: set[str] | list[str]) -> str:
    marks = [v for v in ("claimed", "alleged") if v in values]
    return ", ".join(marks)


def tally_view(by: str, rows: list[TallyRow], total: TallyRow, certainties: list[str] | None) -> View:
    group_header = {"actor": "Party", "side": "Side", "kind": "Kind", "place": "Place"}.get(by, by.capitalize())
    body = [
        [r.label, *(qty_text(r.counts[n]) for n in COUNT_FIELDS), certainty_mark(r.certainty), str(len(r.events))]
        for r in rows
    ]
    notes = []
    if by == "place":
        notes.append("note: an event with several places counts under each of them; the total counts it once")
    counted = ", ".join(certainties) if certainties else "reported, claimed and alleged"
    return View(
        title=f"Casualties by {by}",
        columns=[
            Column(group_header),
            Column("Killed", "right"),
            Column("Injured", "right"),
            Column("Arrested", "right"),
            Column("Includes"),
            Column("Events", "right"),
        ],
        rows=body,
        footer=[
            "Total",
            *(qty_text(total.counts[n]) for n in COUNT_FIELDS),
            certainty_mark(total.certainty),
            str(len(total.events)),
        ] if rows else None,
        records=[tally_record(r) for r in rows],
        fields=TALLY_FIELDS,
        caption=f"counting {counted} figures; n+ = at least n, no known maximum; blank = no figure given",
        notes=notes,
        empty="no casualties in the events that matched",
    )


def reconcile_record(r: ReconcileRow) -> dict[str, Any]:
    rec = tally_record(r.events)
    rec["group"] = r.group
    rec["group_type"] = r.group_type
    reported: dict[str, Any] = {}
    diff: dict[str, Any] = {}
    for n in COUNT_FIELDS:
        q = r.reported[n]
        reported[n] = q.lo if q is not None else None
        reported[f"{n}_max"] = q.hi if q is not None else None
        d = r.difference(n)
        diff[n] = None if d is None else (d[0] if d[0] == d[1] else {"min": d[0], "max": d[1]})
    reported["certainty"] = r.reported_certainty
    reported["fields"] = r.reported_fields
    reported["text"] = r.reported_text
    rec["reported"] = reported
    rec["difference"] = diff
    return rec


def reconcile_view(rows: list[ReconcileRow], certainties: list[str] | None) -> View:
    body = []
    for r in rows:
        for n in COUNT_FIELDS:
            ev, rep = r.events.counts[n], r.reported[n]
            if rep is None:  # nothing reported to compare with (the JSON still carries the events' sums)
                continue
            body.append([
                r.label,
                n,
                qty_text(ev),
                qty_text(rep),
                show_difference(r.difference(n)),
                ", ".join(r.reported_text) + (f" [{', '.join(r.reported_fields)}]"),
            ])
    counted = ", ".join(certainties) if certainties else "reported, claimed and alleged"
    return View(
        title="Reported totals against the events",
        columns=[
            Column("Group"),
            Column("Figure"),
            Column("Events", "right"),
            Column("Reported", "right"),
            Column("Difference", "right"),
            Column("Infobox"),
        ],
        rows=body,
        records=[reconcile_record(r) for r in rows],
        fields=TALLY_FIELDS + ["group_type", "reported", "difference"],
        caption=(
            f"events: sums of the matching events ({counted} figures); difference = events - reported; "
            "blank = no figure on that side"
        ),
        empty="the store has no reported totals",
    )


# --------------------------------------------------------------------------- control

CHANGE_FIELDS = ["date", "date_end", "precision", "place", "from", "to", "event", "certainty", "claimed_by"]


def change_record(ch: Change) -> dict[str, Any]:
    e = ch.event
    return {
        "date": e.date.isoformat(),
        "date_end": e.end.isoformat(),
        "precision": e.precision.value,
        "place": ch.place,
        "from": ch.from_,
        "to": ch.to,
        "event": e.id,
        "certainty": ch.certainty,
        "claimed_by": ch.claimed_by,
    }


def changes_view(ix: Index, changes: list[Change], initial: list[str] | None = None) -> View:
    rows = []
    records = []
    for pid in initial or []:
        holder = ix.place[pid].initial_holder
        rows.append(["(start)", ix.place_name(pid), "", ix.actor_name(holder) if holder else "(not stated)", "", "initial holder"])
        records.append({"date": None, "date_end": None, "precision": None, "place": pid, "from": None,
                        "to": holder, "event": None, "certainty": "reported", "claimed_by": None})
    for ch in changes:
        rows.append([
            event_date(ch.event),
            ix.place_name(ch.place),
            ix.actor_name(ch.from_),
            ix.actor_name(ch.to),
            certainty_text(ix, ch.certainty, ch.claimed_by),
            ch.event.id,
        ])
        records.append(change_record(ch))
    return View(
        title="Control changes",
        columns=[Column("Date", no_wrap=True), Column("Place"), Column("From"), Column("To"), Column("Certainty"), Column("Event")],
        rows=rows,
        records=records,
        fields=CHANGE_FIELDS,
        caption="a change takes effect by the end of its date span",
        empty="no control changes matched",
    )


STATE_FIELDS = ["place", "holder", "since", "since_end", "event", "certainty", "pending"]


def state_view(ix: Index, day: dt.date, holdings: list[Holding]) -> View:
    rows = []
    records = []
    for h in holdings:
        since = h.since
        pending = [
            f"{ix.actor_name(p.to)} ({event_date(p.event)}, {certainty_text(ix, p.certainty, p.claimed_by)})"
            for p in h.pending
        ]
        rows.append([
            ix.place_name(h.place),
            ix.actor_name(h.holder),
            event_date(since.event) if since else "start of record",
            certainty_text(ix, since.certainty, since.claimed_by) if since else "",
            since.event.id if since else "",
            "; ".join(pending),
        ])
        records.append({
            "place": h.place,
            "holder": h.holder,
            "since": since.event.date.isoformat() if since else None,
            "since_end": since.event.end.isoformat() if since else None,
            "event": since.event.id if since else None,
            "certainty": since.certainty if since else "reported",
            "pending": [{"to": p.to, "event": p.event.id, "date": p.event.date.isoformat(),
                         "date_end": p.event.end.isoformat(), "certainty": p.certainty} for p in h.pending],
        })
    return View(
        title=f"Control on {day.isoformat()} (end of day)",
        columns=[Column("Place"), Column("Holder"), Column("Since"), Column("Certainty"), Column("Event"), Column("Under way")],
        rows=rows,
        records=records,
        fields=STATE_FIELDS,
        caption="'(not stated)': the last holder left and the source does not say who took over; "
        "'under way': a change whose date span includes this day",
        empty="no place has a known holder on that day",
    )


# --------------------------------------------------------------------------- registries

ACTOR_FIELDS = ["id", "name", "aliases", "type", "parent", "side", "note"]
PLACE_FIELDS = ["id", "name", "aliases", "type", "parent", "lat", "lon", "geonames_id", "initial_holder", "note"]


def actors_view(loaded: LoadedStore, ix: Index, tree: bool) -> View:
    rows = []
    for a in loaded.store.actors:
        side = ix.side_of(a.id)
        rows.append([
            a.id, a.name, ", ".join(a.aliases), a.type.value,
            ix.actor_name(a.parent) if a.parent else "",
            ix.sides.display.get(side, "") if side else "",
        ])
    view = View(
        title="Actors",
        columns=[Column("Id"), Column("Name"), Column("Aliases", ratio=2), Column("Type"), Column("Parent"), Column("Side")],
        rows=rows,
        records=[record(a) for a in loaded.store.actors],
        fields=ACTOR_FIELDS,
        empty="the store has no actors",
    )
    if tree:
        view.rich = lambda fancy: _tree("Actors", ix.actors.parent, lambda i: f"{ix.actor_name(i)} [{i}]", fancy)
        view.markdown = lambda: _markdown_tree(ix.actors.parent, lambda i: f"{ix.actor_name(i)} ({i})")
    return view


def places_view(loaded: LoadedStore, ix: Index, tree: bool) -> View:
    rows = []
    for p in loaded.store.places:
        coords = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None and p.lon is not None else ""
        rows.append([
            p.id, p.name, ", ".join(p.aliases), p.type,
            ix.place_name(p.parent) if p.parent else "",
            coords,
            ix.actor_name(p.initial_holder) if p.initial_holder else "",
        ])
    view = View(
        title="Places",
        columns=[Column("Id"), Column("Name"), Column("Aliases", ratio=2), Column("Type"), Column("Parent"),
                 Column("Coordinates"), Column("Held at start")],
        rows=rows,
        records=[record(p) for p in loaded.store.places],
        fields=PLACE_FIELDS,
        empty="the store has no places",
    )
    if tree:
        view.rich = lambda fancy: _tree("Places", ix.places.parent, lambda i: f"{ix.place_name(i)} [{i}]", fancy)
        view.markdown = lambda: _markdown_tree(ix.places.parent, lambda i: f"{ix.place_name(i)} ({i})")
    return view


def _children(parent: dict[str, str | None]) -> tuple[list[str], dict[str, list[str]]]:
    kids: dict[str, list[str]] = {}
    roots = []
    for child, par in parent.items():
        if par is None or par not in parent:
            roots.append(child)
        else:
            kids.setdefault(par, []).append(child)
    return roots, kids


def _tree(title: str, parent: dict[str, str | None], name: Any, fancy: bool = True) -> Any:
    from rich.text import Text
    from rich.tree import Tree

    from .render.text import safe

    roots, kids = _children(dict(parent))
    if not fancy:  # piped: plain indentation, no box-drawing guides
        lines: list[str] = []

        def indent(rid: str, depth: int) -> None:
            lines.append("  " * depth + safe(name(rid)))
            for k in kids.get(rid, []):
                indent(k, depth + 1)

        for r in roots:
            indent(r, 0)
        return Text("\n".join(lines))
    top = Tree(Text(title))

    def add(node: Any, rid: str) -> None:
        branch = node.add(Text(safe(name(rid))))
        for k in kids.get(rid, []):
            add(branch, k)

    for r in roots:
        add(top, r)
    return top


def _markdown_tree(parent: dict[str, str | None], name: Any) -> str:
    from .render.text import markdown_cell

    roots, kids = _children(dict(parent))
    lines: list[str] = []

    def add(rid: str, depth: int) -> None:
        lines.append("  " * depth + "- " + markdown_cell(name(rid)))
        for k in kids.get(rid, []):
            add(k, depth + 1)

    for r in roots:
        add(r, 0)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- summary


def summary_document(
    loaded: LoadedStore, ix: Index, events: list[Event], rec: list[ReconcileRow], changes: list[Change]
) -> dict[str, Any]:
    meta = loaded.store.meta
    sides = []
    for s in loaded.store.sides:
        members = [a for a in loaded.store.actors if a.side == s.id]
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
    first, last = (events[0], events[-1]) if events else (None, None)
    return {
        "title": meta.title,
        "period": {"start": meta.period.start.isoformat(), "end": meta.period.end.isoformat()},
        "record": (
            {"start": events[0].date.isoformat(), "end": max(e.end for e in events).isoformat()} if events else None
        ),
        "result": meta.result,
        "territory": meta.territory,
        "sides": sides,
        "events": len(events),
        "events_by_type": dict(sorted(by_type.items())),
        "casualties": [reconcile_record(r) for r in rec],
        "control_changes": [change_record(ch) for ch in changes],
        "first_event": first.id if first else None,
        "last_event": last.id if last else None,
    }


def summary_view(
    loaded: LoadedStore, ix: Index, events: list[Event], rec: list[ReconcileRow], changes: list[Change]
) -> View:
    doc = summary_document(loaded, ix, events, rec, changes)
    sections = _summary_sections(loaded, ix, events, rec, changes, doc)

    def rich(fancy: bool) -> Any:
        from rich.console import Group
        from rich.text import Text

        from .render.table import build_table
        from .render.text import safe

        parts: list[Any] = []
        for heading, view in sections:
            parts.append(Text(safe(heading), style="bold"))
            if view.rows:
                parts.append(build_table(view, fancy=fancy))
            parts.append(Text(""))
        return Group(*parts)

    def markdown() -> str:
        from .render.markdown import table
        from .render.text import markdown_cell

        out = [f"# {markdown_cell(doc['title'])}\n"]
        for heading, view in sections:
            out.append(f"## {markdown_cell(heading)}\n")
            if view.rows:
                out.append(table([c.header for c in view.columns], view.rows))
        return "\n".join(out)

    return View(title=doc["title"], document=doc, rich=rich, markdown=markdown)


def _summary_sections(
    loaded: LoadedStore,
    ix: Index,
    events: list[Event],
    rec: list[ReconcileRow],
    changes: list[Change],
    doc: dict[str, Any],
) -> list[tuple[str, View]]:
    meta = loaded.store.meta
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
    sides_rows = []
    for s in loaded.store.sides:
        supporters = {sup.actor for sup in s.supporters}
        members = [a for a in loaded.store.actors if a.side == s.id and a.id not in supporters]
        for a in members:
            units = sorted(ix.actor_name(u) for u in ix.actors.descendants(a.id) - {a.id})
            sides_rows.append([s.name, ix.actor_name(a.id), ", ".join(units)])
        for sup in s.supporters:
            who = ix.actor_name(sup.actor) if sup.actor else "(name not given)"
            until = f" until {sup.until.isoformat()}" if sup.until else ""
            sides_rows.append([s.name, f"supporter: {who}{until}", sup.note or ""])
    rv = reconcile_view(rec, None)
    return [
        ("Overview", View(columns=[Column("Item"), Column("Value", ratio=1)], rows=overview)),
        ("Belligerents", View(columns=[Column("Side"), Column("Actor"), Column("Units or note", ratio=1)], rows=sides_rows)),
        ("Casualties: events against reported totals", rv),
        ("Control changes", changes_view(ix, changes)),
    ]
