"""Articles and quotes: the list, one article by key or id (events and quotes by idx), quotations."""
from __future__ import annotations

from .api_helpers import ARTICLES, bad, ok


def test_articles_list_and_one(api):
    data = ok(api.get("/api/articles"))
    assert data["total"] == len(ARTICLES)
    assert [a["id"] for a in data["items"]][0] == "t-sanctions"  # newest first
    assert ok(api.get("/api/articles", params={"limit": 1, "offset": 5}))["items"][0]["id"] == "t-arm-request"
    article = ok(api.get("/api/articles/t-arm-request"))
    text = article["text_clean"]
    assert article["title"] == "Yerevan appeals to allies" and article["events"] and article["quotes"]
    for event in article["events"]:
        start, end = event["evidence_span"]
        assert text[start:end] == event["evidence"]
    for quote in article["quotes"]:
        start, end = quote["span"]
        assert quote["text"] in text[start:end] or text[start:end] in quote["text"]
    assert {a["key"] for a in article["actors"]} >= {"ARM", "CSTO"}


def test_article_by_key_or_id_with_events_and_quotes_by_idx(api):
    by_id = ok(api.get("/api/article/t-arm-request"))
    key = by_id["article_key"]
    assert len(key) == 64 and ok(api.get(f"/api/article/{key}")) == by_id
    assert [e["idx"] for e in by_id["events"]] == sorted(e["idx"] for e in by_id["events"])
    assert all(e["article_key"] == key and e["event_id"] == f"{key}:{e['idx']}" for e in by_id["events"])
    assert [q["idx"] for q in by_id["quotes"]] == list(range(len(by_id["quotes"])))
    assert all(q["quote_id"] == f"{key}:{q['idx']}" for q in by_id["quotes"])
    # an event in a listing points at the article whose event of the same idx it is
    listed = ok(api.get("/api/events", params={"a": "ARM", "b": "CSTO", "type": "REQUEST"}))["items"][0]
    article = ok(api.get(f"/api/article/{listed['article_key']}"))
    assert next(e for e in article["events"] if e["idx"] == listed["idx"])["evidence"] == listed["evidence"]
    bad(api.get("/api/article/" + "0" * 64), 404)


def test_quotes(api):
    data = ok(api.get("/api/quotes"))
    assert data["total"] >= 1
    quote = next(q for q in data["items"] if q["speaker"] == "Pashinyan")
    assert quote["speaker_actor"] == "ARM" and "allies" in quote["text"]
    assert quote["quote_id"] == f"{quote['article_key']}:{quote['idx']}"
    assert ok(api.get("/api/quotes", params={"speaker": "pashin"}))["total"] == 1
    assert ok(api.get("/api/quotes", params={"actor": "RUS"}))["total"] == 0
    assert ok(api.get("/api/quotes", params={"q": "allies", "limit": 1, "offset": 0}))["total"] == 1
