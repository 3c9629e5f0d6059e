"""The actor a story is about at a given point: what a phrase with no owner of its own belongs to.

"the army", "officials" or "Foreign Minister Ion Petrescu" name no state. Read in context they are
the state the story is talking about there: the one named most prominently in the sentences just
before. Prominence follows grammatical role, as in centering theory (Grosz, Joshi & Weinstein 1995):
the subject of a main clause ranks above other subjects, subjects above objects, objects above other
mentions, and a place named after a locative preposition ("talks in Moscow") hardly counts. An actor
inside the subject phrase ("Moldova's foreign ministry", "Indian soldiers") ranks as the subject.
Nearer sentences weigh more; with nothing in reach, the state the whole article names most is taken.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..records import Mention

REACH_SENTENCES = 5  # how far back the story's actor is looked for
DECAY = 0.6  # the weight of a mention one sentence further back
ROLE_WEIGHTS = {"main_subject": 4.0, "subject": 3.0, "object": 1.5, "other": 1.0, "place": 0.3}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
PHRASE_DEPS = {"compound", "amod", "poss", "nmod", "appos", "case", "det", "flat"}
LOCATIVE_PREPS = {"in", "at", "near", "inside", "within", "across", "around", "from", "to", "into", "on", "over"}


def role(doc: Doc, mention: Mention) -> str:
    """The grammatical role of the phrase a mention is in (see the module docstring)."""
    head = doc[mention.tok_end - 1]
    # climb out of the noun phrase: "Moldova's [foreign ministry]", "[Indian] soldiers"
    for _ in range(4):
        if head.dep_ in PHRASE_DEPS and head.head.i != head.i:
            head = head.head
        else:
            break
    if head.dep_ in SUBJECT_DEPS:
        return "main_subject" if head.head.dep_ == "ROOT" else "subject"
    if head.dep_ in OBJECT_DEPS:
        return "object"
    if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS or mention.via == "capital" and head.dep_ == "pobj":
        return "place"
    return "other"


def story_actor(doc: Doc, mentions: Iterable[Mention], at: int, kinds: frozenset[str],
                exclude: frozenset[str] = frozenset()) -> str | None:
    """The key of the actor of ``kinds`` the story is about at token ``at`` (see the module docstring).

    People with a key count for the actor they act for, at half weight."""
    sentence_of = _sentence_index(doc)
    here = sentence_of[at] if at < len(doc) else sentence_of[-1]
    scores: Counter[str] = Counter()
    article: Counter[str] = Counter()
    for m in mentions:
        if not m.key or m.key in exclude or m.tok_start >= at:
            continue
        person = m.kind == "person"
        if not person and m.kind not in kinds:
            continue
        if person and not _acts_for_kind(m, mentions, kinds):
            continue
        article[m.key] += 0.5 if person else 1.0
        distance = here - sentence_of[m.tok_start]
        if distance > REACH_SENTENCES:
            continue
        weight = ROLE_WEIGHTS[role(doc, m)] * DECAY ** distance
        scores[m.key] += weight * (0.5 if person else 1.0)
    best = scores or article
    if not best:
        return None
    return max(best, key=lambda k: best[k])


def _acts_for_kind(person: Mention, mentions: Iterable[Mention], kinds: frozenset[str]) -> bool:
    # a person counts for a state only when the article names that state as a state somewhere
    return any(m.key == person.key and m.kind in kinds for m in mentions)


def _sentence_index(doc: Doc) -> list[int]:
    cached = doc.user_data.get(_KEY)
    if cached is None or len(cached) != len(doc):
        cached = []
        for n, sentence in enumerate(doc.sents):
            cached.extend([n] * len(sentence))
        doc.user_data[_KEY] = cached
    return cached


_KEY = "pactwatch.sentence_index"


def main_verb(token: Token) -> Token:
    """The verb at the top of the token's clause chain."""
    while token.head.i != token.i:
        token = token.head
    return token
