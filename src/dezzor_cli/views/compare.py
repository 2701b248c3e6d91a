"""Two stores' events side by side: matched pairs with their reasons and differing figures, and the rest.

JSON is one object, ``{"matched": [{"a", "b", "score", "reasons", "differences": [{"field", "a", "b"}]}],
"only_a": [ids], "only_b": [ids]}``; JSON Lines and CSV have one row a pair or unmatched event, with its
``status`` (``matched``, ``only_a``, ``only_b``).
"""

from __future__ import annotations

from typing import Any

from ..query.compare import Comparison, Difference, Pair
from ..store.types import EventLike
from .common import event_date, join
from .model import Cell, Column, CsvCell, Sections, Table, View

HYPOTHESIS = ("a matched pair is a hypothesis for a person to check: it rests on dates, places and actors, "
              "not on what the sources say happened")
CSV_FIELDS = ["status", "a", "b", "score", "a_date", "b_date", "reasons", "differences"]


def compare_view(c: Comparison, a: str, b: str, min_score: int) -> View:
    records: list[dict[str, Any]] = [_pair_record(p) for p in c.matched]
    records += [_alone("only_a", e.id, None) for e in c.only_a]
    records += [_alone("only_b", None, e.id) for e in c.only_b]
    csv_rows = [_pair_row(p) for p in c.matched]
    csv_rows += [_alone_row("only_a", e, None) for e in c.only_a]
    csv_rows += [_alone_row("only_b", None, e) for e in c.only_b]
    sections = [
        ("Matched pairs (each a hypothesis to check)", _pairs_table(c.matched)),
        (f"Only in A ({a})", _events_table(c.only_a)),
        (f"Only in B ({b})", _events_table(c.only_b)),
    ]
    notes = [f"{len(c.matched)} matched, {len(c.only_a)} only in A, {len(c.only_b)} only in B "
             f"(pairs scoring at least {min_score})"]
    if c.matched:
        notes.append(f"note: {HYPOTHESIS}")
    return View(
        body=Sections(f"{a} (A) compared with {b} (B)", [(h, t) for h, t in sections if t.rows]),
        title=f"{a} (A) compared with {b} (B)",
        records=records,
        document={"matched": [_pair_json(p) for p in c.matched], "only_a": [e.id for e in c.only_a],
                  "only_b": [e.id for e in c.only_b]},
        rows_apart=True,
        csv_fields=CSV_FIELDS,
        csv_rows=csv_rows,
        notes=notes,
        empty="no events to compare: neither store has any (in the dates asked for)",
    )


def _difference_json(d: Difference) -> dict[str, Any]:
    return {"field": d.field, "a": d.a, "b": d.b}


def _difference_text(d: Difference) -> str:
    return f"{d.field}: {d.a_text} (A) / {d.b_text} (B)"


def _pair_json(p: Pair) -> dict[str, Any]:
    return {"a": p.a.id, "b": p.b.id, "score": p.score, "reasons": list(p.reasons),
            "differences": [_difference_json(d) for d in p.differences]}


def _pair_record(p: Pair) -> dict[str, Any]:
    return {"status": "matched", **_pair_json(p)}


def _alone(status: str, a: str | None, b: str | None) -> dict[str, Any]:
    return {"status": status, "a": a, "b": b, "score": None, "reasons": [], "differences": []}


def _pair_row(p: Pair) -> dict[str, CsvCell]:
    return {"status": "matched", "a": p.a.id, "b": p.b.id, "score": p.score, "a_date": event_date(p.a),
            "b_date": event_date(p.b), "reasons": join(p.reasons),
            "differences": join(_difference_text(d) for d in p.differences)}


def _alone_row(status: str, a: EventLike | None, b: EventLike | None) -> dict[str, CsvCell]:
    return {"status": status, "a": a.id if a else None, "b": b.id if b else None, "score": None,
            "a_date": event_date(a) if a else None, "b_date": event_date(b) if b else None,
            "reasons": None, "differences": None}


def _pairs_table(pairs: list[Pair]) -> Table:
    rows: list[list[Cell]] = [
        [str(p.score), event_date(p.a), p.a.id, event_date(p.b), p.b.id, join(p.reasons),
         join(_difference_text(d) for d in p.differences)]
        for p in pairs
    ]
    columns = [Column("Score", justify="right", no_wrap=True, role="head"), Column("A date", no_wrap=True, role="head"),
               Column("A event", no_wrap=True, role="id"), Column("B date", no_wrap=True),
               Column("B event", no_wrap=True), Column("Reasons", ratio=2), Column("Differences", ratio=1)]
    return Table(columns, rows)


def _events_table(events: list[EventLike]) -> Table:
    rows: list[list[Cell]] = [[event_date(e), e.kind, e.id, e.summary] for e in events]
    columns = [Column("Date", no_wrap=True, role="head"), Column("Kind", role="head"),
               Column("Event", no_wrap=True, role="id"), Column("Summary", ratio=1, role="text")]
    return Table(columns, rows)
