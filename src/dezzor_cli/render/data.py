"""Machine-readable output: JSON, JSON Lines and CSV, all to the given stream."""

from __future__ import annotations

import csv
import json
import re
import sys
from typing import IO, Any

from . import View
from .text import INVISIBLE, safe, spreadsheet_cell


def dumps(obj: Any, indent: int | None, out: IO[str] | None = None) -> str:
    # Names stay readable where the stream is UTF-8; elsewhere \u escapes keep the JSON valid.
    # json escapes every control character itself, so nothing in a string can act on a terminal.
    encoding = getattr(out, "encoding", None) if out is not None else None
    utf8 = (encoding or "utf-8").lower().replace("-", "") in ("utf8", "utf8sig")
    text = json.dumps(obj, ensure_ascii=not utf8, indent=indent, separators=None if indent else (",", ":"))
    # json leaves DEL, C1 controls and bidi/invisible formatting characters raw; escape them too
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_INVISIBLE = re.compile(f"[{INVISIBLE}]")  # json already escapes C0 controls


def _notes(view: View) -> None:
    for note in view.notes:
        sys.stderr.write(safe(note) + "\n")


def render_json(view: View, out: IO[str], options: dict[str, Any]) -> None:
    payload = view.document if view.document is not None else view.records
    out.write(dumps(payload, 2, out) + "\n")
    if view.document is None and not view.records:
        sys.stderr.write(safe(view.empty) + "\n")
    _notes(view)


def render_jsonl(view: View, out: IO[str], options: dict[str, Any]) -> None:
    items = [view.document] if view.document is not None else view.records
    for item in items:
        out.write(dumps(item, None, out) + "\n")
    if not items:
        sys.stderr.write(safe(view.empty) + "\n")
    _notes(view)


def csv_value(value: Any, raw: bool) -> Any:
    """A CSV cell: numbers stay numbers, nested values become compact JSON.

    Text is made harmless unless ``raw``: control characters become visible
    escapes and a cell a spreadsheet would run as a formula gets a leading
    apostrophe (OWASP's rule).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value if raw else spreadsheet_cell(safe(value))


def _quoted(cell: Any) -> str:
    if isinstance(cell, str):
        return '"' + cell.replace('"', '""') + '"'
    return str(cell)


def render_csv(view: View, out: IO[str], options: dict[str, Any]) -> None:
    raw = bool(options.get("raw"))
    records = [view.document] if view.document is not None else view.records
    fields = view.fields or (list(records[0]) if records else [])
    # QUOTE_MINIMAL quotes only what is in the line terminator, so a lone CR in a --raw cell would
    # split the record for readers that take CR as a line end: quote such cells ourselves.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for rec in records:
        cells = [csv_value(rec.get(f), raw) for f in fields]
        if any(isinstance(c, str) and "\r" in c for c in cells):
            out.write(",".join(_quoted(c) for c in cells) + "\n")
        else:
            writer.writerow(cells)
    if not records:
        sys.stderr.write(safe(view.empty) + "\n")
    _notes(view)
