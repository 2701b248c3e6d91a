"""The query engine: selections and casualty sums of a store read through its database, answered in SQL.

The fast twin of :func:`.filters.select` and of the sums in :mod:`.tally`, which stay the reference (and build
the rows from what this gives).  Names, units, sides and the place hierarchy are resolved in Python
(:mod:`.names`, :mod:`.index`) and reach the SQL as sets of ids; the rules (a date range selects the events whose
span overlaps it, ``--within`` those it contains) and the honest sums (a sum with any open maximum has no
maximum) are the reference's, written in SQL.  ``--search`` matches text as Python case-folds it: a selection
with a search is narrowed in SQL, finished in Python (``keep``) and tallied from its events.  Everything else
(control, charts, show, the views) reads the selected events, decoded from their records, so every output is made
from the same records as on the plain path: ``tests/query/test_engine.py`` compares the bytes of every command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, overload

from ..store.types import EventLike, QueryableEvents
from ..store.vocab import COUNT_FIELDS, EVENT_TYPE_PREFIX, Certainty
from .quantities import Counts, Qty, no_counts

_CERTAINTIES = tuple(c.value for c in Certainty)

def _honest(x: str, cast: str = "") -> str:
    """The sums of the figures ``{x}_min``, ``{x}_max`` and ``{x}_best``: the sum of minima, whether a maximum is
    open, the sum of maxima, whether a best estimate is missing, the sum of best estimates.  ``cast`` (``::BIGINT``)
    is for sums known to fit 64 bits (see ``_FITS``)."""
    return (f"sum({x}_min){cast}, bool_or({x}_min IS NOT NULL AND {x}_max IS NULL), sum({x}_max){cast}, "
            f"bool_or({x}_min IS NOT NULL AND {x}_best IS NULL), sum({x}_best){cast}")


# The casualty sums, in one place: per count, the columns of _honest (a sum with an open maximum has none, a sum
# with a figure lacking a best estimate has none); then whether each certainty is among the records.  Figures.of
# reads these columns, then the number of events.
_PER_COUNT = 5  # the columns _honest gives
def _sums_of(cast: str) -> str:
    return ", ".join([*(_honest(f"k.{n}", cast) for n in COUNT_FIELDS),
                      *(f"bool_or(k.certainty = '{c}')" for c in _CERTAINTIES)])


_SUMS = _sums_of("")
# DuckDB sums BIGINTs as 128-bit integers, which Python receives several times slower than 64-bit ones (a third
# of a month tally's fetch).  Figures are whole numbers from 0 (store/tables.py), so no sum of some of them exceeds
# the largest figure times the number of records: when that fits 64 bits, every sum does, and is fetched as one.
_SUMS_64 = _sums_of("::BIGINT")
_FITS = ("SELECT coalesce(greatest(" + ", ".join(f"max({n}_{m})" for n in COUNT_FIELDS for m in ("min", "max", "best"))
         + "), 0)::HUGEINT * count(*) < 9223372036854775808 FROM casualties")
_WIDTH = _PER_COUNT * len(COUNT_FIELDS) + len(_CERTAINTIES) + 1  # the columns _SUMS gives, and the events
# How many events gave the records summed.  count(DISTINCT) is exact always, and most of a large tally's time; the
# others count each event at one record that every group of the kind has, where that record is surely counted:
# its first record (position 0) when every record counts, and its first record of a party (casualties.first_of_party)
# for a group by party when no certainty is left out.
_DISTINCT = "count(DISTINCT k.event)"
_AT_FIRST = "count(*) FILTER (WHERE k.position = 0)"
_AT_PARTY = "count(*) FILTER (WHERE k.first_of_party)"
# Where a group first appears among the events in date order (the reference makes its rows in that order).
_FIRST = "min({'d': e.date, 'l': e.last_day, 'e': e.event, 'k': k.position%s})"

# A tally by day, week or month (.tally.span_group): whether a casualty's event stays in its first day's bucket, and
# that bucket's first day (ISO weeks as isocalendar's; whole numbers compared: faster than date_trunc's timestamps).
_BUCKETS = {
    "day": ("k.date = k.last_day", "k.date"),
    "week": ("yearweek(k.date) = yearweek(k.last_day)", "k.date - (isodow(k.date) - 1)::INTEGER"),
    "month": ("year(k.date) = year(k.last_day) AND month(k.date) = month(k.last_day)",
              "k.date - (day(k.date) - 1)::INTEGER"),
}


def _time_sql(cast: str) -> tuple[str, str]:
    """A time group's sums, named: per count, as ``_honest`` (whether a maximum is open, or a best estimate missing,
    told by counting: a record gives a maximum or a best estimate only with a minimum, store/tables.py), then the
    certainties, as bits (one aggregate where three took a tenth longer); and the total of the groups' sums."""
    bits = " ".join(f"WHEN '{c}' THEN {1 << i}" for i, c in enumerate(_CERTAINTIES))
    return (", ".join([*(f"sum(k.{n}_min){cast} AS {n}_lo, count(k.{n}_min) > count(k.{n}_max) AS {n}_open, "
                         f"sum(k.{n}_max){cast} AS {n}_hi, count(k.{n}_min) > count(k.{n}_best) AS {n}_nobest, "
                         f"sum(k.{n}_best){cast} AS {n}_best" for n in COUNT_FIELDS),
                       f"bit_or(CASE k.certainty {bits} END) AS certainties"]),
            ", ".join([*(f"sum({n}_lo){cast}, CASE WHEN bool_or({n}_open) THEN NULL ELSE sum({n}_hi){cast} END, "
                         f"CASE WHEN bool_or({n}_nobest) THEN NULL ELSE sum({n}_best){cast} END" for n in COUNT_FIELDS),
                       "bit_or(certainties)", "sum(n)::BIGINT"]))


