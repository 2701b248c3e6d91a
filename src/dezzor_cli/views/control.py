"""Control changes, and who held what on a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..query.control import Change, Holding
from ..query.index import Index
from .common import certainty_text, event_date
from .model import Column, Table, View

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


def changes_table(
    ix: Index, changes: list[Change], initial: list[str] | None = None
) -> tuple[Table, list[dict[str, Any]]]:
    rows = []
    records = []
    for pid in initial or []:
        holder = ix.place[pid].initial_holder
        rows.append(["(start)", ix.place_name(pid), "", ix.actor_name(holder), "", "initial holder"])
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
    columns = [Column("Date", no_wrap=True), Column("Place"), Column("From"), Column("To"), Column("Certainty"),
               Column("Event")]
    return Table(columns, rows), records


def changes_view(ix: Index, changes: list[Change], initial: list[str] | None = None) -> View:
    table, records = changes_table(ix, changes, initial)
    return View(
        body=table,
        title="Control changes",
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
    columns = [Column("Place"), Column("Holder"), Column("Since"), Column("Certainty"), Column("Event"),
               Column("Under way")]
    return View(
        body=Table(columns, rows),
        title=f"Control on {day.isoformat()} (end of day)",
        records=records,
        fields=STATE_FIELDS,
        caption="'(not stated)': the last holder left and the source does not say who took over; "
        "'under way': a change whose date span includes this day",
        empty="no place has a known holder on that day",
    )

