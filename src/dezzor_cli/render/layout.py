"""Laying a table out for a terminal of a given width, without ever breaking a name, date or id.

Two layouts, chosen by :func:`plan`:

* a table, when every column fits its longest unbreakable piece (a word, or a
  whole name or figure of a :class:`~dezzor_cli.views.model.Units` cell) and the
  text column keeps room to read; empty columns are dropped;
* a stacked layout otherwise, one block per row in the manner of ``git log``:
  the row's "head" cells (and its id, when it fits) on the first line, its
  "detail" cells on the next, its "text" wrapped below; columns with no role
  are shown as ``Header value`` pairs.

Cells are wrapped here, between words or between units, never inside one; a
piece wider than the whole screen is the only thing that can run past it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from ..views.model import Cell, Column, Table, Units
from .text import safe

MIN_TEXT = 30  # a table layout must leave the text column at least this wide, else the rows stack
DETAIL_SEP = " · "
_SPACES = re.compile(r"\S+")


def pieces(cell: Cell, column: Column, phrases: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """What must stay whole on a line: the units (each with its separator), else the words; shown safely."""
    if isinstance(cell, Units):
        items = [safe(item) for item in cell.items if item]
        sep = cell.sep.rstrip()
        return [item + (sep if i < len(items) - 1 else "") for i, item in enumerate(items)]
    if column.no_wrap:
        return [safe(cell)] if cell else []
    return split_phrases(safe(cell), phrases or {})


def split_phrases(text: str, phrases: Mapping[str, Sequence[str]]) -> list[str]:
    """``text`` as words, except that a known multi-word name stays one piece ("Deir ez-Zor,")."""
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase in phrases.get(words[i], ()):
            size = phrase.count(" ") + 1
            candidate = " ".join(words[i:i + size])
            if candidate.rstrip(".,;:)'\"") == phrase:  # followed by punctuation, it is the name still
                out.append(candidate)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def wrap(parts: Sequence[str], width: int) -> list[str]:
    """Pieces packed into lines of at most ``width`` cells, one space between pieces."""
    lines: list[str] = []
    line = ""
    for part in parts:
        if line and cell_len(line) + 1 + cell_len(part) > width:
            lines.append(line)
            line = part
        else:
            line = f"{line} {part}" if line else part
    if line:
        lines.append(line)
    return lines


def _text(cell: Cell) -> str:
    return safe(str(cell))


@dataclass
class TableLayout:
    columns: list[int]  # indices of the columns shown (empty ones dropped)
    widths: list[int]  # their widths, in cells
    cells: list[list[list[str]]]  # each row's shown cells, wrapped into lines


def _minimum(table: Table, i: int) -> int:
    column = table.columns[i]
    widths = [cell_len(w) for w in _SPACES.findall(column.header)]
    for row in table.rows:
        widths += [cell_len(p) for p in pieces(row[i], column, table.phrases)]
    if table.footer is not None:
        widths += [cell_len(p) for p in pieces(table.footer[i], column, table.phrases)]
    return max([*widths, column.min_width or 0, 1])


def _natural(table: Table, i: int) -> int:
    cells = [_text(row[i]) for row in table.rows]
    if table.footer is not None:
        cells.append(table.footer[i])
    return max([cell_len(table.columns[i].header), *(cell_len(c) for c in cells)])


def shown_columns(table: Table) -> list[int]:
    """The columns that have something in them (all of them when the table has no rows)."""
    if not table.rows:
        return list(range(len(table.columns)))
    return [i for i in range(len(table.columns))
            if any(_text(row[i]).strip() for row in table.rows)
            or (table.footer is not None and table.footer[i].strip())]


def plan(table: Table, width: int, framed: bool) -> TableLayout | None:
    """Column widths for ``table`` in ``width`` cells, or None when it must be stacked instead."""
    shown = shown_columns(table)
    n = len(shown)
    overhead = 3 * n + 1 if framed else 2 * (n - 1)
    available = width - overhead
    mins = [_minimum(table, i) for i in shown]
    naturals = [max(m, _natural(table, i)) for m, i in zip(mins, shown, strict=True)]
    if sum(mins) > available:
        return None
    text = [k for k, i in enumerate(shown) if table.columns[i].ratio]
    widths = list(mins)
    spare = available - sum(widths)
    for k in text:  # the text first gets up to 40% of the screen: it is what people read
        give = min(spare, max(0, min(naturals[k], available * 2 // 5) - widths[k]))
        widths[k] += give
        spare -= give
    others = sorted((k for k in range(n) if k not in text), key=lambda k: naturals[k] - widths[k])
    for k in others:  # then the narrow columns reach their natural width, smallest need first
        give = min(spare, naturals[k] - widths[k])
        widths[k] += give
        spare -= give
    for k in text:  # the rest to the text
        give = min(spare, naturals[k] - widths[k])
        widths[k] += give
        spare -= give
    if text and any(widths[k] < min(MIN_TEXT, naturals[k]) for k in text):
        return None
    cells = [
        [wrap(pieces(row[i], table.columns[i], table.phrases), w) for i, w in zip(shown, widths, strict=True)]
        for row in table.rows
    ]
    return TableLayout(shown, widths, cells)


# --------------------------------------------------------------------------- stacked

Segment = tuple[str, str]  # text and its style: "" plain, "head", "id", "label"
Line = list[Segment]


def stacked(table: Table, width: int) -> list[Line]:
    """Each row as a block of lines no wider than ``width``, blocks separated by a blank line."""
    shown = shown_columns(table)
    roles = {i: table.columns[i].role for i in shown}
    if not any(roles.values()):  # no roles: the first column heads each block
        roles = {i: ("head" if k == 0 else "") for k, i in enumerate(shown)}
    out: list[Line] = []
    rows = [*table.rows, table.footer] if table.footer is not None else list(table.rows)
    for number, row in enumerate(rows):
        if number:
            out.append([])
        out += _block(table, row, shown, roles, width)
    return out


def _block(table: Table, row: Sequence[Cell], shown: list[int], roles: dict[int, str], width: int) -> list[Line]:
    indent = "  "
    inner = max(1, width - len(indent))
    out: list[Line] = []
    head = [_text(row[i]) for i in shown if roles[i] == "head" and _text(row[i])]
    parts: list[str] = []
    for cell in head:  # each head cell whole on a line (a date, a kind); broken only if wider than the screen
        parts += [cell] if cell_len(cell) <= width else _SPACES.findall(cell)
    out += [[(line, "head")] for line in _pack(parts, width, "  ")]
    for i in shown:
        ident = _text(row[i]) if roles[i] == "id" else ""
        if not ident:
            continue
        if out and cell_len("".join(t for t, _ in out[-1])) + 2 + cell_len(ident) <= width:
            out[-1] += [("  ", ""), (ident, "id")]
        else:
            out.append([(ident, "id")])
    details: list[str] = []
    for i in shown:
        if roles[i] == "detail":
            parts = pieces(row[i], table.columns[i], table.phrases)
            if parts and details:
                details[-1] += DETAIL_SEP.rstrip()
            details += parts
    out += [[(indent + line, "")] for line in wrap(details, inner)]
    labelled = [[table.columns[i].header, *pieces(row[i], table.columns[i], table.phrases)] for i in shown
                if roles[i] == "" and _text(row[i]).strip()]
    out += [[(indent + line, "label")] for line in _wrap_pairs(labelled, inner)]
    for i in shown:
        if roles[i] == "text":
            out += [[(indent + line, "")] for line in wrap(pieces(row[i], table.columns[i], table.phrases), inner)]
    return out


def _pack(parts: list[str], width: int, sep: str) -> list[str]:
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1]) + len(sep) + cell_len(part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return lines


def _wrap_pairs(pairs: list[list[str]], width: int) -> list[str]:
    """``Header value`` pairs (each a header and the value's pieces) joined by `` · ``.

    A line breaks between pairs, or inside a pair too long for a line between its pieces.
    """
    lines: list[str] = []
    for pair in pairs:
        text = " ".join(pair)
        if lines and cell_len(lines[-1]) + len(DETAIL_SEP) + cell_len(text) <= width:
            lines[-1] += DETAIL_SEP + text
        elif cell_len(text) <= width:
            lines.append(text)
        else:
            lines += wrap(pair, width)
    return lines
