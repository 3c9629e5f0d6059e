"""From candidates to events: absorbed mentions dropped, restatements merged, parties expanded.

A reporting frame absorbs what it only mentions ("threatened [to leave]"); a nominal event borrows
the actor of the event it hangs from; the same event restated is kept once; coordinated parties
become one event each where the conventions code one per party; each candidate becomes an ``Event``.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ...records import Event
from .context import ArticleEvents, Candidate
from .lexicon import OBJECT_DEPS, EventLexicon, Frame


def expand(candidates: list[Candidate], lexicon: EventLexicon) -> list[Candidate]:
    """One event per acting party where the conventions code one per party.

    Parallel acts of two coordinated actors are an event each ("Poland and Lithuania condemned X");
    a reciprocal act goes every way between the parties ("A and B accused each other"). A joint act
    ("A and B agreed", "talks between A, B and C") is one event between its first two parties, and a
    bloc of three or more acting as one body ("Spain, France, Germany and Italy demanded") is one
    event by its first member: the conventions code each as one act with the parties in lists.
    """
    out: list[Candidate] = []
    for c in candidates:
        sources = [c.source, *c.co_sources]
        if c.reciprocal and len(sources) >= 2:
            pairs = [(a, b) for a in sources for b in sources if a.key != b.key]
        elif c.type in lexicon.joint_types or len(sources) >= 3:
            pairs = [(c.source, c.target)]
        else:
            pairs = [(a, c.target) for a in sources if c.target is None or a.key != c.target.key]
        seen: set[tuple] = set()
        for a, b in pairs:
            key = (a.key, b.key if b else None)
            if key not in seen:
                seen.add(key)
                out.append(replace(c, source=a, target=b, co_sources=[], co_targets=[]))
    return out


def complete_nominal_sources(found: list[Candidate], ctx: ArticleEvents) -> list[Candidate]:
    """A nominal event with no actor of its own takes the actor of the event it hangs from:
    "X's forces took the region, following a long blockade of the road" -> X blockaded."""
    by_token = {c.trigger.i: c for c in found}
    complete: list[Candidate] = []
    for c in found:
        if c.source is None:
            noun = c.trigger.head if c.frame.pos == "adjective" else c.trigger
            shares = noun.dep_ == "pobj" and noun.head.lower_ in ctx.lexicon.actor_sharing_preps
            governor = next((by_token[a.i] for a in noun.ancestors if a.i in by_token
                             and by_token[a.i].source is not None), None) if shares else None
            if governor is not None and not {governor.type, c.type} <= ctx.lexicon.grammar.force_types:
                governor = None  # only one episode of fighting shares its actor ("fell ... following a blockade")
            if governor is None:
                continue
            c.source = governor.source
            if c.target is None or c.target.key == c.source.key:
                c.target, c.target_fallback = governor.target, governor.target_fallback
            if c.target is not None and c.target.key == c.source.key:
                continue
        complete.append(c)
    return complete


def mark_absorbed(found: list[Candidate]) -> None:
    """Drop events that a reporting frame only mentions: "threatened [to leave]", "accused X of [ignoring]"."""
    by_token = {c.trigger.i: c for c in found}
    for candidate in found:
        node = candidate.trigger
        for depth, ancestor in enumerate(node.ancestors):
            if node.dep_ == "advcl" or (node.dep_ == "conj" and node.tag_ in {"VBD", "VBZ", "VBP"}):
                break  # adverbial and coordinated finite clauses are asserted, not reported by the governor
            governor = by_token.get(ancestor.i)
            if governor is not None and governor is not candidate and _absorbs(governor.frame, node, ancestor):
                candidate.absorbed = True
                break
            node = ancestor
            if depth > 7:
                break


def _absorbs(frame: Frame, top: Token, governor: Token) -> bool:
    """Whether the frame of ``governor`` absorbs what hangs from its child ``top``."""
    if top.dep_ in frame.absorbs:
        return True
    if top.dep_ in OBJECT_DEPS and "object" in frame.absorbs:
        return True
    return top.dep_ in {"prep", "agent"} and f"prep:{top.lower_}" in frame.absorbs


def dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """The same event restated (same actors, type, modality and word, compatible date) is kept once."""
    kept: list[Candidate] = []
    for c in candidates:
        if c.target is None and any(_targeted_twin(k, c) for k in candidates):
            continue  # "travelled to Armenia to deliver goggles and discuss deals": one visit
        twin = next((k for k in kept if _same_event(k, c)), None)
        if twin is None:
            kept.append(c)
        elif twin.date is None or (c.date_explicit and not twin.date_explicit):
            kept[kept.index(twin)] = replace(c, trigger=c.trigger)
    return kept


def _targeted_twin(a: Candidate, b: Candidate) -> bool:
    """``a`` is the same kind of act by the same actor in the same sentence, with a recipient."""
    return a is not b and a.target is not None and a.type == b.type and a.source.key == b.source.key \
        and a.trigger.sent == b.trigger.sent and a.hypothetical == b.hypothetical


def _same_event(a: Candidate, b: Candidate) -> bool:
    if (a.source.key, a.target.key if a.target else None, a.type, a.negated, a.hypothetical) != \
            (b.source.key, b.target.key if b.target else None, b.type, b.negated, b.hypothetical):
        return False
    if _stem(a.trigger) != _stem(b.trigger):
        return a.trigger.sent == b.trigger.sent  # two words for one act in one sentence
    return a.date is None or b.date is None or a.date.startswith(b.date) or b.date.startswith(a.date) or \
        not (a.date_explicit and b.date_explicit)


def _stem(token: Token) -> str:
    lemma = token.lemma_.lower()
    return lemma[:-3] if lemma.endswith("ing") and len(lemma) > 5 else lemma


def to_event(c: Candidate, ctx: ArticleEvents) -> Event:
    evidence_span = _evidence_span(c.trigger)
    text = ctx.text[evidence_span[0]:evidence_span[1]]
    confidence = 0.8
    if c.target_fallback:
        confidence -= 0.25
    if c.frame.pos != "verb":
        confidence -= 0.1
    if c.target is None:
        confidence -= 0.2
    return Event(
        source=c.source.key or "",
        target=c.target.key if c.target else None,
        type=c.type,
        mode=c.frame.mode if c.type == c.frame.type else None,
        date=c.date,
        negated=c.negated,
        hypothetical=c.hypothetical,
        evidence=text,
        evidence_span=evidence_span,
        source_text=c.source.text,
        target_text=c.target.text if c.target else None,
        confidence=round(confidence, 2),
        date_basis=c.date_basis,
        trigger=c.trigger.lemma_.lower(),
    )


def _evidence_span(trigger: Token) -> tuple[int, int]:
    sentence = trigger.sent
    text = sentence.text
    start = sentence.start_char + (len(text) - len(text.lstrip()))
    end = sentence.start_char + len(text.rstrip())
    return start, end
