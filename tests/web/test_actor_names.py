"""Actor fields accept names and lower-case keys ("Armenia", "csto") through GET /api/resolve;
a name that names nothing gets the server's message and suggestions, not an empty chart."""
from __future__ import annotations

import pytest

from dashboard_helpers import check_obligations, expect_failed_requests, open_view, shot

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect


def test_dyad_takes_names(page):
    open_view(page, "#/dyad")
    form = page.get_by_test_id("dyad-form")
    form.get_by_test_id("dyad-a").fill("Armenia")
    form.get_by_test_id("dyad-b").fill("csto")
    form.get_by_test_id("dyad-submit").click()
    expect(page.get_by_test_id("dyad-bar").first).to_be_visible()
    assert "a=ARM" in page.url and "b=CSTO" in page.url
    expect(form.get_by_test_id("dyad-a")).to_have_value("ARM")


def test_unknown_name_offers_suggestions(page):
    expect_failed_requests(page, "/api/resolve")
    open_view(page, "#/dyad?a=Armenie&b=CSTO")
    problem = page.get_by_test_id("actor-problem-a")
    expect(problem).to_contain_text("Actor A")
    expect(problem).to_contain_text("Armenie")
    suggestion = problem.locator('[data-testid="actor-suggestion"][data-key="ARM"]')
    expect(suggestion).to_be_visible()
    expect(page.get_by_test_id("dyad-bar")).to_have_count(0)
    shot(page, "dyad-unknown-actor")
    suggestion.click()
    expect(page.get_by_test_id("dyad-bar").first).to_be_visible()
    assert "a=ARM" in page.url


def test_events_and_quotes_take_names(page):
    open_view(page, "#/events?actor=Russia")
    expect(page.get_by_test_id("event-row").first).to_be_visible()
    assert "actor=RUS" in page.url
    for row in page.get_by_test_id("event-row").all():
        cells = row.locator("td").all_inner_texts()
        assert "RUS" in (cells[1], cells[3])
    open_view(page, "#/quotes?actor=armenia")
    expect(page.get_by_test_id("quote").first).to_be_visible()
    assert "actor=ARM" in page.url


def test_obligation_check_takes_names(page):
    open_view(page, "#/alliance?id=csto")
    art4 = check_obligations(page, "Armenia", "Azerbaijan", "Jermuk", "2022-09-13")
    expect(art4.get_by_test_id("verdict-value")).to_have_text("contested")
    assert "attacked=ARM" in page.url and "by=AZE" in page.url
