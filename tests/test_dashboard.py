"""The dashboard in a real browser (Debian Chromium via Playwright) against the real server and store.

The two seed articles are read from ../shared (never copied here) and ingested into a temporary
DuckDB store; one more article, written below, carries markup in its text and title to check that
the dashboard never turns data into HTML. Screenshots of every view go to artifacts/screenshots/.
Any JavaScript error or console error in the page fails the test.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "fixtures" / "seeds" / "gold.jsonl"
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
SEED_A = "000_c282645b1884e03b"  # the Newsweek seed
XSS_ID = "xss-probe"
XSS_TITLE = '"><b>bold</b> Armenia accuses Russia'
XSS_TEXT = ("Armenia accused Russia of failing to protect it. <script>window.__pwned=1</script> "
            "The CSTO rejected the request from Armenia. <img src=x onerror=\"window.__pwned=2\"> "
            "Pashinyan said: \"We will not stay in the CSTO forever.\"")
TIMEOUT_MS = 15_000

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not GOLD.is_file():
        pytest.fail(f"seed gold file missing: {GOLD} (the dashboard test needs ../shared beside the checkout)")
    if not CHROMIUM.is_file():
        pytest.fail(f"Debian Chromium missing: {CHROMIUM} (apt-get install chromium)")
    import uvicorn

    from pactwatch.server import create_app
    from pactwatch.store import Store

    tmp = tmp_path_factory.mktemp("dashboard")
    probe = tmp / "xss.jsonl"
    probe.write_text(json.dumps({"id": XSS_ID, "title": XSS_TITLE, "published": "2024-05-01", "text": XSS_TEXT}) + "\n",
                     encoding="utf-8")
    db = tmp / "store.duckdb"
    with Store(db) as store:
        summary = store.ingest([str(GOLD)])
        assert summary.added == 2 and not summary.failed, summary
        summary = store.ingest([str(probe)])
        assert summary.added == 1 and not summary.failed, summary

    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh 1280×800 page; JavaScript and console errors fail the test at teardown."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    pg.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    yield pg
    context.close()
    assert not errors, "JavaScript errors in the dashboard:\n" + "\n".join(errors)


def open_view(pg, hash_: str) -> None:
    pg.goto("/" + hash_)
    pg.wait_for_load_state("networkidle")
    sync_api.expect(pg.get_by_test_id("loading")).to_be_hidden()


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"{name}: horizontal scroll at 1280 px (page is {width} px wide)"


def test_dyad_arm_rus_lists_evidence(page):
    expect = sync_api.expect
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
    expect = sync_api.expect
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
    expect = sync_api.expect
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
    expect = sync_api.expect
    open_view(page, "#/alliance?id=csto")
    status = page.get_by_test_id("member-status-ARM")
    expect(status).to_contain_text("frozen")
    expect(status).to_contain_text("2024-02")
    expect(page.locator('[data-testid="timeline-row"][data-member="ARM"] [data-status="frozen"]')).to_have_count(1)
    expect(page.get_by_test_id("obligation").first).to_be_visible()
    expect(page.get_by_test_id("ledger-entry").first).to_be_visible()

    form = page.get_by_test_id("obligation-form")
    form.get_by_test_id("ob-attacked").fill("ARM")
    form.get_by_test_id("ob-by").fill("AZE")
    form.get_by_test_id("ob-where").fill("Jermuk")
    form.get_by_test_id("ob-on").fill("2022-09-13")
    form.get_by_test_id("ob-submit").click()
    art4 = page.locator('[data-testid="verdict"][data-treaty="csto"][data-obligation="csto-art4"]')
    expect(art4.get_by_test_id("verdict-value")).to_have_text("contested")
    expect(art4.get_by_test_id("verdict-steps").locator("li").first).to_be_visible()
    expect(art4.get_by_test_id("verdict-readings")).to_contain_text("delimited borders only")
    assert "attacked=ARM" in page.url
    shot(page, "alliance-CSTO")


def test_events_table_sort_and_csv(page):
    expect = sync_api.expect
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
    header, *lines = csv_text.strip().split("\r\n")
    assert header.startswith('"date","date_start"')
    assert len(lines) == int(page.get_by_test_id("events-count").inner_text().split()[0])
    assert "categorically reject" in csv_text
    assert '"""><b>bold</b> Armenia accuses Russia"' in csv_text  # the probe's title: inner quotes doubled
    shot(page, "events")


def test_article_view_highlights(page):
    expect = sync_api.expect
    open_view(page, f"#/article?id={SEED_A}")
    text = page.get_by_test_id("article-text")
    expect(text.locator("mark.hl-event").first).to_be_visible()
    expect(text.locator("mark.hl-quote").first).to_be_visible()
    quote_mark = text.locator("mark.hl-quote").first
    assert "Pashinyan" in (quote_mark.get_attribute("title") or "")
    expect(page.get_by_test_id("quote-speaker").first).to_be_visible()
    # The marks only wrap text: the article text is unchanged.
    full = text.inner_text()
    assert "categorically reject" in full
    shot(page, "article")


def test_quotes_search(page):
    expect = sync_api.expect
    open_view(page, "#/quotes?speaker=Pashinyan")
    expect(page.get_by_test_id("quote").first).to_be_visible()
    assert all("Pashinyan" in t for t in page.get_by_test_id("quote").all_inner_texts())
    shot(page, "quotes")


def test_untrusted_text_stays_text(page):
    expect = sync_api.expect
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
    expect = sync_api.expect
    open_view(page, "#/dyad")
    expect(page.get_by_test_id("empty")).to_contain_text("Pick two actors")
    open_view(page, "#/dyad?a=ARM&b=NZL")
    expect(page.get_by_test_id("dyad-empty")).to_be_visible()
    # Keyboard: the tabs are links reachable with Tab.
    page.get_by_test_id("nav-alliance").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("alliance-list")).to_be_visible()
    shot(page, "alliances")
