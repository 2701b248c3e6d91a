"""Control changes, and who held what on a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..query.control import Change, Holding
from ..query.index import Index
from .common import certainty_text, event_date, in_order, join, name, phrases
from .model import Cell, Column, CsvCell, Table, View

CHANGE_FIELDS = ["date", "date_end", "precision", "place", "from", "to", "event", "certainty", "claimed_by"]
# The CSV columns (README, "Output"): the JSON's, with display names beside the ids of places and holders.
CHANGE_CSV = ["date", "date_end", "precision", "place", "place_name", "from", "from_name", "to", "to_name", "event",
              "certainty", "claimed_by"]
STATE_CSV = ["place", "place_name", "holder", "holder_name", "since", "since_end", "event", "certainty",
             "pending", "pending_names", "pending_events"]


def _name(ix: Index, actor_id: str | None) -> str | None:
    return ix.actor_name(actor_id) if actor_id is not None else None


def change_row(ix: Index, rec: dict[str, Any]) -> dict[str, CsvCell]:
    """A change record (all scalars already) with the names of its place and holders."""
    return in_order({**rec, "place_name": ix.place_name(rec["place"]), "from_name": _name(ix, rec["from"]),
                     "to_name": _name(ix, rec["to"])}, CHANGE_CSV)


def state_row(ix: Index, rec: dict[str, Any]) -> dict[str, CsvCell]:
    """A holding with names, its pending changes as the new holders, their names and their events, each joined."""
    pending = rec["pending"]
    return in_order({**rec, "place_name": ix.place_name(rec["place"]), "holder_name": _name(ix, rec["holder"]),
                     "pending": join(p["to"] or "?" for p in pending),
                     "pending_names": join(ix.actor_name(p["to"]) for p in pending),
                     "pending_events": join(p["event"] for p in pending)}, STATE_CSV)


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


def changes_table(
    ix: Index, changes: list[Change], initial: list[str] | None = None
) -> tuple[Table, list[dict[str, Any]]]:
    rows: list[list[Cell]] = []
    records = []
    for pid in initial or []:
        holder = ix.place[pid].initial_holder
        rows.append(["(start)", name(ix.place_name(pid)), "", name(ix.actor_name(holder)), "", "initial holder"])
        records.append({"date": None, "date_end": None, "precision": None, "place": pid, "from": None,
                        "to": holder, "event": None, "certainty": "reported", "claimed_by": None})
    for ch in changes:
        rows.append([
            event_date(ch.event),
            name(ix.place_name(ch.place)),
            name(ix.actor_name(ch.from_)),
            name(ix.actor_name(ch.to)),
            certainty_text(ix, ch.certainty, ch.claimed_by),
            ch.event.id,
        ])
        records.append(change_record(ch))
    columns = [Column("Date", no_wrap=True), Column("Place"), Column("From"), Column("To"), Column("Certainty"),
               Column("Event", no_wrap=True)]
    return Table(columns, rows, phrases=phrases(ix)), records


def changes_view(ix: Index, changes: list[Change], initial: list[str] | None = None) -> View:
    table, records = changes_table(ix, changes, initial)
    return View(
        body=table,
        title="Control changes",
        records=records,
        fields=CHANGE_FIELDS,
        caption="a change takes effect by the end of its date span",
        empty="no control changes matched",
        csv_fields=CHANGE_CSV,
        csv_rows=[change_row(ix, r) for r in records],
    )


STATE_FIELDS = ["place", "holder", "since", "since_end", "event", "certainty", "pending"]


def state_view(ix: Index, day: dt.date, holdings: list[Holding]) -> View:
    rows: list[list[Cell]] = []
    records = []
    for h in holdings:
        since = h.since
        pending = [
            f"{ix.actor_name(p.to)} ({event_date(p.event)}, {certainty_text(ix, p.certainty, p.claimed_by)})"
            for p in h.pending
        ]
        rows.append([
            name(ix.place_name(h.place)),
            name(ix.actor_name(h.holder)),
            event_date(since.event) if since else "start of record",
            certainty_text(ix, since.certainty, since.claimed_by) if since else "",
            since.event.id if since else "",
            "; ".join(pending),  # running text: broken between words, names kept whole
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
    columns = [Column("Place"), Column("Holder"), Column("Since"), Column("Certainty"), Column("Event", no_wrap=True),
               Column("Under way")]
    return View(
        body=Table(columns, rows, phrases=phrases(ix)),
        title=f"Control on {day.isoformat()} (end of day)",
        records=records,
        fields=STATE_FIELDS,
        caption="'(not stated)': the last holder left and the source does not say who took over; "
        "'under way': a change whose date span includes this day",
        empty="no place has a known holder on that day",
        csv_fields=STATE_CSV,
        csv_rows=[state_row(ix, r) for r in records],
    )

