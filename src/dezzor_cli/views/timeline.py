"""The timeline (events in date order) and one event in full."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..query.filters import Criteria, in_range, partly_outside
from ..query.index import Index
from ..query.quantities import Qty, given
from ..store.records import record
from ..store.types import CitationLike, EventLike
from .common import (
    COUNT_COLUMNS,
    JOIN,
    NO_COUNTS,
    casualty_detail,
    casualty_units,
    certainty_text,
    citation_parts,
    control_units,
    count_cells,
    event_date,
    phrases,
    source_cell,
    summed,
)
from .model import Cell, Column, CsvCell, Table, Units, View

TIMELINE_FIELDS = [
    "id", "date", "date_end", "precision", "date_note", "kind", "actors", "places", "casualties",
    "control_changes", "certainty", "claimed_by", "summary", "source", "also_in", "note", "in_range",
]
# The CSV of timeline and show: one event a row, scalar cells only (README, "Output").
TIMELINE_CSV = [
    "id", "date", "date_end", "precision", "date_note", "in_range", "kind", "event_type",
    "actors", "actor_roles", "actor_names", "places", "place_names",
    *COUNT_COLUMNS, "casualties",
    "control", "control_names", "certainty", "claimed_by", "summary", "source", "also_in", "note",
]


def timeline_record(e: EventLike, c: Criteria) -> dict[str, Any]:
    """The event as the store has it, every field present, and where it lies against the date range."""
    rec = record(e)
    rec["in_range"] = in_range(e, c)
    return rec


def timeline_row(ix: Index, e: EventLike, where: str | None) -> dict[str, CsvCell]:
    """The event as one CSV row: ids and names joined by "; ", casualties summed over its parties.

    Built for every event of every timeline, so written for speed: lists joined directly, and the
    casualty and control cells only worked out for the events that have any.
    """
    actors = [a.actor for a in e.actors]
    actor_names, place_names = ix.actors.display, ix.places.display
    casualties, changes = e.casualties, e.control_changes
    row: dict[str, CsvCell] = {
        "id": e.id,
        "date": e.date.isoformat(),
        "date_end": e.end.isoformat(),
        "precision": e.precision.value,
        "date_note": e.date_note,
        "in_range": where,
        "kind": e.kind,
        "event_type": e.event_type,
        "actors": JOIN.join(actors),
        "actor_roles": JOIN.join([a.role for a in e.actors]),
        "actor_names": JOIN.join([actor_names.get(a, a) for a in actors]),
        "places": JOIN.join(e.places),
        "place_names": JOIN.join([place_names.get(p, p) for p in e.places]),
    }
    row.update(count_cells(summed(casualties)) if casualties else NO_COUNTS)
    row["casualties"] = casualty_detail(ix, e) if casualties else ""
    row["control"] = JOIN.join([f"{cc.place}: {cc.from_ or '?'} -> {cc.to or '?'}" for cc in changes])
    row["control_names"] = JOIN.join([
        f"{ix.place_name(cc.place)}: {ix.actor_name(cc.from_)} -> {ix.actor_name(cc.to)}" for cc in changes])
    row["certainty"] = e.certainty.value
    row["claimed_by"] = e.claimed_by
    row["summary"] = e.summary
    row["source"] = source_cell(e.source)
    row["also_in"] = JOIN.join([source_cell(x) for x in e.also_in])
    row["note"] = e.note
    return row


def timeline_view(ix: Index, events: Sequence[EventLike], c: Criteria) -> View:
    rows: list[list[Cell]] = []
    partial = False
    names = phrases(ix)
    for e in events:
        date = event_date(e)
        if partly_outside(e, c):
            date = "~" + date
            partial = True
        summary = e.summary + ("" if e.certainty.value == "reported" else f" [{e.certainty.value}]")
        rows.append([
            date,
            e.kind,
            Units(tuple(ix.actor_short(a.actor) for a in e.actors)),
            Units(tuple(ix.place_name(p) for p in e.places)),
            casualty_units(ix, e),
            control_units(ix, e),
            summary,
            e.id,
        ])
    caption_parts = [f"{len(events)} event{'s' if len(events) != 1 else ''}"]
    if partial:
        caption_parts.append("~ = an uncertain date span only partly inside the date range")
    columns = [  # the roles make the stacked layout of a narrow terminal read like `git log`
        Column("Date", no_wrap=True, role="head"), Column("Kind", role="head"), Column("Actors", role="detail"),
        Column("Places", role="detail"), Column("Casualties", role="detail"), Column("Control", role="detail"),
        Column("Summary", ratio=3, role="text"), Column("Id", no_wrap=True, role="id"),
    ]
    return View(
        body=Table(columns, rows, phrases=names),
        title=ix.store.meta.title,
        records=[timeline_record(e, c) for e in events],
        fields=TIMELINE_FIELDS,
        caption="; ".join(caption_parts),
        empty="no events matched",
        csv_fields=TIMELINE_CSV,
        csv_rows=[timeline_row(ix, e, in_range(e, c)) for e in events],
    )


def show_view(ix: Index, e: EventLike) -> View:
    lines: list[tuple[str, str]] = [("Id", e.id), ("Date", event_date(e))]
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
    if e.place_precision is not None:
        lines.append(("Place precision", e.place_precision.value))
    if e.fatalities is not None:
        lines.append(("Fatalities", f"{Qty.of(e.fatalities)} (all parties, as the source totals them)"))
    for cas in e.casualties:
        counts = ", ".join(f"{q} {name}" for name, q in given(cas))
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
    titles = {s.id: s.title for s in reversed(ix.store.meta.sources)}
    lines.append(("Source", source_text(titles, e.source)))
    for s in e.also_in:
        lines.append(("Also in", source_text(titles, s)))
    if e.note:
        lines.append(("Note", e.note))
    return View(
        body=Table([Column("Field", role="head"), Column("Value", ratio=1, role="text")], [[k, v] for k, v in lines],
                   phrases=phrases(ix)),
        title=e.id,
        document=record(e),
        fields=TIMELINE_FIELDS[:-1],  # one event, no date range: no in_range
        csv_fields=TIMELINE_CSV,
        csv_rows=[timeline_row(ix, e, None)],
    )


def claims(ix: Index, e: EventLike) -> list[str]:
    """Everything in the event the source does not state as fact."""
    out = []
    if e.certainty.value != "reported":
        out.append(f"the event as a whole: {certainty_text(ix, e.certainty.value, e.claimed_by)}")
    for cas in e.casualties:
        if cas.certainty.value != "reported":
            claim = certainty_text(ix, cas.certainty.value, cas.claimed_by)
            out.append(f"casualties of {ix.actor_name(cas.party)}: {claim}")
    for cc in e.control_changes:
        if cc.certainty.value != "reported":
            out.append(f"control of {ix.place_name(cc.place)}: {certainty_text(ix, cc.certainty.value, cc.claimed_by)}")
    return out


def source_text(titles: dict[str, str], s: CitationLike) -> str:
    """A citation in words: the source's title, then where in it."""
    title = titles.get(s.source, s.source)
    if s.section is not None:
        return f"{title}, section '{s.section}', paragraph {s.paragraph}"
    return ", ".join([title, *citation_parts(s)])


def place_line(ix: Index, pid: str) -> str:
    """The place with the areas it lies in, nearest first, up to its country (left out: it goes without saying)."""
    chain = [ix.place_name(p) for p in ix.places.ancestors(pid) if ix.place[p].type != "country"]
    return ix.place_name(pid) + (f" ({', '.join(chain)})" if chain else "")

