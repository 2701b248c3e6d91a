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


def _lazy(module: str, name: str) -> Renderer:
    """A renderer whose module is imported when it first renders (start-up pays only for the one used)."""

    def renderer(view: View, out: IO[str], options: dict[str, Any]) -> None:
        from importlib import import_module

        getattr(import_module(f"{__name__}.{module}"), name)(view, out, options)

    renderer.__qualname__ = f"{module}.{name}"
    return renderer


def renderers() -> dict[Format, Renderer]:
    """Every format's renderer (a test checks that each Format has one)."""
    return {
        Format.table: _lazy("table", "render"),
        Format.json: _lazy("data", "render_json"),
        Format.jsonl: _lazy("data", "render_jsonl"),
        Format.csv: _lazy("data", "render_csv"),
        Format.markdown: _lazy("markdown", "render"),
    }


def render(view: View, fmt: Format, out: IO[str], **options: Any) -> None:
    renderers()[fmt](view, out, options)
