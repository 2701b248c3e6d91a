"""``--svg`` and ``--html``: the terminal rendering of a view saved as a picture, atomically."""

from __future__ import annotations

from pathlib import Path

from ..views.model import View
from . import Target
from .table import console, renderable
from .text import safe

SNAPSHOT_WIDTH = 140


def snapshot(view: View, svg: str | None = None, html: str | None = None, force: bool = False) -> list[Path]:
    """Write the pictures asked for; returns the paths written.

    An empty result is a picture too (of the empty-result message): a scheduled
    report must not keep showing last week's picture.
    """
    from rich.text import Text

    from ..atomic import write_text

    c = console(Target(terminal=True, color=True, width=SNAPSHOT_WIDTH), record=True)
    c.print(Text(safe(view.empty)) if view.is_empty else renderable(view, fancy=True))
    title = safe(view.title or "dezzor")
    written = []
    if svg:
        written.append(write_text(svg, c.export_svg(title=title, clear=False), force=force))
    if html:
        written.append(write_text(html, c.export_html(inline_styles=True, clear=False), force=force))
    return written
