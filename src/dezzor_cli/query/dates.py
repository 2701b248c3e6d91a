"""Dates as people type them, and the spans of days they name.

``parse_span`` reads ``--on``, ``--since`` and ``--until`` with a small strict grammar: every part of the text must
be understood and agree with the rest, or the text is refused with a one-line message naming it.  Nothing is filled
in from today's date and nothing is skipped.  Month names are English, in any case, abbreviated or not.

- One date: ``2024``, ``2024-12``, ``2024-W49``; ``2024-12-03`` (also with ``/``, ``.`` or spaces), ``20241203``;
  ``25.12.2024``, ``12/25/2024`` when only one order of day and month is a real date (``03/04/2024`` is refused);
  ``3 Dec 2024``, ``3rd December 2024``, ``Dec. 3 2024``, ``December 3, 2024``; ``December 2024``; dezzor's labels
  ``2024-11 (month)``, ``2024 (year)``, ``2024-W49 (week)``.  A day may start with its weekday (``Tue, 3 Dec 2024``,
  ``Tue 2024-12-03``), which must be right.
- A span, from the first day of its start to the last day of its end: ``A..B``, ``A/B`` (ISO 8601 interval),
  ``A to B``, ``A - B``, ``A – B``.  An ISO end may leave out what it shares with its start (``2024-12-07..12-11``,
  dezzor's label; ``2024-12-07/11``); an English start may leave out what it shares with its end (``1-11 December
  2024``, ``1–11 Dec 2024``, ``25 Nov - 2 Dec 2024``, ``Nov 25 - Dec 2, 2024``), and in ``December 1-11, 2024`` the
  end takes its start's month.  A hyphen belongs to a numeric date (``2024-12-03``) unless it has a space on either
  side or the text names a month (``1-11 December 2024``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from ..errors import UsageError

MAX_LENGTH = 64

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)} | {
    name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, 1)} | {"sept": 9}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(_DAY_NAMES)} | {
    name[:3].lower(): i for i, name in enumerate(_DAY_NAMES)} | {"tues": 1, "thur": 3, "thurs": 3}

_HAS_YEAR = re.compile(r"(?<![0-9])(?:[0-9]{4}|[0-9]{8})(?![0-9])")
_YEAR = re.compile(r"[0-9]{4}")
_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_ISO_WEEK = re.compile(r"([0-9]{4})-?W([0-9]{2})", re.IGNORECASE)
_COMPACT = re.compile(r"([0-9]{4})()([0-9]{2})()([0-9]{2})")  # 20241203, its groups as _YEAR_FIRST's
_YEAR_FIRST = re.compile(r"([0-9]{4})([-/.]|\s+)([0-9]{1,2})([-/.]|\s+)([0-9]{1,2})")  # 2024-12-03, 2024 3 4
_YEAR_LAST = re.compile(r"([0-9]{1,2})([-/.,]|\s+)([0-9]{1,2})([-/.,]|\s+)([0-9]{4})")  # 25.12.2024, 12/25/2024
_SHORT_END = re.compile(r"[0-9]{1,2}(?:-[0-9]{1,2})?")  # the 11 or 12-11 of 2024-12-07..12-11
_WEEKDAY_FIRST = re.compile(r"([A-Za-z]+)\.?,?\s+")
_CHUNK = re.compile(r"(?:([0-9]+)(st|nd|rd|th)?|([A-Za-z]+)(\.)?)(,)?", re.IGNORECASE)
_SHAPES = re.compile(r"DMY|MDY|MY|DY|D|DM|MD|M")  # D a day number, M a month name, Y a four-digit year
_WORD = re.compile(r"[A-Za-z]+")
_LONE_WORD = re.compile(r"(?<!\w)[A-Za-z]+(?!\w)")  # not the rd of 3rd, nor the W of 2024-W49
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # a tab or a Unicode space is white space; these are not
_LABEL_NOTE = re.compile(r"(.+?)\s*\((week|month|year)\)", re.IGNORECASE)  # 2024-11 (month), as label() writes
# Between the two ends of a span, tried in this order; a single "/" and a bare hyphen come after (_ends).
_SEPARATORS = (
    re.compile(r"\s*\.\.\s*"),
    re.compile(r"\s+to\s+", re.IGNORECASE),
    re.compile(r"\s*[\u2013\u2014]\s*"),  # en and em dash
    re.compile(r"\s+-\s*|\s*-\s+"),  # a hyphen with a space on either side
)


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date
    precision: str  # day, week, month, year, range

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.end and end >= self.start

    def contains(self, start: dt.date, end: dt.date) -> bool:
        return self.start <= start and end <= self.end


class _Refusal(Exception):
    """Why a text is not a date: ``plain`` messages name the text themselves, the others follow "cannot read"."""

    def __init__(self, body: str, *, plain: bool = False) -> None:
        super().__init__(body)
        self.body = body
        self.plain = plain

    def within(self, whole: str) -> _Refusal:
        return _Refusal(f"in {_show(whole)}: {self.body}", plain=True) if self.plain else self


@dataclass(frozen=True)
class _Part:
    """What one date in the text gives; a part without a year is the start or end of a span, completed later."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    week: int | None = None
    weekday: int | None = None  # the weekday the text names, checked once the date is complete
    iso: tuple[int, ...] | None = None  # (year, month[, day]) of 2024-12[-07], whose span end may be shortened
    named: bool = False  # written with a month name, as the end of a span whose start leaves out its year must be
    month_first: bool = False  # Dec 1 rather than 1 Dec: the end of 'Dec 1-11, 2024' may leave the month out
    borrowed: bool = False  # the year came from the span's end


