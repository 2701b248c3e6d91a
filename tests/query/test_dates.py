"""User dates: parsed as written, never completed from today, ambiguity refused, every word understood."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dezzor_cli.errors import UsageError
from dezzor_cli.query import dates

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2024-12-03", D(2024, 12, 3), D(2024, 12, 3), "day"),
        ("3 Dec 2024", D(2024, 12, 3), D(2024, 12, 3), "day"),
        ("December 3, 2024", D(2024, 12, 3), D(2024, 12, 3), "day"),
        ("2024/12/05", D(2024, 12, 5), D(2024, 12, 5), "day"),
        ("25.12.2024", D(2024, 12, 25), D(2024, 12, 25), "day"),
        ("12/25/2024", D(2024, 12, 25), D(2024, 12, 25), "day"),  # only one reading is a real date
        ("December 2024", D(2024, 12, 1), D(2024, 12, 31), "month"),
        ("Nov 2024", D(2024, 11, 1), D(2024, 11, 30), "month"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("2025-W05", D(2025, 1, 27), D(2025, 2, 2), "week"),
        ("20241203", D(2024, 12, 3), D(2024, 12, 3), "day"),
        ("2024 3 4", D(2024, 3, 4), D(2024, 3, 4), "day"),  # year first: month, then day, as in 2024/3/4
        ("29 Feb 2024", D(2024, 2, 29), D(2024, 2, 29), "day"),
    ],
)
def test_parse_span(text: str, start: dt.date, end: dt.date, precision: str) -> None:
    assert dates.parse_span(text) == dates.Span(start, end, precision)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3 December", "'3 December' has no four-digit year"),
        ("December", "'December' has no four-digit year"),
        ("3 Dec 24", "'3 Dec 24' has no four-digit year"),  # the century would come from today
        ("24-12-03", "'24-12-03' has no four-digit year"),
        ("3 4 2024", "'3 4 2024' could be day/month or month/day"),
        ("3,4,2024", "could be day/month or month/day"),
        ("20241331", "'20241331' is not a real date"),
        ("03/04/2024", "'03/04/2024' could be day/month or month/day"),
        ("yesterday", "'yesterday' has no four-digit year"),
        ("yesterday 2024", "cannot read 'yesterday 2024' as a date"),
        ("", "the date is empty"),
        ("2024-13", "'2024-13' is not a real month"),
        ("30 Feb 2024", "cannot read '30 Feb 2024' as a date"),
        ("9" * 30, "has no four-digit year"),
        ("1" * 200, "cannot read"),
        ("2024-12-03\x00", "cannot read"),
        ("2024-W60", "is not a real ISO week"),
        ("99999999999999999999 Dec", "has no four-digit year"),
        ("1e309", "has no four-digit year"),
    ],
)
def test_bad_dates_are_refused_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(UsageError) as exc:
        dates.parse_span(text, "--since")
    assert exc.value.message.startswith("--since: ")
    assert message in exc.value.message


def test_a_month_in_until_ends_on_its_last_day() -> None:
    w = dates.window(None, "November 2024", None)
    assert w is not None and w.end == D(2024, 11, 30) and w.start == dt.date.min


def test_window_refuses_until_before_since() -> None:
    with pytest.raises(UsageError, match=r"--until \(2024-11-30\) is before --since \(2024-12-01\)"):
        dates.window("December 2024", "November 2024", None)


def test_on_excludes_since_and_until() -> None:
    with pytest.raises(UsageError, match="--on cannot be combined"):
        dates.window("2024", None, "2024-12-03")


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (D(2024, 12, 3), D(2024, 12, 3), "day", "2024-12-03"),
        (D(2024, 11, 1), D(2024, 11, 30), "month", "2024-11 (month)"),
        (D(2019, 1, 1), D(2019, 12, 31), "year", "2019 (year)"),
        (D(2025, 1, 27), D(2025, 2, 2), "week", "2025-W05 (week)"),
        (D(2024, 12, 6), D(2024, 12, 11), "range", "2024-12-06..12-11"),
        (D(2024, 12, 30), D(2025, 1, 2), "range", "2024-12-30..2025-01-02"),
    ],
)
def test_labels_show_precision(start: dt.date, end: dt.date, precision: str, shown: str) -> None:
    assert dates.label(start, end, precision) == shown


def test_nothing_is_filled_in_from_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # a parser that takes missing parts from today (as dateutil does) would accept these
    assert dates.parse_span("Dec 2024").start.day == 1
    with pytest.raises(UsageError):
        dates.parse_span("Dec 3")


# --- The misreadings of the issue: each one now reads exactly the days written, or is refused ---------------------


def test_a_compact_day_span_is_the_span_for_on() -> None:
    # control --on used to answer for 2001-12-11 and timeline --on printed nothing
    span = dates.parse_span("1-11 December 2024", "--on")
    assert span == dates.Span(D(2024, 12, 1), D(2024, 12, 11), "range")
    assert span.end == D(2024, 12, 11)  # what control --on asks for: the holder at the end of the span
    assert dates.window(None, None, "1-11 December 2024") == span


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_span_where_one_date_is_expected_is_a_usage_error(option: str) -> None:
    since, until = ("1-11 December 2024", None) if option == "--since" else (None, "1-11 December 2024")
    with pytest.raises(UsageError) as exc:
        dates.window(since, until, None)  # --since used to return the whole record
    assert exc.value.message == (
        f"{option}: '1-11 December 2024' is a span of days, and {option} takes one date; "
        "use --on for a span, or give its first and last days as --since and --until"
    )


@pytest.mark.parametrize(
    "text",
    ["2024-11-25..2024-11-30", "2024-11-25/2024-11-30", "2024-11-25 - 2024-11-30", "2024-11-25 to 2024-11-30"],
)
def test_an_iso_span_is_not_its_first_day(text: str) -> None:
    assert dates.parse_span(text, "--on") == dates.Span(D(2024, 11, 25), D(2024, 11, 30), "range")


def test_dezzors_own_span_label_reads_back_as_the_span() -> None:
    assert dates.parse_span("2024-12-07..12-11", "--on") == dates.Span(D(2024, 12, 7), D(2024, 12, 11), "range")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-12-01 2024-12-31", "--until: cannot read '2024-12-01 2024-12-31' as a date: it holds two dates, "
                                  "'2024-12-01' and '2024-12-31'; write it like"),
        ("8 Dec 2024 2025", "--until: cannot read '8 Dec 2024 2025' as a date: it holds two dates, '8 Dec 2024' "
                            "and '2025'; write it like"),
        ("Tuesday, 2 Dec 2024", "--until: 'Tuesday, 2 Dec 2024' says Tuesday, but 2 December 2024 is a Monday"),
    ],
)
def test_leftover_or_inconsistent_words_are_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError) as exc:
        dates.window(None, text, None)
    assert exc.value.message.startswith(message), exc.value.message
    assert "or a span like" not in exc.value.message  # --until takes one date: no hint to type a span there


# --- What is accepted --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1-11 December 2024", D(2024, 12, 1), D(2024, 12, 11)),
        ("1–11 Dec 2024", D(2024, 12, 1), D(2024, 12, 11)),
        ("1st-11th December 2024", D(2024, 12, 1), D(2024, 12, 11)),
        ("25 Nov - 2 Dec 2024", D(2024, 11, 25), D(2024, 12, 2)),
        ("Nov 25 - Dec 2, 2024", D(2024, 11, 25), D(2024, 12, 2)),
        ("December 1-11, 2024", D(2024, 12, 1), D(2024, 12, 11)),
        ("Mon 2 - Wed 4 Dec 2024", D(2024, 12, 2), D(2024, 12, 4)),
        ("25 Nov 2024 to 2 Dec 2024", D(2024, 11, 25), D(2024, 12, 2)),
        ("30 Dec 2024 – 2 Jan 2025", D(2024, 12, 30), D(2025, 1, 2)),
        ("2024-12-07..2024-12-11", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-12-07 .. 2024-12-11", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-12-30..2025-01-02", D(2024, 12, 30), D(2025, 1, 2)),  # label() across a new year
        ("2024-11-25..12-02", D(2024, 11, 25), D(2024, 12, 2)),
        ("2024-12-07/11", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-12-07/12-11", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-12-07/2024-12-11", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-12-07 - 2024-12-11", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-12-07 – 2024-12-11", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-12-07–2024-12-11", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-12-07 to 11 Dec 2024", D(2024, 12, 7), D(2024, 12, 11)),
        ("2024-11..2024-12", D(2024, 11, 1), D(2024, 12, 31)),  # from the first day of A to the last of B
        ("2024-11/12", D(2024, 11, 1), D(2024, 12, 31)),
        ("Nov - Dec 2024", D(2024, 11, 1), D(2024, 12, 31)),
        ("November 2024 to January 2025", D(2024, 11, 1), D(2025, 1, 31)),
        ("2023/2024", D(2023, 1, 1), D(2024, 12, 31)),
        ("2024-W49..2024-W50", D(2024, 12, 2), D(2024, 12, 15)),
        ("3 Dec 2024-2025", D(2024, 12, 3), D(2025, 12, 31)),  # a month name makes the bare hyphen a separator
    ],
)
def test_span_forms(text: str, start: dt.date, end: dt.date) -> None:
    assert dates.parse_span(text, "--on") == dates.Span(start, end, "range")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2024-12-03..2024-12-03", dates.Span(D(2024, 12, 3), D(2024, 12, 3), "day")),  # both ends equal
        ("Nov - Nov 2024", dates.Span(D(2024, 11, 1), D(2024, 11, 30), "month")),
        ("Tuesday, 3 Dec 2024", dates.Span(D(2024, 12, 3), D(2024, 12, 3), "day")),
        ("tue. 2024-12-03", dates.Span(D(2024, 12, 3), D(2024, 12, 3), "day")),
        ("Dec. 3 2024", dates.Span(D(2024, 12, 3), D(2024, 12, 3), "day")),
        ("3rd Sept 2024", dates.Span(D(2024, 9, 3), D(2024, 9, 3), "day")),
        ("3 December, 2024", dates.Span(D(2024, 12, 3), D(2024, 12, 3), "day")),
        ("3 Dec\u00a02024", dates.Span(D(2024, 12, 3), D(2024, 12, 3), "day")),  # a pasted no-break space
        ("2024-11 (month)", dates.Span(D(2024, 11, 1), D(2024, 11, 30), "month")),  # label() output reads back
        ("2024 (year)", dates.Span(D(2024, 1, 1), D(2024, 12, 31), "year")),
        ("2025-W05 (week)", dates.Span(D(2025, 1, 27), D(2025, 2, 2), "week")),
        ("2024W49", dates.Span(D(2024, 12, 2), D(2024, 12, 8), "week")),
    ],
)
def test_more_single_forms(text: str, span: dates.Span) -> None:
    assert dates.parse_span(text) == span


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3-Dec-2024", "a date is written with spaces ('3 Dec 2024')"),
        ("25 Dec - 2 Jan 2025", "ends (2025-01-02) before it starts (2025-12-25); a span across the new year needs"),
        ("2024-12-11..2024-12-07", "ends (2024-12-07) before it starts (2024-12-11)"),
        ("11-1 December 2024", "ends (2024-12-01) before it starts (2024-12-11)"),
        ("2024-12..2024-12-05", "the end '2024-12-05' does not come after the start '2024-12'"),
        ("3 Dec 2024 - 5 Dec", "the end of the span, '5 Dec', has no year"),
        ("1 - Dec 2024", "the start of the span, '1', has no year, and cannot take what it leaves out from 'Dec 2024'"),
        ("Dec..2024", "the start of the span, 'Dec', has no year"),
        ("1 - Dec 11, 2024", "the start of the span, '1', has no year"),
        ("3..2024-12-14", "the start of the span, '3', has no year"),  # an ISO end fills in nothing  # 'Dec 1-11, 2024' or '1-11 Dec 2024'
        ("12/2024", "the start of the span, '12', has no year"),
        ("2024-12-01..2024-12-05..2024-12-09", "more than one range separator"),
        ("2024-12-01..", "the span has no end"),
        ("- 2024-12-01", "the span has no start"),
        ("2024-12..12-11", "'12-11' cannot end a span that starts '2024-12'"),
        ("2024-12-01..13-01", "'13-01' is not a real month"),
        ("3th Dec 2024", "'3th' should be 3rd"),
        ("3Dec2024", "is not one number or one word"),
        ("Décembre 2024", "'é' is not part of a date"),
        ("3 Dec 2024 Monday", "a day of the week goes first"),
        ("Monday December 2024", "names a day of the week, but is a month"),
        ("Monday 2024-W49", "names a day of the week, but is a week"),
        ("December 3,2024", "is not one number or one word"),
        ("3, Dec 2024", "a comma goes only before the year, not after '3'"),
        ("2024 Dec 3", "write a day, a month name and a year in the order"),
        ("3 2024", "'3 2024' gives a day but no month"),
        ("8 Aug to 11 2024", "'11 2024' gives a day but no month"),  # only 'Aug 8-11, 2024' leaves out the month
        ("Dec 003 2024", "'003' is neither a day nor a four-digit year"),
        ("0001-01-01", "year 1 is out of range"),
        ("Dec 32 2024", "there is no day 32 in December 2024, which has 31"),
        ("2024-12-03\x1b[2J", "cannot read '2024-12-03\\x1b[2J' as a date: it contains a control character"),
        ("2024-12-03\u202e", "it contains a control character"),
        ("2024-11 (year)", "'2024-11 (year)': '2024-11' is a month"),
        ("in 2024", "'in' is not a month or a day of the week"),
        ("2024-12-03 to", "'to' is not a month or a day of the week"),
    ],
)
def test_what_is_refused_and_why(text: str, message: str) -> None:
    with pytest.raises(UsageError) as exc:
        dates.parse_span(text, "--on")
    assert exc.value.message.startswith("--on: ")
    assert message in exc.value.message, exc.value.message
    assert "\n" not in exc.value.message and "\x1b" not in exc.value.message and "\u202e" not in exc.value.message


def test_until_takes_the_last_day_and_since_the_first() -> None:
    assert dates.window("Dec 2024", "2024-W50", None) == dates.Span(D(2024, 12, 1), D(2024, 12, 15), "range")
    assert dates.window(None, None, "Nov - Dec 2024") == dates.Span(D(2024, 11, 1), D(2024, 12, 31), "range")


def test_the_module_imports_nothing_heavy() -> None:
    code = "import sys, dezzor_cli.query.dates\nprint(sorted(m for m in ('dateutil', 'dateutil.parser') if m in sys.modules))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "[]", r.stderr


# --- Properties ----------------------------------------------------------------------------------------------------
# Real dates and spans written the ways people write them must read back as exactly those days.  Mutated and
# arbitrary text must read as exactly the days an independent reference reading gives (strptime, whose formats must
# match the whole text), or be refused with a one-line usage error.  Each example checks every written form of its
# dates, so the 2,550 examples below check about 16,000 strings.  For a long local run, DEZZOR_DATE_FUZZ=20
# multiplies every example count by 20.

_SCALE = float(os.environ.get("DEZZOR_DATE_FUZZ", "1"))


def _examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * _SCALE)), deadline=None)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
ABBRS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIRST, LAST = D(1000, 1, 1), D(9998, 12, 31)  # four-digit years; 9999 is refused (date.max is an open end)
DAYS = st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + dt.timedelta(days=n))  # one draw: quicker than st.dates
SEPARATORS = ("..", " .. ", "/", " / ", " to ", " TO ", " - ", "- ", " –  ", "–", "—")


def _nth(n: int) -> str:
    return f"{n}" + ("th" if n in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def _month_end(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


DAY_FORMS: list[Callable[[dt.date], str]] = [
    lambda d: d.isoformat(),
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d.year}/{d.month:02}/{d.day:02}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year} {d.month} {d.day}",
    lambda d: f"{d.year}{d.month:02}{d.day:02}",
    lambda d: f"{d.day} {ABBRS[d.month - 1]} {d.year}",
    lambda d: f"{d.day:02} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{_nth(d.day)} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1]}, {d.year}",
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{ABBRS[d.month - 1]}. {d.day} {d.year}",
    lambda d: f"{MONTHS[d.month - 1].upper()} {_nth(d.day)}, {d.year}",
    lambda d: f"{d.day}\u00a0 {MONTHS[d.month - 1].lower()}\t{d.year}",
]
WEEKDAY_FORMS: list[Callable[[str], str]] = [
    lambda w: "", lambda w: f"{w} ", lambda w: f"{w}, ", lambda w: f"{w[:3]} ", lambda w: f"{w[:3].lower()}., ",
]


def day_forms(d: dt.date, weekday_form: int) -> list[str]:
    """``d`` written every way dezzor reads a day, all with the same (right) weekday form."""
    prefix = WEEKDAY_FORMS[weekday_form](WEEKDAYS[d.weekday()])
    return [prefix + form(d) for form in DAY_FORMS]


def span_forms(a: dt.date, b: dt.date, k: int) -> list[str]:
    """The span a..b written every way dezzor reads a span; ``k`` picks which day forms make the two ends."""
    n = len(DAY_FORMS)
    forms = [dates.label(a, b, "range")]
    for i, sep in enumerate(SEPARATORS):
        left, right = DAY_FORMS[(k + i) % n], DAY_FORMS[(k * 7 + 3 * i) % n]
        if "/" in sep and "/" in left(a) + right(b):
            continue  # a single slash is the ISO interval; a date with slashes has two
        forms.append(WEEKDAY_FORMS[(k + i) % len(WEEKDAY_FORMS)](WEEKDAYS[a.weekday()]) + left(a) + sep + right(b))
    if a.year == b.year:
        y, ma, mb = a.year, a.month - 1, b.month - 1
        forms += [
            f"{a.day} {ABBRS[ma]} - {b.day} {ABBRS[mb]} {y}",
            f"{ABBRS[ma]} {a.day} - {ABBRS[mb]} {b.day}, {y}",
            f"{WEEKDAYS[a.weekday()]} {a.day} {MONTHS[ma]} to {WEEKDAYS[b.weekday()][:3]} {b.day} {MONTHS[mb]} {y}",
            f"{a.day} {MONTHS[ma]}-{b.day} {MONTHS[mb]} {y}",
            f"{a.isoformat()}..{b:%m-%d}",
            f"{a.isoformat()}/{b.month}-{b.day}",
        ]
        if a.month == b.month:
            forms += [
                f"{a.day}-{b.day} {MONTHS[ma]} {y}",
                f"{_nth(a.day)}–{_nth(b.day)} {ABBRS[ma]} {y}",
                f"{MONTHS[ma]} {a.day}-{b.day}, {y}",
                f"{ABBRS[ma]}. {a.day} to {b.day} {y}",
                f"{a.isoformat()}/{b.day:02}",
                f"{a.isoformat()}..{b.day}",
            ]
    return forms


def month_forms(d: dt.date, later: int) -> list[tuple[str, dates.Span]]:
    """The month, year and ISO week of ``d``, and the months from d's to ``later`` months on, written out."""
    month = dates.Span(d.replace(day=1), _month_end(d), "month")
    year = dates.Span(D(d.year, 1, 1), D(d.year, 12, 31), "year")
    monday = d - dt.timedelta(days=d.weekday())
    week = dates.Span(monday, monday + dt.timedelta(days=6), "week")
    index = min(d.year * 12 + d.month - 1 + later, LAST.year * 12 + LAST.month - 1)
    m, e = month.start, _month_end(D(index // 12, index % 12 + 1, 1))
    months = dates.Span(m, e, "range") if e != month.end else month
    forms = [
        (f"{MONTHS[m.month - 1]} {m.year}", month), (f"{ABBRS[m.month - 1].lower()}., {m.year}", month),
        (f"{m:%Y-%m}", month), (f"{m.year}-{m.month}", month), (dates.label(m, month.end, "month"), month),
        (f"{d.year}", year), (dates.label(year.start, year.end, "year"), year),
        (dates.label(week.start, week.end, "week"), week), (dates.label(week.start, week.end, "week")[:8], week),
        (f"{m:%Y-%m}..{e:%Y-%m}", months), (f"{MONTHS[m.month - 1]} {m.year} to {ABBRS[e.month - 1]} {e.year}", months),
    ]
    if d.year < LAST.year:
        forms.append((f"{d.year}/{d.year + 1}", dates.Span(year.start, D(d.year + 1, 12, 31), "range")))
    if m.year == e.year:
        forms += [(f"{ABBRS[m.month - 1]} - {MONTHS[e.month - 1]} {e.year}", months), (f"{m:%Y-%m}/{e:%m}", months)]
    return forms


@_examples(300)
@given(day=DAYS, weekday_form=st.integers(0, len(WEEKDAY_FORMS) - 1), shift=st.integers(1, 6))
def test_days_written_any_way_read_as_that_day_and_a_wrong_weekday_is_refused(
    day: dt.date, weekday_form: int, shift: int
) -> None:
    for text in day_forms(day, weekday_form):
        assert dates.parse_span(text) == dates.Span(day, day, "day"), text
    wrong, right = WEEKDAYS[(day.weekday() + shift) % 7], WEEKDAYS[day.weekday()]
    for text in day_forms(day, 0)[shift::7]:
        with pytest.raises(UsageError, match=f"says {wrong}, but .* is a {right}$"):
            dates.parse_span(WEEKDAY_FORMS[weekday_form or 1](wrong) + text)


@_examples(150)
@given(day=DAYS)
def test_numeric_day_and_month_read_only_when_one_order_is_real(day: dt.date) -> None:
    for sep in "/.-, ":
        for first, second in ((day.day, day.month), (day.month, day.day)):
            text = f"{first:02}{sep}{second}{sep}{day.year}"
            if day.day <= 12 and day.day != day.month:
                with pytest.raises(UsageError, match="could be day/month or month/day"):
                    dates.parse_span(text)
            else:
                assert dates.parse_span(text) == dates.Span(day, day, "day"), text


@_examples(250)
@given(a=DAYS.filter(lambda d: d.year < 9980), length=st.sampled_from([0, 1, 6, 40, 400, 4000]),
       k=st.integers(0, 1000))
def test_spans_written_any_way_read_as_those_days(a: dt.date, length: int, k: int) -> None:
    b = a + dt.timedelta(days=length)
    expected = dates.Span(a, b, "range" if a != b else "day")
    for text in span_forms(a, b, k):
        assert dates.parse_span(text, "--on") == expected, text
    with pytest.raises(UsageError, match="is a span of days, and --since takes one date"):
        dates.parse_span(span_forms(a, b, k)[-1], "--since", allow_range=False)


@_examples(200)
@given(day=DAYS, later=st.integers(0, 14))
def test_months_years_and_weeks_read_as_their_days(day: dt.date, later: int) -> None:
    for text, span in month_forms(day, later):
        assert dates.parse_span(text) == span, text


@_examples(150)
@given(start=DAYS.filter(lambda d: d.year < 9990), length=st.integers(0, 800))
def test_every_label_reads_back_as_its_span(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    for first, last, precision in [(start, start, "day"), (start, end, "range")]:
        assert dates.parse_span(dates.label(first, last, precision)) == dates.Span(
            first, last, "range" if first != last else "day")


# A reference reading built another way: strptime, whose formats must match the whole text.
_NUMERIC = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y %m %d", "%Y%m%d"] + [
    f"%{x}{s}%{y}{s}%Y" for s in "/.,- " for x, y in (("d", "m"), ("m", "d"))
]
_NAMED = [f"%d {b}{c}%Y" for b in ("%B", "%b") for c in (" ", ", ")] + [
    f"{b} %d{c}%Y" for b in ("%B", "%b") for c in (" ", ", ")
]
_MONTHLY = ["%Y-%m", "%B %Y", "%b %Y", "%B, %Y", "%b, %Y"]
_RENAME = {"sept": "sep", "tues": "tue", "thur": "thu", "thurs": "thu"}  # abbreviations strptime does not know


def _punctuation(text: str) -> frozenset[str]:
    return frozenset(re.sub(r"%[A-Za-z]|[\w\s]", "", text))


def _strptime(text: str, formats: list[str]) -> set[dt.date]:
    """The dates strptime reads with any of ``formats`` (those with other punctuation than the text cannot match)."""
    out = set()
    for fmt in formats:
        if _punctuation(fmt) == _punctuation(text):
            with contextlib.suppress(ValueError):
                out.add(dt.datetime.strptime(text, fmt).date())
    return out


@lru_cache(maxsize=8192)
def _reference_one(text: str) -> frozenset[tuple[dt.date, dt.date, str]]:
    """The reading of one date as (first day, last day, precision); none when there is none or more than one."""
    s = re.sub(r"(?<=[A-Za-z])\.", "", text.strip())
    s = re.sub(r"[A-Za-z]+", lambda m: _RENAME.get(m.group().lower(), m.group()), s)
    note = re.fullmatch(r"(.*\S)\s*\((week|month|year)\)", s, re.IGNORECASE)
    if note:
        return frozenset(r for r in _reference_one(note.group(1)) if r[2] == note.group(2).lower())
    for nth in re.finditer(r"(\d+)(st|nd|rd|th)\b", s, re.IGNORECASE):
        if _nth(int(nth.group(1)))[-2:] != nth.group(2).lower():
            return frozenset()
    s = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", s, flags=re.IGNORECASE)
    weekday = None
    first = re.match(r"([A-Za-z]+),?\s+", s)
    if first:
        for fmt in ("%A", "%a"):
            try:
                weekday = time.strptime(first.group(1), fmt).tm_wday
            except ValueError:
                continue
            s = s[first.end():]
            break
    days = _strptime(s, _NAMED if re.search("[A-Za-z]", s) else _NUMERIC)
    if len(days) == 1 and weekday in (None, next(iter(days)).weekday()):
        day = next(iter(days))
        return frozenset({(day, day, "day")})
    if days or weekday is not None:
        return frozenset()
    found = {(m, _month_end(m), "month") for m in _strptime(s, _MONTHLY)}
    found |= {(m, m + dt.timedelta(days=6), "week") for m in _strptime(s + "-1", ["%G-W%V-%u", "%GW%V-%u"])}
    if re.fullmatch(r"\d{4}", s) and s != "0000":
        found.add((D(int(s), 1, 1), D(int(s), 12, 31), "year"))
    return frozenset(found)


def _reference(text: str) -> set[tuple[dt.date, dt.date]]:
    """(first day, last day) of every reading: one date; or two, split at any separator, the start completed from
    the end's trailing words (1-11 Dec 2024), the end from the start's leading words, its weekday left out
    (Dec 1-11, 2024), or ISO fields (2024-12-07..11); the end not before the start."""
    out = {(a, b) for a, b, _ in _reference_one(text)}
    for sep in (r"\.\.", r"\s+to\s+", r"\s*[–—]\s*", r"\s*-\s*", r"\s*/\s*"):
        for m in re.finditer(sep, text, re.IGNORECASE):
            left, right = text[: m.start()].strip(), text[m.end():].strip()
            if not left or not right:
                continue
            rw, lw = right.split(), left.split()
            lefts = [left] + [left + " " + " ".join(rw[i:]) for i in range(1, len(rw))]
            rights = [right] + [" ".join(lw[j:i]) + " " + right for j in (0, 1) for i in range(j + 1, len(lw))]
            iso = re.search(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?$", left)
            if iso:
                rights += [f"{iso.group(1)}-{right}", f"{iso.group(1)}-{iso.group(2)}-{right}"]
            for a in (r for lt in lefts for r in _reference_one(lt)):
                for b in (r for rt in rights for r in _reference_one(rt)):
                    if a[0] <= b[0] and a[1] <= b[1]:
                        out.add((a[0], b[1]))
    return out


def _reads_as_the_reference_or_is_refused(text: str) -> bool:
    """True when ``text`` was read (as the reference reads it), False when it was refused properly."""
    try:
        span = dates.parse_span(text, "--on")
    except UsageError as exc:
        assert exc.message.startswith("--on: ") and exc.message.isprintable(), repr(exc.message)
        return False
    assert (span.start, span.end) in _reference(text), (text, span)
    return True


_PIECES = ["2024", "2025", "12", "3", "31", "0", "Dec", "May", "Monday", "Tue", "the", "on", "x", "to", "-", "–", "/",
           "..", ".", ",", "3rd", "W49", "(month)", "\u00a0", "\t", "\x00", "\x1b", "é", ""]


def written(rng: random.Random) -> str:
    """A day, span, month, year or week written one of the ways dezzor reads it."""
    day = FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days - 5000))
    kind = rng.randrange(3)
    if kind == 0:
        return rng.choice(day_forms(day, rng.randrange(len(WEEKDAY_FORMS))))
    if kind == 1:
        return rng.choice(span_forms(day, day + dt.timedelta(days=rng.choice([0, 3, 30, 300])), rng.randrange(1000)))
    return rng.choice(month_forms(day, rng.randrange(4)))[0]


def mutate(rng: random.Random, text: str) -> str:
    """``text`` with one to three random edits: a token or character inserted, deleted, replaced, duplicated,
    moved, a year appended, the case swapped."""
    for _ in range(rng.randint(1, 3)):
        how = rng.randrange(8)
        i = rng.randint(0, len(text))
        piece = rng.choice(_PIECES) if rng.random() < 0.8 else chr(rng.randint(0, 0x3000))
        words = text.split()
        if how == 0:
            text = text[:i] + piece + text[i:]
        elif how == 1:
            text = text[:i] + text[i + rng.randint(1, 3):]
        elif how == 2:
            text = text[:i] + rng.choice("0123456789-/., aZ–") + text[i + 1:]
        elif how == 3 and words:
            j = rng.randrange(len(words))
            text = " ".join(words[: j + 1] + words[j:])
        elif how == 4 and len(words) > 1:
            j = rng.randrange(len(words) - 1)
            words[j], words[j + 1] = words[j + 1], words[j]
            text = " ".join(words)
        elif how == 5:
            text = text.swapcase()
        elif how == 6:
            text = f"{text} {rng.randint(1000, 9998)}"
        else:
            text = rng.choice((f"{piece} {text}", f"{text} {piece}"))
    return text


@_examples(1200)
@given(seed=st.integers(0, 2**64 - 1))
def test_mutated_dates_read_as_the_reference_reads_them_or_are_refused(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(2):
        _reads_as_the_reference_or_is_refused(mutate(rng, written(rng)))


@_examples(300)
@given(text=st.text(alphabet=st.sampled_from("0123456789-/., ():–\tDecMonayJuWth"), max_size=30))
def test_any_text_reads_as_the_reference_reads_it_or_is_refused(text: str) -> None:
    _reads_as_the_reference_or_is_refused(text)
