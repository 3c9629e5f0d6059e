"""Bad parameters are 4xx with a readable string detail; the date pattern is the server's check;
control characters never get into an id."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from .api_helpers import bad, ok

from pactwatch.api.params import DATE_PATTERN, ID_PATTERN, MAX_YEAR, MIN_YEAR

BAD_REQUESTS = [
    ("/api/events", {"start": "2024-13-45"}),
    ("/api/events", {"end": "2023-02-30"}),
    ("/api/events", {"start": "yesterday"}),
    ("/api/events", {"start": "\uff12\uff10\uff12\uff14-01-01"}),  # full-width digits
    ("/api/events", {"start": "0001-01-01"}),
    ("/api/events", {"end": "9999-12-31"}),
    ("/api/events", {"start": "2024-05-01", "end": "2024-01-01"}),
    ("/api/events", {"actor": "arm"}),
    ("/api/events", {"actor": "A"}),
    ("/api/events", {"actor": "ARM'; DROP TABLE events; --"}),
    ("/api/events", {"a": "ARM"}),
    ("/api/events", {"type": "INVADE"}),
    ("/api/events", {"limit": 0}),
    ("/api/events", {"limit": 5000}),
    ("/api/events", {"limit": "ten"}),
    ("/api/events", {"offset": -1}),
    ("/api/events", {"negated": "perhaps"}),
    ("/api/events", {"order": "random()"}),
    ("/api/events", {"q": "x" * 500}),
    ("/api/events", {"cursor": "not a cursor"}),
    ("/api/events", {"cursor": "bm90LWEtY3Vyc29y"}),
    ("/api/events.csv", {"start": "2024-02-30"}),
    ("/api/dyad", {"a": "ARM"}),
    ("/api/dyad", {"a": "ARM", "b": "csto"}),
    ("/api/dyad", {"a": "ARM", "b": "CSTO", "interval": "decade"}),
    ("/api/dyad", {"a": "ARM", "b": "CSTO", "start": "2024-02-30"}),
    ("/api/actors", {"limit": 0}),
    ("/api/actors", {"limit": 5000}),
    ("/api/network", {"type": "SANCTIONS"}),
    ("/api/network", {"min_events": 0}),
    ("/api/network", {"start": "2024-1-1"}),
    ("/api/quotes", {"actor": "Russia"}),
    ("/api/quotes", {"limit": 1001}),
    ("/api/quotes", {"offset": "-5"}),
    ("/api/articles", {"limit": 0}),
    ("/api/articles", {"offset": "x"}),
    ("/api/alliances/csto", {"on": "2024-13-45"}),
    ("/api/obligations", {"attacked": "ARM"}),
    ("/api/obligations", {"on": "2022-09-13"}),
    ("/api/obligations", {"attacked": "ARM", "on": "2022-09-31"}),
    ("/api/obligations", {"attacked": "ARM", "on": "0001-01-01"}),
    ("/api/obligations", {"attacked": "ARM", "on": "9999-12-31"}),
    ("/api/obligations", {"attacked": "ARM", "on": "2022-09-13", "where": "x" * 101}),
    ("/api/obligations", {"attacked": "arm", "on": "2022-09-13"}),
    ("/api/obligations", {"attacked": "ARM", "on": "2022-09-13", "by": "azerbaijan"}),
    ("/api/ledger", {"window_days": 0}),
    ("/api/ledger", {"window_days": "forever"}),
    ("/api/ledger", {"alliance": "CSTO OR 1=1"}),
    ("/api/ledger", {"start": "2022-02-29"}),
    ("/api/ledger", {"start": "2023-01-01", "end": "2022-01-01"}),
]


@pytest.mark.parametrize("path,params", BAD_REQUESTS, ids=[f"{p}?{q}" for p, q in BAD_REQUESTS])
def test_bad_parameters_are_4xx(api, path, params):
    body = bad(api.get(path, params=params))
    assert isinstance(body["detail"], str)


@pytest.mark.parametrize("path", ["/api/articles/no-such-article", "/api/article/no-such-article",
                                  "/api/alliances/no_such_pact", "/api/nothing/here"])
def test_unknown_ids_are_404(api, path):
    bad(api.get(path), 404)


def test_bad_date_message_is_clear(api):
    body = bad(api.get("/api/events", params={"start": "2024-13-45"}), 422)
    assert "start" in body["detail"] and "2024-13-45" in body["detail"] and "^" not in body["detail"]
    assert body["errors"][0]["loc"] == ["query", "start"]


def test_odd_text_is_harmless(api):
    for params in ({"q": "\x00"}, {"q": "%_'\"\\"}, {"q": "\u00e9\u4e2d"}):
        assert ok(api.get("/api/events", params=params))["total"] == 0
    assert ok(api.get("/api/quotes", params={"speaker": "%"}))["total"] == 0
    bad(api.get("/api/articles/" + "x" * 301), 422)


@pytest.mark.parametrize("path", ["/api/article/t-arm%00request", "/api/articles/%00", "/api/article/%7F",
                                  "/api/article/t%1Barm", "/api/article/%C2%85x", "/api/article/%20"])
def test_control_characters_in_an_id_are_refused(api, path):
    body = bad(api.get(path), 422)
    assert "control character" in body["detail"]


def test_control_characters_in_a_query_id_are_refused(api):
    bad(api.get("/api/resolve", params={"q": "ARM\x00"}), 422)
    bad(api.get("/api/alliances/csto%00"), 422)
    bad(api.get("/api/ledger", params={"alliance": "CSTO\x00"}), 422)


def test_wrong_method_is_405(api):
    response = api.delete("/api/events")
    bad(response, 405)
    assert "GET" in response.headers["allow"] and "HEAD" in response.headers["allow"]


def _every_day(first: int, last: int):
    day = dt.date(first, 1, 1)
    while day.year <= last:
        yield day
        day += dt.timedelta(days=1)


def test_the_date_pattern_accepts_exactly_the_real_dates():
    pattern = re.compile(DATE_PATTERN)
    # every day of the leap-year cases (1600, 1700, 1900, 2000, 2100) and the range's edges
    years = [(MIN_YEAR, MIN_YEAR + 4), (1596, 1604), (1696, 1704), (1896, 1904), (1996, 2032), (2096, 2104),
             (MAX_YEAR - 4, MAX_YEAR)]
    for first, last in years:
        for day in _every_day(first, last):
            assert pattern.fullmatch(day.isoformat()), day
    # every day-shaped string of those years that is not a real day, and the years outside the range
    for first, last in years:
        for year in range(first, last + 1):
            for month in range(0, 14):
                for day in range(0, 33):
                    text = f"{year:04d}-{month:02d}-{day:02d}"
                    try:
                        real = dt.date(year, month, day) is not None
                    except ValueError:
                        real = False
                    assert bool(pattern.fullmatch(text)) == real, text
    for outside in ("0999-12-31", "9000-01-01", "0001-01-01", "9999-12-31", "2024-1-01", "2024-01-01 ", "+2024-01-01"):
        assert not pattern.fullmatch(outside), outside


def test_the_schema_carries_the_patterns_the_server_checks(api):
    spec = ok(api.get("/openapi.json"))
    params = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params["start"]["schema"]["anyOf"][0]["pattern"] == DATE_PATTERN
    ref = spec["paths"]["/api/article/{ref}"]["get"]["parameters"][0]
    assert ref["schema"]["pattern"] == ID_PATTERN