def parse_span(text: str, option: str = "date", *, allow_range: bool = True) -> Span:
    """The span of days ``text`` names, or UsageError saying what to type instead.

    With ``allow_range`` false a span of two dates is refused (``--since`` and ``--until`` take one date).
    """
    hint = "write it like 2024-12-03, '3 Dec 2024', 'December 2024' or 2024"
    if allow_range:
        hint += ", or a span like 2024-12-01..2024-12-05"
    try:
        span, is_range = _parse(text)
    except _Refusal as r:
        if r.plain:
            raise UsageError(f"{option}: {r.body}") from None
        raise UsageError(f"{option}: cannot read {_show(text)} as a date: {r.body}; {hint}") from None
    if is_range and not allow_range:
        raise UsageError(
            f"{option}: {_show(text.strip())} is a span of days, and {option} takes one date; "
            "use --on for a span, or give its first and last days as --since and --until"
        )
    return span


def _parse(text: str) -> tuple[Span, bool]:
    if len(text) > MAX_LENGTH:
        raise _Refusal(f"it is longer than {MAX_LENGTH} characters")
    if _CONTROL.search(text) or not all(ch.isprintable() or ch.isspace() for ch in text):
        raise _Refusal("it contains a control character")
    t = text.strip()
    if not t:
        raise _Refusal("the date is empty; write it like 2024-12-03, '3 Dec 2024', 'December 2024' or 2024", plain=True)
    if not _HAS_YEAR.search(t):
        raise _Refusal(f"{_show(t)} has no four-digit year; write the year in full, e.g. '3 Dec 2024'", plain=True)
    note = _LABEL_NOTE.fullmatch(t)
    if note:
        span = _single(note.group(1))
        if span.precision != note.group(2).lower():
            raise _Refusal(f"{_show(t)}: {_show(note.group(1))} is a {span.precision}", plain=True)
        return span, False
    ends = _ends(t)
    if ends is None:
        return _single(t), False
    return _range(t, *ends), True


def _ends(t: str) -> tuple[str, str] | None:
    """The start and end of a span as typed, or None for one date."""
    bare_hyphen = False
    for separator in _SEPARATORS:
        parts = separator.split(t)
        if len(parts) > 1:
            break
    else:
        if t.count("/") == 1:  # 2024-12-07/11; a date with a slash has two (2024/12/07, 12/25/2024)
            parts = t.split("/")
        elif "-" in t and any(w.lower() in _MONTHS for w in _WORD.findall(t)):  # 1-11 December 2024
            parts, bare_hyphen = t.split("-"), True
        else:
            return None
    if len(parts) > 2 and bare_hyphen:  # 3-Dec-2024
        raise _Refusal("with a month name, a date is written with spaces ('3 Dec 2024') and a hyphen stands "
                       "between two dates ('1-11 Dec 2024')")
    if len(parts) > 2:
        raise _Refusal("it has more than one range separator")
    start, end = (p.strip() for p in parts)
    if not start:
        raise _Refusal("the span has no start")
    if not end:
        raise _Refusal("the span has no end")
    return start, end


def _single(t: str) -> Span:
    try:
        return _span_of(_part(t), t)
    except _Refusal:
        words = t.split() if len(_HAS_YEAR.findall(t)) > 1 else []
        for i in range(1, len(words)):  # "8 Dec 2024 2025", "2024-12-01 2024-12-31": say what it is
            first, second = " ".join(words[:i]), " ".join(words[i:])
            try:
                _span_of(_part(first), first)
                _span_of(_part(second), second)
            except _Refusal:
                continue
            raise _Refusal(f"it holds two dates, {_show(first)} and {_show(second)}") from None
        raise


