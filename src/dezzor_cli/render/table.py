"""The ``table`` format: Rich tables, trees and charts for people at a terminal, plain aligned text when piped."""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Literal

from ..views.model import BarChart, Lines, Sections, Table, Tree, TreeNode, View
from . import Target
from .plain import PIPE_WIDTH, plain_lines
from .text import safe

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table as RichTable


def console(target: Target, record: bool = False) -> Console:
    """A Console that draws into a buffer as ``target`` asks (built when needed, never at import time)."""
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=target.width or PIPE_WIDTH,
        force_terminal=target.terminal,
        no_color=not target.color,
        color_system=_colours(target, record),
        record=record,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def _colours(target: Target, record: bool) -> Literal["auto", "standard", "truecolor"]:
    """Rich's colour system: all of them for a picture; when colour is forced onto a terminal that Rich
    thinks has none (TERM=dumb), the 16 standard colours; else what the terminal says."""
    if record:
        return "truecolor"
    if target.color and os.environ.get("TERM") == "dumb":
        return "standard"
    return "auto"


def render(view: View, target: Target) -> str:
    body = view.body
    if isinstance(body, Lines):
        return "".join(safe(line) + "\n" for line in body.lines)
    if isinstance(body, Tree) and not target.terminal:
        return "".join(line + "\n" for line in tree_lines(body))  # indented, without Rich: it may be deep
    if isinstance(body, Table) and target.width is None:
        lines = plain_lines(body)  # the common piped case, without loading Rich at all
        if lines is not None:
            return "".join(line.rstrip() + "\n" for line in lines)
    c = console(target)
    c.print(renderable(view, target.decorated, target.width))
    text = str(c.file.getvalue())  # type: ignore[attr-defined]
    if not target.decorated:  # no frame: nothing to keep at the end of a line
        text = "".join(line.rstrip() + "\n" for line in text.splitlines())
    return text


def renderable(view: View, fancy: bool, width: int | None = None) -> RenderableType:
    """The Rich drawing of the view's body; ``fancy`` adds frames, titles and colour.

    With a ``width`` (a terminal's), a table is laid out to fit it (:mod:`.layout`): as a table
    whose cells wrap between words, or stacked row by row when the columns cannot all fit.
    """
    body = view.body
    if isinstance(body, Table):
        if width is not None:
            return fitted_table(body, width, fancy, view.title, view.caption)
        return build_table(body, fancy, view.title, view.caption)
    if isinstance(body, Tree):
        return _tree(body, fancy)
    if isinstance(body, Sections):
        return _sections(body, fancy, width)
    if isinstance(body, Lines):
        from rich.text import Text

        return Text("\n".join(safe(line) for line in body.lines))
    from .charts import bar_chart, strip_chart

    if isinstance(body, BarChart):
        return bar_chart(body, view.caption, fancy)
    return strip_chart(body, fancy)


def _frame(t: Table, fancy: bool, title: str | None, caption: str | None) -> RichTable:
    """An empty Rich table: framed, titled and captioned at a terminal, bare for a pipe."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    return RichTable(
        title=Text(safe(title)) if title and fancy else None,
        caption=Text(safe(caption)) if caption and fancy else None,
        box=box.ROUNDED if fancy else None,
        show_header=True,
        header_style="bold" if fancy else "",
        show_footer=t.footer is not None,
        pad_edge=fancy,
        expand=False,
    )


def build_table(t: Table, fancy: bool, title: str | None = None, caption: str | None = None) -> RenderableType:
    from rich.text import Text

    table = _frame(t, fancy, title, caption)
    for i, col in enumerate(t.columns):
        table.add_column(
            Text(col.header),
            footer=Text(safe(t.footer[i])) if t.footer is not None else "",
            justify="right" if col.justify == "right" else "left",
            overflow="fold",
            no_wrap=col.no_wrap,
            min_width=col.min_width,
            ratio=col.ratio,
        )
    for row in t.rows:
        table.add_row(*(Text(safe(cell)) for cell in row))
    return table


def fitted_table(t: Table, width: int, fancy: bool, title: str | None, caption: str | None) -> RenderableType:
    """``t`` laid out for ``width`` cells: a table when its columns fit, else one block per row."""
    from rich.console import Group
    from rich.text import Text

    from .layout import plan, stacked

    layout = plan(t, width, framed=fancy)
    if layout is None:
        styles = {"head": "bold" if fancy else "", "id": "dim" if fancy else "", "label": "", "": ""}
        lines = []
        for line in stacked(t, width):
            text = Text(no_wrap=True, overflow="ignore")
            for segment, style in line:
                text.append(segment, style=styles[style])
            lines.append(text)
        parts: list[RenderableType] = []
        if title and fancy:
            parts += [Text(safe(title), style="bold"), Text("")]
        parts += lines
        if caption and fancy:
            parts += [Text(""), Text(safe(caption), style="dim")]
        return Group(*parts)
    table = _frame(t, fancy, title, caption)
    for i, w in zip(layout.columns, layout.widths, strict=True):
        col = t.columns[i]
        footer = Text(safe(t.footer[i])) if t.footer is not None else ""
        table.add_column(Text(col.header), footer=footer, justify="right" if col.justify == "right" else "left",
                         width=w, no_wrap=False, overflow="fold")
    justify = ["right" if t.columns[i].justify == "right" else "left" for i in layout.columns]
    for cells in layout.cells:
        table.add_row(*(Text("\n".join(lines), no_wrap=True, overflow="ignore", justify=j)  # type: ignore[arg-type]
                        for lines, j in zip(cells, justify, strict=True)))
    return table


def _label(node: TreeNode) -> str:
    return safe(f"{node.name} [{node.id}]")


def tree_lines(tree: Tree) -> list[str]:
    """The tree as indented lines, depth first, without recursion (a hierarchy may be thousands deep)."""
    lines: list[str] = []
    stack: list[tuple[TreeNode, int]] = [(r, 0) for r in reversed(tree.roots)]
    while stack:
        node, depth = stack.pop()
        lines.append("  " * depth + _label(node))
        stack.extend((k, depth + 1) for k in reversed(node.children))
    return lines


def _tree(tree: Tree, fancy: bool) -> RenderableType:
    from rich.text import Text
    from rich.tree import Tree as RichTree

    if not fancy:  # a dumb terminal: plain indentation, no box-drawing guides
        return Text("\n".join(tree_lines(tree)))
    top = RichTree(Text(tree.title))
    pending: list[tuple[RichTree, TreeNode]] = [(top, r) for r in tree.roots]
    pending.reverse()
    while pending:  # built without recursion: a hierarchy may be thousands deep
        parent, node = pending.pop()
        branch = parent.add(Text(_label(node)))
        pending.extend((branch, k) for k in reversed(node.children))
    return top


def _sections(s: Sections, fancy: bool, width: int | None = None) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    for heading, t in s.sections:
        parts.append(Text(safe(heading), style="bold"))
        if t.rows:
            parts.append(fitted_table(t, width, fancy, None, None) if width is not None else build_table(t, fancy))
        parts.append(Text(""))
    return Group(*parts)
