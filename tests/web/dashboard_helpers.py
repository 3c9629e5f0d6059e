"""What the browser tests share besides fixtures: the probe article, page helpers, screenshots."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
TIMEOUT_MS = 15_000

# An article of our own whose text and title carry markup: the dashboard must show it as text.
XSS_ID = "xss-probe"
XSS_TITLE = '"><b>bold</b> Armenia accuses Russia'
XSS_TEXT = ("Armenia accused Russia of failing to protect it. <script>window.__pwned=1</script> "
            "The CSTO rejected the request from Armenia. <img src=x onerror=\"window.__pwned=2\"> "
            "Pashinyan said: \"We will not stay in the CSTO forever.\"")


def expect_failed_requests(pg, url_part: str) -> None:
    """A request to a URL containing url_part is expected to fail (e.g. a 404 from /api/resolve)."""
    pg.pactwatch_errors.expected_urls.append(url_part)


def open_view(pg, hash_: str) -> None:
    """Open a dashboard view by its hash and wait until it has drawn."""
    from playwright.sync_api import expect

    pg.goto("/" + hash_)
    pg.wait_for_load_state("networkidle")
    # a view shows a placeholder while its data loads: none left and no request running means drawn
    expect(pg.get_by_test_id("placeholder")).to_have_count(0)
    expect(pg.get_by_test_id("loading")).to_be_hidden()


def shot(pg, name: str) -> None:
    """A full-page screenshot to artifacts/screenshots/NAME.png; the page must not scroll sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"{name}: horizontal scroll at 1280 px (page is {width} px wide)"


def check_obligations(pg, attacked: str, by: str, where: str, on: str):
    """Fill in and submit the alliance view's obligation check; returns the verdict of CSTO article 4."""
    form = pg.get_by_test_id("obligation-form")
    form.get_by_test_id("ob-attacked").fill(attacked)
    form.get_by_test_id("ob-by").fill(by)
    form.get_by_test_id("ob-where").fill(where)
    form.get_by_test_id("ob-on").fill(on)
    form.get_by_test_id("ob-submit").click()
    return pg.locator('[data-testid="verdict"][data-treaty="csto"][data-obligation="csto-art4"]')
