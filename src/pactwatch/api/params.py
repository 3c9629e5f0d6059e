"""The API's parameter types: one declaration each, used by every route and shown in the schema.

What the schema promises is what the server checks: a date parameter's ``pattern`` accepts exactly
the real dates the server accepts (years 1000-8999, so windows of days around a date never leave
the calendar), ids refuse control characters wherever they come (path, query, body), and sort
orders are the store's own.
"""
from __future__ import annotations

import enum
from typing import Annotated

from fastapi import Path, Query

from ..plover import TYPES as PLOVER_TYPES
from ..store import ORDERS

MIN_YEAR, MAX_YEAR = 1000, 8999

# Every real day of the years 1000-8999 and nothing else, leap days included, in the regex subset
# that both the server's engine (Rust regex, through pydantic) and JSON Schema's (ECMA 262) read
# alike: ASCII digits only (the engine's \d is Unicode), no look-around. tests/api/test_params.py
# holds it to datetime.date, day by day.
_YEAR = "[1-8][0-9]{3}"
_COMMON_DAY = ("(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"  # the 1st-28th of any month
               "|(?:0[13-9]|1[0-2])-(?:29|30)"                  # the 29th and 30th but in February
               "|(?:0[13578]|1[02])-31)")                        # the 31st of the long months
_LEAP_YEAR = ("(?:[1-8][0-9](?:0[48]|[2468][048]|[13579][26])"  # divisible by 4, not by 100
              "|(?:1[26]|[2468][048]|[357][26])00)")             # divisible by 400 (1200 ... 8800)
DATE_PATTERN = f"^(?:{_YEAR}-{_COMMON_DAY}|{_LEAP_YEAR}-02-29)$"
ACTOR_PATTERN = r"^[A-Z0-9_]{2,12}$"
TREATY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
# an id or free text naming one thing: printable, no control character (C0, DEL, C1), not blank
NO_CONTROL = "\\x00-\\x1f\\x7f-\\x9f"
ID_PATTERN = f"^[^{NO_CONTROL}]*[^{NO_CONTROL}\\s][^{NO_CONTROL}]*$"
MAX_ID_CHARS = 300

PloverType = enum.Enum("PloverType", {t: t for t in PLOVER_TYPES}, type=str)  # type: ignore[misc]
PloverType.__doc__ = "One of the 16 PLOVER event types."
EventOrder = enum.Enum("EventOrder", {name.replace("-", "desc_") or name: name for name in ORDERS},  # type: ignore[misc]
                       type=str)
EventOrder.__doc__ = "A sort order of the store's event listings; a leading '-' reverses it."


ActorQ = Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="Actor key, e.g. ARM, CSTO.")]
DateQ = Annotated[str | None, Query(pattern=DATE_PATTERN, description="A real date, YYYY-MM-DD (years 1000-8999).")]
TextQ = Annotated[str | None, Query(min_length=1, max_length=200, description="Case-insensitive substring.")]
LimitQ = Annotated[int, Query(ge=1, le=1000, description="Items per page, 1-1000.")]
OffsetQ = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]
TreatyPath = Annotated[str, Path(pattern=TREATY_PATTERN, description="Treaty id (csto) or organisation (CSTO).")]
ArticleRef = Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS, pattern=ID_PATTERN,
                                 description="An article_key (64 hex digits) or an article id.")]
NameQ = Annotated[str, Query(min_length=1, max_length=200, pattern=ID_PATTERN,
                             description="An actor key or name: ARM, arm, Armenia.")]

# what a value that misses a pattern is told, instead of the pattern itself
PATTERN_MESSAGES = {
    DATE_PATTERN: "{value} is not a real date YYYY-MM-DD (years 1000-8999)",
    ACTOR_PATTERN: "{value} is not an actor key (2-12 characters of A-Z, 0-9 and _, e.g. ARM, CSTO); "
                   "GET /api/resolve?q=NAME gives the key of a name",
    TREATY_PATTERN: "{value} is not a treaty id or organisation key (e.g. csto, CSTO, nato)",
    ID_PATTERN: "{value} is blank or contains a control character",
}
