"""Hand-made extraction results for the store tests: no model, no parsing, texts written by us.

``result(...)`` builds an ArticleResult whose events' evidence is a real sentence of its text, with
the right offsets, so span checks mean something.
"""
from __future__ import annotations

from pactwatch.records import ActorSummary, ArticleResult, Event, Quote


def event(text: str, sentence: str, source: str, event_type: str, target: str | None = None,
          date: str | None = None, mode: str | None = None, negated: bool = False, hypothetical: bool = False,
          confidence: float = 0.9) -> Event:
    start = text.index(sentence)
    return Event(source=source, target=target, type=event_type, mode=mode, date=date, negated=negated,
                 hypothetical=hypothetical, evidence=sentence, evidence_span=(start, start + len(sentence)),
                 source_text=source, target_text=target, confidence=confidence, date_basis="text" if date else "published")


def quote(text: str, words: str, speaker: str, actor: str | None, cue: str = "said") -> Quote:
    start = text.index(words)
    return Quote(speaker=speaker, speaker_actor=actor, text=words, direct=True, span=(start, start + len(words)), cue=cue)


def result(article_id: str, text: str, published: str | None = None, events=(), quotes=(), actors=(),
           title: str | None = None) -> ArticleResult:
    return ArticleResult(id=article_id, url=f"https://example.org/{article_id}", title=title or f"Report {article_id}",
                         outlet="Test Wire", published=published, text_clean=text, events=list(events),
                         quotes=list(quotes), actors=[ActorSummary(k, n, kind, m) for k, n, kind, m in actors])


REQUEST_TEXT = ("Armenia asked the CSTO for help on Monday.\n"
                "Armenia did not ask Russia for troops.\n"
                "“We expect our allies to act,” an Armenian official said.")
REJECT_TEXT = "Russia rejected Armenia's criticism of the alliance on Tuesday.\nRussia could attack Armenia."
AID_TEXT = "France delivered armoured vehicles to Armenia in 2024."


def sample_results() -> list[ArticleResult]:
    """Three articles: a request with a negated one and a quote, a rejection with a hypothetical
    threat, an aid event dated to the year only."""
    return [
        result("s1", REQUEST_TEXT, "2024-05-10", events=[
            event(REQUEST_TEXT, "Armenia asked the CSTO for help on Monday.", "ARM", "REQUEST", "CSTO", "2024-05-06"),
            event(REQUEST_TEXT, "Armenia did not ask Russia for troops.", "ARM", "REQUEST", "RUS", "2024-05-10",
                  negated=True),
        ], quotes=[quote(REQUEST_TEXT, "We expect our allies to act", "an Armenian official", "ARM")],
            actors=[("ARM", "Armenia", "state", 3), ("CSTO", "Collective Security Treaty Organization", "organisation", 1),
                    ("RUS", "Russia", "state", 1)], title="Yerevan asks for help"),
        result("s2", REJECT_TEXT, "2024-05-20", events=[
            event(REJECT_TEXT, "Russia rejected Armenia's criticism of the alliance on Tuesday.", "RUS", "REJECT",
                  "ARM", "2024-05-14"),
            event(REJECT_TEXT, "Russia could attack Armenia.", "RUS", "ASSAULT", "ARM", "2024-05-20", hypothetical=True),
        ], actors=[("RUS", "Russia", "state", 2), ("ARM", "Armenia", "state", 2)]),
        result("s3", AID_TEXT, "2024-06-02", events=[
            event(AID_TEXT, AID_TEXT, "FRA", "AID", "ARM", "2024"),
        ], actors=[("FRA", "France", "state", 1), ("ARM", "Armenia", "state", 1)]),
    ]
