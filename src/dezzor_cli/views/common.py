"""Cells shared by several views: dates, quantities, casualties and control in a few words, and CSV rows."""

from __future__ import annotations

from collections.abc import Iterable

from ..query import dates
from ..query.index import Index
from ..query.quantities import Counts, Qty, add_counts, given, no_counts
from ..store.types import CasualtyLike, CitationLike, EventLike
from ..store.vocab import COUNT_FIELDS
from .model import CsvCell, Units

SHORT = {"killed": "k", "injured": "inj", "arrested": "arr"}
MARK_CERTAINTY = {"reported": "", "claimed": " (claimed)", "alleged": " (alleged)"}
ALL_CERTAINTIES = "reported, claimed and alleged"


def event_date(e: EventLike) -> str:
    return dates.label(e.date, e.end, e.precision.value)


def qty_text(q: Qty | None) -> str:
    return "" if q is None else str(q)


def casualty_units(ix: Index, e: EventLike) -> Units:
    """Each party's figures in a few words ("SDF: 2 k, 4 inj"), one unit a party."""
    parts = []
    for c in e.casualties:
        counts = [f"{q} {SHORT[name]}" for name, q in given(c)]
        who = ix.actor_short(c.party) if c.party else "unstated"
        parts.append(f"{who}: {', '.join(counts)}{MARK_CERTAINTY[c.certainty.value]}")
    return Units(tuple(parts), "; ")


def control_units(ix: Index, e: EventLike) -> Units:
    """Each change of control as "Place -> new holder", one unit a change."""
    marks = []
    for cc in e.control_changes:
        to = ix.actor_short(cc.to) if cc.to else "?"
        marks.append(f"{ix.place_name(cc.place)} -> {to}{MARK_CERTAINTY[cc.certainty.value]}")
    return Units(tuple(marks), "; ")


def casualty_short(ix: Index, e: EventLike) -> str:
    return str(casualty_units(ix, e))


def control_short(ix: Index, e: EventLike) -> str:
    return str(control_units(ix, e))


def certainty_text(ix: Index, certainty: str, claimed_by: str | None) -> str:
    if certainty == "claimed":
        return f"claimed by {ix.actor_name(claimed_by)}"
    return certainty


def counted_text(certainties: list[str] | None) -> str:
    return ", ".join(certainties) if certainties else ALL_CERTAINTIES


def phrases(ix: Index) -> dict[str, list[str]]:
    """The store's multi-word names (actors, places, sides, with short names and aliases), by first word.

    A narrow terminal wraps running text between words; these stay on one line.
    """
    found: dict[str, set[str]] = {}
    records: list[tuple[str, ...]] = [(a.name, a.short or "", *a.aliases) for a in ix.store.actors]
    records += [(p.name, *p.aliases) for p in ix.store.places]
    records += [(s.name,) for s in ix.store.sides]
    for names in records:
        for name in names:
            words = name.split()
            if len(words) > 1:
                found.setdefault(words[0], set()).add(name)
    return {first: sorted(names, key=len, reverse=True) for first, names in found.items()}


def name(text: str) -> Units:
    """A name as a cell that a narrow layout keeps on one line."""
    return Units((text,)) if text else Units(())


# --------------------------------------------------------------------------- CSV

JOIN = "; "  # between the items of a list in one CSV cell, as ACLED writes them


def in_order(row: dict[str, CsvCell], fields: list[str]) -> dict[str, CsvCell]:
    """``row`` with exactly ``fields``, in their order."""
    return {f: row.get(f) for f in fields}


def join(items: Iterable[str | None]) -> str:
    return JOIN.join("" if x is None else x for x in items)


def count_cells(counts: Counts, prefix: str = "") -> dict[str, CsvCell]:
    """killed, killed_max, killed_best, injured, ...: the lowest figure, the highest (None: no known maximum) and
    the best estimate (None unless every figure summed is exact or has one); all None when no figure is given."""
    out: dict[str, CsvCell] = {}
    for n in COUNT_FIELDS:
        q = counts[n]
        out[f"{prefix}{n}"] = q.lo if q is not None else None
        out[f"{prefix}{n}_max"] = q.hi if q is not None else None
        out[f"{prefix}{n}_best"] = q.best if q is not None else None
    return out


COUNT_COLUMNS = [f"{n}{m}" for n in COUNT_FIELDS for m in ("", "_max", "_best")]  # count_cells' keys, in order
NO_COUNTS: dict[str, CsvCell] = dict.fromkeys(COUNT_COLUMNS)


def summed(casualties: Iterable[CasualtyLike]) -> Counts:
    """The figures of ``casualties`` added up honestly (a sum with an open maximum has none)."""
    counts = no_counts()
    for c in casualties:
        add_counts(counts, c)
    return counts


def casualty_detail(ix: Index, e: EventLike) -> str:
    """Whose casualties, by id, with their figures and certainty: "sdf: 2 killed, 12+ injured; ..."."""
    parts = []
    for c in e.casualties:
        figures = ", ".join(f"{q} {name}" for name, q in given(c))
        who = c.party if c.party is not None else "(not stated)"
        parts.append(f"{who}: {figures}{_stated(c.certainty.value, c.claimed_by)}")
    return JOIN.join(parts)


def _stated(certainty: str, claimed_by: str | None) -> str:
    if certainty == "claimed":
        return f" (claimed by {claimed_by})"
    return "" if certainty == "reported" else f" ({certainty})"


def source_cell(s: CitationLike) -> str:
    """A citation in a cell: "lead, paragraph 3" for the article, else the source's id and the fields given."""
    if s.section is not None:
        where = f"{s.section}, paragraph {s.paragraph}"
        return where if s.source == "article" else f"{s.source}: {where}"
    return ", ".join([s.source, *citation_parts(s)])


def citation_parts(s: CitationLike) -> list[str]:
    """The fields of a citation other than an article's section and paragraph, as "name value" phrases."""
    parts = [f"record {s.record}"] if s.record is not None else []
    parts += [f"relid {s.relid}"] if s.relid is not None else []
    parts += [f"line {s.line}"] if s.line is not None else []
    parts += [f"reports: {s.reports}"] if s.reports else []
    parts += [f"scale: {s.scale}"] if s.scale is not None else []
    parts += [f"timestamp {s.timestamp}"] if s.timestamp is not None else []
    parts += [f"{s.number_of_sources} sources"] if s.number_of_sources is not None else []
    parts += [f"UCDP's low {s.low}"] if s.low is not None else []  # kept only when out of order with best
    parts += [f"UCDP's high {s.high}"] if s.high is not None else []
    parts += [f"note: {s.note}"] if s.note is not None else []
    return parts
