"""Temporal expressions in a sentence, resolved against the article's publication date.

Our own resolver rather than dateparser: news dates are few and formulaic ("on Thursday", "in late
February", "March 28", "last year", "in September 2022"), dateparser misses some of them and its
``search_dates`` finds dates in "three and a half". Each expression resolves to the precision the
text gives: a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY). Weeks resolve to the month of
their Monday, the finest of those three precisions that a week fits.

Dates are built as ``PartialDate``s, so an impossible one ("2024-02-30", "next year" of 9999-12-31,
"yesterday" of 0001-01-01, "9999 years ago") resolves to no date instead of a crash or a year 10000.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .partial_date import PartialDate, shift_days, valid_year

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTH_RE = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
PART_RE = r"(?:(?P<part>early|mid|late|the end of|the beginning of|the middle of)[\s-]+)?"
YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month_day", re.compile(rf"\b{MONTH_RE}\s+{DAY_RE}\b(?:,?\s+{YEAR_RE})?", re.I)),
    ("day_month", re.compile(rf"\b{DAY_RE}\s+{MONTH_RE}(?:,?\s+{YEAR_RE})?\b", re.I)),
    ("iso", re.compile(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b")),
    ("month", re.compile(rf"\b(?:in|since|by|during|until|from|of|last|this|next|early|late|mid)[\s-]+{PART_RE}{MONTH_RE}(?:,?\s+{YEAR_RE})?\b", re.I)),
    ("year", re.compile(rf"\b(?:in|since|by|during|until|from|of|early|late|mid)[\s-]+{PART_RE}{YEAR_RE}\b(?!-)", re.I)),
    ("relative", re.compile(r"\b(?P<rel>(?:earlier|later)\s+this\s+(?:week|month|year)|(?:this|last|past|previous|next)\s+(?:week|month|year)|yesterday|today|tonight|this\s+morning|this\s+evening)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+|this\s+|next\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)),
    ("years_ago", re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+years\s+ago\b", re.I)),
]
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class TemporalExpression:
    start: int  # character offsets in the text searched
    end: int
    text: str
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY


def find_expressions(text: str, published: str | None, future: bool = False, offset: int = 0) -> list[TemporalExpression]:
    """All temporal expressions in ``text`` that resolve against ``published`` (YYYY-MM-DD)."""
    anchor = _parse_anchor(published)
    found: list[TemporalExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _resolve(kind, match, anchor, future)
            if value is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(TemporalExpression(offset + match.start(), offset + match.end(), match.group(0), value))
    found.sort(key=lambda e: e.start)
    return found


def _parse_anchor(published: str | None) -> dt.date | None:
    """The publication day; a date known only to the month or year anchors nothing."""
    anchor = PartialDate.parse_or_none(published[:10]) if published else None
    return anchor.first if anchor is not None and anchor.precision == "day" else None


def _resolve(kind: str, m: re.Match[str], anchor: dt.date | None, future: bool) -> str | None:
    """The expression's date as text, or None where it has none: no anchor to resolve against, an
    impossible date (2024-02-30), or arithmetic that leaves the calendar ("next year" of 9999-12-31,
    "yesterday" of 0001-01-01)."""
    date = _resolve_date(kind, m, anchor, future)
    return str(date) if date is not None else None


def _resolve_date(kind: str, m: re.Match[str], anchor: dt.date | None, future: bool) -> PartialDate | None:
    groups = m.groupdict()
    if kind == "iso":
        return PartialDate.parse_or_none(groups["iso"])
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "year":
        return _partial(year)
    month = MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    if kind in {"month_day", "day_month"}:
        day = int(groups["day"])
        if not 1 <= day <= 31 or month is None:
            return None
        if year is None:
            if anchor is None:
                return None
            year = _nearest_year(anchor, month, day, future)
        return _partial(year, month, day)
    if kind == "month":
        if month is None:
            return None
        if year is None:
            if anchor is None:
                return None
            lead = m.group(0).split()[0].lower()
            year = _nearest_year(anchor, month, 1, future or lead == "next")
            if lead == "last" and (year, month) >= (anchor.year, anchor.month):
                year -= 1
        return _partial(year, month)
    if anchor is None:
        return None
    if kind == "relative":
        return _relative(groups["rel"].lower().split(), anchor)
    if kind == "weekday":
        return _day(_weekday(m.group(0).lower().split(), anchor, future))
    if kind == "years_ago":
        n = NUMBERS.get(groups["n"].lower()) or int(groups["n"])
        return _partial(anchor.year - n)
    return None


def _partial(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    """A date, or None if there is no such date (year 0 or 10000, 30 February)."""
    if not valid_year(year):
        return None
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _day(day: dt.date | None) -> PartialDate | None:
    return PartialDate.of(day) if day is not None else None


def _nearest_year(anchor: dt.date, month: int, day: int, future: bool) -> int:
    """The year that puts month/day closest before (or, for future events, after) the anchor."""
    year = anchor.year
    if future:
        return year if (month, day) >= (anchor.month, anchor.day) else year + 1
    return year if (month, day) <= (anchor.month, anchor.day) else year - 1


def _relative(words: list[str], anchor: dt.date) -> PartialDate | None:
    unit = words[-1]
    if unit in {"yesterday"}:
        return _day(shift_days(anchor, -1))
    if unit in {"today", "tonight", "morning", "evening"}:
        return _day(anchor)
    step = {"last": -1, "past": -1, "previous": -1, "next": 1}.get(words[0], 0)
    if unit == "year":
        return _partial(anchor.year + step)
    if unit == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + step
        return _partial(month_index // 12, month_index % 12 + 1)
    monday = shift_days(anchor, -anchor.weekday() + 7 * step)
    return _partial(monday.year, monday.month) if monday is not None else None


def _weekday(words: list[str], anchor: dt.date, future: bool) -> dt.date | None:
    target = WEEKDAYS[words[-1]]
    if words[0] == "next" or (future and words[0] != "last"):
        delta = (target - anchor.weekday()) % 7 or 7
        return shift_days(anchor, delta)
    delta = (anchor.weekday() - target) % 7
    if words[0] == "last" and delta == 0:
        delta = 7
    return shift_days(anchor, -delta)


_ANY_DAY = "2000-06-15"  # any publication day will do: only whether an expression needs one matters


def needs_publication_date(text: str) -> list[TemporalExpression]:
    """The expressions in ``text`` that resolve only against a publication date ("yesterday",
    "on Monday", "March 5", "last year"), so that without one they give no date."""
    dated_anyway = {(e.start, e.end) for e in find_expressions(text, None)}
    return [e for e in find_expressions(text, _ANY_DAY) if (e.start, e.end) not in dated_anyway]
