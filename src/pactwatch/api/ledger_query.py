"""The ledger over a store: only the events it can use, fetched by indexed filters, then matched.

A store of a million events holds a few thousand the ledger can use, so it is never read whole:

1. the REQUEST events between pairs that can make a ledger request (a party and its alliance, or
   bilateral partners; :func:`pactwatch.kb.ledger.request_pairs`), not negated or hypothetical,
   dated within ``start``..``end``;
2. the ledger of those requests alone says who asked whom and when; then, in one scan, the events
   that could answer them (:func:`pactwatch.kb.ledger.response_candidates`): of a type the ledger
   counts, between a requester and anyone who could be on its alliance's side (every answer is
   such an act), dated between the first request and the last one plus the window — or, whatever
   their date, in a request's own article (an act dated only by publication follows a request
   reported before it in the same article);
3. the ledger over requests and candidates, which is the ledger over all stored events for these
   requests, since every event it leaves out could answer none of them.

``check`` is called between steps and inside the matching, so a computation whose clients have
gone stops (:mod:`.singleflight`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..kb import build_ledger
from ..kb.ledger import RESPONSE_TYPES, request_pairs, response_candidates


def ledger_entries(store: Any, kb: Any, alliance: str | None, start: str | None, end: str | None,
                   window_days: int, check: Callable[[], None] | None = None) -> list[Any]:
    requests = stored_requests(store, kb, alliance, start, end)
    if check:
        check()
    entries = build_ledger(grouped(requests), kb, alliance, window_days, check)
    if not entries:
        return []
    pairs, since, until = response_candidates(entries, kb, window_days)
    # one scan: the types the ledger counts between a requester and its side, dated within the
    # window after the requests, or (dated by publication) in a request's own article
    events = requests + store.events_of(pairs=pairs, types=sorted(RESPONSE_TYPES), start=since or "9999-12-31",
                                        end=until, or_in_articles={e["article_key"] for e in requests},
                                        columns="ledger")
    if check:
        check()
    return build_ledger(grouped(events), kb, alliance, window_days, check)


def stored_requests(store: Any, kb: Any, alliance: str | None = None, start: str | None = None,
                    end: str | None = None, requester: str | None = None) -> list[dict[str, Any]]:
    """The REQUEST events the ledger may take as requests (for ``requester``, when given)."""
    return store.events_of(pairs=request_pairs(kb, alliance, requester), types=["REQUEST"], start=start, end=end,
                           include_negated=False, include_hypothetical=False, columns="ledger")


def grouped(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events as extraction-output articles (by article key, events by idx), each once."""
    by_article: dict[str, dict[str, Any]] = {}
    for event in events:
        article = by_article.setdefault(event["article_key"], {"id": event["article_id"],
                                                               "article_key": event["article_key"], "events": {}})
        article["events"][event["idx"]] = event
    return [{**a, "events": [a["events"][i] for i in sorted(a["events"])]}
            for _, a in sorted(by_article.items(), key=lambda item: (item[1]["id"], item[0]))]
