"""Casualty tallies and the reconciliation with reported totals."""

from __future__ import annotations

from typing import Any

from ..query.quantities import show_difference
from ..query.tally import ReconcileRow, TallyRow
from ..store.vocab import COUNT_FIELDS
from .common import counted_text, qty_text
from .model import Column, Table, View

TALLY_FIELDS = [
    "group", "killed", "killed_max", "injured", "injured_max", "arrested", "arrested_max", "certainty", "events",
]
GROUP_HEADER = {"actor": "Party", "side": "Side", "kind": "Kind", "place": "Place"}
PARTIAL_NOTE = (
    "note: {n} event(s) with casualties have an uncertain date span only partly inside the date range; "
    "their figures are counted in full (see 'dezzor timeline' with the same filters, marked ~)"
)


def tally_record(r: TallyRow) -> dict[str, Any]:
    rec: dict[str, Any] = {"group": r.group}
    for n in COUNT_FIELDS:
        q = r.counts[n]
        rec[n] = q.lo if q is not None else None
        rec[f"{n}_max"] = q.hi if q is not None else None
    rec["certainty"] = sorted(r.certainty)
    rec["events"] = len(r.events)
    return rec


def certainty_mark(values: set[str] | list[str]) -> str:
    return ", ".join(v for v in ("claimed", "alleged") if v in values)


def _cells(r: TallyRow) -> list[str]:
    return [*(qty_text(r.counts[n]) for n in COUNT_FIELDS), certainty_mark(r.certainty), str(len(r.events))]


def tally_view(by: str, rows: list[TallyRow], total: TallyRow, certainties: list[str] | None,
               partial: int = 0) -> View:
    """``partial``: how many counted events reach beyond the date window (a note says so)."""
    notes = []
    if by == "place":
        notes.append("note: an event with several places counts under each of them; the total counts it once")
    if partial:
        notes.append(PARTIAL_NOTE.format(n=partial))
    columns = [
        Column(GROUP_HEADER.get(by, by.capitalize())), Column("Killed", "right"), Column("Injured", "right"),
        Column("Arrested", "right"), Column("Includes"), Column("Events", "right"),
    ]
    return View(
        body=Table(columns, [[r.label, *_cells(r)] for r in rows], ["Total", *_cells(total)] if rows else None),
        title=f"Casualties by {by}",
        records=[tally_record(r) for r in rows],
        fields=TALLY_FIELDS,
        caption=(f"counting {counted_text(certainties)} figures; n+ = at least n, no known maximum; "
                 "blank = no figure given"),
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


def reconcile_table(rows: list[ReconcileRow]) -> Table:
    body = []
    for r in rows:
        for n in COUNT_FIELDS:
            ev, rep = r.events.counts[n], r.reported[n]
            if rep is None:  # nothing reported to compare with (the JSON still carries the events' sums)
                continue
            body.append([
                r.label, n, qty_text(ev), qty_text(rep), show_difference(r.difference(n)),
                ", ".join(r.reported_text) + f" [{', '.join(r.reported_fields)}]",
            ])
    columns = [
        Column("Group"), Column("Figure"), Column("Events", "right"), Column("Reported", "right"),
        Column("Difference", "right"), Column("Infobox"),
    ]
    return Table(columns, body)


def reconcile_view(rows: list[ReconcileRow], certainties: list[str] | None) -> View:
    return View(
        body=reconcile_table(rows),
        title="Reported totals against the events",
        records=[reconcile_record(r) for r in rows],
        fields=[*TALLY_FIELDS, "group_type", "reported", "difference"],
        caption=(
            f"events: sums of the matching events ({counted_text(certainties)} figures); "
            "difference = events - reported; blank = no figure on that side"
        ),
        empty="the store has no reported totals",
    )
