"""POST /api/articles: off without a key, guarded by it, and one result per article."""
from __future__ import annotations

import concurrent.futures

import pytest
from .api_helpers import ARTICLES, KEY, NEW_ARTICLE, bad, ok

HEADERS = {"X-API-Key": KEY}


def test_write_is_off_without_a_key(api):
    bad(api.post("/api/articles", json={"articles": [NEW_ARTICLE]}), 404)
    bad(api.post("/api/articles", json={"articles": [NEW_ARTICLE]}, headers=HEADERS), 404)
    bad(api.post("/api/articles", content=b"{not json", headers=HEADERS), 404)


def test_write_needs_the_key(writer):
    bad(writer.post("/api/articles", json={"articles": [NEW_ARTICLE]}), 403)
    bad(writer.post("/api/articles", json={"articles": [NEW_ARTICLE]}, headers={"X-API-Key": "wrong" * 5}), 403)
    bad(writer.post("/api/articles", json={"articles": [NEW_ARTICLE]}, headers={"X-API-Key": KEY[:-1]}), 403)
    assert ok(writer.get("/api/health"))["articles"] == len(ARTICLES)


@pytest.mark.parametrize("body", [
    {"articles": []},
    {"articles": [{"id": "x"}]},
    {"articles": [{"text": "Armenia asked the CSTO for help."}]},
    {"articles": [{"id": "x", "text": "Armenia asked the CSTO for help.", "published": "2024-13-45"}]},
    {"articles": [{"id": "x", "text": 42}]},
    {"articles": [{"id": "x", "text": "a", "colour": "red"}]},
    {"articles": [{"id": "x\x00y", "text": "Armenia asked the CSTO for help."}]},
    {"articles": [{"id": f"a{i}", "text": "Armenia asked the CSTO for help."} for i in range(1001)]},
    {"posts": []},
    [1, 2, 3],
])
def test_write_rejects_bodies_with_no_article_to_try(writer, body):
    problem = bad(writer.post("/api/articles", json=body, headers=HEADERS), 422)
    assert problem["errors"]


def test_write_rejects_malformed_and_huge_bodies(writer):
    bad(writer.post("/api/articles", content=b"{not json", headers={**HEADERS, "Content-Type": "application/json"}), 422)
    bad(writer.post("/api/articles", content=b"x" * (33 * 1024 * 1024), headers=HEADERS), 413)


def test_write_adds_once(writer):
    result = ok(writer.post("/api/articles", json={"articles": [NEW_ARTICLE]}, headers=HEADERS))
    assert (result["added"], result["skipped"], result["failed"]) == (1, 0, 0), result
    assert result["results"][0]["status"] == "stored" and len(result["results"][0]["article_key"]) == 64
    article = ok(writer.get("/api/articles/t-html"))
    assert article["title"] == "Talks in Brussels" and "Brussels" in article["text_clean"]
    assert ok(writer.get("/api/events", params={"actor": "ARM", "start": "2024-03-01"}))["items"][0]["article_id"] == "t-html"
    health = ok(writer.get("/api/health"))
    again = ok(writer.post("/api/articles", json={"articles": [NEW_ARTICLE, ARTICLES[0]]}, headers=HEADERS))
    assert (again["added"], again["skipped"]) == (0, 2), again
    assert [r["status"] for r in again["results"]] == ["already stored", "already stored"]
    assert ok(writer.get("/api/health")) == health
    empty = ok(writer.post("/api/articles", json={"articles": [{"id": "blank", "text": "   "}]}, headers=HEADERS))
    assert empty["failed"] == 1 and empty["errors"] and empty["results"][0]["status"] == "error"


def test_one_bad_article_does_not_sink_the_good_ones(writer):
    good = [{"id": "t-good-1", "published": "2024-05-02", "text": "Germany held talks with Poland in Berlin on Thursday."},
            {"id": "t-good-2", "published": "2024-05-03", "text": "Japan sent aid to the Philippines on Friday."}]
    body = {"articles": [good[0],
                         {"id": "t-bad-date", "text": "Chile held talks with Peru.", "published": "2024-13-45"},
                         {"id": "t-no-text"},
                         "not an article",
                         {"id": "t-blank", "text": "   "},
                         good[1],
                         dict(good[0], id="t-good-1-again")]}
    result = ok(writer.post("/api/articles", json=body, headers=HEADERS))
    statuses = [(r["index"], r["id"], r["status"]) for r in result["results"]]
    assert statuses == [(0, "t-good-1", "stored"), (1, "t-bad-date", "error"), (2, "t-no-text", "error"),
                        (3, None, "error"), (4, "t-blank", "error"), (5, "t-good-2", "stored"),
                        (6, "t-good-1-again", "already stored")], statuses
    reasons = {r["index"]: r["reason"] for r in result["results"] if r["reason"]}
    assert "2024-13-45" in reasons[1] and "text" in reasons[2] and "articles[6]" not in reasons[6]
    assert "articles[0]" in reasons[6]
    assert (result["added"], result["skipped"], result["failed"]) == (2, 1, 4)
    for article in good:
        assert ok(writer.get(f"/api/article/{article['id']}"))["text_clean"].startswith(article["text"][:20])
    bad(writer.get("/api/article/t-bad-date"), 404)


def test_reads_go_on_during_a_write(writer):
    """Concurrent readers on their own cursors while the write endpoint ingests."""
    batch = [{"id": f"t-bulk-{i}", "published": "2024-04-0{}".format(1 + i % 9),
              "text": f"France held talks with Germany in Paris on day {i}.\nRussia accused Ukraine of shelling {i} villages."}
             for i in range(40)]
    with concurrent.futures.ThreadPoolExecutor(9) as pool:
        post = pool.submit(writer.post, "/api/articles", json={"articles": batch}, headers=HEADERS)
        reads = [pool.submit(writer.get, path, params=params) for _ in range(10) for path, params in (
            ("/api/events", {"actor": "ARM"}), ("/api/dyad", {"a": "ARM", "b": "CSTO"}), ("/api/health", {}),
            ("/api/actors", {}), ("/api/network", {}))]
        statuses = [r.result().status_code for r in reads]
        result = ok(post.result())
    assert statuses == [200] * len(statuses)
    assert result["added"] == len(batch)
    assert ok(writer.get("/api/events", params={"a": "FRA", "b": "DEU", "limit": 1000}))["total"] >= len(batch)
