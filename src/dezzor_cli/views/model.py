"""What a command shows, as plain data: the records of its data contract and a body for people.

A view never draws itself.  Each kind of body (:class:`Table`, :class:`Tree`,
:class:`Sections`, :class:`BarChart`, :class:`StripChart`) has one renderer
per output format in :mod:`dezzor_cli.render`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Units:
    """A cell made of names or figures that must each stay whole on a line ("Deir ez-Zor", "SDF: 2 k").

    It reads as its items joined by ``sep``; a narrow layout may break a line between items, never
    inside one.
    """

    items: tuple[str, ...]
    sep: str = ", "

    def __str__(self) -> str:
        return self.sep.join(self.items)


Cell = str | Units
CsvCell = str | int | float | None  # a CSV cell: always a scalar

# What a column is in a stacked (narrow) layout of its table, in the manner of `git log`:
# "head" cells open each record's first line, "id" ends it (or takes its own line), "detail"
# cells share the next line, "text" is wrapped below; a column with no role is shown as
# "Header: value".
ROLES = ("head", "id", "detail", "text", "")


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"  # left | right
    min_width: int | None = None
    ratio: int | None = None
    no_wrap: bool = False
    role: str = ""


@dataclass
class Table:
    columns: list[Column]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)
    footer: list[str] | None = None
    # multi-word names that a narrow layout keeps on one line inside running text, by first word
    phrases: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass
class TreeNode:
    name: str
    id: str
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class Tree:
    """A hierarchy (actors and their units, places and what lies in them)."""

    title: str
    roots: list[TreeNode]


@dataclass
class Sections:
    """Headed tables, one after another (the summary)."""

    title: str
    sections: list[tuple[str, Table]]


@dataclass
class ChartBar:
    label: str  # the period, shown on the first bar of its period only
    group: str
    colour: int  # index into the palette, one per group for the whole store
    value: str  # the figure as text ("3", "2-5", "4+")
    full: int  # characters of the exact part
    part: int  # characters of the range's upper end
    open: bool  # no known maximum
    in_period: bool


@dataclass
class BarChart:
    """Casualties over time: one bar per period and group, scaled to the width asked for."""

    title: str
    period_header: str
    group_header: str
    measure_header: str
    bars: list[ChartBar]
    table: Table  # the same result as a table (Markdown)


@dataclass
class StripRow:
    place: str
    cells: list[tuple[str | None, bool]]  # (holder id, change under way) per column
    changes: list[str]  # the lines of the Changes cell (one, or one a change where the width is short)


@dataclass
class StripChart:
    """Control over time: a strip of holder letters per place, one column per day or group of days."""

    title: str
    axis: str
    rows: list[StripRow]
    letters: dict[str, str]  # holder id -> its letter (one for the whole store)
    colours: dict[str, int]  # holder id -> palette index (one for the whole store)
    names: dict[str, str]  # holder id -> short name: the holders whose letters show, in legend order
    legend_tail: str  # the other marks that show, explained
    span: str  # which days the columns cover
    table: Table  # the same result as a table (Markdown)
    show_changes: bool = True  # False where the width leaves the Changes column no room


@dataclass
class Lines:
    """A short report, line by line (``validate``): shown as it is, indentation kept."""

    lines: list[str]


Body = Table | Tree | Sections | BarChart | StripChart | Lines

# The forms of a result a view can carry, each read by some output formats (``render.FORMS``): ``records`` (JSON,
# JSON Lines), ``csv`` (the CSV rows) and ``body`` (a table or Markdown for people, and the --svg/--html pictures).
# A view built for one format may carry only the form that format reads: a JSON Lines export of ten thousand
# events need not lay out their table cells.
RECORDS, CSV, BODY = "records", "csv", "body"
ALL_FORMS = frozenset({RECORDS, CSV, BODY})


@dataclass
class View:
    """What a command shows.

    ``records`` (or ``document`` for a single object) is the machine-readable
    result: JSON and JSON Lines print it, CSV flattens it under ``fields``.
    ``body`` is the same result for people: tables, trees, charts, Markdown.
    ``title`` and ``caption`` are decoration: a terminal shows them with the
    body, and off a terminal they go to stderr.  ``notes`` always go to stderr,
    and ``empty`` replaces an empty result there.  ``forms`` says which forms the view carries (the others are
    left empty, and rendering one of them is refused); ``count``, when given, is the number of results, which
    says whether the view is empty when its records were not built.
    """

    body: Body
    title: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    document: dict[str, Any] | None = None
    caption: str | None = None
    notes: list[str] = field(default_factory=list)
    empty: str = "nothing matched"
    # The CSV form, for a spreadsheet: one row of scalar cells per record, under ``csv_fields`` (a list
    # is its items joined by "; ", casualties are killed/injured/arrested columns with their ``_max``,
    # display names stand beside ids).  Without it, CSV flattens ``records`` under ``fields``.
    csv_fields: list[str] = field(default_factory=list)
    csv_rows: list[dict[str, CsvCell]] = field(default_factory=list)
    # A result that is one object in JSON but one row a line in JSON Lines and CSV (diff, compare):
    # JSON prints ``document``, JSON Lines and CSV print ``records``, and the result is empty when they are.
    rows_apart: bool = False
    forms: frozenset[str] = ALL_FORMS
    count: int | None = None
    # The records (or document) hold only text, whole numbers, booleans, None, lists and dicts with text keys: no
    # floats, dates or tuples.  Such data is written by msgspec, byte for byte what the json module writes and
    # several times faster (tests/render/test_render.py checks both on every view that says so).
    plain_json: bool = False

    @property
    def is_empty(self) -> bool:
        if self.rows_apart:
            return not self.records
        if self.count is not None:
            return self.document is None and self.count == 0
        return self.document is None and not self.records


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
