"""The watcher in process against the local server, with the real extraction pipeline."""
from __future__ import annotations

import json
import os
import time

import pytest

from watch_site import STORIES, atom, page, rss
from pactwatch.errors import InputError
from pactwatch.pipeline import Extractor
from pactwatch.store import reader
from pactwatch.watch import Fetcher, Source, Watcher


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def watcher(site, tmp_path, extractor, *sources: Source, **kwargs) -> tuple[Watcher, list[str]]:
    lines: list[str] = []
    w = Watcher(list(sources), tmp_path / "w.duckdb", fetcher=Fetcher(host_delay=0.0, timeout=kwargs.pop("timeout", 2.0)),
                extractor=extractor, batch_size=kwargs.pop("batch_size", 2), log=lines.append, **kwargs)
    return w, lines


def store_rows(db) -> dict:
    with reader(db) as s:
        con = s.con
        return {
            "articles": con.execute("SELECT article_key, id, url, title, published, text_clean, n_events "
                                    "FROM articles ORDER BY article_key").fetchall(),
            "events": con.execute("SELECT article_key, idx, source, target, type, date FROM events "
                                  "ORDER BY article_key, idx").fetchall(),
        }


def feed(site, path, slugs, **kwargs):
    return site.route(path, rss(site.base, [(slug, f"/news/{slug}") for slug in slugs]),
                      content_type="application/rss+xml", **kwargs)


def test_three_polls_of_a_changing_feed_store_each_article_once(site, tmp_path, extractor):
    site.articles(*STORIES)
    feed(site, "/feed.xml", ["kaz-request", "rus-troops"], etag='"1"')
    w, lines = watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60))
    first = w.poll(w.sources[0])
    assert (first.listed, first.new, first.added) == (2, 2, 2) and first.events >= 2

    # the feed changes: one new item on top, one old one kept, and a tracking variant of an old one
    items = [("tur-aze", "/news/tur-aze"), ("rus-troops", "/news/rus-troops"),
             ("kaz-request", "/news/kaz-request?utm_source=rss&utm_medium=feed")]
    site.route("/feed.xml", rss(site.base, items), content_type="application/rss+xml", etag='"2"')
    second = w.poll(w.sources[0])
    assert (second.listed, second.new, second.added) == (3, 1, 1)
    assert site.hits("/news/kaz-request") == 1 and site.hits("/news/rus-troops") == 1

    # the same item twice in one feed, and the rest again
    items = [("fra-ukr", "/news/fra-ukr"), ("fra-ukr", "/news/fra-ukr#comments"), ("tur-aze", "/news/tur-aze")]
    site.route("/feed.xml", rss(site.base, items), content_type="application/rss+xml", etag='"3"')
    third = w.poll(w.sources[0])
    assert (third.new, third.added) == (1, 1)
    assert site.hits("/news/fra-ukr") == 1

    rows = store_rows(w.db)
    assert len(rows["articles"]) == 4 == len({r[0] for r in rows["articles"]})
    assert {r[2] for r in rows["articles"]} == {f"{site.base}/news/{s}" for s in ("kaz-request", "rus-troops", "tur-aze", "fra-ukr")}
    assert len(rows["events"]) == len(set(rows["events"])) == sum(r[6] for r in rows["articles"])
    titles = {r[2].rsplit("/", 1)[1]: (r[3], r[4]) for r in rows["articles"]}
    assert titles["tur-aze"] == (STORIES["tur-aze"][0], STORIES["tur-aze"][1])  # the feed's title and date
    assert any("wire: 3 listed, 1 new, 1 added" in line for line in lines)


def test_unchanged_feed_costs_a_304_and_nothing_else(site, tmp_path, extractor):
    site.articles("chn-rus")
    feed(site, "/feed.xml", ["chn-rus"], etag='"same"', modified="Mon, 08 Apr 2024 08:00:00 GMT")
    w, lines = watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60))
    w.poll(w.sources[0])
    before = len(site.requests)
    again = w.poll(w.sources[0])
    assert again.not_modified and again.added == 0
    assert len(site.requests) == before + 1  # the feed, answered 304; no page, no robots.txt
    path, headers = site.requests[-1]
    assert headers.get("If-None-Match") == '"same"' and headers.get("If-Modified-Since")
    assert "unchanged (304)" in lines[-1]


