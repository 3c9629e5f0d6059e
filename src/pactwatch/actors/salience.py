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

from spacy.tokens import Doc

from ..records import Mention

# An office or organ named without its state is the story's main state more often than the state
# named last: a reporter leaves the nationality out where the whole story makes it plain. So the whole
# article before the point counts, nearer sentences more (on the dev half these were chosen on, a
# reach of 5 sentences at 0.6 placed 3 fewer speakers than the whole article at 0.8 or 0.9; the other
# half and the seeds did not change).
DECAY = 0.8  # the weight of a mention one sentence further back
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

    People with a key count for the actor they act for, at half weight, when the article names that
    actor as one of ``kinds`` somewhere."""
    mentions = list(mentions)
    named = {m.key for m in mentions if m.kind in kinds and m.key and m.key not in exclude}
    sentence_of = _sentence_index(doc)
    here = sentence_of[min(at, len(doc) - 1)]
    scores: Counter[str] = Counter()
    article: Counter[str] = Counter()
    for m in mentions:
        if m.key not in named or (m.kind != "person" and m.kind not in kinds):
            continue
        share = 0.5 if m.kind == "person" else 1.0
        article[m.key] += share
        if m.tok_start < at:
            scores[m.key] += share * ROLE_WEIGHTS[role(doc, m)] * DECAY ** (here - sentence_of[m.tok_start])
    best = scores or article
    if not best:
        return None
    return max(best, key=lambda k: best[k])


def _sentence_index(doc: Doc) -> list[int]:
    cached = doc.user_data.get(_KEY)
    if cached is None or len(cached) != len(doc):
        cached = []
        for n, sentence in enumerate(doc.sents):
            cached.extend([n] * len(sentence))
        doc.user_data[_KEY] = cached
    return cached


_KEY = "pactwatch.sentence_index"
