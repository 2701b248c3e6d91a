"""User dates: parsed as written, never completed from today, ambiguity refused."""

from __future__ import annotations

import datetime as dt

import pytest

from dezzor_cli.query import dates
from dezzor_cli.errors import UsageError

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
    # dateutil's default would take the missing parts from today; we pass our own defaults and compare two
    assert dates.parse_span("Dec 2024").start.day == 1
    with pytest.raises(UsageError):
        dates.parse_span("Dec 3")