def test_a_failing_feed_is_reported_backs_off_and_never_stops_the_others(site, tmp_path, extractor):
    site.articles("arm-csto")
    site.route("/bad.xml", b"<html><body><p>this is not a feed at all", content_type="text/html")
    feed(site, "/good.xml", ["arm-csto"])
    sources = [Source("broken", "feed", site.base + "/bad.xml", 10), Source("missing", "feed", site.base + "/gone.xml", 10),
               Source("good", "feed", site.base + "/good.xml", 10)]
    w, lines = watcher(site, tmp_path, extractor, *sources)
    summaries = w.poll_all()
    assert [bool(s.error) for s in summaries] == [True, True, False]
    assert "bad.xml: not an RSS or Atom feed" in summaries[0].error
    assert "gone.xml: feed HTTP 404" in summaries[1].error
    assert summaries[2].added == 1
    assert any(line.startswith("broken: failed:") and "next try in" in line for line in lines)
    first_delay = w.state.source("missing")["next"] - time.time()
    w.poll(sources[1])
    assert w.state.source("missing")["failures"] == 2
    assert w.state.source("missing")["next"] - time.time() > first_delay * 1.5  # backed off


def test_bad_pages_are_reported_by_url_and_the_rest_stored(site, tmp_path, extractor):
    site.articles("kaz-request", "rus-troops")
    site.route("/news/huge", huge=20_000_000)
    site.route("/news/slow", page("fra-ukr"), delay=3.0)
    site.route("/news/moved", status=301, location="/news/rus-troops")
    site.route("/news/empty", b"<html><body></body></html>")
    site.route("/news/pdf", b"%PDF-1.4", content_type="application/pdf")
    links = ["/news/kaz-request", "/news/missing", "/news/huge", "/news/slow", "/news/moved", "/news/empty",
             "/news/pdf", "/news/rus-troops"]
    site.route("/feed.xml", rss(site.base, [("kaz-request", link) for link in links]), content_type="application/rss+xml")
    w, lines = watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60), timeout=0.5)
    w.fetcher.max_bytes = 1_000_000
    s = w.poll(w.sources[0])
    assert s.error is None and s.added == 2
    text = "\n".join(lines)
    for link, why in [("missing", "HTTP 404"), ("huge", "too large"), ("empty", "no text"), ("pdf", "not an HTML page"),
                      ("slow", "timed out")]:
        assert f"{site.base}/news/{link}" in text and why in text, (link, text)
    assert s.retry == 1  # the slow page: tried again at the next polls, up to 3 times
    assert f"{site.base}/news/slow" in w.state.pending
    # the redirect to an article stored in this very poll: fetched, but stored once
    rows = store_rows(w.db)
    assert len(rows["articles"]) == 2
    w.poll(w.sources[0]); w.poll(w.sources[0])
    assert f"{site.base}/news/slow" not in w.state.pending
    assert w.state.done[f"{site.base}/news/slow"]["status"].startswith("failed:")
    assert site.hits("/news/missing") == 1  # a 404 is never asked again


def test_atom_feed_and_sitemap_and_robots(site, tmp_path, extractor):
    site.articles("kaz-request", "tur-aze", "chn-rus")
    site.route("/robots.txt", b"User-agent: *\nDisallow: /news/chn-rus\n", content_type="text/plain")
    site.route("/atom.xml", atom(site.base, [("kaz-request", "/news/kaz-request")]),
               content_type="application/atom+xml")
    sitemap = (f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
               f"<url><loc>{site.base}/news/tur-aze</loc><lastmod>2024-02-05</lastmod></url>"
               f"<url><loc>{site.base}/news/chn-rus</loc></url>"
               f"<url><loc>{site.base}/news/kaz-request</loc></url></urlset>").encode()
    site.route("/sitemap.xml", sitemap, content_type="application/xml")
    w, lines = watcher(site, tmp_path, extractor, Source("atom", "feed", site.base + "/atom.xml", 60),
                       Source("map", "sitemap", site.base + "/sitemap.xml", 60))
    a, m = w.poll_all()
    assert a.added == 1
    assert (m.listed, m.new, m.added, m.failed) == (3, 2, 1, 1)
    assert site.hits("/news/chn-rus") == 0 and "robots.txt" in "\n".join(lines)
    assert site.hits("/news/kaz-request") == 1


