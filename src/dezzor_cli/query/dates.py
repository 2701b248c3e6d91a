"""Dates as people type them, and date spans with their precision.

``parse_span("December 2024")`` is the whole month, ``parse_span("2024")``
the whole year, ``parse_span("3 Dec 2024")`` one day.  Nothing is ever
filled in from today's date: a date without a year is refused, and the parts
that were given decide the span.  Numeric dates whose day and month could be
swapped ("03/04/2024") are refused rather than guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..errors import UsageError

MAX_LENGTH = 64
_AMBIGUOUS = re.compile(r"^\s*(\d{1,2})\s*[/.,\-\s]\s*(\d{1,2})\s*[/.,\-\s]\s*(\d{2,4})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")  # 20241203
_FULL_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_LEADING_YEAR = re.compile(r"^\s*\d{4}\s*[-/.,\s]")
_ISO_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{2})\s*$", re.IGNORECASE)
# Two defaults that differ in every part: a part that comes out different was not in the text.
_DEFAULT_A = dt.datetime(2000, 1, 1)
_DEFAULT_B = dt.datetime(2004, 3, 2)  # both leap years, so 29 February parses under either


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date
    precision: str  # day, week, month, year, range

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.end and end >= self.start

    def contains(self, start: dt.date, end: dt.date) -> bool:
        return self.start <= start and end <= self.end


def parse_span(text: str, option: str = "date") -> Span:
    """The span of days ``text`` names, or UsageError saying what to type instead."""
    hint = "write it like 2024-12-03, '3 Dec 2024', 'December 2024' or 2024"
    if "\x00" in text or len(text) > MAX_LENGTH:
        raise UsageError(f"{option}: cannot read {_clip(text)!r} as a date; {hint}")
    if not text.strip():
        raise UsageError(f"{option}: the date is empty; {hint}")
    m = _YEAR_ONLY.match(text)
    if m:
        return _year(int(m.group(1)), option, text)
    m = _YEAR_MONTH.match(text)
    if m:
        return _month(int(m.group(1)), int(m.group(2)), option, text)
    m = _ISO_WEEK.match(text)
    if m:
        return _week(int(m.group(1)), int(m.group(2)), option, text)
    m = _COMPACT.match(text)
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise UsageError(f"{option}: {text.strip()!r} is not a real date; {hint}") from None
        return Span(day, day, "day")
    m = _AMBIGUOUS.match(text)
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1) != m.group(2):
        raise UsageError(
            f"{option}: {text.strip()!r} could be day/month or month/day; write it as YYYY-MM-DD or '3 Dec 2024'"
        )
    if not _FULL_YEAR.search(text):
        # dateutil would take a two-digit year's century, or a missing year, from today
        raise UsageError(f"{option}: {_clip(text.strip())!r} has no four-digit year; write the year in full, e.g. '3 Dec 2024'")
    from dateutil import parser  # imported here: only commands that take a date pay for it

    year_first = bool(_LEADING_YEAR.match(text))  # 2024-12-05, 2024/12/05: year, month, day
    try:
        a = parser.parse(text, default=_DEFAULT_A, dayfirst=not year_first, yearfirst=year_first)
        b = parser.parse(text, default=_DEFAULT_B, dayfirst=not year_first, yearfirst=year_first)
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        raise UsageError(f"{option}: cannot read {_clip(text)!r} as a date; {hint}") from None
    except Exception:  # dateutil raises odd things on hostile input; never let them through
        raise UsageError(f"{option}: cannot read {_clip(text)!r} as a date; {hint}") from None
    if a.year != b.year:
        raise UsageError(f"{option}: {text.strip()!r} has no year; add one, e.g. '{text.strip()} 2024'")
    if not dt.MINYEAR < a.year < dt.MAXYEAR:
        raise UsageError(f"{option}: year {a.year} is out of range")
    if a.month != b.month:
        if a.day != b.day:
            return _year(a.year, option, text)
        raise UsageError(f"{option}: {text.strip()!r} gives a day but no month; {hint}")
    if a.day != b.day:
        return _month(a.year, a.month, option, text)
    return Span(a.date(), a.date(), "day")


def _year(year: int, option: str, text: str) -> Span:
    if not dt.MINYEAR < year < dt.MAXYEAR:
        raise UsageError(f"{option}: year {year} is out of range")
    return Span(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _month(year: int, month: int, option: str, text: str) -> Span:
    if not 1 <= month <= 12 or not dt.MINYEAR < year < dt.MAXYEAR:
        raise UsageError(f"{option}: {text.strip()!r} is not a real month")
    last = calendar.monthrange(year, month)[1]
    return Span(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _week(year: int, week: int, option: str, text: str) -> Span:
    try:
        start = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise UsageError(f"{option}: {text.strip()!r} is not a real ISO week") from None
    return Span(start, start + dt.timedelta(days=6), "week")


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def window(since: str | None, until: str | None, on: str | None) -> Span | None:
    """The user's date window from --since/--until/--on (a month in --until ends on its last day)."""
    if on is not None and (since is not None or until is not None):
        raise UsageError("--on cannot be combined with --since or --until")
    if on is not None:
        return parse_span(on, "--on")
    if since is None and until is None:
        return None
    start = parse_span(since, "--since").start if since is not None else dt.date.min
    end = parse_span(until, "--until").end if until is not None else dt.date.max
    if end < start:
        raise UsageError(f"--until ({end}) is before --since ({start})")
    return Span(start, end, "range")


def label(start: dt.date, end: dt.date, precision: str) -> str:
    """How a span is shown: compact, and never mistakable for a single day unless it is one."""
    if precision == "day":
        return start.isoformat()
    if precision == "month":
        return f"{start:%Y-%m} (month)"
    if precision == "year":
        return f"{start.year} (year)"
    if precision == "week":
        y, w, _ = start.isocalendar()
        return f"{y}-W{w:02d} (week)"
    tail = f"{end:%m-%d}" if end.year == start.year else end.isoformat()
    return f"{start.isoformat()}..{tail}"
