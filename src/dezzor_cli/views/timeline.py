"""The timeline (events in date order) and one event in full."""

from __future__ import annotations

from ..query.filters import Criteria, partly_outside
from ..query.index import Index
from ..query.quantities import given
from ..store.records import record
from ..store.types import EventLike
from .common import casualty_short, certainty_text, control_short, event_date
from .model import Column, Table, View

TIMELINE_FIELDS = [
    "id", "date", "date_end", "precision", "date_note", "kind", "actors", "places", "casualties",
    "control_changes", "certainty", "claimed_by", "summary", "source", "also_in", "note",
]


def timeline_view(ix: Index, events: list[EventLike], c: Criteria) -> View:
    rows = []
    partial = False
    for e in events:
        date = event_date(e)
        if partly_outside(e, c):
            date = "~" + date
            partial = True
        summary = e.summary + ("" if e.certainty.value == "reported" else f" [{e.certainty.value}]")
        rows.append([
            date,
            e.kind,
            ", ".join(ix.actor_short(a.actor) for a in e.actors),
            ", ".join(ix.place_name(p) for p in e.places),
            casualty_short(ix, e),
            control_short(ix, e),
            summary,
        ])
    caption_parts = [f"{len(events)} event{'s' if len(events) != 1 else ''}"]
    if partial:
        caption_parts.append("~ = an uncertain date span only partly inside the date range")
    columns = [
        Column("Date", no_wrap=True), Column("Kind"), Column("Actors"), Column("Places"),
        Column("Casualties"), Column("Control"), Column("Summary", ratio=3),
    ]
    return View(
        body=Table(columns, rows),
        title=ix.store.meta.title,
        records=[record(e) for e in events],
        fields=TIMELINE_FIELDS,
        caption="; ".join(caption_parts),
        empty="no events matched",
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
    title = ix.store.meta.source.title
    lines.append(("Source", source_text(title, e.source.section, e.source.paragraph)))
    for s in e.also_in:
        lines.append(("Also in", source_text(title, s.section, s.paragraph)))
    if e.note:
        lines.append(("Note", e.note))
    return View(
        body=Table([Column("Field"), Column("Value", ratio=1)], [[k, v] for k, v in lines]),
        title=e.id,
        document=record(e),
        fields=TIMELINE_FIELDS,
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


def source_text(title: str, section: str, paragraph: int) -> str:
    return f"{title}, section '{section}', paragraph {paragraph}"


def place_line(ix: Index, pid: str) -> str:
    """The place with the areas it lies in, nearest first, up to its country (left out: it goes without saying)."""
    chain = [ix.place_name(p) for p in ix.places.ancestors(pid) if ix.place[p].type != "country"]
    return ix.place_name(pid) + (f" ({', '.join(chain)})" if chain else "")
