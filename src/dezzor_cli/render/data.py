"""Machine-readable output: JSON, JSON Lines and CSV, as text."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from typing import Any

from ..views.model import View
from . import Target
from .text import INVISIBLE, safe, spreadsheet_cell

_INVISIBLE = re.compile(f"[{INVISIBLE}]")  # json already escapes C0 controls
_ASCII_INVISIBLE = [chr(c) for c in range(128) if _INVISIBLE.match(chr(c))]  # DEL


def dumps(obj: Any, indent: int | None, utf8: bool = True) -> str:
    """JSON, readable where the stream takes UTF-8; elsewhere ``\\u`` escapes keep it valid.

    json escapes every C0 control itself; DEL, C1 controls and the invisible
    formatting characters are escaped here too, so nothing in a string can act
    on a terminal.
    """
    text = json.dumps(obj, ensure_ascii=not utf8, indent=indent, separators=None if indent else (",", ":"))
    return _visible(text)


def _visible(text: str) -> str:
    if text.isascii() and not any(c in text for c in _ASCII_INVISIBLE):  # the usual case, found without the
        return text  # expression's scan (a tenth of the time a large answer takes to render)
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _fast(view: View, target: Target) -> Any:
    """msgspec's JSON encoder, where it writes what json would (``View.plain_json``, and a UTF-8 stream); else None."""
    if not (view.plain_json and target.utf8):
        return None
    import msgspec

    return msgspec.json.Encoder()


def _items(view: View) -> list[dict[str, Any]]:
    """What JSON Lines and CSV print: the records, or the one document (unless the view keeps its rows apart)."""
    return [view.document] if view.document is not None and not view.rows_apart else view.records


def render_json(view: View, target: Target) -> str:
    payload = view.document if view.document is not None else view.records
    encoder = _fast(view, target)
    if encoder is not None:
        with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate: json's way, below
            return _visible(msgspec_format(encoder.encode(payload))) + "\n"
    return dumps(payload, 2, target.utf8) + "\n"


def msgspec_format(data: bytes) -> str:
    """msgspec's JSON indented as ``json.dumps(indent=2)`` indents it."""
    import msgspec

    return msgspec.json.format(data, indent=2).decode()


def render_jsonl(view: View, target: Target) -> str:
    encoder = _fast(view, target)
    if encoder is not None:
        with contextlib.suppress(UnicodeEncodeError):
            return _visible(encoder.encode_lines(_items(view)).decode())
    return "".join(dumps(item, None, target.utf8) + "\n" for item in _items(view))


JOIN = "; "  # between the items of a list in one cell, as ACLED writes them


def csv_value(value: Any, raw: bool) -> Any:
    """A CSV cell: numbers stay numbers, a list of scalars is its items joined by "; ", anything else nested
    (which no command's CSV form has) becomes compact JSON.

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
    if isinstance(value, (list, tuple)) and all(x is None or isinstance(x, (str, int, float)) for x in value):
        value = JOIN.join("" if x is None else _scalar(x) for x in value)
    elif not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value if raw else spreadsheet_cell(safe(value))


def _scalar(x: str | int | float) -> str:
    if isinstance(x, bool):
        return "true" if x else "false"
    return x if isinstance(x, str) else str(x)


def _table(view: View) -> tuple[list[str], list[dict[str, Any]]]:
    """The CSV's columns and rows: the view's own CSV form where it has one (``views.common.CsvView``: scalar
    cells under documented columns), else its records under ``fields``."""
    if view.csv_fields:
        return view.csv_fields, list(view.csv_rows)
    records = _items(view)
    return view.fields or (list(records[0]) if records else []), records


def _quoted(cell: Any) -> str:
    if isinstance(cell, str):
        return '"' + cell.replace('"', '""') + '"'
    return str(cell)


def render_csv(view: View, target: Target) -> str:
    fields, records = _table(view)
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
