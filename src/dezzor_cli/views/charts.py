"""The charts as views: casualties over time (bars) and control over time (strips).

Both are laid out for the width they are given: labels shorten by priority so
nothing wraps.  The casualty chart keeps every period label whole and shortens
the group names (side names to their leading actor's short name, then "…");
the control chart keeps its strip whole and shortens the Changes column (the
year dropped, then holders' letters, then a change a line, then "…").

Holders' letters and palette indexes, and the groups' palette indexes, come
from the whole store (:func:`dezzor_cli.query.charts.holders`, ``groups``):
a holder has one letter and one colour in every chart of a store, whatever
the filters.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from ..query import dates
from ..query.charts import Bar, Strip, groups, holders
from ..query.control import Change
from ..query.index import Index
from .model import BarChart, ChartBar, Column, StripChart, StripRow, Table, View

FULL, PART, OPEN = "█", "░", "▸"
NO_HOLDER, UNKNOWN_CHANGING, OTHER = "·", "?", "#"
ELLIPSIS = "…"
GAP = 2  # the space between two columns of a chart
BAR_ROOM = 10  # the fewest bar characters kept before group names are shortened
BAR_MIN = 5  # ... and before short names are cut
GROUP_MIN = 5  # "Actor": a group name is never cut shorter
PLACE_MIN, CHANGES_MIN = 8, 12


def cells(text: str) -> int:
    """The terminal cells ``text`` takes: two for a wide character, none for a combining or format one."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending in "…" when it was cut."""
    if cells(text) <= width:
        return text
    out = ""
    for ch in text:
        if cells(out + ch) + 1 > width:
            break
        out += ch
    return out.rstrip() + ELLIPSIS


# --------------------------------------------------------------------------- casualties


def bar_records(bars: list[Bar], measure: str) -> list[dict[str, Any]]:
    return [
        {"period": b.period, "start": b.start.isoformat(), "end": b.end.isoformat(), "group": b.group,
         measure: b.qty.lo, f"{measure}_max": b.qty.hi, "in_conflict_period": b.in_period}
        for b in bars
    ]


def side_short(ix: Index, side: str | None) -> str:
    """A side's shortest name: the short name of the first actor the store puts on it, if shorter."""
    name = ix.side_name(side)
    leader = next((a.id for a in ix.store.actors if side is not None and a.side == side), None)
    short = ix.actor_short(leader) if leader is not None else name
    return short if cells(short) < cells(name) else name


def _biggest(bars: list[Bar]) -> int:
    return max((b.qty.hi if b.qty.hi is not None else b.qty.lo + 1) for b in bars) if bars else 1


def _group_labels(ix: Index, bars: list[Bar], split: str, room: int) -> tuple[dict[str | None, str], int]:
    """The group names and their column's width, shortened by priority so the bars keep some room:
    whole names, then short ones (bars of ``BAR_ROOM``, then ``BAR_MIN``), then short ones cut with "…"."""
    full = {b.group: b.group_label for b in bars}
    short = {g: side_short(ix, g) if split == "side" and g in ix.sides.display else label
             for g, label in full.items()}
    biggest, header = _biggest(bars), cells(split)
    for labels, bar in ((full, BAR_ROOM), (short, BAR_ROOM), (short, BAR_MIN)):
        width = max([cells(x) for x in labels.values()] + [header])
        if room - width >= min(biggest, bar):
            return labels, width
    width = max(GROUP_MIN, header, room - min(biggest, BAR_MIN))
    return {g: clip(x, width) for g, x in short.items()}, width