# A time group's columns for Python: per count its minimum, maximum (NULL: open) and best (NULL: none); bits; events.
_TIME_GROUP = ", ".join([*(f"{n}_lo, CASE WHEN {n}_open THEN NULL ELSE {n}_hi END, "
                           f"CASE WHEN {n}_nobest THEN NULL ELSE {n}_best END" for n in COUNT_FIELDS),
                         "certainties", "n"])
_TIME_SQL = {True: _time_sql("::BIGINT"), False: _time_sql("")}  # by whether the sums fit 64 bits
_TIME_AT = [(name, 4 + 3 * i) for i, name in enumerate(COUNT_FIELDS)]  # after the first day, last day, key, precision
_MASK_AT = 4 + 3 * len(COUNT_FIELDS)
_CERTAINTY_SETS = [frozenset(c for i, c in enumerate(_CERTAINTIES) if m >> i & 1)
                   for m in range(1 << len(_CERTAINTIES))]
# A group of a tally by time: its first day, its last day (None: a bucket, named by its first day), a span's key, its
# first event's precision, its sums, its certainties and how many events gave them.
TimeGroup = tuple[dt.date, dt.date | None, str | None, str, Counts, set[str], int]


def _time_groups(rows: Sequence[Sequence[Any]]) -> list[TimeGroup]:
    """The rows of a tally by time, each a ``TimeGroup`` (a month tally has thousands: no slices, no generators)."""
    out: list[TimeGroup] = []
    for row in rows:
        counts: Counts = {}
        for name, i in _TIME_AT:
            lo = row[i]
            counts[name] = None if lo is None else Qty(lo, row[i + 1], row[i + 2])
        out.append((row[0], row[1], row[2], row[3], counts, set(_CERTAINTY_SETS[row[_MASK_AT] or 0]),
                    row[_MASK_AT + 1] or 0))
    return out


class Window(Protocol):
    @property
    def start(self) -> dt.date: ...
    @property
    def end(self) -> dt.date: ...


class Conditions(Protocol):
    """What the engine reads of :class:`.filters.Criteria`."""

    @property
    def window(self) -> Window | None: ...
    @property
    def within(self) -> bool: ...
    @property
    def precisions(self) -> frozenset[str] | None: ...
    @property
    def kinds(self) -> frozenset[str] | None: ...
    @property
    def actor_ids(self) -> frozenset[str] | None: ...
    @property
    def place_ids(self) -> frozenset[str] | None: ...


@dataclass
class Figures:
    """The sums of some casualty records: counts, the certainties among them, how many events gave them."""

    counts: Counts = field(default_factory=no_counts)
    certainty: set[str] = field(default_factory=set)
    events: int = 0

    @classmethod
    def of(cls, row: Sequence[Any]) -> Figures:
        """From the columns of ``_SUMS``: per count, the columns of ``_honest``; then whether each certainty is
        among them, and the number of events."""
        counts: Counts = {}
        for name, i in _AT:  # a tally has thousands of rows: no slices, no generators
            lo = row[i]
            counts[name] = None if lo is None else Qty(
                int(lo), None if row[i + 1] else int(row[i + 2]), None if row[i + 3] else int(row[i + 4]))
        certainty = {c for c, i in _CERTAINTY_AT if row[i]}
        return cls(counts, certainty, int(row[_EVENTS_AT] or 0))


