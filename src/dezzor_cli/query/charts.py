"""The data behind the charts: casualty sums per time bucket, and holders sampled over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..store.types import EventLike
from .choices import Bucket, Measure, Split
from .control import Change, changes
from .index import Index
from .quantities import Qty
from .tally import time_group


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


def casualty_bars(
    ix: Index, events: Sequence[EventLike], by: Bucket | str, split: Split | str, measure: Measure | str
) -> list[Bar]:
    """Sum ``measure`` per time bucket and per side (or party); ranges stay ranges."""
    by, split, measure = Bucket(by), Split(split), Measure(measure)
    period = ix.store.meta.period
    sums: dict[tuple[str, str | None], Bar] = {}
    for e in events:
        key, label, (start, end) = time_group(e, by.value)
        for c in e.casualties:
            value = getattr(c, measure.value)
            if value is None:
                continue
            if split is Split.side:
                gid = ix.side_of(c.party)
                glabel = ix.side_name(gid)
            else:
                gid = c.party
                glabel = ix.actor_short(c.party)
            k = (key, gid)
            if k not in sums:
                sums[k] = Bar(key, label, start, end, gid, glabel, Qty(0, 0),
                              start <= period.end and end >= period.start)
            sums[k].qty = sums[k].qty + Qty.of(value)
    return sorted(sums.values(), key=lambda b: (b.start, b.end, b.group_label.casefold()))


@dataclass
class Strip:
    place: str
    cells: list[tuple[str | None, bool]]  # (holder at the end of the column, a change under way then)
    changes: list[Change] = field(default_factory=list)


def control_strips(
    ix: Index, place_ids: frozenset[str] | None, start: dt.date | None, end: dt.date | None, buckets: int
) -> tuple[list[tuple[dt.date, dt.date]], list[Strip]]:
    """Holder of every place that changed hands at the end of each column of days.

    Returns the columns (first and last day of each) and the strips.  Every
    column has the same number of days and the last ends on ``end`` (else the
    day after the last change ends); so the first may begin before ``start``
    (else the day before the first change), never after it.  A cell is the
    holder at the end of its column's last day, as ``control --on`` shows it.
    """
    chs = [c for c in changes(ix.store) if place_ids is None or c.place in place_ids]
    if not chs:
        return [], []
    first = start or _shifted(min(c.event.date for c in chs), -1)  # a day of the old holder before the first change
    last = end or _shifted(max(c.event.end for c in chs), 1)
    if last < first:
        return [], []
    days = (last - first).days + 1
    step = max(1, -(-days // max(1, buckets)))
    count = -(-days // step)
    ends = [_shifted(last, (i - count + 1) * step) for i in range(count)]  # the first is on or after ``first``
    columns = [(_shifted(e, 1 - step), e) for e in ends]  # the first may be cut at the first day a date can hold
    places = list(dict.fromkeys(c.place for c in chs))  # in the order they first change hands
    strips = []
    for pid in places:
        mine = [c for c in chs if c.place == pid]
        cells = []
        for _, tick in columns:
            holder = ix.place[pid].initial_holder
            for c in mine:
                if c.done_by(tick):
                    holder = c.to
            # as `control --on` would show the column's last day: a change still under way at its end
            cells.append((holder, any(c.under_way(tick) for c in mine)))
        strips.append(Strip(pid, cells, mine))
    return columns, strips


def holders(ix: Index) -> list[str]:
    """Every actor that holds a place at some time in the whole store, in the order the store lists actors.

    A place's first holder and both sides of every control change count, whatever a
    command filters: letters and colours drawn from this list are the same in every chart
    of one store.  A holder the store does not list as an actor comes last, by id.
    """
    found = {p.initial_holder for p in ix.store.places if p.initial_holder is not None}
    for e in ix.store.events:
        for cc in e.control_changes:
            found.update(h for h in (cc.from_, cc.to) if h is not None)
    listed = [a.id for a in ix.store.actors if a.id in found]
    return listed + sorted(found - set(listed))


def groups(ix: Index, split: Split | str) -> list[str | None]:
    """Every group a casualty bar can have in the whole store, in its order, ``None`` (no side, not stated) last.

    By side: every side.  By actor: every actor some casualty figure names, so that a palette
    indexed by this list repeats a colour as late as it can.
    """
    if Split(split) is Split.side:
        return [*(s.id for s in ix.store.sides), None]
    parties = {c.party for e in ix.store.events for c in e.casualties}
    listed = [a.id for a in ix.store.actors if a.id in parties]
    return [*listed, *sorted(p for p in parties - set(listed) if p is not None), None]


def _shifted(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, stopping at the first and last days a date can hold."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def holding(strips: list[Strip], actor_ids: frozenset[str] | None) -> list[Strip]:
    """The strips in which one of the actors holds the place at some column; all when None."""
    if actor_ids is None:
        return strips
    return [s for s in strips if any(h in actor_ids for h, _ in s.cells)]
