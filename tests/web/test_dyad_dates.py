"""The dyad chart accounts for every event: those dated only to the year or month are drawn as
bands across the periods their date covers, the title counts all of them, and the count axis has
whole-number ticks.
"""
from __future__ import annotations

import pytest

from dashboard_helpers import open_view, shot
from dashboard_stores import DATED_DYAD, DATED_DYAD_EVENTS

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

A, B = DATED_DYAD


def _charted(pg) -> tuple[int, dict[str, int]]:
    """(events in the bars, {band date: events}) as drawn."""
    bars = sum(int(b.get_attribute("data-events")) for b in pg.get_by_test_id("dyad-bar").all())
    bands = {b.get_attribute("data-period"): int(b.get_attribute("data-events")) for b in pg.get_by_test_id("dyad-band").all()}
    return bars, bands


def _expected(precision_needed: int) -> tuple[int, dict[str, int]]:
    bars = sum(1 for date, _, _ in DATED_DYAD_EVENTS if len(date) >= precision_needed)
    bands: dict[str, int] = {}
    for date, _, _ in DATED_DYAD_EVENTS:
        if len(date) < precision_needed:
            bands[date] = bands.get(date, 0) + 1
    return bars, bands


def test_monthly_chart_shows_year_only_events_as_a_band(new_page, synthetic_server):
    pg = new_page(synthetic_server)
    open_view(pg, f"#/dyad?a={A}&b={B}")
    expect(pg.get_by_test_id("dyad-bar").first).to_be_visible()
    expect(pg.get_by_test_id("dyad-total")).to_contain_text(f"{len(DATED_DYAD_EVENTS)} events")
    assert _charted(pg) == _expected(len("2021-01"))  # the month-only event has its bar; "2021" is a band
    ticks = pg.get_by_test_id("count-tick").all_text_contents()
    assert ticks and all(t.isdigit() for t in ticks), f"count ticks must be whole numbers: {ticks}"
    shot(pg, "dyad-partial-dates-month")

    band = pg.locator('[data-testid="dyad-band"][data-period="2021"]')
    band.focus()
    pg.keyboard.press("Enter")
    listing = pg.get_by_test_id("period-events")
    expect(listing.get_by_test_id("period-title")).to_contain_text("dated only to the year 2021")
    expect(listing.get_by_test_id("period-event")).to_have_count(sum(1 for d, _, _ in DATED_DYAD_EVENTS if d == "2021"))
    assert "period=2021" in pg.url
    assert "null" not in listing.inner_text() and "undefined" not in listing.inner_text()
    shot(pg, "dyad-partial-dates-band")


def test_weekly_chart_shows_month_and_year_bands(new_page, synthetic_server):
    pg = new_page(synthetic_server)
    open_view(pg, f"#/dyad?a={A}&b={B}&interval=week")
    expect(pg.get_by_test_id("dyad-bar").first).to_be_visible()
    assert _charted(pg) == _expected(len("2021-01-01"))
    precisions = {b.get_attribute("data-period"): b.get_attribute("data-precision") for b in pg.get_by_test_id("dyad-band").all()}
    assert precisions == {"2021": "year", "2021-09": "month"}
    shot(pg, "dyad-partial-dates-week")


def test_a_bar_lists_its_own_events_and_mentions_the_overlapping_ones(new_page, synthetic_server):
    pg = new_page(synthetic_server)
    open_view(pg, f"#/dyad?a={A}&b={B}&period=2021-03-01")
    listing = pg.get_by_test_id("period-events")
    in_march = [d for d, _, _ in DATED_DYAD_EVENTS if d.startswith("2021-03")]
    expect(listing.get_by_test_id("period-event")).to_have_count(len(in_march))
    expect(listing.get_by_test_id("period-overlapping")).to_contain_text(
        f"{sum(1 for d, _, _ in DATED_DYAD_EVENTS if d == '2021')} more events dated less precisely")


def test_busiest_pairs_chips_agree_with_the_chart(page, seed_server):
    """On the seed store, each pair the chips offer is charted with as many events as its chip says."""
    open_view(page, "#/dyad")
    chips = page.get_by_test_id("dyad-chip")
    expect(chips.first).to_be_visible()
    offered = [(c.get_attribute("href"), int(c.get_attribute("data-events"))) for c in chips.all()]
    for href, events in offered:
        open_view(page, href)
        expect(page.get_by_test_id("dyad-total")).to_contain_text(f"{events} event")
        bars, bands = _charted(page)
        note = page.get_by_test_id("dyad-total-note").inner_text()
        undated = int(note.split(" undated")[0].split()[-1]) if "undated" in note else 0
        assert bars + sum(bands.values()) + undated == events, f"{href}: the chart accounts for {bars + sum(bands.values())} + {undated} undated of {events}"
