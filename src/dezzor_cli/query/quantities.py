"""Counts known within bounds, and their honest arithmetic: a sum with an open maximum has none."""

from __future__ import annotations

from collections.abc import Iterable

from ..store.types import CasualtyLike, Count, Counted
from ..store.vocab import COUNT_FIELDS


class Qty:
    """A count known within bounds; ``hi`` None means no known maximum.

    Immutable by convention: a plain class with slots, because a tally over a
    large store makes millions of these and a frozen dataclass is slow to build.
    """

    __slots__ = ("hi", "lo")

    def __init__(self, lo: int = 0, hi: int | None = 0) -> None:
        self.lo = lo
        self.hi = hi

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Qty) and (self.lo, self.hi) == (other.lo, other.hi)

    def __hash__(self) -> int:
        return hash((self.lo, self.hi))

    def __repr__(self) -> str:
        return f"Qty(lo={self.lo!r}, hi={self.hi!r})"

    @classmethod
    def of(cls, count: Count) -> Qty:
        if isinstance(count, int):
            return cls(count, count)
        return cls(count.min, count.max)  # a Range, from either reader

    def __add__(self, other: Qty) -> Qty:
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Qty(self.lo + other.lo, hi)

    def __str__(self) -> str:
        if self.hi is None:
            return f"{self.lo}+"
        if self.hi == self.lo:
            return str(self.lo)
        return f"{self.lo}-{self.hi}"


Counts = dict[str, "Qty | None"]  # killed, injured, arrested -> the sum so far (None: no figure given)


def add(a: Qty | None, b: Qty | None) -> Qty | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def no_counts() -> Counts:
    return dict.fromkeys(COUNT_FIELDS)


def add_counts(into: Counts, figures: Counted) -> None:
    """Add a casualty's (or a reported total's) killed, injured and arrested figures to ``into``."""
    for name in COUNT_FIELDS:
        value: Count | None = getattr(figures, name)
        if value is not None:
            into[name] = add(into[name], Qty.of(value))


def given(figures: CasualtyLike) -> Iterable[tuple[str, Qty]]:
    """The figures a casualty gives, by name, in COUNT_FIELDS order."""
    for name in COUNT_FIELDS:
        value: Count | None = getattr(figures, name)
        if value is not None:
            yield name, Qty.of(value)


Interval = tuple[int | None, int | None]  # None bound = unbounded


def difference(events: Qty | None, reported: Qty | None) -> Interval | None:
    """events - reported as an interval; None when either side is unknown."""
    if events is None or reported is None:
        return None
    lo = None if reported.hi is None else events.lo - reported.hi
    hi = None if events.hi is None else events.hi - reported.lo
    return lo, hi


def show_difference(d: Interval | None) -> str:
    if d is None:
        return ""
    lo, hi = d
    if lo is not None and lo == hi:
        return f"{lo:+d}"
    left = "?" if lo is None else f"{lo:+d}"
    right = "?" if hi is None else f"{hi:+d}"
    return f"{left}..{right}"
