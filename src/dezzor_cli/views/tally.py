"""Casualty tallies and the reconciliation with reported totals."""

from __future__ import annotations

from typing import Any

from ..query.quantities import show_difference
from ..query.tally import Fatalities, ReconcileRow, TallyRow
from ..store.vocab import COUNT_FIELDS
from .common import COUNT_COLUMNS, count_cells, counted_text, in_order, join, name, qty_text
from .model import ALL_FORMS, BODY, CSV, RECORDS, Cell, Column, CsvCell, Table, View

TALLY_FIELDS = ["group", *COUNT_COLUMNS, "certainty", "events"]
# The CSV columns (README, "Output"): the JSON's, the group's display name beside its id, lists joined by "; ".
TALLY_CSV = ["group", "group_name", *COUNT_COLUMNS, "certainty", "events"]
RECONCILE_CSV = [
    "group", "group_type", "group_name", *COUNT_COLUMNS, "certainty", "events",
    *(f"reported_{c}" for c in COUNT_COLUMNS),
    "reported_certainty", "reported_fields", "reported_text",
    *(f"difference_{n}{m}" for n in COUNT_FIELDS for m in ("", "_max")),
]
GROUP_HEADER = {"actor": "Party", "side": "Side", "kind": "Kind", "place": "Place"}
PARTIAL_NOTE = (
    "note: {n} event(s) with casualties have an uncertain date span only partly inside the date range; "
    "their figures are counted in full (see 'dezzor timeline' with the same filters, marked ~)"
)


_COUNT_KEYS = [(n, f"{n}_max", f"{n}_best") for n in COUNT_FIELDS]


def tally_record(r: TallyRow) -> dict[str, Any]:
    rec: dict[str, Any] = {"group": r.group}
    counts = r.counts
    for n, n_max, n_best in _COUNT_KEYS:  # a tally by month has thousands of rows
        q = counts[n]
        if q is None:
            rec[n] = rec[n_max] = rec[n_best] = None  # assigned left to right: the keys stay in this order
        else:
            rec[n], rec[n_max], rec[n_best] = q.lo, q.hi, q.best
    rec["certainty"] = sorted(r.certainty)
    rec["events"] = r.n_events
    return rec


def tally_row(r: TallyRow) -> dict[str, CsvCell]:
    return {"group": r.group, "group_name": r.label, **count_cells(r.counts), "certainty": join(sorted(r.certainty)),
            "events": r.n_events}


def reconcile_row(r: ReconcileRow) -> dict[str, CsvCell]:
    """The events' sums, the reported figures and their difference (its lower and upper end: empty where that end
    is unbounded, both empty where there is nothing to compare), all as scalar cells."""
    row = tally_row(r.events)
    row["group"] = r.group
    row["group_type"] = r.group_type
    row["group_name"] = r.label
    row.update(count_cells(r.reported, "reported_"))
    row["reported_certainty"] = join(r.reported_certainty)
    row["reported_fields"] = join(r.reported_fields)
    row["reported_text"] = join(r.reported_text)
    for n in COUNT_FIELDS:
        lo, hi = r.difference(n) or (None, None)
        row[f"difference_{n}"], row[f"difference_{n}_max"] = lo, hi
    return in_order(row, RECONCILE_CSV)


def certainty_mark(values: set[str] | list[str]) -> str:
    return ", ".join(v for v in ("claimed", "alleged") if v in values)


def _cells(r: TallyRow) -> list[str]:
    return [*(qty_text(r.counts[n]) for n in COUNT_FIELDS), certainty_mark(r.certainty), str(r.n_events)]


def tally_view(by: str, rows: list[TallyRow], total: TallyRow, certainties: list[str] | None,
               partial: int = 0, forms: frozenset[str] = ALL_FORMS) -> View:
    """``partial``: how many counted events reach beyond the date window (a note says so); only the forms in
    ``forms`` are built."""
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
        body=Table(columns, [[name(r.label), *_cells(r)] for r in rows] if BODY in forms else [],
                   ["Total", *_cells(total)] if rows else None),
        title=f"Casualties by {by}",
        records=[tally_record(r) for r in rows] if RECORDS in forms else [],
        fields=TALLY_FIELDS,
        caption=(f"counting {counted_text(certainties)} figures; n+ = at least n, no known maximum; "
                 "blank = no figure given"),
        notes=notes,
        empty="no casualties in the events that matched",
        csv_fields=TALLY_CSV,
        csv_rows=[tally_row(r) for r in rows] if CSV in forms else [],
        plain_json=True,
        forms=forms,
        count=len(rows),
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
        reported[f"{n}_best"] = q.best if q is not None else None
        d = r.difference(n)
        diff[n] = None if d is None else (d[0] if d[0] == d[1] else {"min": d[0], "max": d[1]})
    reported["certainty"] = r.reported_certainty
    reported["fields"] = r.reported_fields
    reported["text"] = r.reported_text
    rec["reported"] = reported
    rec["difference"] = diff
    return rec


def reconcile_table(rows: list[ReconcileRow]) -> Table:
    body: list[list[Cell]] = []
    for r in rows:
        for n in COUNT_FIELDS:
            ev, rep = r.events.counts[n], r.reported[n]
            if rep is None:  # nothing reported to compare with (the JSON still carries the events' sums)
                continue
            body.append([
                name(r.label), n, qty_text(ev), qty_text(rep), show_difference(r.difference(n)),
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
        csv_fields=RECONCILE_CSV,
        csv_rows=[reconcile_row(r) for r in rows],
        plain_json=True,
    )


FATALITIES_FIELDS = ["events", "events_with_fatalities", "fatalities", "fatalities_max", "fatalities_best"]


def fatalities_view(f: Fatalities) -> View:
    """The selected events' own fatalities summed (``tally --fatalities``): one row."""
    q = f.total
    record: dict[str, CsvCell] = {
        "events": f.events, "events_with_fatalities": f.given, "fatalities": q.lo if q is not None else None,
        "fatalities_max": q.hi if q is not None else None, "fatalities_best": q.best if q is not None else None}
    columns = [Column("Events", "right"), Column("With a figure", "right"), Column("Fatalities", "right")]
    # "none", not a blank: a terminal's table drops a column that is blank in every row, and this one is the answer
    return View(
        body=Table(columns, [[str(f.events), str(f.given), qty_text(q) if q is not None else "none"]]),
        title="Fatalities of the events",
        records=[record],
        fields=FATALITIES_FIELDS,
        caption=("each event's own fatalities (all parties, as its source totals them), summed; events without a "
                 "figure add nothing; n+ = at least n, no known maximum; none = no event gives a figure"),
        csv_fields=FATALITIES_FIELDS,
        csv_rows=[record],
    )
