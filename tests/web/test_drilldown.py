"""Drill-down: an event or quote opened from a list outlines its own sentence in the article view.

An event is (article_key, idx) end to end: the row carries it, the link carries it, and the article
view outlines the mark of that idx. Every row of the Events table is clicked, on the seed store and
on the 40 development articles, and the outlined text must be the row's evidence sentence.
"""
from __future__ import annotations

import re

import pytest

from dashboard_helpers import open_view, shot

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _outlined(pg) -> str:
    marks = pg.get_by_test_id("article-text").locator("mark.active")
    expect(marks.first).to_be_visible()
    return _norm("".join(marks.all_text_contents()))


def click_every_row(pg, hash_: str) -> tuple[int, list[str]]:
    """Clicks each row of the Events table, page after page; returns (rows clicked, mismatches)."""
    open_view(pg, hash_)
    clicked, wrong = 0, []
    while True:
        rows = pg.get_by_test_id("event-row")
        expect(rows.first).to_be_visible()
        page_url = pg.url
        pager_text = pg.get_by_test_id("pager").inner_text()
        for i in range(rows.count()):
            row = pg.get_by_test_id("event-row").nth(i)
            evidence = _norm(row.get_by_test_id("row-evidence").inner_text())
            key, idx, event_id = row.get_attribute("data-article"), row.get_attribute("data-idx"), row.get_attribute("data-event")
            assert event_id == f"{key}:{idx}", f"row {i}: event_id {event_id!r} is not article_key:idx"
            row.get_by_test_id("row-evidence").click()  # a click on the row opens its article
            outlined = _outlined(pg)
            active = pg.get_by_test_id("article-text").get_attribute("data-active")
            if outlined != evidence or active != f"events:{idx}":
                wrong.append(f"{event_id}: row says {evidence!r}, article outlines {outlined!r} ({active})")
            clicked += 1
            pg.go_back()  # the article view is gone at once; wait for the table to be drawn again
            expect(pg.get_by_test_id("event-row").first).to_be_visible()
            assert pg.url == page_url
        following = pg.get_by_test_id("pager-next")
        if following.is_disabled():
            return clicked, wrong
        following.click()
        expect(pg.get_by_test_id("pager")).not_to_contain_text(pager_text)


def test_every_seed_row_outlines_its_own_evidence(page, seed_server):
    total = seed_server.get("/api/events?limit=1")["total"]
    clicked, wrong = click_every_row(page, "#/events")
    assert clicked == total
    assert not wrong, f"{len(wrong)} of {clicked} rows outline another sentence:\n" + "\n".join(wrong)


def test_every_dev_row_outlines_its_own_evidence(new_page, dev_server):
    pg = new_page(dev_server)
    total = dev_server.get("/api/events?limit=1")["total"]
    assert total > 100, "the development store should hold hundreds of events"
    clicked, wrong = click_every_row(pg, "#/events")
    assert clicked == total
    assert not wrong, f"{len(wrong)} of {clicked} rows outline another sentence:\n" + "\n".join(wrong)
    shot(pg, "article-drilldown-dev")


def test_quote_link_focuses_its_quote(new_page, dev_server):
    pg = new_page(dev_server)
    open_view(pg, "#/quotes")
    quotes = pg.get_by_test_id("quote")
    expect(quotes.first).to_be_visible()
    page_url = pg.url
    checked = 0
    for i in range(min(quotes.count(), 25)):
        card = pg.get_by_test_id("quote").nth(i)
        words = _norm(card.get_by_test_id("quote-text").inner_text()).strip("“”")
        idx = card.get_attribute("data-idx")
        card.get_by_test_id("quote-article").click()
        assert _outlined(pg) == _norm(words), f"quote {i} ({idx}): the article outlines another passage"
        assert pg.get_by_test_id("article-text").get_attribute("data-active") == f"quotes:{idx}"
        checked += 1
        pg.go_back()
        expect(pg.get_by_test_id("quote").first).to_be_visible()
        assert pg.url == page_url
    assert checked >= 10


def test_dyad_listing_opens_the_listed_event(page):
    open_view(page, "#/dyad?a=ARM&b=CSTO&period=2024-03-01")
    card = page.get_by_test_id("period-event").first
    evidence = _norm(card.get_by_test_id("evidence").inner_text())
    card.get_by_test_id("open-article").click()
    assert _outlined(page) == evidence
