"""Markdown (GitHub style): tables, headed sections and nested lists, with every cell escaped."""

from __future__ import annotations

from collections.abc import Sequence

from ..views.model import BarChart, Lines, Sections, StripChart, Table, Tree, TreeNode, View
from . import Target
from .text import markdown_cell


def table(headers: list[str], rows: Sequence[Sequence[object]], right: list[bool] | None = None) -> str:
    right = right or [False] * len(headers)
    lines = ["| " + " | ".join(markdown_cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---:" if r else "---" for r in right) + "|")
    for row in rows:
        lines.append("| " + " | ".join(markdown_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def _table(t: Table) -> str:
    rows = [*t.rows, t.footer] if t.footer is not None else t.rows
    return table([c.header for c in t.columns], rows, [c.justify == "right" for c in t.columns])


def _tree(tree: Tree) -> str:
    lines: list[str] = []
    stack: list[tuple[TreeNode, int]] = [(r, 0) for r in reversed(tree.roots)]
    while stack:  # depth first, without recursion: a hierarchy may be thousands deep
        node, depth = stack.pop()
        lines.append("  " * depth + "- " + markdown_cell(f"{node.name} ({node.id})"))
        stack.extend((k, depth + 1) for k in reversed(node.children))
    return "\n".join(lines) + "\n"


def _sections(s: Sections) -> str:
    out = [f"# {markdown_cell(s.title)}\n"]
    for heading, t in s.sections:
        out.append(f"## {markdown_cell(heading)}\n")
        if t.rows:
            out.append(_table(t))
    return "\n".join(out)


def render(view: View, target: Target) -> str:
    body = view.body
    if isinstance(body, Tree):
        return _tree(body)
    if isinstance(body, Sections):
        return _sections(body)
    if isinstance(body, Lines):
        return "".join(("    " if line.startswith(" ") else "") + markdown_cell(line.strip()) + "\n\n"
                       for line in body.lines)
    t = body.table if isinstance(body, (BarChart, StripChart)) else body
    out = f"## {markdown_cell(view.title)}\n\n" if view.title else ""
    out += _table(t)
    if view.caption:
        out += f"\n{markdown_cell(view.caption)}\n"
    return out