def _range(t: str, left: str, right: str) -> Span:
    try:
        a = _part(left)
        b = _short_end(a.iso, left, right) if a.iso and _SHORT_END.fullmatch(right) else _part(right)
        a, b = _borrow(a, b, left, right)
        first, last = _span_of(a, left), _span_of(b, right)
    except _Refusal as r:
        raise r.within(t) from None
    if last.end < first.start:
        crosses = a.borrowed and a.month is not None and b.month is not None and a.month > b.month
        tip = "; a span across the new year needs the year at both ends" if crosses else ""
        raise _Refusal(f"{_show(t)} ends ({last.end}) before it starts ({first.start}){tip}", plain=True)
    if last.start < first.start or last.end < first.end:
        raise _Refusal(f"in {_show(t)}, the end {_show(right)} does not come after the start {_show(left)}",
                       plain=True)
    return first if first == last else Span(first.start, last.end, "range")


def _short_end(iso: tuple[int, ...], left: str, right: str) -> _Part:
    """The end of 2024-12-07..11 or 2024-12-07/12-11: what it leaves out comes from the start."""
    given = tuple(int(g) for g in right.split("-"))
    keep = len(iso) - len(given)
    if keep < 1:
        raise _Refusal(f"{_show(right)} cannot end a span that starts {_show(left)}")
    full = iso[:keep] + given
    return _Part(full[0], full[1], full[2] if len(full) > 2 else None)


def _borrow(a: _Part, b: _Part, left: str, right: str) -> tuple[_Part, _Part]:
    """An English span writes the year once, at its end: '1-11 Dec 2024', 'Nov 25 - Dec 2, 2024'."""
    if b.year is None:
        raise _Refusal(f"the end of the span, {_show(right)}, has no year", plain=True)
    if b.day is not None and b.month is None:  # December 1-11, 2024: the end takes the start's month
        if a.year is not None or not a.month_first or a.day is None:
            raise _Refusal(f"{_show(right)} gives a day but no month", plain=True)
        b = replace(b, month=a.month)
    if a.year is None:
        # The start may leave out the year (and the month) when the end has it, in the same terms.
        # A bare day takes the month that follows the end's day (1-11 Dec 2024), not one before it (1 - Dec 11).
        if (not b.named or b.month is None or (a.day is not None and b.day is None)
                or (a.month is None and b.month_first)):
            raise _Refusal(f"the start of the span, {_show(left)}, has no year, and cannot take what it leaves "
                           f"out from {_show(right)}", plain=True)
        a = replace(a, year=b.year, month=a.month if a.month is not None else b.month, borrowed=True)
    return a, b


def _part(text: str) -> _Part:
    """One date, maybe without its year or month (the start of a span)."""
    weekday, rest = None, text
    m = _WEEKDAY_FIRST.match(text)
    if m and m.group(1).lower() in _WEEKDAYS:
        weekday, rest = _WEEKDAYS[m.group(1).lower()], text[m.end():]
    part = _numeric(rest) or _named(rest)
    return replace(part, weekday=weekday) if weekday is not None else part


def _numeric(t: str) -> _Part | None:
    """2024, 2024-12, 2024-W49, 20241203, 2024-12-03 and the like, or None when ``t`` is not all digits."""
    if _YEAR.fullmatch(t):
        return _Part(int(t))
    m = _ISO_MONTH.fullmatch(t)
    if m:  # the month is checked with the span, where a shortened span end is checked too
        return _Part(int(m.group(1)), int(m.group(2)), iso=(int(m.group(1)), int(m.group(2))))
    m = _ISO_WEEK.fullmatch(t)
    if m:
        return _Part(int(m.group(1)), week=int(m.group(2)))
    m = _COMPACT.fullmatch(t) or _YEAR_FIRST.fullmatch(t)
    if m and m.group(2).strip() == m.group(4).strip():  # the same separator twice
        year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(5))
        if _date(year, month, day) is None:
            raise _Refusal(f"{_show(t)} is not a real date", plain=True)
        return _Part(year, month, day, iso=(year, month, day) if m.group(2) == "-" else None)
    m = _YEAR_LAST.fullmatch(t)
    if m and m.group(2).strip() == m.group(4).strip():
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(5))
        readings = {d for d in (_date(year, second, first), _date(year, first, second)) if d is not None}
        if not readings:
            raise _Refusal(f"{_show(t)} is not a real date", plain=True)
        if len(readings) > 1:
            raise _Refusal(f"{_show(t)} could be day/month or month/day; write it as YYYY-MM-DD or '3 Dec 2024'",
                           plain=True)
        (only,) = readings
        return _Part(only.year, only.month, only.day)
    return None


