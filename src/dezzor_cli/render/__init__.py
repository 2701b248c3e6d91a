"""Output: one renderer per format, chosen in one place (:func:`render`).

A command builds a :class:`View` (the JSON records that are its data contract,
plus the human cells for tables and Markdown) and hands it to ``render``.
Renderers write to the stream they are given and never decide content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import IO, Any, Callable


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


@dataclass
class Column:
    header: str
    justify: str = "left"  # left | right
    min_width: int | None = None
    ratio: int | None = None
    no_wrap: bool = False


@dataclass
class View:
    """What a command shows.

    ``records`` is the machine-readable result (JSON, JSON Lines; CSV flattens
    it under ``fields``); ``columns``/``rows`` are the same result for people
    (tables, Markdown).  ``document`` replaces ``records`` for single-object
    results such as ``show`` and ``summary``.  ``rich`` may supply a custom
    terminal rendering (a tree, panels); ``markdown`` a custom Markdown one.
    """

    title: str | None = None
    columns: list[Column] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    document: dict[str, Any] | None = None
    caption: str | None = None
    notes: list[str] = field(default_factory=list)
    empty: str = "nothing matched"
    rich: Callable[[bool], Any] | None = None  # called with fancy=True at a terminal
    markdown: Callable[[], str] | None = None
    footer: list[str] | None = None

    @property
    def is_empty(self) -> bool:
        return self.document is None and not self.records and not self.rows and self.rich is None


Renderer = Callable[[View, IO[str], dict[str, Any]], None]


def renderers() -> dict[Format, Renderer]:
    """Every format's renderer (a test checks that each Format has one)."""
    from . import data, markdown, table

    return {
        Format.table: table.render,
        Format.json: data.render_json,
        Format.jsonl: data.render_jsonl,
        Format.csv: data.render_csv,
        Format.markdown: markdown.render,
    }


def render(view: View, fmt: Format, out: IO[str], **options: Any) -> None:
    renderers()[fmt](view, out, options)
