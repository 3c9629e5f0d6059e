"""A date known to the day, the month or the year: the one type every stage uses for event dates.

News gives dates at the precision it knows ("on 13 September", "in March", "in 2021"), so an event's
date is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``. Everything that needs its bounds (the store's
``date_start``/``date_end``, period bucketing in the dyad timeline, the PLOVER export's ``date`` and
``enddate``, the API's date checks) asks this type rather than slicing strings, so a new rule about
partial dates is written once.

Years are limited to 1..9999 (what ``datetime.date`` holds); arithmetic that would leave that range
returns None rather than raising, since a calendar-edge publication date ("yesterday" of
0001-01-01) is bad input, not a crash.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]

_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            dt.date(self.year, self.month, self.day)  # raises ValueError for 2024-02-30

    # -- reading ---------------------------------------------------------------------------------
    @classmethod
    def parse(cls, value: str) -> "PartialDate":
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ValueError for anything else or an impossible date."""
        match = _FORM.fullmatch(value.strip()) if isinstance(value, str) else None
        if not match:
            raise ValueError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls(year, month, day)

    @classmethod
    def parse_or_none(cls, value: str | None) -> "PartialDate | None":
        if value is None:
            return None
        try:
            return cls.parse(value)
        except ValueError:
            return None

    @classmethod
    def of(cls, day: dt.date) -> "PartialDate":
        return cls(day.year, day.month, day.day)

    # -- what it covers --------------------------------------------------------------------------
    @property
    def precision(self) -> Precision:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def first(self) -> dt.date:
        """The first day the date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        """The last day the date covers."""
        if self.day is not None:
            return self.first
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def bounds(self) -> tuple[str, str]:
        """(first day, last day) as ISO strings: 2024-02 -> ("2024-02-01", "2024-02-29")."""
        return self.first.isoformat(), self.last.isoformat()

    def plover(self) -> tuple[str, str | None]:
        """PLOVER's ``date`` (always YYYY-MM-DD: the first day) and ``enddate`` (the last day, for a range)."""
        if self.day is not None:
            return self.first.isoformat(), None
        return self.first.isoformat(), self.last.isoformat()

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def bounds(value: str | None) -> tuple[str | None, str | None]:
    """First and last day of a native date string, (None, None) when there is no date."""
    if not value:
        return None, None
    return PartialDate.parse(value).bounds()


def shift_days(day: dt.date, days: int) -> dt.date | None:
    """``day`` + ``days``, or None where that leaves the calendar (before 0001-01-01, after 9999-12-31)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def valid_year(year: int) -> bool:
    return 1 <= year <= 9999
