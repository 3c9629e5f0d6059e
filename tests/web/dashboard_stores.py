"""A store of hand-made results for the browser tests: large and wide where the real fixtures are small.

Every text here is written by us. The store holds
- ``BULK_EVENTS`` events among ``BULK_ACTORS`` states (real keys and names from the gazetteer), in
  articles of ten events each, dated over 25 years: past the 5,000 events the events view once
  loaded into the browser, and past 100 actors in the network;
- planted ties whose colour and shape the network test knows: ``REQUEST_TIE`` (requests only, which
  score 0 in PLOVER), and ``TWO_WAY_TIE`` (events in both directions);
- ``DATED_DYAD``: a dyad with events dated to the day, to the month only and to the year only, for
  the dyad chart.
Negated and hypothetical events are sprinkled in, so that shown scores can be checked against the API.
"""
from __future__ import annotations

import random
from importlib import resources
from pathlib import Path

import yaml

from pactwatch.records import ActorSummary, ArticleResult, Event, Quote

BULK_ACTORS = 130
BULK_EVENTS = 6_200
EVENTS_PER_ARTICLE = 10
REQUEST_TIE = ("ARM", "FRA")  # ARM asks FRA for help, and nothing else happens between them
TWO_WAY_TIE = ("KAZ", "KGZ")  # both directions, cooperation one way, conflict the other
DATED_DYAD = ("GEO", "TUR")
# (date, type, negated) of the dated dyad's events: three dated to the day, one to the month, two to the year
DATED_DYAD_EVENTS = [("2021-03-04", "CONSULT", False), ("2021-03-20", "ACCUSE", False), ("2021-06-11", "AGREE", False),
                     ("2021-09", "PROTEST", False), ("2021", "SANCTION", False), ("2021", "COOPERATE", True)]
VERBS = {
    "AGREE": "agreed with", "CONSULT": "held talks with", "SUPPORT": "backed", "CONCEDE": "eased its demands on",
    "COOPERATE": "signed a cooperation accord with", "AID": "sent aid to", "RETREAT": "withdrew troops from the border with",
    "REQUEST": "asked for help from", "ACCUSE": "accused", "REJECT": "rejected the proposal of",
    "THREATEN": "threatened", "PROTEST": "protested against", "SANCTION": "imposed sanctions on",
    "MOBILIZE": "mobilised troops against", "COERCE": "expelled diplomats of", "ASSAULT": "shelled positions of",
}


def states() -> list[tuple[str, str]]:
    """(key, name) of the gazetteer's states, in file order."""
    text = resources.files("pactwatch").joinpath("data", "actors", "states.yaml").read_text(encoding="utf-8")
    return [(entry["key"], entry["name"]) for entry in yaml.safe_load(text)]


class _Article:
    """Sentences appended one by one; each event's evidence span points at its own sentence."""

    def __init__(self, article_id: str, published: str):
        self.id = article_id
        self.published = published
        self.text = ""
        self.events: list[Event] = []
        self.quotes: list[Quote] = []
        self.actors: dict[str, str] = {}

    def sentence(self, text: str) -> tuple[int, int]:
        if self.text:
            self.text += " "
        start = len(self.text)
        self.text += text
        return start, len(self.text)

    def event(self, source: tuple[str, str], target: tuple[str, str], event_type: str, date: str | None,
              negated: bool = False, hypothetical: bool = False) -> None:
        verb = VERBS[event_type]
        if negated:
            text = f"Officials said {source[1]} had not {verb} {target[1]} on that day."
        elif hypothetical:
            text = f"Observers said {source[1]} could have {verb} {target[1]} if talks failed."
        else:
            text = f"{source[1]} {verb} {target[1]}, officials said."
        span = self.sentence(text)
        self.events.append(Event(source=source[0], target=target[0], type=event_type, mode=None, date=date,
                                 negated=negated, hypothetical=hypothetical, evidence=text, evidence_span=span,
                                 source_text=source[1], target_text=target[1], confidence=0.9,
                                 date_basis="text" if date else "published"))
        self.actors[source[0]] = source[1]
        self.actors[target[0]] = target[1]

    def quote(self, speaker: str, actor: str, words: str) -> None:
        start, _ = self.sentence(f"{speaker} said: \u201c{words}\u201d")
        open_at = start + len(speaker) + len(" said: \u201c")
        self.quotes.append(Quote(speaker=speaker, speaker_actor=actor, text=words, direct=True,
                                 span=(open_at, open_at + len(words)), cue="said"))

    def result(self, title: str) -> ArticleResult:
        return ArticleResult(id=self.id, url=None, title=title, outlet="Synthetic Wire", published=self.published,
                             text_clean=self.text, events=self.events, quotes=self.quotes,
                             actors=[ActorSummary(key, name, "state", 1) for key, name in sorted(self.actors.items())])


def results() -> list[ArticleResult]:
    rng = random.Random(20240315)
    gazetteer = states()
    named = dict(gazetteer)
    planted = {frozenset(REQUEST_TIE), frozenset(TWO_WAY_TIE), frozenset(DATED_DYAD)}
    bulk = [kv for kv in gazetteer if kv[0] not in {k for pair in planted for k in pair}][:BULK_ACTORS]
    types = list(VERBS)
    out: list[ArticleResult] = []

    article = None
    for i in range(BULK_EVENTS):
        if i % EVENTS_PER_ARTICLE == 0:
            if article:
                out.append(article.result(f"Synthetic report {len(out) + 1}"))
            year, day = 2000 + (i // EVENTS_PER_ARTICLE) % 25, 1 + (i // EVENTS_PER_ARTICLE) % 28
            article = _Article(f"synthetic-{len(out) + 1:04d}", f"{year}-{1 + (i // 250) % 12:02d}-{day:02d}")
        # every actor gets ties: the i-th event joins actor i and a random other one
        source = bulk[i % len(bulk)]
        target = rng.choice([a for a in bulk if a != source])
        year, month, day = 2000 + rng.randrange(25), 1 + rng.randrange(12), 1 + rng.randrange(28)
        article.event(source, target, rng.choice(types), f"{year}-{month:02d}-{day:02d}",
                      negated=rng.random() < 0.05, hypothetical=rng.random() < 0.05)
    out.append(article.result(f"Synthetic report {len(out) + 1}"))

    arm, fra = ((k, named[k]) for k in REQUEST_TIE)
    planted_article = _Article("synthetic-requests", "2022-09-20")
    for day in (13, 14, 15, 16):
        planted_article.event(arm, fra, "REQUEST", f"2022-09-{day:02d}")
    kaz, kgz = ((k, named[k]) for k in TWO_WAY_TIE)
    for day in (1, 2, 3):
        planted_article.event(kaz, kgz, "AID", f"2022-10-{day:02d}")
    planted_article.event(kgz, kaz, "ACCUSE", "2022-10-04")
    planted_article.quote("A spokesperson", "ARM", "We asked our partners for help and are still waiting.")
    out.append(planted_article.result("Requests and answers"))

    geo, tur = ((k, named[k]) for k in DATED_DYAD)
    dated = _Article("synthetic-dated-dyad", "2021-12-30")
    for n, (date, event_type, negated) in enumerate(DATED_DYAD_EVENTS):
        source, target = (geo, tur) if n % 2 == 0 else (tur, geo)
        dated.event(source, target, event_type, date, negated=negated)
    out.append(dated.result("A year of Georgian–Turkish relations"))
    return out


def build_store(db: Path) -> None:
    """Write the hand-made results into a new store at db (no extraction, no model)."""
    from pactwatch.store import writer

    with writer(db) as store:
        store.write_results(results())
