"""Machine-readable output: JSON, JSON Lines and CSV, as text."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from ..views.model import View
from . import Target
from .text import INVISIBLE, safe, spreadsheet_cell

_INVISIBLE = re.compile(f"[{INVISIBLE}]")  # json already escapes C0 controls


def dumps(obj: Any, indent: int | None, utf8: bool = True) -> str:
    """JSON, readable where the stream takes UTF-8; elsewhere ``\\u`` escapes keep it valid.

    json escapes every C0 control itself; DEL, C1 controls and the invisible
    formatting characters are escaped here too, so nothing in a string can act
    on a terminal.
    """
    text = json.dumps(obj, ensure_ascii=not utf8, indent=indent, separators=None if indent else (",", ":"))
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _items(view: View) -> list[dict[str, Any]]:
    return [view.document] if view.document is not None else view.records


def render_json(view: View, target: Target) -> str:
    payload = view.document if view.document is not None else view.records
    return dumps(payload, 2, target.utf8) + "\n"


def render_jsonl(view: View, target: Target) -> str:
    return "".join(dumps(item, None, target.utf8) + "\n" for item in _items(view))


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


def render_csv(view: View, target: Target) -> str:
    records = _items(view)
    fields = view.fields or (list(records[0]) if records else [])
    out = io.StringIO()
    # QUOTE_MINIMAL quotes only what is in the line terminator, so a lone CR in a --raw cell would
    # split the record for readers that take CR as a line end: quote such cells ourselves.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for rec in records:
        cells = [csv_value(rec.get(f), target.raw) for f in fields]
        if any(isinstance(c, str) and "\r" in c for c in cells):
            out.write(",".join(_quoted(c) for c in cells) + "\n")
        else:
            writer.writerow(cells)
    return out.getvalue()
