"""Markdown tables (GitHub style), with every cell escaped."""

from __future__ import annotations

import sys
from typing import IO, Any

from . import View
from .text import markdown_cell, safe


def table(headers: list[str], rows: list[list[str]], right: list[bool] | None = None) -> str:
    right = right or [False] * len(headers)
    lines = ["| " + " | ".join(markdown_cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---:" if r else "---" for r in right) + "|")
    for row in rows:
        lines.append("| " + " | ".join(markdown_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def render(view: View, out: IO[str], options: dict[str, Any]) -> None:
    if view.is_empty:
        sys.stderr.write(safe(view.empty) + "\n")
        return
    if view.markdown is not None:
        out.write(view.markdown())
    else:
        if view.title:
            out.write(f"## {markdown_cell(view.title)}\n\n")
        rows = list(view.rows)
        if view.footer is not None:
            rows.append(view.footer)
        out.write(table([c.header for c in view.columns], rows, [c.justify == "right" for c in view.columns]))
        if view.caption:
            out.write(f"\n{markdown_cell(view.caption)}\n")
    for note in view.notes:
        sys.stderr.write(safe(note) + "\n")
