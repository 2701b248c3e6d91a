"""The charts as views: casualties over time (bars) and control over time (strips)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..query import dates
from ..query.charts import Bar, Strip
from ..query.index import Index
from .model import BarChart, ChartBar, Column, StripChart, StripRow, Table, View

FULL, PART, OPEN = "█", "░", "▸"
NO_HOLDER, UNKNOWN_CHANGING = "·", "?"


# --------------------------------------------------------------------------- casualties


def bar_records(bars: list[Bar], measure: str) -> list[dict[str, Any]]:
    return [
        {"period": b.period, "start": b.start.isoformat(), "end": b.end.isoformat(), "group": b.group,
         measure: b.qty.lo, f"{measure}_max": b.qty.hi, "in_conflict_period": b.in_period}
        for b in bars
    ]


def bar_scale(bars: list[Bar], width: int) -> int:
    """Units per bar character, so the longest bar fits ``width``."""
    biggest = max((b.qty.hi if b.qty.hi is not None else b.qty.lo + 1) for b in bars) if bars else 1
    label_w = max([len(b.label) for b in bars] + [6])
    group_w = max([len(b.group_label) for b in bars] + [5])
    room = max(10, width - label_w - group_w - 16)
    return max(1, -(-biggest // room))


def casualty_chart_view(ix: Index, bars: list[Bar], by: str, split: str, measure: str, width: int) -> View:
    """Bars per period and group, scaled so the longest fits ``width`` columns."""
    scale = bar_scale(bars, width)
    groups = sorted({b.group_label for b in bars}, key=str.casefold)
    colour = {g: i for i, g in enumerate(groups)}
    chart_bars = []
    previous = None
    for b in bars:
        chart_bars.append(ChartBar(
            label=b.label if b.period != previous else "",
            group=b.group_label,
            colour=colour[b.group_label],
            value=str(b.qty),
            full=b.qty.lo // scale,
            part=0 if b.qty.hi is None else (b.qty.hi - b.qty.lo) // scale,
            open=b.qty.hi is None,
            in_period=b.in_period,
        ))
        previous = b.period
    title = f"{measure.capitalize()} by {by}, split by {split}"
    p = ix.store.meta.period
    caption = (f"{FULL} = {scale} {measure} (exact), {PART} = upper end of a range, {OPEN} = no known "
               f"maximum; * = inside the conflict period {p.start.isoformat()}..{p.end.isoformat()}")
    table = Table([Column(by.capitalize()), Column(split.capitalize()), Column(measure.capitalize(), "right")],
                  [[b.label, b.group_label, str(b.qty)] for b in bars])
    return View(
        body=BarChart(title, by.capitalize(), split.capitalize(), measure.capitalize(), chart_bars, table),
        title=title,
        caption=caption,
        records=bar_records(bars, measure),
        fields=["period", "start", "end", "group", measure, f"{measure}_max", "in_conflict_period"],
        empty="no casualties in the events that matched",
    )


# --------------------------------------------------------------------------- control

CONTROL_TITLE = "Control over time (holder at the end of each column)"


def strip_records(ticks: list[dt.date], strips: list[Strip]) -> list[dict[str, Any]]:
    return [
        {"place": s.place, "days": [t.isoformat() for t in ticks], "holders": [h for h, _ in s.cells],
         "changing": [b for _, b in s.cells], "changes": [
             {"event": c.event.id, "date": c.event.date.isoformat(), "date_end": c.event.end.isoformat(),
              "to": c.to} for c in s.changes]}
        for s in strips
    ]


def control_chart_view(ix: Index, ticks: list[dt.date], strips: list[Strip]) -> View:
    holders = sorted({h for s in strips for h, _ in s.cells if h is not None}, key=ix.actor_short)
    letters = _letters(ix, holders)
    names = {h: ix.actor_short(h) for h in holders}
    tail = f"  {NO_HOLDER} no known holder; lower case = a change under way at the end of that column."
    step = (ticks[1] - ticks[0]).days if len(ticks) > 1 else 1
    span = f"Columns run from {ticks[0].isoformat()} to {ticks[-1].isoformat()}, {step} day(s) each." if ticks else ""
    rows = [
        StripRow(ix.place_name(s.place), s.cells, "; ".join(
            f"{dates.label(c.event.date, c.event.end, c.event.precision.value)} -> "
            f"{ix.actor_short(c.to) if c.to else UNKNOWN_CHANGING}"
            for c in s.changes))
        for s in strips
    ]
    table = Table([Column("Place"), Column("Holders")], [
        [ix.place_name(s.place), " ".join(ix.actor_short(h) if h else UNKNOWN_CHANGING for h, _ in s.cells)]
        for s in strips
    ])
    legend = "Legend: " + "  ".join(f"{letters[h]} {names[h]}" for h in holders)
    return View(
        body=StripChart(CONTROL_TITLE, "".join(str(t.day % 10) for t in ticks), rows, letters,
                        {h: i for i, h in enumerate(holders)}, names, tail, span, table),
        title=CONTROL_TITLE,
        caption=f"{legend}{tail} {span}" if strips else None,
        records=strip_records(ticks, strips),
        fields=["place", "days", "holders", "changing", "changes"],
        empty="no place changed hands in what matched",
    )


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _letters(ix: Index, holders: list[str]) -> dict[str, str]:
    """One letter a holder, from its short name where it can be: always one ASCII letter, so one cell
    a column whatever the name's script ("ß" would be two, a CJK letter two cells, Arabic right to left)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for h in holders:
        name = ix.actor_short(h)
        candidates = [ch.upper() for ch in name if ch.upper() in LETTERS] + list(LETTERS)
        for ch in candidates:
            if ch not in used:
                out[h] = ch
                used.add(ch)
                break
        else:
            out[h] = "#"
    return out
