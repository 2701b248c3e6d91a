"""The differences between two versions of a store, as a view.

JSON is one object, ``{"added": [{"kind", "id", "record"}], "removed": [...], "changed": [{"kind", "id",
"field", "old", "new"}]}``; JSON Lines, CSV, Markdown and the table have one row a difference, under
``change, kind, id, field, old, new`` (an added record's ``new`` is the whole record, a removed one's
``old``).
"""

from __future__ import annotations

import json
from typing import Any

from ..query.diff import Diff, Whole
from .model import Cell, Column, Table, View

FIELDS = ["change", "kind", "id", "field", "old", "new"]
DESCRIBE = ("name", "summary", "text")  # the first of these a record has describes it in the table
CLIP = 100


def diff_view(d: Diff, old: str, new: str) -> View:
    added = [_whole(w) for w in d.added]
    removed = [_whole(w) for w in d.removed]
    changed = [{"kind": c.kind, "id": c.id, "field": c.field, "old": c.old, "new": c.new} for c in d.changed]
    records = (
        [{"change": "added", "kind": w.kind, "id": w.id, "field": None, "old": None, "new": w.record} for w in d.added]
        + [{"change": "removed", "kind": w.kind, "id": w.id, "field": None, "old": w.record, "new": None}
           for w in d.removed]
        + [{"change": "changed", **c} for c in changed]
    )
    rows: list[list[Cell]] = []
    for r in records:
        if r["change"] == "changed":
            rows.append(["changed", r["kind"], r["id"] or "", r["field"], _value(r["old"]), _value(r["new"])])
        else:
            whole = r["new"] if r["change"] == "added" else r["old"]
            text = _describe(whole)
            rows.append([r["change"], r["kind"], r["id"], "", text if r["change"] == "removed" else "",
                         text if r["change"] == "added" else ""])
    columns = [Column("Change", no_wrap=True, role="head"), Column("Kind", no_wrap=True, role="head"),
               Column("Id", no_wrap=True, role="id"), Column("Field"), Column("Old", ratio=1), Column("New", ratio=1)]
    return View(
        body=Table(columns, rows),
        title=f"Differences from {old} to {new}",
        records=records,
        fields=FIELDS,
        document={"added": added, "removed": removed, "changed": changed},
        rows_apart=True,
        notes=[] if d.identical else [count_note(d)],
        empty=f"no differences: {old} and {new} hold the same records",
    )


def count_note(d: Diff) -> str:
    records = len({(c.kind, c.id) for c in d.changed})
    fields = len(d.changed)
    return (f"{len(d.added)} added, {len(d.removed)} removed, {fields} changed field{'s' if fields != 1 else ''} "
            f"in {records} record{'s' if records != 1 else ''}")


def _whole(w: Whole) -> dict[str, Any]:
    return {"kind": w.kind, "id": w.id, "record": w.record}


def _value(value: Any) -> str:
    """A value for the table: text as it is, anything else as JSON (null where the field is absent)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _describe(record: dict[str, Any]) -> str:
    text = next((record[k] for k in DESCRIBE if isinstance(record.get(k), str)), None)
    if text is None:
        text = json.dumps(record, ensure_ascii=False)
    return text if len(text) <= CLIP else text[: CLIP - 3] + "..."
