"""The charts drawn with Rich: coloured bars, and strips of holder letters.

Without colour they stay readable: bars are characters, holders are letters
with a legend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..views.charts import FULL, NO_HOLDER, OPEN, PART, UNKNOWN_CHANGING
from ..views.model import BarChart, StripChart
from .text import safe

if TYPE_CHECKING:
    from rich.console import RenderableType

PALETTE = ["red", "blue", "green", "magenta", "cyan", "yellow", "bright_red", "bright_blue", "bright_green",
           "bright_magenta", "bright_cyan", "bright_yellow"]


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def bar_chart(chart: BarChart, caption: str | None, fancy: bool) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_header=True, header_style="bold" if fancy else "", pad_edge=False, expand=False,
                  title=Text(safe(chart.title)) if fancy else None,
                  caption=Text(safe(caption)) if fancy and caption else None)
    table.add_column("", no_wrap=True)
    table.add_column(chart.period_header, no_wrap=True)
    table.add_column(chart.group_header, no_wrap=True)
    table.add_column(chart.measure_header, justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for b in chart.bars:
        style = colour(b.colour)
        bar = Text(FULL * b.full, style=style)
        bar.append(PART * b.part, style=style)
        if b.open:
            bar.append(OPEN, style=style)
        table.add_row("*" if b.in_period else "", Text(safe(b.label)), Text(safe(b.group), style=style), b.value, bar)
    return table


def strip_chart(chart: StripChart, fancy: bool) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_header=True, header_style="bold" if fancy else "", pad_edge=False, expand=False,
                  title=Text(safe(chart.title)) if fancy else None)
    table.add_column("Place", no_wrap=True)
    table.add_column(chart.axis, no_wrap=True)
    table.add_column("Changes", overflow="fold")
    for row in chart.rows:
        strip = Text()
        for holder, busy in row.cells:
            if holder is None:
                strip.append(UNKNOWN_CHANGING if busy else NO_HOLDER, style="dim")
            else:
                letter = chart.letters[holder]
                style = colour(chart.colours[holder])
                strip.append(letter.lower() if busy else letter, style=style if busy else f"bold reverse {style}")
        table.add_row(Text(safe(row.place)), strip, Text(safe(row.changes)))
    if not fancy:
        return table  # the legend goes to stderr with the other notes
    legend = Text("Legend: ")
    for h, name in chart.names.items():
        legend.append(f" {chart.letters[h]} ", style=f"bold reverse {colour(chart.colours[h])}")
        legend.append(f" {safe(name)}  ")
    legend.append(safe(chart.legend_tail.strip()))
    return Group(table, legend, Text(safe(chart.span)))
