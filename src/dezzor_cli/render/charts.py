"""The charts drawn with Rich: coloured bars, and strips of holder letters.

Without colour they stay readable: bars are characters, holders are letters
with a legend.  The views lay the charts out for the width asked for; every
column here is drawn on one line (never folded), and a cell that is still too
wide ends in "…".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..views.charts import FULL, OPEN, PART, symbol
from ..views.model import BarChart, StripChart
from .text import safe

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text

PALETTE = ["red", "blue", "green", "magenta", "cyan", "yellow", "bright_red", "bright_blue", "bright_green",
           "bright_magenta", "bright_cyan", "bright_yellow"]


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _table(title: str, fancy: bool) -> Table:
    from rich.table import Table
    from rich.text import Text

    return Table(box=None, show_header=True, header_style="bold" if fancy else "", pad_edge=False, expand=False,
                 title=Text(safe(title)) if fancy else None)


def bar_chart(chart: BarChart, caption: str | None, fancy: bool) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    table = _table(chart.title, fancy)
    period_w = max([len(b.label) for b in chart.bars] + [len(chart.period_header)])
    table.add_column("", no_wrap=True, min_width=1)
    table.add_column(chart.period_header, no_wrap=True, min_width=period_w)  # a period label is never cut
    table.add_column(chart.group_header, no_wrap=True, overflow="ellipsis")
    table.add_column(chart.measure_header, justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, overflow="crop")
    for b in chart.bars:
        style = colour(b.colour)
        bar = Text(FULL * b.full, style=style)
        bar.append(PART * b.part, style=style)
        if b.open:
            bar.append(OPEN, style=style)
        table.add_row("*" if b.in_period else "", Text(safe(b.label)), Text(safe(b.group), style=style), b.value, bar)
    return Group(table, Text(safe(caption))) if fancy and caption else table  # the key, left-aligned, full width


def strip_chart(chart: StripChart, fancy: bool) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    table = _table(chart.title, fancy)
    table.add_column("Place", no_wrap=True, overflow="ellipsis")
    table.add_column(chart.axis, no_wrap=True, min_width=len(chart.axis))  # the strip is never cut
    if chart.show_changes:
        table.add_column("Changes", no_wrap=True, overflow="ellipsis")
    for row in chart.rows:
        strip = Text()
        for holder, busy in row.cells:
            mark = symbol(holder, busy, chart.letters)
            if holder is None or holder not in chart.colours:
                strip.append(mark, style="dim")
            else:
                style = colour(chart.colours[holder])
                strip.append(mark, style=style if busy else f"bold reverse {style}")
        cells = [Text(safe(row.place)), strip]
        if chart.show_changes:
            cells.append(Text("\n".join(safe(line) for line in row.changes)))
        table.add_row(*cells)
    if not fancy:
        return table  # the legend goes to stderr with the other notes
    items = [Text("Legend:")]
    for h, name in chart.names.items():
        item = Text()
        item.append(f" {chart.letters[h]} ", style=f"bold reverse {colour(chart.colours[h])}")
        item.append(f" {safe(name)}")
        items.append(item)
    marks = [Text(safe(chart.legend_tail[0].upper() + chart.legend_tail[1:]) + ".")] if chart.legend_tail else []
    return Group(table, _Packed(items), *marks, Text(safe(chart.span)))


class _Packed:
    """Legend entries side by side, as many a line as the width takes: an entry is never split."""

    def __init__(self, items: list[Text]) -> None:
        self.items = items

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        line = Text()
        for item in self.items:
            if line.cell_len and line.cell_len + 2 + item.cell_len > options.max_width:
                yield line
                line = Text()
            if line.cell_len:
                line.append("  ")
            line.append_text(item)
        yield line
