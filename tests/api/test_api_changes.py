"""GET /api/changes over the real server: what the articles stored since a time brought."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .api_helpers import ARTICLES, bad, ok


def test_everything_stored_in_the_last_day_is_new(api):
    body = ok(api.get("/api/changes", params={"since": "24h"}))
    assert body["articles"] == len(ARTICLES) and body["events"] > 0
    assert sum(g["events"] for g in body["by_dyad"]) == body["events"]
    example = body["by_dyad"][0]["examples"][0]
    assert example["evidence"] and example["article_key"]
    assert ok(api.get(f"/api/article/{example['article_key']}"))["id"] == example["article_id"]
    assert {d["status"] for d in body["dyads"]} == {"new"}  # the store had nothing before


def test_nothing_is_new_since_a_time_after_the_last_article(api):
    later = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    body = ok(api.get("/api/changes", params={"since": later, "until": "2999-01-01"}))
    assert (body["articles"], body["events"], body["by_dyad"], body["dyads"], body["proposals"]) == (0, 0, [], [], [])


def test_a_window_before_the_store_existed_is_empty_and_bounds_are_checked(api):
    assert ok(api.get("/api/changes", params={"since": "2001-01-01", "until": "2001-02-01"}))["articles"] == 0
    assert "since" in str(bad(api.get("/api/changes", params={"since": "yesterday"})))
    assert "until" in str(bad(api.get("/api/changes", params={"since": "2001-02-01", "until": "2001-01-01"})))
