"""Piped tables without Rich: the fast twin of Rich's frameless, unwrapped layout.

``tests/render/test_render.py`` checks it against Rich's own rendering, for
every bundled view and for generated tables.
"""

from __future__ import annotations

import re

from ..views.model import Table
from .text import safe

PIPE_WIDTH = 10_000  # piped output is not wrapped: one row, one line

# Characters one terminal cell wide whatever the Unicode tables say, and printed by Rich as they are:
# ASCII printables, Latin-1 and Latin Extended letters (not the no-break space, which Rich prints as
# a space, nor the soft hyphen), and the dashes and quotes of General Punctuation.  Any other
# character (wide, combining, zero-width) sends the table to Rich, which measures it properly.
_NARROW = re.compile("[\\x20-\\x7e\\xa1-\\xac\\xae-\\u02ff\\u2010-\\u2027]*")


def plain_lines(table: Table) -> list[str] | None:
    """A piped table exactly as Rich lays out a frameless, unwrapped one; None when only Rich can measure it.

    Columns are as wide as their widest cell (or ``min_width``), cells are
    justified within them and joined by two spaces.
    """
    header = [col.header for col in table.columns]
    rows = [header, *([safe(cell) for cell in row] for row in table.rows)]
    if table.footer is not None:
        rows.append([safe(cell) for cell in table.footer])
    if any(len(row) != len(header) or not all(_NARROW.fullmatch(cell) and cell.strip() == cell for cell in row)
           for row in rows):
        return None  # Rich trims a cell's edge spaces as it justifies it: leave such cells to Rich
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    widths = [max(w, col.min_width or 0) for w, col in zip(widths, table.columns, strict=True)]
    if sum(widths) + 2 * (len(widths) - 1) > PIPE_WIDTH:
        return None  # Rich would fold cells to fit
    right = [col.justify == "right" for col in table.columns]
    return ["  ".join(cell.rjust(w) if r else cell.ljust(w) for cell, w, r in zip(row, widths, right, strict=True))
            for row in rows]
