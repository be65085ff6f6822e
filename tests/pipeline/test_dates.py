from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.dates import find_dateline, normalize_date

THURSDAY = date(2025, 3, 20)
from datetime import date

from pipeline.dates import parse_published


@pytest.mark.parametrize(
    ("text", "anchor", "future", "expected"),
    [
        ("on Tuesday", THURSDAY, False, ("2025-03-18", "day")),
        ("Thursday", THURSDAY, False, ("2025-03-20", "day")),
        ("Saturday", THURSDAY, True, ("2025-03-22", "day")),
        ("March 18", THURSDAY, False, ("2025-03-18", "day")),
        ("February 18", date(2025, 2, 5), False, ("2025-02-18", "day")),  # a deadline ahead
        ("December 30", date(2025, 1, 3), False, ("2024-12-30", "day")),
        ("last month", THURSDAY, False, ("2025-02", "month")),
        ("2029", THURSDAY, False, ("2029", "year")),
        ("15 March 2025", None, False, ("2025-03-15", "day")),
        ("on Tuesday", None, False, (None, None)),  # no anchor: relative terms stay open
        ("three years", THURSDAY, False, (None, None)),
        ("the 1990s", THURSDAY, False, (None, None)),
        ("78", THURSDAY, False, (None, None)),
    ],
)
def test_normalize_date(text, anchor, future, expected):
    assert normalize_date(text, anchor, future=future) == expected


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        (" date 2025-03-15 WATCH TV LIVE\nSkip to main content\nHeadline", date(2025, 3, 15), "text-dateline-iso"),
        ("Menu\nBy Jane Roe | Saturday, 15 March 2025 01:58 PM EDT\nBody", date(2025, 3, 15), "text-dateline"),
        ("Menu\nPublished March 4, 2025\nBody", date(2025, 3, 4), "text-dateline"),
        ("Menu\nJane Roe - Published 14/03/2025 16:05 GMT\nBody", date(2025, 3, 14), "text-dateline-dmy"),
        ("No date up here\nat all", None, None),
    ],
)
def test_find_dateline(text, expected, method):
    found, found_method, _ = find_dateline(text)
    assert (found, found_method) == (expected, method)


def test_common_mentions_by_arithmetic_agree_with_dateparser() -> None:
    """The fast path for years and 'last month'-style mentions gives dateparser's answers."""
    import random

    from pipeline.dates import _common, _dateparser

    rng = random.Random(11)
    phrases = ["2019", "1999", "2024", "Last week", "last month", "last year", "this year", "This month",
               "this week", "yesterday", "Today", "tomorrow", "next year", "next month", "next week"]
    anchors = [None, date(2024, 2, 29), date(2024, 12, 31), date(2025, 1, 1)] + [
        date(2000, 1, 1) + timedelta(days=rng.randint(0, 12000)) for _ in range(60)]
    checked = 0
    for anchor in anchors:
        for phrase in phrases:
            fast = _common(phrase, anchor)
            if fast is None:
                assert anchor is None and not phrase.isdigit()
                continue
            assert fast == _dateparser(phrase, anchor), (phrase, anchor)
            checked += 1
    assert checked > 900


def test_zero_time_publish_date_is_no_date():
    assert parse_published("0001-01-01T00:00:00Z") is None
    assert parse_published("9999-12-31") is None
    assert parse_published("2025-03-15T08:00:00Z") == date(2025, 3, 15)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("July 4, 1776", date(2025, 7, 10), ("1776-07-04", "day")),
        ("last Thursday", date(2025, 3, 20), ("2025-03-13", "day")),
        ("2025/26", date(2025, 3, 20), (None, None)),
        ("Q3 2024", date(2025, 3, 20), (None, None)),
    ],
)
def test_dates_found_in_review(text, anchor, expected):
    assert normalize_date(text, anchor) == expected
