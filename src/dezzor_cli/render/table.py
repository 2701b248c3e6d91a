"""Rich tables for people at a terminal (and plain aligned text when piped)."""

from __future__ import annotations

import os
import re
import sys
from typing import IO, Any

from . import View
from .text import safe

MIN_WIDTH = 40
PIPE_WIDTH = 10_000  # piped output is not wrapped: one row, one line


def console(out: IO[str], stderr: bool = False) -> Any:
    """A Console for ``out``, built when needed (never at import time)."""
    from rich.console import Console

    tty = _isatty(out)
    # a dumb terminal understands no escape sequences: it gets the plain text a pipe gets, at its own width
    fancy = tty and os.environ.get("TERM") != "dumb"
    width = None if tty else (_env_width() or PIPE_WIDTH)
    c = Console(
        file=out,
        width=width,
        force_terminal=fancy,
        no_color=not fancy or "NO_COLOR" in os.environ,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )
    if tty and c.width < MIN_WIDTH:
        c.width = MIN_WIDTH  # a very narrow terminal wraps our lines instead of getting nothing
    return c


def _isatty(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _env_width() -> int | None:
    try:
        value = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return max(value, MIN_WIDTH) if value > 0 else None


def build_table(view: View, fancy: bool) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    frame = box.ROUNDED if fancy else None
    table = Table(
        title=Text(safe(view.title)) if view.title and fancy else None,
        caption=Text(safe(view.caption)) if view.caption and fancy else None,
        box=frame,
        show_header=True,
        header_style="bold" if fancy else "",
        show_footer=view.footer is not None,
        pad_edge=fancy,
        expand=False,
    )
    for i, col in enumerate(view.columns):
        footer = Text(safe(view.footer[i])) if view.footer is not None else ""
        table.add_column(
            Text(col.header),
            footer=footer,
            justify=col.justify,  # type: ignore[arg-type]
            overflow="fold",
            no_wrap=col.no_wrap,
            min_width=col.min_width,
            ratio=col.ratio,
        )
    for row in view.rows:
        table.add_row(*(Text(safe(cell)) for cell in row))
    return table


def render(view: View, out: IO[str], options: dict[str, Any]) -> None:
    if view.is_empty:
        sys.stderr.write(safe(view.empty) + "\n")
        return
    lines = None
    if view.rich is None and not _isatty(out) and _env_width() is None:
        lines = plain_lines(view)  # the common piped case, without loading Rich at all
    if lines is not None:
        out.write("".join(line + "\n" for line in lines))
        fancy = False
    else:
        c = console(out)
        fancy = c.is_terminal
        c.print(view.rich(fancy) if view.rich is not None else build_table(view, fancy))
    if not fancy:
        # titles, captions and legends are decoration: off a terminal they go to stderr, keeping stdout data
        for line in (view.title, view.caption):
            if line:
                sys.stderr.write(safe(line) + "\n")
    for note in view.notes:
        sys.stderr.write(safe(note) + "\n")


# Characters one terminal cell wide whatever the Unicode tables say, and printed by Rich as they are:
# ASCII printables, Latin-1 and Latin Extended letters (not the no-break space, which Rich prints as
# a space, nor the soft hyphen), and the dashes and quotes of General Punctuation.  Any other
# character (wide, combining, zero-width) sends the table to Rich, which measures it properly.
_NARROW = re.compile("[\\x20-\\x7e\\xa1-\\xac\\xae-\\u02ff\\u2010-\\u2027]*")


def plain_lines(view: View) -> list[str] | None:
    """A piped table exactly as Rich lays out a frameless, unwrapped one; None when only Rich can measure it.

    Columns are as wide as their widest cell (or ``min_width``), cells are
    justified within them and joined by two spaces.  ``tests/test_render.py``
    checks the result against Rich's own rendering.
    """
    header = [col.header for col in view.columns]
    rows = [header, *([safe(cell) for cell in row] for row in view.rows)]
    if view.footer is not None:
        rows.append([safe(cell) for cell in view.footer])
    if any(len(row) != len(header) or not all(_NARROW.fullmatch(cell) and cell.strip() == cell for cell in row)
           for row in rows):
        return None  # Rich trims a cell's edge spaces as it justifies it: leave such cells to Rich
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    widths = [max(w, col.min_width or 0) for w, col in zip(widths, view.columns)]
    if sum(widths) + 2 * (len(widths) - 1) > PIPE_WIDTH:
        return None  # Rich would fold cells to fit
    right = [col.justify == "right" for col in view.columns]
    return ["  ".join(cell.rjust(w) if r else cell.ljust(w) for cell, w, r in zip(row, widths, right)) for row in rows]


SNAPSHOT_WIDTH = 140


def snapshot(view: View, svg: str | None = None, html: str | None = None, force: bool = False) -> None:
    """Save the terminal rendering of ``view`` as SVG and/or HTML (Rich records what it draws), atomically."""
    import io

    from rich.console import Console

    from ..atomic import write_text

    if view.is_empty:
        return
    c = Console(file=io.StringIO(), record=True, width=SNAPSHOT_WIDTH, force_terminal=True,
                color_system="truecolor", markup=False, emoji=False, highlight=False)
    c.print(view.rich(True) if view.rich is not None else build_table(view, fancy=True))
    title = safe(view.title or "dezzor")
    for path, text in (
        (svg, c.export_svg(title=title, clear=False) if svg else None),
        (html, c.export_html(inline_styles=True, clear=False) if html else None),
    ):
        if path and text is not None:
            written = write_text(path, text, force=force)
            sys.stderr.write(safe(f"wrote {written}") + "\n")