def casualty_chart_view(ix: Index, bars: list[Bar], by: str, split: str, measure: str, width: int) -> View:
    """Bars per period and group, laid out in ``width`` columns: period labels whole, group names shortened."""
    period_w = max([cells(b.label) for b in bars] + [cells(by)])
    value_w = max([len(str(b.qty)) for b in bars] + [len(measure)])
    room = width - (1 + period_w + value_w + 4 * GAP)  # for the group names and the bars: "*", period, value
    labels, group_w = _group_labels(ix, bars, split, room)
    scale = max(1, -(-_biggest(bars) // max(1, room - group_w)))
    order = {g: i for i, g in enumerate(groups(ix, split))}
    strangers = sorted({b.group_label for b in bars if b.group not in order}, key=str.casefold)
    colour = {b.group: order[b.group] if b.group in order else len(order) + strangers.index(b.group_label)
              for b in bars}
    chart_bars = []
    previous = None
    for b in bars:
        chart_bars.append(ChartBar(
            label=b.label if b.period != previous else "",
            group=labels[b.group],
            colour=colour[b.group],
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
    shortened = {labels[b.group]: b.group_label for b in bars if labels[b.group] != b.group_label}
    if shortened:
        caption += ". Shortened: " + ", ".join(f"{s} = {n}" for s, n in shortened.items())
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
Columns = list[tuple[dt.date, dt.date]]


def symbol(holder: str | None, busy: bool, letters: dict[str, str]) -> str:
    """A strip's cell: the holder's letter (lower case while a change is under way), or a mark for none."""
    if holder is None:
        return UNKNOWN_CHANGING if busy else NO_HOLDER
    letter = letters.get(holder, OTHER)
    return letter.lower() if busy else letter


def strip_records(columns: Columns, strips: list[Strip], letters: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for s in strips:
        named = [h for h, _ in s.cells] + [h for c in s.changes for h in (c.from_, c.to)]
        out.append({
            "place": s.place, "days": [last.isoformat() for _, last in columns],
            "holders": [h for h, _ in s.cells], "changing": [b for _, b in s.cells],
            "changes": [{"event": c.event.id, "date": c.event.date.isoformat(), "date_end": c.event.end.isoformat(),
                         "to": c.to} for c in s.changes],
            "days_from": [first.isoformat() for first, _ in columns],
            "strip": "".join(symbol(h, b, letters) for h, b in s.cells),
            "letters": {h: letters.get(h, OTHER) for h in dict.fromkeys(named) if h is not None},
        })
    return out


def _change(ix: Index, c: Change, letters: dict[str, str], level: int, year: int | None) -> str:
    """One change for the Changes column, shortened by ``level``: 0 in full ("2024-12-07..12-11 -> Opposition"),
    1 without the chart's year, 2 with the holder's letter ("12-07..12-11 -> O"), 3 a span within a month
    ending in its day ("12-07..11 -> O")."""
    start, end = c.event.date, c.event.end
    when = dates.label(start, end, c.event.precision.value)
    if level >= 1 and year is not None and when.startswith(f"{year}-"):
        when = when[5:]
    if level >= 3 and when == f"{start:%m-%d}..{end:%m-%d}" and start.month == end.month:
        when = f"{start:%m-%d}..{end:%d}"
    who = NO_HOLDER if c.to is None else letters.get(c.to, OTHER) if level >= 2 else ix.actor_short(c.to)
    return f"{when} -> {who}"


LEVELS = (0, 1, 2, 3)


def _changes_column(ix: Index, strips: list[Strip], letters: dict[str, str], year: int | None,
                    width: int | None) -> tuple[list[list[str]], int]:
    """Each strip's changes as the lines of its cell, and the level of shortening used (the same for all).

    A strip keeps one line (its changes joined by "; ") at the least shortening that fits; else each
    change gets a line of its own, at the least shortening that fits; else the lines end in "…".
    """
    def lines(level: int, each: bool) -> list[list[str]]:
        texts = [[_change(ix, c, letters, level, year) for c in s.changes] for s in strips]
        return texts if each else [["; ".join(t)] for t in texts]

    if width is None:
        return lines(0, False), 0
    for each in (False, True):
        for level in LEVELS:
            got = lines(level, each)
            if all(cells(x) <= width for rows in got for x in rows):
                return got, level
    return [[clip(x, width) for x in rows] for rows in lines(LEVELS[-1], True)], LEVELS[-1]


def _days(first: dt.date, last: dt.date) -> str:
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()}..{last:%m-%d}" if first.year == last.year else f"{first}..{last}"


def _span(columns: Columns) -> str:
    """Which days the columns cover, exactly."""
    if not columns:
        return ""
    (a0, b0), (a1, b1) = columns[0], columns[-1]
    step = (b1 - a1).days + 1
    tail = "whose last digit heads the column"
    if step == 1 and a0 == b0:
        return (f"One column a day, {b0.isoformat()} to {b1.isoformat()}; each shows the holder at the end of "
                f"its day, {tail}.")
    return (f"One column per {step} days, {a0.isoformat()} to {b1.isoformat()}: the first covers "
            f"{_days(a0, b0)}, the last {_days(a1, b1)}; each shows the holder at the end of its last day, {tail}.")


def _marks(strips: list[Strip], level: int | None) -> tuple[set[str], str]:
    """The holders whose letters show, and the other marks that show, explained.

    ``level`` is the Changes column's (letters from level 2 on), None when it is left out.
    """
    shown = {h for s in strips for h, _ in s.cells if h is not None}
    listed = [c for s in strips for c in s.changes] if level is not None else []
    if level is not None and level >= 2:
        shown |= {c.to for c in listed if c.to is not None}
    cells_ = [(h, b) for s in strips for h, b in s.cells]
    notes = []
    if any(h is not None and b for h, b in cells_):
        notes.append("lower case = that holder, with a change under way at the end of the column")
    if any(h is None and not b for h, b in cells_) or any(c.to is None for c in listed):
        notes.append(f"{NO_HOLDER} no known holder")
    if any(h is None and b for h, b in cells_):
        notes.append(f"{UNKNOWN_CHANGING} no known holder, with a change under way at the end of the column")
    return shown, "; ".join(notes)


def control_chart_view(ix: Index, columns: Columns, strips: list[Strip], width: int | None = None) -> View:
    """A strip a place, one letter a column; laid out in ``width`` columns when given."""
    order = holders(ix)
    letters = _letters(ix, order)
    colours = {h: i for i, h in enumerate(order)}
    years = {d.year for span in columns for d in span}
    year = years.pop() if len(years) == 1 else None
    places = [ix.place_name(s.place) for s in strips]
    place_w = max([cells(p) for p in places] + [cells("Place")])
    changes_w = None
    if width is not None:
        room = width - len(columns) - 2 * GAP
        if place_w + CHANGES_MIN > room:
            place_w = max(PLACE_MIN, room - CHANGES_MIN)
            places = [clip(p, place_w) for p in places]
        changes_w = room - place_w
    show_changes = changes_w is None or changes_w >= len("Changes")
    lines, level = _changes_column(ix, strips, letters, year, changes_w)
    shown, tail = _marks(strips, level if show_changes else None)
    names = {h: ix.actor_short(h) for h in sorted(shown, key=lambda h: (ix.actor_short(h).casefold(), h))}
    if not show_changes:
        tail += ("; " if tail else "") + "the changes are left out at this width ('dezzor control' lists them)"
    span = _span(columns)
    rows = [StripRow(place, s.cells, ls if show_changes else [])
            for place, s, ls in zip(places, strips, lines, strict=True)]
    table = Table([Column("Place"), Column("Holders"), Column("Changes")], [
        [ix.place_name(s.place), "".join(symbol(h, b, letters) for h, b in s.cells),
         "; ".join(_change(ix, c, letters, 0, None) for c in s.changes)]
        for s in strips
    ])
    legend = "Legend: " + "  ".join(f"{letters.get(h, OTHER)} {n}" for h, n in names.items())
    legend += f"; {tail}." if tail else "."
    return View(
        body=StripChart(CONTROL_TITLE, "".join(str(last.day % 10) for _, last in columns), rows,
                        {h: letters.get(h, OTHER) for h in names}, {h: colours.get(h, 0) for h in names}, names,
                        tail, span, table, show_changes),
        title=CONTROL_TITLE,
        caption=f"{legend} {span}" if strips else None,
        records=strip_records(columns, strips, letters),
        fields=["place", "days", "holders", "changing", "changes", "days_from", "strip", "letters"],
        empty="no place changed hands in what matched",
    )


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _letters(ix: Index, holders: list[str]) -> dict[str, str]:
    """One letter a holder, in the order given (the store's): the first free letter of its short name,
    then of its full name, then any free letter; "#" once all 26 are taken.  Always one ASCII capital,
    so one cell a column whatever the name's script ("ß" would be two letters, a CJK one two cells,
    Arabic right to left)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for h in holders:
        names = ix.actor_short(h) + ix.actor_name(h)
        candidates = [u for u in (ch.upper() for ch in names) if len(u) == 1 and u in LETTERS] + list(LETTERS)
        out[h] = next((ch for ch in candidates if ch not in used), OTHER)
        used.add(out[h])
    return out
