"""Counts known within bounds, and their honest arithmetic: a sum with an open maximum has none."""

from __future__ import annotations

from collections.abc import Iterable

from ..store.types import CasualtyLike, Count, Counted
from ..store.vocab import COUNT_FIELDS

_EXACT = -1  # Qty's default best: the count itself when it is exact (lo == hi), else unknown


class Qty:
    """A count known within bounds; ``hi`` None means no known maximum; ``best`` the best estimate, None when
    unknown (an exact count is its own best estimate; a sum has one only when every figure in it has).

    Immutable by convention: a plain class with slots, because a tally over a
    large store makes millions of these and a frozen dataclass is slow to build.
    """

    __slots__ = ("best", "hi", "lo")

    def __init__(self, lo: int = 0, hi: int | None = 0, best: int | None = _EXACT) -> None:
        self.lo = lo
        self.hi = hi
        self.best = (lo if lo == hi else None) if best == _EXACT else best

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Qty) and (self.lo, self.hi, self.best) == (other.lo, other.hi, other.best)

    def __hash__(self) -> int:
        return hash((self.lo, self.hi, self.best))

    def __repr__(self) -> str:
        return f"Qty(lo={self.lo!r}, hi={self.hi!r}, best={self.best!r})"

    @classmethod
    def of(cls, count: Count) -> Qty:
        if isinstance(count, int):
            return cls(count, count, count)
        return cls(count.min, count.max, count.best)  # a Range, from either reader

    def __add__(self, other: Qty) -> Qty:
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        best = None if self.best is None or other.best is None else self.best + other.best
        return Qty(self.lo + other.lo, hi, best)

    def __str__(self) -> str:
        if self.hi is None:
            text = f"{self.lo}+"
        elif self.hi == self.lo:
            return str(self.lo)
        else:
            text = f"{self.lo}-{self.hi}"
        return text if self.best is None else f"{text} (best {self.best})"


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
