"""The Events view past 5,000 events: the server sorts, pages, counts and exports, so "newest first"
is the newest of all events, the count is the true total and the CSV holds every matching row.
Scores shown are the API's, which are pactwatch.plover.event_score (0 when negated or hypothetical).

The expected answers come from the hand-made results themselves (dashboard_stores.py), not from
the server under test.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard_helpers import open_view, shot
from dashboard_stores import results
from pactwatch.plover import event_score

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect


@pytest.fixture(scope="module")
def planted():
    """Every hand-made event with its article, as the store was given them."""
    return [(r, e) for r in results() for e in r.events]


def _count(pg) -> int:
    return int(pg.get_by_test_id("events-count").inner_text().split()[0])


def _dates(pg) -> list[str]:
    return [r.locator("td").first.inner_text() for r in pg.get_by_test_id("event-row").all()]


def test_newest_first_over_all_events_with_true_total(new_page, synthetic_server, planted):
    assert len(planted) > 5000
    dates = sorted(e.date for _, e in planted)
    pg = new_page(synthetic_server)
    open_view(pg, "#/events")
    expect(pg.get_by_test_id("event-row").first).to_be_visible()
    assert _count(pg) == len(planted)
    assert pg.get_by_test_id("sort-date").locator("..").get_attribute("aria-sort") == "descending"
    shown = _dates(pg)
    assert len(shown) == 50
    assert shown == dates[::-1][:50], "newest first must be the newest of all events, not of the first 5,000"
    expect(pg.get_by_test_id("pager")).to_contain_text(f"{len(planted)} total")
    shot(pg, "events-6k-newest")

    # the last page holds the oldest events
    last = (len(planted) - 1) // 50 * 50
    open_view(pg, f"#/events?offset={last}")
    assert _dates(pg) == dates[::-1][last:]
    # and "oldest first" starts with them
    open_view(pg, "#/events")
    pg.get_by_test_id("sort-date").click()
    expect(pg.get_by_test_id("sort-date").locator("..")).to_have_attribute("aria-sort", "ascending")
    assert _dates(pg) == dates[:50]


def test_sort_by_score_and_source_on_the_server(new_page, synthetic_server, planted):
    pg = new_page(synthetic_server)
    open_view(pg, "#/events")
    pg.get_by_test_id("sort-score").click()
    expect(pg.get_by_test_id("sort-score").locator("..")).to_have_attribute("aria-sort", "descending")
    best = max(event_score(e.type, e.mode, e.negated, e.hypothetical) for _, e in planted)
    scores = [float(t) for t in pg.get_by_test_id("row-score").all_inner_texts()]
    assert scores[0] == best and scores == sorted(scores, reverse=True)

    pg.get_by_test_id("sort-source").click()
    expect(pg.get_by_test_id("sort-source").locator("..")).to_have_attribute("aria-sort", "descending")
    sources = [r.locator("td").nth(1).inner_text() for r in pg.get_by_test_id("event-row").all()]
    assert sources[0] == max(e.source for _, e in planted)
    assert sources == sorted(sources, reverse=True)


def test_csv_export_streams_every_matching_row(new_page, synthetic_server, planted):
    pg = new_page(synthetic_server)
    open_view(pg, "#/events")
    with pg.expect_download() as info:
        pg.get_by_test_id("export-csv").click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(planted) == _count(pg)
    assert {r["evidence"] for r in rows} == {e.evidence for _, e in planted}

    # with a filter, the export holds what the filter matches (here: one actor's events)
    open_view(pg, "#/events?actor=KGZ")
    expect(pg.get_by_test_id("event-row").first).to_be_visible()
    with pg.expect_download() as info:
        pg.get_by_test_id("export-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert len(rows) == _count(pg) == sum(1 for _, e in planted if "KGZ" in (e.source, e.target))


def test_scores_shown_are_the_event_scores(new_page, synthetic_server, planted):
    """Negated and hypothetical events count 0, whatever their type; the others their PLOVER score."""
    pg = new_page(synthetic_server)
    by_evidence = {e.evidence: e for _, e in planted}
    for hash_ in ("#/events?q=had%20not", "#/events?q=could%20have", "#/events"):
        open_view(pg, hash_)
        expect(pg.get_by_test_id("event-row").first).to_be_visible()
        for row in pg.get_by_test_id("event-row").all():
            e = by_evidence[row.get_by_test_id("row-evidence").inner_text()]
            assert float(row.get_by_test_id("row-score").inner_text()) == event_score(e.type, e.mode, e.negated, e.hypothetical)


def test_dev_store_scores_match_the_api(new_page, dev_server):
    """On real extractions: each row's score is the API's, and the API's is event_score."""
    pg = new_page(dev_server)
    open_view(pg, "#/events")
    api = dev_server.get("/api/events?order=-date&limit=50")["items"]
    rows = pg.get_by_test_id("event-row").all()
    assert len(rows) == len(api)
    for row, item in zip(rows, api):
        assert row.get_attribute("data-event") == item["event_id"]
        assert item["score"] == event_score(item["type"], item["mode"], item["negated"], item["hypothetical"])
        shown = row.get_by_test_id("row-score").inner_text()
        assert float(shown) == item["score"]