def test_dropped_folder(site, tmp_path, extractor):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "one.md").write_text("---\npublished: 2024-01-02\n---\n" + STORIES["kaz-request"][2], encoding="utf-8")
    (drop / "notes.pdf").write_bytes(b"%PDF")
    w, lines = watcher(site, tmp_path, extractor, Source("drop", "folder", str(drop), 60), settle=0.0)
    assert w.poll(w.sources[0]).added == 1
    again = w.poll(w.sources[0])
    assert (again.listed, again.new, again.added) == (1, 0, 0)
    (drop / "two.txt").write_text(STORIES["rus-troops"][2], encoding="utf-8")
    assert w.poll(w.sources[0]).added == 1
    os.utime(drop / "one.md")  # touched, not changed: read again, stored once
    touched = w.poll(w.sources[0])
    assert (touched.new, touched.added, touched.skipped) == (1, 0, 1)


def test_state_file_is_json_and_a_damaged_one_is_named(site, tmp_path, extractor):
    site.articles("kaz-request")
    feed(site, "/feed.xml", ["kaz-request"])
    w, _ = watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60))
    w.poll(w.sources[0])
    state = json.loads(w.state.path.read_text())
    assert f"{site.base}/news/kaz-request" in state["done"] and state["pending"] == {}
    with pytest.raises(InputError) as busy:  # a second watcher on the same state is refused, naming the holder
        watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60))
    assert f"pid {os.getpid()}" in str(busy.value) and "--state" in str(busy.value)
    w.close()
    w.state.path.write_text("{not json")
    with pytest.raises(InputError) as caught:
        watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60))
    assert str(w.state.path) in str(caught.value) and "damaged" in str(caught.value)
    w.state.path.unlink()
    watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60))[0].close()  # lock let go


def test_listing_page_links_and_feed_level_failures(site, tmp_path, extractor):
    site.articles("kaz-request", "tur-aze")
    listing = (f"<html><body><nav><a href='/tag/csto'>CSTO</a> <a href='/page/2'>next</a> <a href='/login'>log in</a></nav>"
               f"<ul><li><a href='/news/kaz-request'>Astana</a></li><li><a href='/news/tur-aze#top'>Pact</a></li>"
               f"<li><a href='/news/kaz-request?utm_campaign=x'>again</a></li><li><a href='/img/map.jpg'>map</a></li>"
               f"<li><a href='http://elsewhere.example/news/x'>away</a></li><li><a href='/about'>about</a></li></ul>"
               f"</body></html>").encode()
    site.route("/world", listing)
    # malformed but readable: an unescaped ampersand; slow; huge; redirected
    bad_rss = rss(site.base, [("tur-aze", "/news/tur-aze")]).replace(b"<description>ours", b"<description>A & B")
    site.route("/loose.xml", bad_rss, content_type="application/rss+xml")
    site.route("/slow.xml", rss(site.base, []), delay=3.0)
    site.route("/huge.xml", huge=30_000_000, content_type="application/rss+xml")
    site.route("/moved.xml", status=301, location="/loose.xml")
    sources = [Source("front", "listing", site.base + "/world", 60, match=r"^/news/"),
               Source("loose", "feed", site.base + "/loose.xml", 60), Source("slow", "feed", site.base + "/slow.xml", 60),
               Source("huge", "feed", site.base + "/huge.xml", 60), Source("moved", "feed", site.base + "/moved.xml", 60)]
    w, lines = watcher(site, tmp_path, extractor, *sources, timeout=0.5)
    w.fetcher.max_bytes = 2_000_000
    front, loose, slow, huge, moved = w.poll_all()
    assert (front.listed, front.added) == (2, 2)
    assert site.hits("/tag/csto") == site.hits("/about") == site.hits("/img/map.jpg") == 0
    assert loose.error is None and loose.listed == 1 and any(l.startswith("loose: malformed feed") for l in lines)
    assert "slow.xml: feed timed out" in slow.error
    assert "huge.xml: feed too large" in huge.error
    assert moved.error is None and moved.listed == 1 and moved.new == 0  # the same article, fetched once
    assert site.hits("/news/tur-aze") == 1


