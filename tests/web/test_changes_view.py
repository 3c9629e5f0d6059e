"""The "What changed" view against the API it draws (GET /api/changes), in Debian's Chromium."""
from __future__ import annotations

import pytest

from dashboard_helpers import open_view, shot

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect


def test_the_view_shows_what_the_api_reports_and_opens_the_evidence(new_page, synthetic_server):
    report = synthetic_server.get("/api/changes?since=7d&limit=50")  # as the view asks
    assert report["articles"] > 0 and report["by_dyad"]
    pg = new_page(synthetic_server)
    open_view(pg, "#/changes?since=7d")
    expect(pg.get_by_test_id("changes-summary")).to_contain_text(f"{report['articles']} articles and {report['events']} events")
    groups = pg.get_by_test_id("change-group")
    expect(groups).to_have_count(len(report["by_dyad"]))
    expect(pg.get_by_test_id("change-dyad")).to_have_count(len(report["dyads"]))
    first = report["by_dyad"][0]
    expect(groups.first.get_by_test_id("evidence").first).to_have_text(first["examples"][0]["evidence"])
    shot(pg, "changes")
    groups.first.get_by_test_id("open-article").first.click()
    expect(pg.get_by_test_id("article-title")).to_be_visible()
    assert f"key={first['examples'][0]['article_key']}" in pg.url


def test_a_period_with_nothing_stored_says_so(new_page, synthetic_server):
    pg = new_page(synthetic_server)
    open_view(pg, "#/changes")
    expect(pg.get_by_test_id("change-group").first).to_be_visible()  # the last 24 hours: the whole store
    pg.get_by_test_id("changes-since").fill("2999-01-01")
    pg.get_by_test_id("changes-submit").click()
    expect(pg.get_by_test_id("changes-empty")).to_be_visible()
    assert "since=2999-01-01" in pg.url
