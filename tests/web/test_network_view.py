"""The network at 100+ actors: one tie per pair with both directions in its detail, coloured by the
PLOVER cooperation–conflict score (a tie of requests is neutral, not conflict), with pan, zoom and
search. Expected ties come from the hand-made results (dashboard_stores.py).
"""
from __future__ import annotations

import pytest

from dashboard_helpers import expect_failed_requests, open_view, shot
from dashboard_stores import REQUEST_TIE, TWO_WAY_TIE, results

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

NEUTRAL = "rgb(150, 150, 150)"


@pytest.fixture(scope="module")
def pairs():
    return {frozenset((e.source, e.target)) for r in results() for e in r.events}


def _edge(pg, a, b):
    a, b = sorted((a, b))
    return pg.locator(f'[data-testid="network-edge"][data-a="{a}"][data-b="{b}"]')


def _zoom(pg) -> float:
    return float(pg.get_by_test_id("network-svg").get_attribute("data-zoom"))


def test_one_tie_per_pair_at_100_plus_actors(new_page, synthetic_server, pairs):
    pg = new_page(synthetic_server)
    open_view(pg, "#/network")
    nodes = pg.get_by_test_id("network-node")
    expect(nodes.first).to_be_visible()
    actors = {k for pair in pairs for k in pair}
    assert len(actors) >= 100 and nodes.count() == len(actors)
    drawn = [frozenset(pair) for pair in pg.get_by_test_id("network-edge").evaluate_all(
        "els => els.map((e) => [e.dataset.a, e.dataset.b])")]
    assert len(drawn) == len(set(drawn)) == len(pairs), "each pair of actors is one tie, whatever the direction"
    shot(pg, "network-130-actors")

    # both directions in the detail of a two-way tie
    _edge(pg, *TWO_WAY_TIE).dispatch_event("click")
    detail = pg.get_by_test_id("network-tie-detail")
    expect(detail.get_by_test_id("tie-direction")).to_have_count(2)
    expect(detail).to_contain_text(f"{TWO_WAY_TIE[0]} → {TWO_WAY_TIE[1]}")
    expect(detail).to_contain_text(f"{TWO_WAY_TIE[1]} → {TWO_WAY_TIE[0]}")


def test_requests_are_not_painted_as_conflict(new_page, synthetic_server):
    pg = new_page(synthetic_server)
    open_view(pg, "#/network")
    edge = _edge(pg, *REQUEST_TIE)
    expect(edge).to_have_count(1)
    assert float(edge.get_attribute("data-score")) == 0  # REQUEST scores 0 in PLOVER
    assert edge.evaluate("el => getComputedStyle(el).stroke") == NEUTRAL
    # and a tie of mostly aid (positive score) is not grey or red
    two_way = _edge(pg, *TWO_WAY_TIE)
    assert float(two_way.get_attribute("data-score")) > 0
    r, g, b = (int(x) for x in two_way.evaluate("el => getComputedStyle(el).stroke")[4:-1].split(","))
    assert b > r and g > r, "a cooperative tie is drawn in the cooperation colour"


def test_zoom_pan_and_search(new_page, synthetic_server):
    pg = new_page(synthetic_server)
    open_view(pg, "#/network")
    expect(pg.get_by_test_id("network-node").first).to_be_visible()
    assert _zoom(pg) == 1
    # a small actor's label is hidden until zoomed in
    small = pg.locator('[data-testid="network-label"]:not(.labelled)').first
    expect(small).to_be_hidden()
    pg.get_by_test_id("zoom-in").click()
    pg.get_by_test_id("zoom-in").click()
    assert _zoom(pg) > 2
    expect(small).to_be_visible()
    pg.get_by_test_id("zoom-reset").click()
    assert _zoom(pg) == 1

    # the mouse wheel zooms, a drag pans
    svg = pg.get_by_test_id("network-svg")
    box = svg.bounding_box()
    pg.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    pg.mouse.wheel(0, -400)
    pg.wait_for_function("Number(document.querySelector('[data-testid=network-svg]').dataset.zoom) > 1")
    node = pg.get_by_test_id("network-node").first
    before = node.get_attribute("transform")
    pg.mouse.move(box["x"] + 10, box["y"] + 10)
    pg.mouse.down()
    pg.mouse.move(box["x"] + 130, box["y"] + 70, steps=5)
    pg.mouse.up()
    assert node.get_attribute("transform") != before

    # search by name: the actor is selected and brought to the middle, zoomed in
    pg.get_by_test_id("network-search").fill("Armenia")
    pg.get_by_test_id("network-search-submit").click()
    expect(pg.get_by_test_id("network-selected")).to_have_text("ARM")
    assert _zoom(pg) >= 2.5
    arm = pg.locator('[data-testid="network-node"][data-key="ARM"]').bounding_box()
    box = svg.bounding_box()
    assert abs(arm["x"] + arm["width"] / 2 - (box["x"] + box["width"] / 2)) < 40
    assert abs(arm["y"] + arm["height"] / 2 - (box["y"] + box["height"] / 2)) < 40
    shot(pg, "network-search-armenia")
    expect_failed_requests(pg, "/api/resolve")  # a name the resolver does not know: a 404, shown as a note
    pg.get_by_test_id("network-search").fill("Atlantis")
    pg.get_by_test_id("network-search-submit").click()
    expect(pg.get_by_test_id("network-search-note")).to_contain_text("No actor “Atlantis”")