def test_running_watcher_picks_up_an_edited_sources_file_and_stops_on_request(site, tmp_path, extractor):
    import threading

    from pactwatch.watch import add_source, load_sources

    site.articles("kaz-request", "chn-rus")
    feed(site, "/a.xml", ["kaz-request"])
    feed(site, "/b.xml", ["chn-rus"])
    path = tmp_path / "sources.yaml"
    add_source(path, site.base + "/a.xml", name="a", interval=60)
    w, lines = watcher(site, tmp_path, extractor, *load_sources(path), sources_path=path)
    thread = threading.Thread(target=w.run, kwargs={"reload_every": 0.2})
    thread.start()
    try:
        deadline = time.time() + 60
        while site.hits("/news/kaz-request") == 0 and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)
        add_source(path, site.base + "/b.xml", name="b", interval=60)
        while site.hits("/news/chn-rus") == 0 and time.time() < deadline:
            time.sleep(0.1)
        path.write_text("sources: [")  # a broken edit: reported, the sources in hand kept
        while not any("sources not reloaded" in line for line in lines) and time.time() < deadline:
            time.sleep(0.1)
    finally:
        w.stop.set()
        thread.join(60)
    assert not thread.is_alive()
    assert any("sources reloaded: 2 sources" in line for line in lines)
    assert any("sources not reloaded, still watching the 2 in hand" in line and str(path) in line for line in lines)
    assert len(store_rows(w.db)["articles"]) == 2
    assert site.hits("/a.xml") == 1  # each at its own interval: not polled again within a minute


WIRE = ("Kazakhstan asked the CSTO for military assistance on Tuesday after unrest spread to several cities. "
        "The request was sent by the president in a letter to the alliance's secretariat in Moscow. "
        "Russia said it would send a contingent of paratroopers within days. "
        "Armenia, which holds the rotating chair, called an emergency meeting of the collective security council. "
        "Officials in Astana said the mission would guard government buildings and the main airport. "
        "Belarus and Tajikistan also pledged troops to the operation, according to the alliance.")


def wire_page(text: str, byline: str) -> bytes:
    return (f"<html><head><title>Astana asks for help</title></head><body><article><h1>Astana asks for help</h1>"
            f"<p>{byline}</p><p>{text}</p></article></body></html>").encode()


@pytest.mark.parametrize("threshold, stored", [(None, 4), (0.7, 2)])
def test_near_duplicates_are_stored_once_when_asked(site, tmp_path, extractor, threshold, stored):
    site.route("/news/outlet-a", wire_page(WIRE, "By our correspondent in Astana."))
    site.route("/news/outlet-b", wire_page(WIRE, "Reporting by the Central Asia desk; editing by the night team."))
    site.route("/news/other", page("tur-aze"))
    site.route("/news/outlet-c", wire_page(WIRE + " The mission is expected to last a month.", "Staff report."))
    site.route("/feed.xml", rss(site.base, [("kaz-request", "/news/outlet-a"), ("kaz-request", "/news/outlet-b"),
                                            ("tur-aze", "/news/other")]), content_type="application/rss+xml")
    w, lines = watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60),
                       near_duplicates=threshold)
    first = w.poll(w.sources[0])
    assert first.near == (1 if threshold else 0)
    w.close()
    # a restarted watcher knows the stored texts: a later near copy is caught too
    site.route("/feed.xml", rss(site.base, [("kaz-request", "/news/outlet-c")]), content_type="application/rss+xml")
    w, lines = watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60),
                       near_duplicates=threshold)
    second = w.poll(w.sources[0])
    assert second.near == (1 if threshold else 0)
    assert len(store_rows(w.db)["articles"]) == stored
    if threshold:
        assert w.state.done[f"{site.base}/news/outlet-c"]["status"] == f"near-duplicate of {site.base}/news/outlet-a"
        assert "1 near-duplicates" in lines[-1]


def test_pages_listed_before_a_feed_went_down_are_still_fetched(site, tmp_path, extractor):
    slow = site.route("/news/arm-csto", page("arm-csto"), delay=3.0)
    feed(site, "/feed.xml", ["arm-csto"])
    w, lines = watcher(site, tmp_path, extractor, Source("wire", "feed", site.base + "/feed.xml", 60), timeout=0.5)
    first = w.poll(w.sources[0])
    assert first.retry == 1 and first.added == 0
    site.route("/feed.xml", b"down for maintenance", status=503, content_type="text/plain")
    slow.delay = 0.0
    second = w.poll(w.sources[0])
    assert "feed HTTP 503" in second.error and second.added == 1
    assert "(1 pending articles added)" in lines[-1]
    assert len(store_rows(w.db)["articles"]) == 1
