"""Cells shared by several views: dates, quantities, casualties and control in a few words."""

from __future__ import annotations

from ..query import dates
from ..query.index import Index
from ..query.quantities import Qty, given
from ..store.types import EventLike

SHORT = {"killed": "k", "injured": "inj", "arrested": "arr"}
MARK_CERTAINTY = {"reported": "", "claimed": " (claimed)", "alleged": " (alleged)"}
ALL_CERTAINTIES = "reported, claimed and alleged"


def event_date(e: EventLike) -> str:
    return dates.label(e.date, e.end, e.precision.value)


def qty_text(q: Qty | None) -> str:
    return "" if q is None else str(q)


def casualty_short(ix: Index, e: EventLike) -> str:
    parts = []
    for c in e.casualties:
        counts = [f"{q} {SHORT[name]}" for name, q in given(c)]
        who = ix.actor_short(c.party) if c.party else "unstated"
        parts.append(f"{who}: {', '.join(counts)}{MARK_CERTAINTY[c.certainty.value]}")
    return "; ".join(parts)


def control_short(ix: Index, e: EventLike) -> str:
    marks = []
    for cc in e.control_changes:
        to = ix.actor_short(cc.to) if cc.to else "?"
        marks.append(f"{ix.place_name(cc.place)} -> {to}{MARK_CERTAINTY[cc.certainty.value]}")
    return "; ".join(marks)


def certainty_text(ix: Index, certainty: str, claimed_by: str | None) -> str:
    if certainty == "claimed":
        return f"claimed by {ix.actor_name(claimed_by)}"
    return certainty


def counted_text(certainties: list[str] | None) -> str:
    return ", ".join(certainties) if certainties else ALL_CERTAINTIES
