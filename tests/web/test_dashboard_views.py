"""Every view of the dashboard on the seed store: what a first visit shows, keyboard use, untrusted text.

The two seed articles are read from ../shared (never copied here) and ingested into a temporary
store, with one more article, written by us, that carries markup in its text and title to check
that the dashboard never turns data into HTML (fixtures in conftest.py).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard_helpers import XSS_ID, XSS_TITLE, check_obligations, open_view, shot

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

SEED_A = "000_c282645b1884e03b"  # the Newsweek seed


def test_dyad_arm_rus_lists_evidence(page):
    open_view(page, "#/dyad?a=ARM&b=RUS")
    bars = page.get_by_test_id("dyad-bar")
    expect(bars.first).to_be_visible()
    assert bars.count() >= 1
    # 2024-03 holds Zakharova's rejection; open it with the keyboard (Enter on the focused bar).
    hit = page.locator('[data-testid="dyad-bar-hit"][data-period="2024-03-01"]')
    hit.focus()
    page.keyboard.press("Enter")
    listing = page.get_by_test_id("period-events")
    expect(listing.get_by_test_id("evidence").filter(has_text="categorically reject")).to_have_count(1)
    assert "period=2024-03-01" in page.url  # the chosen period is linkable
    expect(page.get_by_test_id("milestone").first).to_be_visible()  # ARM–RUS: both in the CSTO
    shot(page, "dyad-ARM-RUS")


def test_dyad_arm_csto_point_and_milestone(page):
    open_view(page, "#/dyad?a=ARM&b=CSTO")
    expect(page.get_by_test_id("dyad-bar").first).to_be_visible()
    milestone = page.get_by_test_id("milestone").filter(has_text="frozen")
    expect(milestone).to_have_count(1)
    assert milestone.get_attribute("data-date").startswith("2024-02")
    # Clicking a point of the score line lists that period's events with their evidence sentences.
    page.locator('[data-testid="dyad-point"][data-period="2024-03-01"]').click()
    listing = page.get_by_test_id("period-events")
    expect(listing.get_by_test_id("period-title")).to_contain_text("Mar 2024")
    evidence = listing.get_by_test_id("evidence")
    expect(evidence.first).to_be_visible()
    assert any("frozen its participation" in t for t in evidence.all_text_contents())
    shot(page, "dyad-ARM-CSTO")
    # The listing links to the article view, which highlights the chosen evidence.
    listing.get_by_test_id("open-article").first.click()
    expect(page.get_by_test_id("article-text").locator("mark.active").first).to_be_visible()


def test_network(page):
    open_view(page, "#/network")
    expect(page.get_by_test_id("network-node").first).to_be_visible()
    assert page.get_by_test_id("network-edge").count() >= 1
    arm = page.locator('[data-testid="network-node"][data-key="ARM"]')
    arm.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("network-selected")).to_have_text("ARM")
    shot(page, "network")
    open_view(page, "#/network?type=ASSAULT")
    keys = {n.get_attribute("data-key") for n in page.get_by_test_id("network-node").all()}
    assert "AZE" in keys and "FRA" not in keys


def test_alliance_csto_status_ledger_and_obligations(page):
    open_view(page, "#/alliance?id=csto")
    status = page.get_by_test_id("member-status-ARM")
    expect(status).to_contain_text("frozen")
    expect(status).to_contain_text("2024-02")
    expect(page.locator('[data-testid="timeline-row"][data-member="ARM"] [data-status="frozen"]')).to_have_count(1)
    expect(page.get_by_test_id("obligation").first).to_be_visible()
    expect(page.get_by_test_id("ledger-entry").first).to_be_visible()

    art4 = check_obligations(page, "ARM", "AZE", "Jermuk", "2022-09-13")
    expect(art4.get_by_test_id("verdict-value")).to_have_text("contested")
    expect(art4.get_by_test_id("verdict-steps").locator("li").first).to_be_visible()
    expect(art4.get_by_test_id("verdict-readings")).to_contain_text("delimited borders only")
    assert "attacked=ARM" in page.url
    shot(page, "alliance-CSTO")


def test_events_table_sort_and_csv(page):
    open_view(page, "#/events")
    rows = page.get_by_test_id("event-row")
    expect(rows.first).to_be_visible()
    page.get_by_test_id("sort-source").click()
    expect(page.get_by_test_id("sort-source").locator("..")).to_have_attribute("aria-sort", "descending")
    sources = [r.locator("td").nth(1).inner_text() for r in page.get_by_test_id("event-row").all()]
    assert sources == sorted(sources, reverse=True)
    with page.expect_download() as info:
        page.get_by_test_id("export-csv").click()
    csv_text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    # the export is the server's (GET /api/events.csv): RFC 4180, a header row, every matching event
    header, *lines = list(csv.reader(io.StringIO(csv_text)))
    assert {"date", "date_start", "date_end", "source", "target", "type", "score", "evidence", "article_title"} <= set(header)
    assert len(lines) == int(page.get_by_test_id("events-count").inner_text().split()[0])
    assert "categorically reject" in csv_text
    assert '"""><b>bold</b> Armenia accuses Russia"' in csv_text  # the probe's title: inner quotes doubled
    shot(page, "events")


def test_article_view_highlights(page):
    open_view(page, f"#/article?id={SEED_A}")
    text = page.get_by_test_id("article-text")
    expect(text.locator("mark.hl-event").first).to_be_visible()
    expect(text.locator("mark.hl-quote").first).to_be_visible()
    titles = [m.get_attribute("title") or "" for m in text.locator("mark.hl-quote").all()]
    assert any("Pashinyan" in t for t in titles), titles
    expect(page.get_by_test_id("quote-speaker").first).to_be_visible()
    # The marks only wrap text: the article text is unchanged.
    full = text.inner_text()
    assert "categorically reject" in full
    shot(page, "article")


def test_quotes_search(page):
    open_view(page, "#/quotes?speaker=Pashinyan")
    expect(page.get_by_test_id("quote").first).to_be_visible()
    assert all("Pashinyan" in t for t in page.get_by_test_id("quote").all_inner_texts())
    shot(page, "quotes")


def test_untrusted_text_stays_text(page):
    open_view(page, f"#/article?id={XSS_ID}")
    expect(page.get_by_test_id("article-title")).to_have_text(XSS_TITLE)
    text = page.get_by_test_id("article-text")
    expect(text).to_contain_text("<script>window.__pwned=1</script>")
    expect(text).to_contain_text('<img src=x onerror="window.__pwned=2">')
    assert page.locator("main script, main img, main b").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "article-xss")

    open_view(page, "#/events?q=CSTO%20rejected")
    row = page.get_by_test_id("event-row").filter(has_text="CSTO rejected")
    expect(row.first).to_be_visible()
    expect(row.first.get_by_test_id("row-article")).to_have_text(XSS_TITLE)
    assert page.locator("main b").count() == 0
    row.first.locator("td").first.click()  # a row click opens the article view
    expect(page.get_by_test_id("article-title")).to_have_text(XSS_TITLE)
    expect(page.get_by_test_id("article-text")).to_contain_text("<script>")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "events-xss")


def test_empty_states_and_navigation(page):
    open_view(page, "#/dyad")
    expect(page.get_by_test_id("empty")).to_contain_text("Pick two actors")
    open_view(page, "#/dyad?a=ARM&b=NZL")
    expect(page.get_by_test_id("dyad-empty")).to_be_visible()
    # Keyboard: the tabs are links reachable with Tab.
    page.get_by_test_id("nav-alliance").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("alliance-list")).to_be_visible()
    shot(page, "alliances")
