"""Terminal charts: casualties over time and control over time.

Each chart is computed as plain data (the rows a JSON export gives) and drawn
as a Rich table whose cells are styled Text.  Without colour the charts stay
readable: bars are characters, holders are letters with a legend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import dates
from .query import Change, Index, Qty, changes, time_group

if TYPE_CHECKING:
    from .model import Event

FULL, PART, OPEN = "█", "░", "▸"
PALETTE = ["red", "blue", "green", "magenta", "cyan", "yellow", "bright_red", "bright_blue", "bright_green",
           "bright_magenta", "bright_cyan", "bright_yellow"]


# --------------------------------------------------------------------------- casualties


@dataclass
class Bar:
    period: str
    label: str  # period label for people
    start: dt.date
    end: dt.date
    group: str | None
    group_label: str
    qty: Qty
    in_period: bool  # overlaps the conflict's period (meta.period)


def casualty_bars(ix: Index, events: Sequence[Event], by: str, split: str, measure: str) -> list[Bar]:
    """Sum ``measure`` per time bucket and per side (or party); ranges stay ranges."""
    period = ix.store.meta.period
    sums: dict[tuple[str, str | None], Bar] = {}
    for e in events:
        key, label, (start, end) = time_group(e, by)
        for c in e.casualties:
            value = getattr(c, measure)
            if value is None:
                continue
            if split == "side":
                gid = ix.side_of(c.party)
                glabel = ix.sides.display.get(gid, "(no side)") if gid else "(no side)"
            else:
                gid = c.party
                glabel = ix.actor_short(c.party) if c.party else "(not stated)"
            k = (key, gid)
            if k not in sums:
                sums[k] = Bar(key, label, start, end, gid, glabel, Qty(0, 0),
                              start <= period.end and end >= period.start)
            sums[k].qty = sums[k].qty + Qty.of(value)
    return sorted(sums.values(), key=lambda b: (b.start, b.end, b.group_label.casefold()))


def bar_records(bars: list[Bar], measure: str) -> list[dict[str, Any]]:
    return [
        {"period": b.period, "start": b.start.isoformat(), "end": b.end.isoformat(), "group": b.group,
         measure: b.qty.lo, f"{measure}_max": b.qty.hi, "in_conflict_period": b.in_period}
        for b in bars
    ]


def casualty_caption(ix: Index, bars: list[Bar], measure: str, width: int) -> str:
    p = ix.store.meta.period
    return (f"{FULL} = {bar_scale(bars, width)} {measure} (exact), {PART} = upper end of a range, {OPEN} = no known "
            f"maximum; * = inside the conflict period {p.start.isoformat()}..{p.end.isoformat()}")


def bar_scale(bars: list[Bar], width: int) -> int:
    """Units per bar character, so the longest bar fits ``width``."""
    biggest = max((b.qty.hi if b.qty.hi is not None else b.qty.lo + 1) for b in bars) if bars else 1
    label_w = max([len(b.label) for b in bars] + [6])
    group_w = max([len(b.group_label) for b in bars] + [5])
    room = max(10, width - label_w - group_w - 16)
    return max(1, -(-biggest // room))


def casualty_chart(ix: Index, bars: list[Bar], measure: str, by: str, split: str, width: int, fancy: bool = True) -> Any:
    """A Rich renderable: one row per bucket and group, bars scaled to fit ``width``."""
    from rich.table import Table
    from rich.text import Text

    from .render.text import safe

    groups = sorted({b.group_label for b in bars}, key=str.casefold)
    colour = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    scale = bar_scale(bars, width)
    table = Table(box=None, show_header=True, header_style="bold" if fancy else "", pad_edge=False, expand=False,
                  title=Text(f"{measure.capitalize()} by {by}, split by {split}") if fancy else None,
                  caption=Text(casualty_caption(ix, bars, measure, width)) if fancy else None)
    table.add_column("", no_wrap=True)
    table.add_column(by.capitalize(), no_wrap=True)
    table.add_column(split.capitalize(), no_wrap=True)
    table.add_column(measure.capitalize(), justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    previous = None
    for b in bars:
        lo = b.qty.lo // scale
        extra = 0 if b.qty.hi is None else (b.qty.hi - b.qty.lo) // scale
        bar = Text(FULL * lo, style=colour[b.group_label])
        bar.append(PART * extra, style=colour[b.group_label])
        if b.qty.hi is None:
            bar.append(OPEN, style=colour[b.group_label])
        table.add_row(
            "*" if b.in_period else "",
            Text(safe(b.label)) if b.period != previous else Text(""),
            Text(safe(b.group_label), style=colour[b.group_label]),
            str(b.qty),
            bar,
        )
        previous = b.period
    return table


# --------------------------------------------------------------------------- control


@dataclass
class Strip:
    place: str
    cells: list[tuple[str | None, bool]]  # (holder at the end of the bucket, a change under way in it)
    changes: list[Change] = field(default_factory=list)


def control_strips(
    ix: Index, place_ids: set[str] | None, start: dt.date | None, end: dt.date | None, buckets: int
) -> tuple[list[dt.date], list[Strip]]:
    """Holder of every place that changed hands, sampled at the end of each bucket of days."""
    chs = [c for c in changes(ix.store) if place_ids is None or c.place in place_ids]
    if not chs:
        return [], []
    first = start or min(c.event.date for c in chs) - dt.timedelta(days=1)
    last = end or max(c.event.end for c in chs) + dt.timedelta(days=1)
    if last < first:
        return [], []
    days = (last - first).days + 1
    step = max(1, -(-days // max(1, buckets)))
    ticks = [min(first + dt.timedelta(days=i * step + step - 1), last) for i in range(-(-days // step))]
    places = []
    seen: set[str] = set()
    for c in chs:
        if c.place not in seen:
            seen.add(c.place)
            places.append(c.place)
    strips = []
    for pid in places:
        mine = [c for c in chs if c.place == pid]
        cells = []
        for tick in ticks:
            holder = ix.place[pid].initial_holder
            for c in mine:
                if c.done_by(tick):
                    holder = c.to
            # as `control --on` would show the column's last day: a change still under way at its end
            cells.append((holder, any(c.under_way(tick) for c in mine)))
        strips.append(Strip(pid, cells, mine))
    return ticks, strips


def strip_records(ix: Index, ticks: list[dt.date], strips: list[Strip]) -> list[dict[str, Any]]:
    return [
        {"place": s.place, "days": [t.isoformat() for t in ticks], "holders": [h for h, _ in s.cells],
         "changing": [b for _, b in s.cells], "changes": [
             {"event": c.event.id, "date": c.event.date.isoformat(), "date_end": c.event.end.isoformat(),
              "to": c.to} for c in s.changes]}
        for s in strips
    ]


def control_legend(ix: Index, ticks: list[dt.date], strips: list[Strip]) -> str:
    letters = _letters(ix, _holders(ix, strips))
    step = (ticks[1] - ticks[0]).days if len(ticks) > 1 else 1
    return ("Legend: " + "  ".join(f"{letters[h]} {ix.actor_short(h)}" for h in _holders(ix, strips))
            + "  · no known holder; lower case = a change under way at the end of that column. "
            + f"Columns run from {ticks[0].isoformat()} to {ticks[-1].isoformat()}, {step} day(s) each.")


def _holders(ix: Index, strips: list[Strip]) -> list[str]:
    return sorted({h for s in strips for h, _ in s.cells if h is not None}, key=lambda h: ix.actor_short(h))


def control_chart(ix: Index, ticks: list[dt.date], strips: list[Strip], fancy: bool = True) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .render.text import safe

    holders = _holders(ix, strips)
    letters = _letters(ix, holders)
    colour = {h: PALETTE[i % len(PALETTE)] for i, h in enumerate(holders)}
    table = Table(box=None, show_header=True, header_style="bold" if fancy else "", pad_edge=False, expand=False,
                  title=Text("Control over time (holder at the end of each column)") if fancy else None)
    table.add_column("Place", no_wrap=True)
    table.add_column(_axis(ticks), no_wrap=True)
    table.add_column("Changes", overflow="fold")
    for s in strips:
        strip = Text()
        for holder, busy in s.cells:
            if holder is None:
                strip.append("?" if busy else "·", style="dim")
            else:
                char = letters[holder].lower() if busy else letters[holder]
                strip.append(char, style=f"bold reverse {colour[holder]}" if not busy else colour[holder])
        label = "; ".join(
            f"{dates.label(c.event.date, c.event.end, c.event.precision.value)} -> {ix.actor_short(c.to) if c.to else '?'}"
            for c in s.changes)
        table.add_row(Text(safe(ix.place_name(s.place))), strip, Text(safe(label)))
    if not fancy:
        return table  # the legend goes to stderr with the other notes
    legend = Text("Legend: ")
    for h in holders:
        legend.append(f" {letters[h]} ", style=f"bold reverse {colour[h]}")
        legend.append(f" {safe(ix.actor_short(h))}  ")
    legend.append(" · no known holder   lower case = a change under way at the end of that column")
    step = (ticks[1] - ticks[0]).days if len(ticks) > 1 else 1
    span = Text(f"Columns run from {ticks[0].isoformat()} to {ticks[-1].isoformat()}, {step} day(s) each.")
    return Group(table, legend, span)


def _letters(ix: Index, holders: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for h in holders:
        name = ix.actor_short(h)
        candidates = [ch.upper() for ch in name if ch.isalpha()] + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        for ch in candidates:
            if ch not in used:
                out[h] = ch
                used.add(ch)
                break
        else:
            out[h] = "#"
    return out


def _axis(ticks: list[dt.date]) -> str:
    """One character per column: the day's last digit, with the month marked where it changes."""
    return "".join(str(t.day % 10) for t in ticks)
