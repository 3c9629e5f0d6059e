"""Temporal expressions in a sentence, resolved against the article's publication date.

Our own resolver rather than dateparser: news dates are few and formulaic ("on Thursday", "in late
February", "March 28", "last year", "in September 2022"), dateparser misses some of them and its
``search_dates`` finds dates in "three and a half". Each expression resolves to the precision the
text gives: a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY). Weeks (and weekends) resolve to
the month of their first day, the finest of those three precisions that a week fits; vague references
("recently", "a recent meeting") to the year (CONVENTIONS D3).

The words of the expressions (leads, parts of a month, relative days and periods, vague references,
number words) are data: ``data/lexicon/dates.yaml``, with their sources. Month and weekday names come
from the calendar module.

Dates are built as ``PartialDate``s, so an impossible one ("2024-02-30", "next year" of 9999-12-31,
"yesterday" of 0001-01-01, "9999 years ago") resolves to no date instead of a crash or a year 10000.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import DataFileError
from .partial_date import PartialDate, shift_days, valid_year
from .resources import data_path, load_yaml

WORDS_FILE = "lexicon/dates.yaml"  # every word below that is not a month or weekday name
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTH_RE = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# "recent" fixes no date where it qualifies a span rather than an act ("of recent times", "in recent
# years"); "most recently" orders acts ("he most recently did so on March 12"), it does not date one
NOT_AFTER_RECENT = r"(?!\s+(?:times|history|years|decades|memory|past)\b)"


def _phrase(words: str) -> str:
    """A lower-case phrase of the data file as a pattern matching any white space between its words."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _any(phrases) -> str:
    return "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True)
class DateWords:
    """The word lists of ``data/lexicon/dates.yaml`` and the patterns built from them."""
    days_from_publication: dict[str, int]
    period_steps: dict[str, int]
    number_words: dict[str, int]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    def days(self, phrase: str) -> int:
        return self.days_from_publication[" ".join(phrase.lower().split())]

    def step(self, phrase: str) -> int:
        return self.period_steps[" ".join(phrase.lower().split())]


@lru_cache(maxsize=1)
def date_words() -> DateWords:
    """The shipped word lists, read once."""
    return build_date_words(load_yaml(WORDS_FILE), str(data_path(WORDS_FILE)))


def build_date_words(data: object, where: str) -> DateWords:
    """The patterns of a dates.yaml document; a missing or malformed list is a ``DataFileError``
    naming ``where`` and the list."""
    fields = ("month_leads", "year_leads", "parts", "days_from_publication", "period_steps", "periods",
              "weekend_leads", "vague_current", "number_words")
    if not isinstance(data, dict):
        raise DataFileError(where, "must be a mapping of list name: words")
    for name in fields:
        if not data.get(name):
            raise DataFileError(where, "missing or empty: the date resolver needs this list", field=name)
    for name in ("month_leads", "year_leads", "parts", "periods", "weekend_leads", "vague_current"):
        if not isinstance(data[name], list) or not all(isinstance(w, str) and w.strip() for w in data[name]):
            raise DataFileError(where, "must be a list of words or phrases", field=name)
    for name in ("days_from_publication", "period_steps", "number_words"):
        table = data[name]
        if not isinstance(table, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in table.values()):
            raise DataFileError(where, "must map each phrase to a whole number", field=name)
    part = rf"(?:(?P<part>{_any(data['parts'])})[\s-]+)?"
    periods = _any(data["periods"])
    patterns = (
        ("month_day", re.compile(rf"\b{MONTH_RE}\s+{DAY_RE}\b(?:,?\s+{YEAR_RE})?", re.I)),
        ("day_month", re.compile(rf"\b{DAY_RE}\s+{MONTH_RE}(?:,?\s+{YEAR_RE})?\b", re.I)),
        ("iso", re.compile(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b")),
        ("month", re.compile(rf"\b(?P<lead>{_any(data['month_leads'])})[\s-]+{part}{MONTH_RE}(?:,?\s+{YEAR_RE})?\b", re.I)),
        ("year", re.compile(rf"\b(?:{_any(data['year_leads'])})[\s-]+{part}{YEAR_RE}\b(?!-)", re.I)),
        *_day_patterns(data["days_from_publication"]),
        ("period", re.compile(rf"\b(?P<step>{_any(data['period_steps'])})\s+(?P<period>{periods})\b", re.I)),
        ("weekend", re.compile(rf"\b(?P<wlead>{_any(data['weekend_leads'])})\s+weekend\b", re.I)),
        ("weekday", re.compile(r"\b(?:on\s+|last\s+|this\s+|next\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)),
        ("years_ago", re.compile(rf"\b(?P<n>{_any(data['number_words'])}|\d+)\s+years?\s+ago\b", re.I)),
        ("vague", re.compile(rf"(?<!most\s)\b(?:{_any(data['vague_current'])})\b{NOT_AFTER_RECENT}", re.I)),
    )
    return DateWords({" ".join(k.split()): v for k, v in data["days_from_publication"].items()},
                     {" ".join(k.split()): v for k, v in data["period_steps"].items()},
                     dict(data["number_words"]), patterns)


def _day_patterns(days: dict[str, int]) -> list[tuple[str, re.Pattern[str]]]:
    """ "yesterday", "a day earlier"; a phrase ending in "before" ("the day before") is a date only
    where the phrase ends, since "the day before the vote" is a preposition with its object."""
    open_ended = [p for p in days if p.split()[-1] == "before"]
    plain = [p for p in days if p not in open_ended]
    patterns = [("days", re.compile(rf"\b(?P<days>{_any(plain)})\b", re.I))] if plain else []
    if open_ended:
        patterns.append(("days", re.compile(rf"\b(?P<days>{_any(open_ended)})(?=\s*(?:[,.;:!?)]|$))", re.I)))
    return patterns


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
    for kind, pattern in date_words().patterns:
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
    words = date_words()
    if kind == "days":
        return _day(shift_days(anchor, words.days(groups["days"])))
    if kind == "period":
        return _period(groups["period"].lower(), words.step(groups["step"]), anchor)
    if kind == "weekend":
        return _weekend(groups["wlead"].lower().split(), anchor, future)
    if kind == "weekday":
        return _day(_weekday(m.group(0).lower().split(), anchor, future))
    if kind == "years_ago":
        n = words.number_words.get(groups["n"].lower()) or int(groups["n"])
        return _partial(anchor.year - n)
    if kind == "vague":
        return _partial(anchor.year)
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


def _period(unit: str, step: int, anchor: dt.date) -> PartialDate | None:
    """ "last week", "this month", "next year": a week as the month of its Monday."""
    if unit == "year":
        return _partial(anchor.year + step)
    if unit == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + step
        return _partial(month_index // 12, month_index % 12 + 1)
    monday = shift_days(anchor, -anchor.weekday() + 7 * step)
    return _partial(monday.year, monday.month) if monday is not None else None


def _weekend(lead: list[str], anchor: dt.date, future: bool) -> PartialDate | None:
    """The weekend before publication (after it for "next weekend" or a future act), as the month of
    its Saturday: two days are finer than a month but are not one day."""
    saturday = _weekday(["next" if future or lead[0] == "next" else "last", "saturday"], anchor, False)
    if lead[0] == "this" and not future and anchor.weekday() >= 5:
        saturday = _weekday(["saturday"], anchor, False)
    return _partial(saturday.year, saturday.month) if saturday is not None else None


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