_AT = [(name, _PER_COUNT * i) for i, name in enumerate(COUNT_FIELDS)]
_CERTAINTY_AT = [(c, _PER_COUNT * len(COUNT_FIELDS) + i) for i, c in enumerate(_CERTAINTIES)]
_EVENTS_AT = _PER_COUNT * len(COUNT_FIELDS) + len(_CERTAINTIES)


def quantity(columns: Sequence[Any]) -> Qty | None:
    """The honest sum the columns of ``_honest`` give (None: no figure at all)."""
    lo, open_, hi, no_best, best = columns
    if lo is None:
        return None
    return Qty(int(lo), None if open_ else int(hi), None if no_best else int(best))


class Where:
    """A condition on the events (``e``) and its parameters, built up piece by piece."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: dict[str, Any] = {}

    def value(self, v: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = v
        return f"${name}"

    def ids(self, values: Iterable[str]) -> str:
        """A set of strings to test with IN (a semi-join, whatever its size)."""
        return f"(SELECT unnest(CAST({self.value(sorted(values))} AS VARCHAR[])))"

    def sql(self) -> str:
        return " AND ".join(self.conditions) or "true"


def where(c: Conditions) -> Where:
    """``c`` (without its search) as SQL: what :func:`.filters.matches` checks, condition by condition."""
    w = Where()
    if c.window is not None:
        first, last = w.value(c.window.start), w.value(c.window.end)
        w.conditions += [f"e.date <= {last}", f"e.last_day >= {first}"]
        if c.within:
            w.conditions += [f"e.date >= {first}", f"e.last_day <= {last}"]
    if c.precisions is not None:
        w.conditions.append(f"e.precision IN {w.ids(c.precisions)}")
    if c.kinds is not None:
        kinds = w.ids(k for k in c.kinds if not k.startswith(EVENT_TYPE_PREFIX))
        types = w.ids(k.removeprefix(EVENT_TYPE_PREFIX) for k in c.kinds if k.startswith(EVENT_TYPE_PREFIX))
        w.conditions.append(f"(e.kind IN {kinds} OR e.event_type IN {types})")
    if c.actor_ids is not None:  # as filters.involves_actor: a role, a casualty's party, either end of a change
        ids = w.ids(c.actor_ids)
        w.conditions.append(
            f"e.event IN (SELECT event FROM event_actors WHERE actor IN {ids} "
            f"UNION ALL SELECT event FROM casualties WHERE party IN {ids} "
            f"UNION ALL SELECT event FROM control_changes WHERE from_holder IN {ids} OR to_holder IN {ids})")
    if c.place_ids is not None:  # as filters.involves_place: a place of the event, or a place that changed hands
        ids = w.ids(c.place_ids)
        w.conditions.append(f"e.event IN (SELECT event FROM event_places WHERE place IN {ids} "
                            f"UNION ALL SELECT event FROM control_changes WHERE place IN {ids})")
    return w


Filter = tuple[frozenset[str] | None, frozenset[str] | None]  # the certainties and parties counted (None: all)


class Selection(Sequence[EventLike]):
    """The events ``c`` selects from a database, in date order, decoded when first read; ``keep`` (a search)
    is applied to them in Python.  Without one, :mod:`.tally` sums them in SQL."""

    def __init__(self, db: QueryableEvents, c: Conditions, reverse: bool = False, limit: int | None = None,
                 keep: Callable[[EventLike], bool] | None = None) -> None:
        self.db, self.criteria, self.reverse, self.limit, self.keep = db, c, reverse, limit, keep
        self.where = where(c)
        self._events: list[EventLike] | None = None
        self._totals: dict[Filter, Figures] = {}
        self._fits: bool | None = None  # whether every sum of figures fits 64 bits (_FITS)

    @property
    def in_sql(self) -> bool:
        """Whether SQL alone selects these events (no search text), so that they can be summed in SQL."""
        return self.keep is None

    def events(self) -> list[EventLike]:
        if self._events is None:
            params = dict(self.where.params)
            limit = ""
            if self.limit is not None and self.keep is None:
                limit, params["limit"] = " LIMIT $limit", self.limit
            order = ", ".join(f"e.{c}{' DESC' if self.reverse else ''}" for c in ("date", "last_day", "event"))
            chosen = self.db.events_of(f"SELECT e.event, r.record FROM event_rows e JOIN event_records r USING (event) "
                                       f"WHERE {self.where.sql()} ORDER BY {order}{limit}", params)
            if self.keep is not None:
                chosen = [e for e in chosen if self.keep(e)][:self.limit]
            self._events = chosen
        return self._events

    def __len__(self) -> int:
        if self._events is None and self.keep is None:
            (n,), = self.db.sql(f"SELECT count(*) FROM event_rows e WHERE {self.where.sql()}", self.where.params)
            return int(n) if self.limit is None else min(int(n), self.limit)
        return len(self.events())

    @overload
    def __getitem__(self, i: int) -> EventLike: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[EventLike]: ...
    def __getitem__(self, i: int | slice) -> EventLike | Sequence[EventLike]:
        return self.events()[i]

    def __iter__(self) -> Iterator[EventLike]:
        return iter(self.events())

    # ------------------------------------------------------------------ sums (what each means: see .tally)

    def fits(self) -> bool:
        """Whether every sum of figures fits 64 bits (``_FITS``), asked once."""
        if self._fits is None:
            (fits,), = self.db.sql(_FITS)
            self._fits = bool(fits)
        return self._fits

    def _counted_where(self, counted: Filter) -> tuple[Where, bool]:
        """The criteria and the casualty records counted (``k``), as SQL; and whether that looks at the events."""
        w = where(self.criteria)
        join_events = bool(w.conditions)
        allowed, parties = counted
        if allowed is not None:
            w.conditions.append(f"k.certainty IN {w.ids(allowed)}")
        if parties is not None:
            w.conditions.append(f"k.party IN {w.ids(parties)}")
        return w, join_events

    def _sums(self, select: str, joins: str, group: str, counted: Filter, extra: dict[str, Any] | None = None,
              with_total: bool = False, events: str = _DISTINCT, total_events: str = _DISTINCT,
              on_events: bool = True) -> list[tuple[Any, ...]]:
        """The sums of the counted casualty records of these events, grouped by ``group``, and the number of events
        (``events``); with ``with_total``, the sums of all of them too (``GROUPING SETS``: one pass, its events
        counted by ``total_events``), kept for :meth:`total`.  Without ``on_events`` (no column of ``e`` in
        ``select`` or ``group``), the events are joined only when the criteria look at them."""
        w, join_events = self._counted_where(counted)
        join_events = join_events or on_events
        grouping = f" GROUP BY GROUPING SETS (({group}), ())" if with_total else f" GROUP BY {group}" if group else ""
        flag = f"grouping({group}), " if with_total else ""
        counts = f"{events}, {total_events}" if with_total else events
        sums = _SUMS_64 if self.fits() else _SUMS
        rows = self.db.sql(f"SELECT {flag}{select}{', ' if select else ''}{sums}, {counts} FROM casualties k "
                           f"{'JOIN event_rows e ON e.event = k.event ' if join_events else ''}{joins} "
                           f"WHERE {w.sql()}{grouping}", {**w.params, **(extra or {})})
        if not with_total:
            return rows
        groups = []
        for is_total, *rest in rows:
            if is_total:
                self._totals[counted] = Figures.of(rest[-_WIDTH - 1:-2] + rest[-1:])
            else:
                groups.append(tuple(rest[:-1]))
        return groups

    def grouped(self, by: str, counted: Filter, sides: dict[str, str | None], in_order: bool = True
                ) -> list[tuple[Any, Figures]]:
        """The sums by actor, side (``sides``: each actor's), kind or place: (group, figures), in the order the
        groups first appear among the events (``in_order``; else in no order); the total of the same records is
        kept for :meth:`total` (except by place, where an event counts under each of its places)."""
        first, joins, extra, on_events = _FIRST % "", "", {}, True
        events = total = _AT_FIRST if counted == (None, None) else _DISTINCT
        if by == "actor":
            group, on_events = "k.party", False
            events = _AT_PARTY if counted[0] is None else _DISTINCT
        elif by == "side":
            group, joins, on_events = "m.side", ("LEFT JOIN (SELECT unnest($actors) AS party, unnest($sides) AS side) "
                                                 "m ON m.party = k.party"), False
            extra, events = {"actors": list(sides), "sides": list(sides.values())}, _DISTINCT
        elif by == "kind":
            group = "e.kind"
        else:  # place: every place of the event, in its order (a place listed twice counts twice, as in Python)
            group, joins, first = "p.place", "JOIN event_places p ON p.event = k.event", _FIRST % ", 'p': p.position"
            events, on_events = _DISTINCT, False
        select = f"{group}, {first}" if in_order else f"{group}, NULL"
        rows = self._sums(select, joins, group, counted, extra, with_total=by != "place", events=events,
                          total_events=total, on_events=on_events or in_order)
        if in_order:
            rows.sort(key=lambda r: tuple(r[1].values()))
        return [(key, Figures.of(figures)) for key, _, *figures in rows]

    def by_time(self, by: str, counted: Filter) -> list[TimeGroup]:
        """The sums by day, week or month in the groups of :func:`.tally.span_group` (an event in its first day's
        bucket when its span stays in it, else in its span's group), each a ``TimeGroup``, in order; their total (the
        groups' sums summed: an event is in one group) is kept for :meth:`total`.  Casualty rows carry their event's
        span and precision (store/tables.py); a span's events share it, the first in date order is the first stored."""
        inside, first = _BUCKETS[by]
        w, join_events = self._counted_where(counted)
        sums, total = _TIME_SQL[self.fits()]
        events = _AT_FIRST if counted == (None, None) else _DISTINCT
        rows = self.db.sql(
            f"WITH g AS MATERIALIZED (SELECT CASE WHEN {inside} THEN {first} ELSE k.date END AS g1, "
            f"CASE WHEN {inside} THEN NULL ELSE k.last_day END AS g2, arg_min(k.precision, k.event) AS p, {sums}, "
            f"{events} AS n FROM casualties k {'JOIN event_rows e ON e.event = k.event ' if join_events else ''}"
            f"WHERE {w.sql()} GROUP BY g1, g2) "
            f"SELECT g1, g2, CASE WHEN g2 IS NOT NULL THEN g1::VARCHAR || '..' || g2::VARCHAR END, p, {_TIME_GROUP} "
            f"FROM g UNION ALL SELECT NULL, NULL, NULL, NULL, {total} FROM g ORDER BY g1 NULLS LAST, g2 NULLS FIRST",
            w.params)
        *groups, (*_, counts, certainty, n) = _time_groups(rows)
        self._totals[counted] = Figures(counts, certainty, n)
        return groups

    def total(self, counted: Filter) -> Figures:
        if counted not in self._totals:
            events = _AT_FIRST if counted == (None, None) else _DISTINCT
            self._totals[counted] = Figures.of(self._sums("", "", "", counted, events=events, on_events=False)[0])
        return self._totals[counted]

    def fatalities(self) -> tuple[int, Qty | None]:
        """How many of these events give their own fatalities, and the honest sum of them (as
        :func:`.tally.fatalities_total`)."""
        w = self.where  # read, not added to
        (n, *sums), = self.db.sql(f"SELECT count(e.fatalities_min), {_honest('e.fatalities')} FROM event_rows e "
                                  f"WHERE {w.sql()}", w.params)
        return int(n), quantity(sums)

    def partial_with_casualties(self) -> int:
        """How many events with casualties reach beyond the date window (as :func:`.tally.partial_with_casualties`)."""
        c = self.criteria
        if c.window is None:
            return 0
        w = where(c)
        first, last = w.value(c.window.start), w.value(c.window.end)
        (n,), = self.db.sql(f"SELECT count(*) FROM event_rows e WHERE {w.sql()} AND NOT (e.date >= {first} "
                            f"AND e.last_day <= {last}) AND EXISTS (SELECT 1 FROM casualties k WHERE k.event = "
                            "e.event)", w.params)
        return int(n)

    def by_members(self, members: list[set[str]], allowed: frozenset[str] | None) -> dict[int, Figures]:
        """The sums of the records whose party is in ``members[i]``, for each i that has any (records without
        a party never count): the events' side of :func:`.tally.reconcile`."""
        pairs = [(i, party) for i, who in enumerate(members) for party in sorted(who)]
        rows = self._sums("m.g", "JOIN (SELECT unnest($g) AS g, unnest($party) AS party) m ON m.party = k.party",
                          "m.g", (allowed, None), {"g": [g for g, _ in pairs], "party": [p for _, p in pairs]},
                          on_events=False)
        return {g: Figures.of(figures) for g, *figures in rows}


def event_with_id(db: QueryableEvents, event_id: str) -> EventLike | None:
    """The event with this id (ids are unique in a valid store), decoded from its record; None when there is none."""
    found = db.events_of("SELECT e.event, r.record FROM event_rows e JOIN event_records r USING (event) "
                         "WHERE e.id = $id ORDER BY e.event LIMIT 1", {"id": event_id})
    return found[0] if found else None