def _named(t: str) -> _Part:
    """3 Dec 2024, December 3, 2024, Dec. 2024, and the parts of a span: 1, 3 Dec, Nov 25, Nov, 11, 2024."""
    kinds, values = "", []
    chunks = t.split()
    for word in _LONE_WORD.findall(t):  # a word that is neither month nor weekday says most about what is wrong
        if word.lower() not in _MONTHS and word.lower() not in _WEEKDAYS:
            raise _Refusal(f"{_show(word)} is not a month or a day of the week")
    for i, chunk in enumerate(chunks):
        m = _CHUNK.fullmatch(chunk)
        if not m:
            bad = next((ch for ch in chunk if not ((ch.isascii() and ch.isalnum()) or ch in ".,")), None)
            raise _Refusal(f"{_show(bad)} is not part of a date" if bad is not None else
                           f"{_show(chunk)} is not one number or one word (put spaces between them)")
        digits, suffix, word, _dot, comma = m.groups()
        if comma and not (i + 1 == len(chunks) - 1 and _YEAR.fullmatch(chunks[-1])):
            raise _Refusal(f"a comma goes only before the year, not after {_show(chunk.rstrip(','))}")
        if digits is not None:
            if len(digits) == 4 and not suffix:
                kinds += "Y"
            elif len(digits) <= 2:
                kinds += "D"
                if suffix and suffix.lower() != _ordinal(int(digits)):
                    raise _Refusal(f"{_show(chunk.rstrip(','))} should be {int(digits)}{_ordinal(int(digits))}")
            else:
                raise _Refusal(f"{_show(digits)} is neither a day nor a four-digit year")
            values.append(int(digits))
        else:
            key = word.lower()
            if key in _WEEKDAYS:
                raise _Refusal(f"a day of the week goes first, before the date it names ({_show(word)})")
            if key not in _MONTHS:
                raise _Refusal(f"{_show(word)} is not a month or a day of the week")
            kinds += "M"
            values.append(_MONTHS[key])
    if not _SHAPES.fullmatch(kinds):
        raise _Refusal("write a day, a month name and a year in the order '3 Dec 2024' or 'Dec 3, 2024'")
    got = dict(zip(kinds, values, strict=True))
    return _Part(got.get("Y"), got.get("M"), got.get("D"), named=True, month_first=kinds.startswith("MD"))


def _span_of(p: _Part, text: str) -> Span:
    """The days a complete part names."""
    if p.year is None:
        raise _Refusal(f"{_show(text)} has no year; add one, e.g. '{text} 2024'", plain=True)
    if not dt.MINYEAR < p.year < dt.MAXYEAR:
        raise _Refusal(f"year {p.year} is out of range", plain=True)
    if p.week is not None:
        try:
            start = dt.date.fromisocalendar(p.year, p.week, 1)
        except ValueError:
            raise _Refusal(f"{_show(text)} is not a real ISO week", plain=True) from None
        span = Span(start, start + dt.timedelta(days=6), "week")
    elif p.month is None:
        if p.day is not None:
            raise _Refusal(f"{_show(text)} gives a day but no month", plain=True)
        span = Span(dt.date(p.year, 1, 1), dt.date(p.year, 12, 31), "year")
    elif not 1 <= p.month <= 12:
        raise _Refusal(f"{_show(text)} is not a real month", plain=True)
    elif p.day is None:
        last = calendar.monthrange(p.year, p.month)[1]
        span = Span(dt.date(p.year, p.month, 1), dt.date(p.year, p.month, last), "month")
    else:
        day = _date(p.year, p.month, p.day)
        if day is None:
            last = calendar.monthrange(p.year, p.month)[1]
            raise _Refusal(f"there is no day {p.day} in {_MONTH_NAMES[p.month - 1]} {p.year}, which has {last}")
        span = Span(day, day, "day")
    if p.weekday is not None:
        if span.precision != "day":
            raise _Refusal(f"{_show(text)} names a day of the week, but is a {span.precision}", plain=True)
        actual = span.start.weekday()
        if p.weekday != actual:
            d = span.start
            raise _Refusal(f"{_show(text)} says {_DAY_NAMES[p.weekday]}, but {d.day} {_MONTH_NAMES[d.month - 1]} "
                           f"{d.year} is a {_DAY_NAMES[actual]}", plain=True)
    return span


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _ordinal(n: int) -> str:
    return "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _show(text: str) -> str:
    """The text quoted for a message: clipped, and with any control character escaped by repr."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def window(since: str | None, until: str | None, on: str | None) -> Span | None:
    """The user's date window from --since/--until/--on (a month in --until ends on its last day)."""
    if on is not None and (since is not None or until is not None):
        raise UsageError("--on cannot be combined with --since or --until")
    if on is not None:
        return parse_span(on, "--on")
    if since is None and until is None:
        return None
    start = parse_span(since, "--since", allow_range=False).start if since is not None else dt.date.min
    end = parse_span(until, "--until", allow_range=False).end if until is not None else dt.date.max
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
    # isoformat()[5:] is "%m-%d" (four-digit years) at a tenth of strftime's cost: a month tally labels 9,000 spans
    tail = end.isoformat()[5:] if end.year == start.year else end.isoformat()
    return f"{start.isoformat()}..{tail}"
