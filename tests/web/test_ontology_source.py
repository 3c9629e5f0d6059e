"""The dashboard reads PLOVER types, quad classes and scores from GET /api/plover (pactwatch.plover),
never from a copy of its own."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard_helpers import open_view
from pactwatch import plover

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

WEB = Path(__file__).resolve().parents[2] / "src" / "pactwatch" / "web"


def _code(path: Path) -> str:
    """A JavaScript file without its comments (which may name types to explain a choice)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(^|\s)//[^\n]*", r"\1", text)


def test_no_plover_table_in_the_dashboard_code():
    """No JavaScript code of ours names PLOVER types: they all come from the API."""
    names = "|".join(plover.TYPES)
    for path in WEB.glob("*.js"):
        found = sorted(set(re.findall(rf"\b({names})\b", _code(path))))
        assert not found, f"{path.name} names PLOVER types {found}: read them from GET /api/plover (plover.js)"


def test_views_offer_the_api_types_in_its_order(page, seed_server):
    served = [t["name"] for t in seed_server.get("/api/plover")["types"]]
    assert served == list(plover.TYPES)
    open_view(page, "#/events")
    options = page.get_by_test_id("events-type").locator("option").all()
    assert [o.get_attribute("value") for o in options][1:] == served
    open_view(page, "#/network")
    boxes = page.get_by_test_id("network-types").locator("input").all()
    assert [b.get_attribute("value") for b in boxes] == served
    # the quad classes shown are the API's
    for box in boxes:
        quad = plover.quad_class(box.get_attribute("value"))
        assert f"quad-{quad}" in (box.locator("..").get_attribute("class") or "")


def test_type_badges_carry_the_api_quad(page, seed_server):
    open_view(page, "#/events")
    expect(page.get_by_test_id("event-row").first).to_be_visible()
    for badge in page.locator(".type-badge").all():
        quad = plover.quad_class(badge.inner_text())
        assert f"quad-{quad}" in badge.get_attribute("class")
