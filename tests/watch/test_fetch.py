"""The fetcher against a real local server: User-Agent, robots.txt, redirects, sizes, timeouts, politeness."""
from __future__ import annotations

import time

import pytest

from pactwatch.watch.fetch import USER_AGENT, FetchError, Fetcher


def fetcher(**kwargs) -> Fetcher:
    kwargs.setdefault("host_delay", 0.0)
    kwargs.setdefault("timeout", 2.0)
    return Fetcher(**kwargs)


def test_descriptive_user_agent_and_robots_asked_once(site):
    site.route("/a", b"<p>a</p>")
    site.route("/b", b"<p>b</p>")
    f = fetcher()
    assert f.get(site.base + "/a").content == b"<p>a</p>"
    f.get(site.base + "/b")
    assert site.hits("/robots.txt") == 1
    agents = {headers.get("User-Agent") for path, headers in site.requests}
    assert agents == {USER_AGENT} and "pactwatch" in USER_AGENT


def test_robots_txt_disallow_is_permanent_and_nothing_is_fetched(site):
    site.route("/robots.txt", b"User-agent: pactwatch\nDisallow: /private/\n", content_type="text/plain")
    site.route("/private/x", b"<p>secret</p>")
    site.route("/public/y", b"<p>fine</p>")
    f = fetcher()
    with pytest.raises(FetchError) as caught:
        f.get(site.base + "/private/x")
    assert caught.value.permanent and "robots.txt" in str(caught.value) and "/private/x" in str(caught.value)
    assert site.hits("/private/x") == 0
    assert f.get(site.base + "/public/y").status == 200


def test_robots_crawl_delay_and_host_delay_space_requests(site):
    site.route("/robots.txt", b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    site.route("/a", b"a")
    f = fetcher(host_delay=0.1)
    started = time.monotonic()
    for _ in range(2):
        f.get(site.base + "/a")
    assert time.monotonic() - started >= 1.9  # robots.txt, then two pages, each a crawl delay after the last request
    other = fetcher(host_delay=0.3, robots=False)
    started = time.monotonic()
    for _ in range(3):
        other.get(site.base + "/a")
    assert time.monotonic() - started >= 0.6


def test_404_is_permanent_500_is_not(site):
    site.route("/broken", b"oops", status=503)
    f = fetcher()
    with pytest.raises(FetchError) as missing:
        f.get(site.base + "/nowhere")
    assert missing.value.permanent and missing.value.status == 404 and "HTTP 404" in str(missing.value)
    with pytest.raises(FetchError) as broken:
        f.get(site.base + "/broken")
    assert not broken.value.permanent and broken.value.status == 503


def test_redirects_followed_and_bounded(site):
    site.route("/old", status=301, location="/new")
    site.route("/new", b"<p>moved</p>")
    for i in range(10):
        site.route(f"/loop{i}", status=302, location=f"/loop{i + 1}")
    f = fetcher(max_redirects=3)
    response = f.get(site.base + "/old")
    assert response.url == site.base + "/new" and response.content == b"<p>moved</p>"
    with pytest.raises(FetchError) as caught:
        f.get(site.base + "/loop0")
    assert "more than 3 redirects" in str(caught.value) and caught.value.permanent
    assert site.hits("/loop4") == 0


def test_huge_page_is_cut_off_at_the_limit(site):
    site.route("/huge", huge=50_000_000)
    site.route("/declared", b"x" * 300_000)
    f = fetcher(max_bytes=200_000)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        f.get(site.base + "/huge")
    assert "too large" in str(caught.value) and caught.value.permanent
    assert time.monotonic() - started < 5
    with pytest.raises(FetchError) as declared:
        f.get(site.base + "/declared")
    assert "300,000 bytes" in str(declared.value)


def test_slow_server_times_out_for_now(site):
    site.route("/slow", b"late", delay=3.0)
    f = fetcher(timeout=0.5)
    with pytest.raises(FetchError) as caught:
        f.get(site.base + "/slow")
    assert "timed out" in str(caught.value) and not caught.value.permanent


def test_conditional_request_gives_304(site):
    site.route("/feed", b"<rss/>", etag='"v1"')
    f = fetcher()
    first = f.get(site.base + "/feed")
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    assert f.get(site.base + "/feed", headers={"If-None-Match": '"v1"'}).status == 304


def test_unreachable_host_is_an_error_naming_it():
    f = fetcher(timeout=1.0, robots=False)
    with pytest.raises(FetchError) as caught:
        f.get("http://127.0.0.1:9/feed.xml")
    assert str(caught.value).startswith("http://127.0.0.1:9/feed.xml: could not be fetched")
