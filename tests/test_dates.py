"""``pactwatch.dates``: temporal expressions at the edges of the calendar resolve or give no date, never crash."""
from __future__ import annotations

import pytest

from pactwatch.dates import WORDS_FILE, build_date_words, date_words, find_expressions
from pactwatch.errors import DataFileError
from pactwatch.resources import data_path, parse_yaml
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


# --- the words of data/lexicon/dates.yaml -------------------------------------------------------------
# Published on Monday 7 August 2023: the Saturday before is 5 August, the day before Sunday 6 August.

@pytest.mark.parametrize("text, value", [
    ("a day earlier", "2023-08-06"), ("the previous day", "2023-08-06"), ("he had said so the day before.", "2023-08-06"),
    ("last night", "2023-08-06"), ("earlier in the week", "2023-08"), ("Earlier this week", "2023-08"),
    ("over the weekend", "2023-08"), ("at the weekend", "2023-08"), ("recently", "2023"), ("a recent meeting", "2023"),
    ("in recent weeks", "2023"), ("a year ago", "2022"), ("three years ago", "2020"),
])
def test_relative_and_vague_expressions_resolve(text, value):
    """CONVENTIONS D3: vague references ("recently") get the year, the weekend the month like a week;
    "a day earlier" and "last night" the day before publication. None of these resolved before."""
    assert [e.value for e in find_expressions(text, "2023-08-07")] == [value]


def test_a_weekend_in_the_previous_month_is_that_month():
    # published Monday 2 October 2023: the weekend was 30 September and 1 October
    assert [e.value for e in find_expressions("over the weekend", "2023-10-02")] == ["2023-09"]


@pytest.mark.parametrize("text", [
    "on the day before the vote",  # a preposition with its object, not a date
    "the most extensive exchange of recent times", "in recent years", "in recent decades",
    "He most recently did so",  # orders acts, dates none
])
def test_what_is_not_a_vague_date(text):
    assert find_expressions(text, "2023-08-07") == []


def test_most_recently_leaves_the_real_date():
    assert [e.value for e in find_expressions("He most recently did so on March 12.", "2024-04-04")] == ["2024-03-12"]


def test_the_shipped_word_lists_load():
    words = date_words()
    assert words.days("yesterday") == -1 and words.step("earlier this") == 0


@pytest.mark.parametrize("change, field", [
    ({"parts": None}, "parts"),
    ({"days_from_publication": {"yesterday": "minus one"}}, "days_from_publication"),
    ({"period_steps": ["last"]}, "period_steps"),
    ({"vague_current": [3]}, "vague_current"),
])
def test_a_broken_word_list_names_file_and_list(change, field):
    data = parse_yaml(data_path(WORDS_FILE).read_text(encoding="utf-8"))
    data.update(change)
    with pytest.raises(DataFileError) as raised:
        build_date_words(data, "dates.yaml")
    assert raised.value.path == "dates.yaml" and raised.value.field == field
