"""The dashboard's obligation check shows what the verdicts assumed (no place: the state's own
territory), who is bound, and the stage, as the API gives them (issue 9)."""
from __future__ import annotations

import pytest

from dashboard_helpers import open_view

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect


def _check(pg, attacked: str, where: str, on: str) -> None:
    form = pg.get_by_test_id("obligation-form")
    form.get_by_test_id("ob-attacked").fill(attacked)
    form.get_by_test_id("ob-by").fill("")
    form.get_by_test_id("ob-where").fill(where)
    form.get_by_test_id("ob-on").fill(on)
    form.get_by_test_id("ob-submit").click()


def test_no_place_note_stage_and_who_is_bound(page):
    open_view(page, "#/alliance?id=anzus")
    _check(page, "NZL", "", "2000-06-01")
    expect(page.get_by_test_id("obligation-note")).to_contain_text("No place was given")
    expect(page.get_by_test_id("obligation-note")).to_contain_text("New Zealand")
    art4 = page.locator('[data-testid="verdict"][data-obligation="anzus-art4"]')
    expect(art4.get_by_test_id("verdict-stage")).to_have_text("engaged by the text")
    expect(art4.get_by_test_id("verdict-bound")).to_contain_text("Bound: AUS")
    expect(art4.get_by_test_id("verdict-bound")).to_contain_text("USA suspended its obligations towards NZL")
    _check(page, "NZL", "Wellington", "2000-06-01")
    expect(art4.get_by_test_id("verdict-stage")).to_have_text("engaged by the text")
    expect(page.get_by_test_id("obligation-note")).to_have_count(0)
