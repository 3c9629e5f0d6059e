"""Frame matching: the candidate event at a trigger word, if one of its frames fits.

A frame fits when its conditions hold (particle, object lemmas, negation, complement, predicate
noun) and the parse gives it an actor; the frame's slots then say where source and target are.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Token

from ... import plover
from ...actors import Referent
from ...dates import find_expressions
from .context import ArticleEvents, Candidate
from .lexicon import OBJECT_DEPS, SUBJECT_DEPS, EventLexicon, Frame
from .modality import is_conditional_consequence, is_hypothetical, is_negated, under_condition
from .referents import (co_actors, first_actor, first_actor_in_slot, is_bare_particle, is_reciprocal, referent,
                        requested_from, slot_actors, topic)


# Verbal responses to an act: what they take as object is an act already done, reported elsewhere
# ("condemned the attack", "opposed the offensive", "defies sanctions"; annotation S2/S4).
EVALUATION_TYPES = {"ACCUSE", "REJECT", "SUPPORT"}
MATERIAL_QUADS = {2, 4}  # PLOVER quad classes of material cooperation and material conflict
# slots that read an actor from a clause or a prepositional phrase under the trigger, not from an
# argument naming a party (object, with-phrase)
CIRCUMSTANTIAL_SLOTS = {"complement"}


def candidates_at(token: Token, ctx: ArticleEvents) -> Iterable[Candidate]:
    for frame in by_specificity(ctx.lexicon.frames_for(token)):
        candidate = apply(frame, token, ctx)
        if candidate is not None:
            yield candidate
            return


@lru_cache(maxsize=8192)
def by_specificity(frames: tuple[Frame, ...]) -> tuple[Frame, ...]:
    """A lemma's frames, the most specific first: a particle, then object lemmas or conditions, then none.

    The first frame that fits is used, and a lemma's frames come from several files (the core file
    first), so in file order a bare core frame would shadow every sense listed after it ("struck a
    deal" taken as an attack, "backed down" as support). Within one level the file order stays.
    """
    def level(frame: Frame) -> int:
        if frame.particle:
            return 0
        return 1 if frame.objects or frame.needs else 2
    return tuple(sorted(frames, key=level))


def apply(frame: Frame, token: Token, ctx: ArticleEvents) -> Candidate | None:
    if frame.pos == "verb" and frame.skip_acl and token.dep_ == "acl" and token.tag_ == "VBN":
        return None  # "troops deployed in X" describes the troops; it does not report a deployment
    if token.tag_ == "VBN" and token.dep_ in {"acomp", "xcomp", "oprd"} and \
            token.head.lemma_.lower() in ctx.lexicon.stative_verbs:
        return None  # "troops remain deployed": a state of affairs, not an act
    if frame.pos == "adjective" and token.head.lemma_.lower() not in frame.heads:
        return None
    if frame.pos != "verb" and _in_background(token, ctx.lexicon):
        return None  # "amid Russia's invasion of Ukraine": circumstance, not the news
    if frame.pos == "noun" and _evaluated_act(token, frame, ctx.lexicon):
        return None  # "condemned the attack": the condemnation is the news, the attack a known act
    if "own_time" in frame.needs and not _has_own_time(token, ctx):
        return None  # "to fight Russia's invasion": a standing war named in passing, not an act (S2)
    anchor = token.head if frame.pos == "adjective" else token
    if frame.particle and not any(c.lower_ == frame.particle and (c.dep_ == "prt" or is_bare_particle(c))
                                  for c in token.children):
        return None
    if frame.objects and not _objects_fit(token, frame.objects, ctx):
        return None
    negated = is_negated(token)
    if frame.pos == "noun" and token.dep_ in OBJECT_DEPS and token.head.lemma_.lower() in ctx.lexicon.light_verbs:
        negated = negated or is_negated(token.head)  # "did not announce a withdrawal"
    if "negated" in frame.needs:
        if not negated:
            return None
        negated = False  # the negation is part of the pattern: "did not see any action" is a complaint
    if frame.unless_complement and any(c.dep_ in {"xcomp", "ccomp"} and c.lemma_.lower() in frame.unless_complement
                                       for c in token.children):
        return None
    if "xcomp" in frame.needs and not any(c.dep_ in {"xcomp", "ccomp"} for c in token.children):
        return None
    if "as" in frame.needs and not any(c.dep_ == "prep" and c.lower_ == "as" for c in _with_object(token)):
        return None
    if "active" in frame.needs and token.tag_ == "VBN" and \
            any(c.dep_ in {"agent", "auxpass", "nsubjpass"} for c in token.children):
        return None  # "Hamas, backed by Iran", "are backed by Tehran": a standing relation (S2), not an act
    if "negated_complement" in frame.needs:
        complements = [c for c in token.children if c.dep_ == "ccomp"]
        if not any(is_negated(c) for c in complements):
            return None
        negated = False  # "insisted that X did not ..." is an assertion of a denial, not a negated event
    event_type = frame.type
    speaker = ctx.speaker_at(token)
    if frame.predicate and _is_predicate_noun(token):
        return _predicate_event(frame, token, ctx, speaker)
    if frame.only_predicate:
        return None
    source = first_actor(frame.source, anchor, ctx, speaker, exclude=None)
    target_slot = None
    if frame.inverse:
        recipient = first_actor(("subject",), anchor, ctx, speaker, exclude=None)
        source = first_actor(frame.target, anchor, ctx, speaker, exclude=recipient.key if recipient else None)
        target, fallback = recipient, False
        if source is None:
            source = requested_from(ctx, token, recipient)
    else:
        target, target_slot = first_actor_in_slot(frame.target, anchor, ctx, speaker,
                                                  exclude=source.key if source else None)
        fallback = False
    if source is None or source.key is None:
        if frame.pos == "verb":
            return None
        source = None  # a nominal event may take its actor from the event that governs it
    co_sources = co_actors(frame.source, anchor, ctx, speaker, source) if source is not None and not frame.inverse else []
    if target is None and frame.fallback and source is not None and event_type in ctx.lexicon.fallback_types:
        target = topic(ctx, token, exclude=[source.key, *(r.key for r in co_sources)], event_type=event_type)
        fallback = target is not None
    co_targets = co_actors(frame.target, anchor, ctx, speaker, target) if target is not None and not fallback else []
    reciprocal = is_reciprocal(anchor)
    if reciprocal and co_sources and (target is None or fallback):
        target, fallback = None, False
    if co_sources and target_slot in CIRCUMSTANTIAL_SLOTS and event_type in ctx.lexicon.joint_types \
            and not reciprocal:
        # "A and B signed in Paris a declaration", "... signed the deal in Washington": in a
        # joint act of coordinated parties, an actor named only in a clause or a circumstance of the
        # act is no party to it; the parties act on each other
        target, co_targets = None, []
    if source is not None and target is None and co_sources and event_type in ctx.lexicon.joint_types:
        # "Egypt and Qatar agreed": a joint act of the parties on each other
        target, co_sources = co_sources[0], co_sources[1:]
    if source is None:
        # "talks between A and B", "clashes between A and B": the parties are both sides
        between = [r for r in slot_actors("prep:between", anchor, ctx, speaker) if r.key]
        if len(between) >= 2:
            source, target, co_targets = between[0], between[1], between[2:]
    if target is not None and source is not None and target.key == source.key:
        if not co_targets:
            return None
        target, co_targets = co_targets[0], co_targets[1:]
    if "target" in frame.needs and (target is None or fallback):
        return None
    if source is not None and ctx.actors.without_office(source.key) and (target is None or fallback):
        # actors resolution hook: people without office (A6 short keys: SEIF, PROTESTERS) act
        # internationally only against an actor the sentence names (S1: no dyad, no event)
        return None
    hypothetical = is_hypothetical(token, frame, ctx.lexicon)
    if event_type in ctx.lexicon.grammar.threat_types and is_conditional_consequence(token, ctx.lexicon):
        event_type, hypothetical = "THREATEN", False
    if event_type in ctx.lexicon.grammar.concession_types and _announced(token, ctx.lexicon) and not negated:
        event_type, hypothetical = "CONCEDE", False  # "our troops will withdraw": conceded now, not yet done
    if event_type in ctx.lexicon.grammar.commitment_types:
        hypothetical = hypothetical and under_condition(token, ctx.lexicon)  # a promise is not a mere possibility
    return Candidate(token, frame, event_type, source, target, fallback, negated, hypothetical,
                     co_sources=co_sources, co_targets=co_targets, reciprocal=reciprocal)


def _predicate_event(frame: Frame, token: Token, ctx: ArticleEvents, speaker: Referent | None) -> Candidate | None:
    """ "X said the alliance is becoming a threat to his country" -> X ACCUSE the alliance."""
    copula = token.head
    speech = copula.head if copula.dep_ in {"ccomp", "xcomp"} else None
    if speech is None or speech.pos_ not in {"VERB", "AUX"}:
        return None
    source = first_actor(("subject",), speech, ctx, speaker, exclude=None) or speaker
    subjects = [c for c in copula.children if c.dep_ in SUBJECT_DEPS]
    target = referent(subjects[0], ctx, speaker) if subjects else None
    if source is None or source.key is None or target is None or target.key in {None, source.key}:
        return None
    return Candidate(token, frame, frame.predicate or "ACCUSE", source, target, False, is_negated(copula), False)


def _is_predicate_noun(token: Token) -> bool:
    return token.dep_ in {"attr", "acomp", "oprd"} or (token.dep_ == "pobj" and token.head.dep_ == "prep"
                                                        and token.head.head.dep_ in {"attr"})


def _with_object(token: Token) -> list[Token]:
    objects = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    return list(token.children) + [g for o in objects for g in o.children]


def _objects_fit(token: Token, wanted: frozenset[str], ctx: ArticleEvents) -> bool:
    """The object constraint: a listed lemma, or "@organisation" / "@actor" for an actor object."""
    if _object_lemmas(token) & wanted:
        return True
    kinds = set()
    if "@organisation" in wanted:
        kinds |= {"organisation", "alliance"}
    if "@actor" in wanted:
        kinds |= {"organisation", "alliance", "state", "entity"}
    if not kinds:
        return False
    for child in token.children:
        heads = [child] if child.dep_ in OBJECT_DEPS else [g for g in child.children if g.dep_ == "pobj"] \
            if child.dep_ == "prep" else []
        for head in heads:
            mention = ctx.actors.mention_at(head.i)
            if mention is not None and mention.kind in kinds:
                return True
    return False


def _in_background(token: Token, lexicon: EventLexicon) -> bool:
    head = token.head
    if token.dep_ != "pobj" or head.dep_ != "prep":
        return False
    if head.lower_ in lexicon.background_markers:
        return True
    # "in breach of UN sanctions", "the terms of the blockade": the event is only a reference point
    governor = head.head
    return head.lower_ == "of" and governor.pos_ == "NOUN" and not lexicon.frames_for(governor)


def _announced(token: Token, lexicon: EventLexicon) -> bool:
    """An act its actor says will happen: a future auxiliary on the verb itself, outside any condition."""
    return token.pos_ in {"VERB", "AUX"} and not under_condition(token, lexicon) and any(
        c.dep_ == "aux" and c.lower_ in lexicon.grammar.future_auxiliaries for c in token.children)


def _has_own_time(noun: Token, ctx: ArticleEvents) -> bool:
    """Whether a nominal act says when it happened, which makes it a specific act (S3), not a state (S2).

    A year modifying it ("the 2022 invasion"), a date in its own phrase ("the invasion in February
    2022"), or, when it is the subject, a date in its clause ("the invasion began on 24 February").
    """
    if any(c.like_num and len(c.text) == 4 and c.dep_ in {"nummod", "compound", "amod", "npadvmod"} for c in noun.children):
        return True
    scope = noun.head if noun.dep_ in SUBJECT_DEPS else noun
    phrase = noun.doc[scope.left_edge.i: scope.right_edge.i + 1]
    return bool(find_expressions(phrase.text, ctx.published))


def _evaluated_act(token: Token, frame: Frame, lexicon: EventLexicon) -> bool:
    """A material act named as the object of a verbal response to it ("condemned the Iranian attack").

    Only material acts: a speech act named there ("rebutted the accusations", "rejected the
    demand") is often reported nowhere else, and the reply does not restate it.
    """
    if token.dep_ not in OBJECT_DEPS or token.head.pos_ not in {"VERB", "AUX"}:
        return False
    if plover.quad_class(frame.type) not in MATERIAL_QUADS:
        return False
    return any(f.type in EVALUATION_TYPES for f in lexicon.frames_for(token.head))


def _object_lemmas(token: Token) -> set[str]:
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ in OBJECT_DEPS or child.dep_ in {"nsubjpass", "dative"}:
            lemmas |= {child.lemma_.lower(), child.lower_}
            lemmas |= {c.lemma_.lower() for c in child.conjuncts}
        elif child.dep_ in {"prep", "agent"}:
            lemmas |= {g.lemma_.lower() for g in child.children if g.dep_ == "pobj"}
            lemmas |= {g.lower_ for g in child.children if g.dep_ == "pobj"}
        if is_bare_particle(child):  # "pulled out [of the deal]": the phrase hangs from the particle
            pobjs = [g for p in child.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
            lemmas |= {g.lemma_.lower() for g in pobjs} | {g.lower_ for g in pobjs}
    if token.dep_ in {"acl", "relcl"}:  # "the contract ... signed", "offers to provide"
        lemmas.add(token.head.lemma_.lower())
    return lemmas
