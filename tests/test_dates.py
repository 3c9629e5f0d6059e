"""``pactwatch.dates``: temporal expressions at the edges of the calendar resolve or give no date, never crash."""
from __future__ import annotations

import pytest

from pactwatch.dates import find_expressions
from pactwatch.partial_date import PartialDate

EXPRESSIONS = ["yesterday", "today", "last week", "next week", "this week", "last month", "next month",
               "last year", "next year", "on Monday", "next Friday", "last Sunday", "in March", "last March",
               "next March", "on March 5", "5 March", "two years ago", "9999 years ago", "12000 years ago"]


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-07", "9999-12-31", "9999-12-27"])
@pytest.mark.parametrize("future", [False, True])
def test_calendar_edges_give_a_real_date_or_none(published, future):
    """"yesterday" of 0001-01-01 raised OverflowError; "next year" of 9999-12-31 wrote the year 10000."""
    for expression in EXPRESSIONS:
        for found in find_expressions(f"Armenia asked the CSTO for help {expression}.", published, future=future):
            date = PartialDate.parse(found.value)  # raises for "10000" or "-0001"
            assert str(date) == found.value


@pytest.mark.parametrize("text, published, value", [
    ("yesterday", "9999-12-31", "9999-12-30"),
    ("last year", "9999-12-31", "9998"),
    ("next month", "0001-01-01", "0001-02"),
    ("on Monday", "0001-01-01", "0001-01-01"),  # 1 January of year 1 was a Monday
])
def test_calendar_edges_still_resolve_what_fits(text, published, value):
    assert [e.value for e in find_expressions(text, published)] == [value]


@pytest.mark.parametrize("text, published", [
    ("yesterday", "0001-01-01"), ("last week", "0001-01-01"), ("last year", "0001-06-01"),
    ("next year", "9999-12-31"), ("next week", "9999-12-31"), ("next month", "9999-12-01"),
    ("in March", "0001-01-01"), ("9999 years ago", "2024-05-10"),
])
def test_what_leaves_the_calendar_has_no_date(text, published):
    assert find_expressions(text, published) == []


def test_impossible_iso_date_in_text_is_not_a_date():
    assert find_expressions("signed on 2024-02-30", "2024-05-10") == []
    assert [e.value for e in find_expressions("signed on 2024-02-29", "2024-05-10")] == ["2024-02-29"]


def test_month_or_year_publication_date_anchors_nothing():
    assert find_expressions("yesterday", "2024-05") == []
