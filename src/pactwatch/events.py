"""Event coding: words from the event lexicon, their actors from the dependency parse.

For each sentence, every token whose lemma has a frame in ``data/lexicon/events.yaml`` is a candidate
trigger. A frame says which PLOVER type the word reports and where its source and target are. Actors
are read from the noun phrases in those slots (names, demonyms, titles, pronouns and descriptions
resolved by ``ArticleActors``); first-person pronouns inside a quotation are its speaker. Modality
(negated, hypothetical), conditional threats and dates are decided here too. The same event restated
in the article is coded once.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from .actors import ArticleActors, Referent
from .dates import TemporalExpression, find_expressions
from .errors import DataFileError
from .nlp import doc_text
from .plover import TYPES as PLOVER_TYPES, is_mode, modes as plover_modes
from .records import Event, Quote
from .resources import data_path, load_yaml

LEXICON = "lexicon/events.yaml"
LEXICON_DIR = "lexicon/events"  # sense files, one per group of PLOVER types
VERB_SOURCE = ("subject",)
NOUN_SOURCE = ("poss", "modifier", "prep:by", "governor_subject")
DEFAULT_TARGET = ("object", "dative", "prep:to", "prep:against", "prep:at", "prep:with", "prep:on", "prep:from")
NEEDS = {"negated", "xcomp", "negated_complement", "as", "target"}
ABSORBABLE = {"object", "xcomp", "ccomp", "acl", "prep:for", "prep:of", "prep:to", "prep:with", "prep:on", "prep:over", "prep:against"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "obj", "attr", "oprd"}
NP_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "appos")
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
MATERIAL_CONFLICT = {"ASSAULT", "COERCE", "MOBILIZE"}
# How far back (in tokens, about three paragraphs) the same actor's dated act still dates an undated one
STORY_REACH_TOKENS = 400
CONFLICT_TYPES_FOR_THREAT = {"REJECT", "ASSAULT", "SANCTION", "COERCE", "MOBILIZE"}
COMMITMENT_TYPES = {"AGREE", "THREATEN"}
FUTURE_AUX = {"will", "'ll", "shall", "would"}


@dataclass(frozen=True)
class Frame:
    lemma: str
    pos: str  # verb | noun | adjective
    type: str
    mode: str | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = DEFAULT_TARGET
    objects: frozenset[str] = frozenset()
    particle: str | None = None
    needs: frozenset[str] = frozenset()
    inverse: bool = False
    absorbs: frozenset[str] = frozenset()
    predicate: str | None = None
    only_predicate: bool = False
    skip_acl: bool = True
    heads: frozenset[str] = frozenset()
    hypothetical_if_modified: frozenset[str] = frozenset()
    unless_complement: frozenset[str] = frozenset()
    fallback: bool = True  # may the target fall back to the paragraph's main actor?
    ref: str | None = None  # where the sense comes from (a PETRARCH-2 code, a PLOVER codebook section)


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, tuple[Frame, ...]]
    nouns: dict[str, tuple[Frame, ...]]
    adjectives: dict[str, tuple[Frame, ...]]
    light_verbs: frozenset[str]
    hypothetical_governors: frozenset[str]
    hypothetical_auxiliaries: frozenset[str]
    conditional_markers: frozenset[str]
    time_barriers: frozenset[str]
    background_markers: frozenset[str]
    actor_sharing_preps: frozenset[str]
    stative_verbs: frozenset[str]
    fallback_types: frozenset[str]
    joint_types: frozenset[str]
    group_nouns: frozenset[str]

    def frames_for(self, token: Token) -> tuple[Frame, ...]:
        lemma = token.lemma_.lower()
        if token.pos_ in {"VERB", "AUX"}:
            return self.verbs.get(lemma, ())
        if token.pos_ in {"NOUN", "PROPN"}:
            return self.nouns.get(lemma, ()) or self.nouns.get(token.lower_, ())
        if token.pos_ == "ADJ":
            frames = self.adjectives.get(lemma, ())
            if not frames and token.tag_ == "VBN":  # a participle the tagger calls an adjective
                frames = self.verbs.get(lemma, ())
            return frames
        return ()


@lru_cache(maxsize=1)
def default_lexicon() -> EventLexicon:
    return load_lexicon()


def lexicon_files() -> list[str]:
    """The core lexicon, then every sense file of ``lexicon/events/`` in name order.

    Sense files hold only ``verbs``, ``nouns`` and ``adjectives`` (one file per group of PLOVER
    types, each entry with its source), so a verb sense is added without touching the engine or the
    core file. A lemma listed in several files keeps all its frames, core file first: frames are
    tried in order and the first that fits is used.
    """
    folder = data_path(LEXICON_DIR)
    extra = sorted(f"{LEXICON_DIR}/{f.name}" for f in folder.iterdir() if f.name.endswith(".yaml")) if folder.is_dir() else []
    return [LEXICON, *extra]


def load_lexicon() -> EventLexicon:
    files = lexicon_files()
    data = load_yaml(LEXICON)
    sections: dict[str, dict[str, tuple[Frame, ...]]] = {}
    for section, pos in (("verbs", "verb"), ("nouns", "noun"), ("adjectives", "adjective")):
        sections[section] = {}
        for relative in files:
            path = str(data_path(relative))
            content = data if relative == LEXICON else (load_yaml(relative) or {})
            if relative != LEXICON and set(content) - {"verbs", "nouns", "adjectives"}:
                raise DataFileError(path, "a sense file holds only verbs, nouns and adjectives",
                                    field=sorted(set(content) - {"verbs", "nouns", "adjectives"})[0])
            for lemma, spec in (content.get(section) or {}).items():
                specs = spec if isinstance(spec, list) else [spec]
                frames = tuple(_frame(path, section, str(lemma), pos, s) for s in specs)
                if relative != LEXICON and any(not f.ref for f in frames):
                    raise DataFileError(path, "every sense in a sense file needs its ref (where it comes from)",
                                        entry=f"{section}.{lemma}", field="ref")
                sections[section][str(lemma)] = sections[section].get(str(lemma), ()) + frames
    words = lambda name: frozenset(str(w).lower() for w in data.get(name) or [])  # noqa: E731
    return EventLexicon(sections["verbs"], sections["nouns"], sections["adjectives"], words("light_verbs"),
                        words("hypothetical_governors"), words("hypothetical_auxiliaries"),
                        words("conditional_markers"), words("time_barriers"), words("background_markers"),
                        words("actor_sharing_preps"), words("stative_verbs"),
                        frozenset(str(t).upper() for t in data.get("fallback_types") or []),
                        frozenset(str(t).upper() for t in data.get("joint_types") or []),
                        words("group_nouns"))


def _frame(path: str, section: str, lemma: str, pos: str, spec: Any) -> Frame:
    entry = f"{section}.{lemma}"
    if not isinstance(spec, dict):
        raise DataFileError(path, "a frame must be a mapping", entry=entry)
    known = set(Frame.__dataclass_fields__) - {"lemma", "pos"}
    for key in spec:
        if key not in known:
            raise DataFileError(path, f"unknown field (known: {', '.join(sorted(known))})", entry=entry, field=key)
    event_type = spec.get("type")
    if event_type not in PLOVER_TYPES:
        raise DataFileError(path, f"must be one of the 16 PLOVER types, not {event_type!r}", entry=entry, field="type")
    for key in ("predicate",):
        if spec.get(key) is not None and spec[key] not in PLOVER_TYPES:
            raise DataFileError(path, "must be a PLOVER type", entry=entry, field=key)
    # modes come from the ontology only: an invented one would reach the PLOVER and CAMEO exports
    mode = spec.get("mode")
    if mode is not None and not is_mode(event_type, mode):
        allowed = ", ".join(plover_modes(event_type)) or "none, leave mode out"
        raise DataFileError(path, f"{mode!r} is not a PLOVER mode of {event_type} (its modes: {allowed})",
                            entry=entry, field="mode")
    needs = frozenset(spec.get("needs") or [])
    if needs - NEEDS:
        raise DataFileError(path, f"unknown condition {sorted(needs - NEEDS)}", entry=entry, field="needs")
    absorbs = frozenset(spec.get("absorbs") or [])
    if absorbs - ABSORBABLE:
        raise DataFileError(path, f"unknown dependency {sorted(absorbs - ABSORBABLE)}", entry=entry, field="absorbs")
    default_source = VERB_SOURCE if pos == "verb" else NOUN_SOURCE
    lower = lambda name: frozenset(str(w).lower() for w in spec.get(name) or [])  # noqa: E731
    return Frame(
        lemma=lemma, pos=pos, type=event_type, mode=spec.get("mode"),
        source=tuple(spec.get("source") or default_source),
        target=tuple(spec.get("target") or DEFAULT_TARGET),
        objects=lower("objects"), particle=spec.get("particle"), needs=needs,
        inverse=bool(spec.get("inverse", False)), absorbs=absorbs, predicate=spec.get("predicate"),
        only_predicate=bool(spec.get("only_predicate", False)), skip_acl=bool(spec.get("skip_acl", True)),
        heads=lower("heads"), hypothetical_if_modified=lower("hypothetical_if_modified"),
        fallback=bool(spec.get("fallback", True)), unless_complement=lower("unless_complement"),
        ref=str(spec["ref"]) if spec.get("ref") else None,
    )


# --- per-article context ----------------------------------------------------------------------------

@dataclass
class Candidate:
    trigger: Token
    frame: Frame
    type: str
    source: Referent | None
    target: Referent | None
    target_fallback: bool
    negated: bool
    hypothetical: bool
    date: str | None = None
    date_explicit: bool = False  # from the text: the sentence itself or the story around it
    date_basis: str = "published"
    absorbed: bool = False
    # further actors of the same slot: coordination ("Egypt and Qatar agreed"), "between A and B",
    # groups ("the two countries"); expanded into events of their own at the end (_expand)
    co_sources: list[Referent] = field(default_factory=list)
    co_targets: list[Referent] = field(default_factory=list)
    reciprocal: bool = False  # "accused each other": every source acts on every other


@dataclass
class ArticleEvents:
    doc: Doc
    actors: ArticleActors
    quotes: list[Quote]
    published: str | None
    lexicon: EventLexicon
    quote_starts: list[int] = field(init=False)
    text: str = field(init=False)  # doc.text joins every token on each call: read it once here
    groups: list[tuple[int, list[Referent]]] | None = None  # coordinations of actors, by end token (lazy)

    def __post_init__(self) -> None:
        self.text = doc_text(self.doc)
        self.quotes = sorted(self.quotes, key=lambda q: q.span[0])
        self.quote_starts = [q.span[0] for q in self.quotes]

    def group_before(self, token: Token, size: int | None) -> list[Referent]:
        """The latest list of actors named together before ``token`` ("Armenia and Azerbaijan",
        "between A and B"), of ``size`` members when a number is given, within STORY_REACH_TOKENS."""
        if self.groups is None:
            self.groups = []  # while the coordinations are collected, a group noun refers to none
            self.groups = _coordinations(self)
        for end, members in reversed(self.groups):
            if end >= token.i:
                continue
            if token.i - end > STORY_REACH_TOKENS:
                break
            if size is None or len(members) == size:
                return members
        return []

    def quote_at(self, char: int) -> Quote | None:
        i = bisect.bisect_right(self.quote_starts, char) - 1
        if i >= 0 and self.quotes[i].span[0] <= char < self.quotes[i].span[1]:
            return self.quotes[i]
        return None

    def speaker_at(self, token: Token) -> Referent | None:
        quote = self.quote_at(token.idx)
        if quote is None or quote.speaker_actor is None:
            return None
        return Referent(quote.speaker_actor, "person", quote.speaker or "", quote.speaker)


def extract_events(doc: Doc, actors: ArticleActors, quotes: list[Quote], published: str | None,
                   lexicon: EventLexicon | None = None) -> list[Event]:
    """The events ``doc`` reports, each once, in document order."""
    ctx = ArticleEvents(doc, actors, quotes, published, lexicon or default_lexicon())
    candidates: list[Candidate] = []
    for sentence in doc.sents:
        found = [c for token in sentence for c in _candidates_at(token, ctx)]
        _mark_absorbed(found)
        found = _complete_nominal_sources([c for c in found if not c.absorbed], ctx)
        if not found:
            _date_previous_act(sentence, ctx, candidates)
        _assign_dates(found, sentence, ctx, candidates)
        candidates.extend(found)
    return [_to_event(c, ctx) for c in _expand(_dedupe(candidates), ctx.lexicon)]


def _candidates_at(token: Token, ctx: ArticleEvents) -> Iterable[Candidate]:
    for frame in ctx.lexicon.frames_for(token):
        candidate = _apply(frame, token, ctx)
        if candidate is not None:
            yield candidate
            return


# --- applying a frame ------------------------------------------------------------------------------

def _apply(frame: Frame, token: Token, ctx: ArticleEvents) -> Candidate | None:
    if frame.pos == "verb" and frame.skip_acl and token.dep_ == "acl" and token.tag_ == "VBN":
        return None  # "troops deployed in X" describes the troops; it does not report a deployment
    if token.tag_ == "VBN" and token.dep_ in {"acomp", "xcomp", "oprd"} and \
            token.head.lemma_.lower() in ctx.lexicon.stative_verbs:
        return None  # "troops remain deployed": a state of affairs, not an act
    if frame.pos == "adjective" and token.head.lemma_.lower() not in frame.heads:
        return None
    if frame.pos != "verb" and _in_background(token, ctx.lexicon):
        return None  # "amid Russia's invasion of Ukraine": circumstance, not the news
    anchor = token.head if frame.pos == "adjective" else token
    if frame.particle and not any(c.dep_ == "prt" and c.lower_ == frame.particle for c in token.children):
        return None
    if frame.objects and not _objects_fit(token, frame.objects, ctx):
        return None
    negated = _is_negated(token)
    if frame.pos == "noun" and token.dep_ in OBJECT_DEPS and token.head.lemma_.lower() in ctx.lexicon.light_verbs:
        negated = negated or _is_negated(token.head)  # "did not announce a withdrawal"
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
    if "negated_complement" in frame.needs:
        complements = [c for c in token.children if c.dep_ == "ccomp"]
        if not any(_is_negated(c) for c in complements):
            return None
        negated = False  # "insisted that X did not ..." is an assertion of a denial, not a negated event
    event_type = frame.type
    speaker = ctx.speaker_at(token)
    if frame.predicate and _is_predicate_noun(token):
        return _predicate_event(frame, token, ctx, speaker)
    if frame.only_predicate:
        return None
    source = _first(frame.source, anchor, ctx, speaker, exclude=None)
    if frame.inverse:
        recipient = _first(("subject",), anchor, ctx, speaker, exclude=None)
        source = _first(frame.target, anchor, ctx, speaker, exclude=recipient.key if recipient else None)
        target, fallback = recipient, False
        if source is None:
            source = _requested_from(ctx, token, recipient)
    else:
        target = _first(frame.target, anchor, ctx, speaker, exclude=source.key if source else None)
        fallback = False
    if source is None or source.key is None:
        if frame.pos == "verb":
            return None
        source = None  # a nominal event may take its actor from the event that governs it
    if target is None and frame.fallback and source is not None and event_type in ctx.lexicon.fallback_types:
        target = _topic(ctx, token, exclude=source.key, event_type=event_type)
        fallback = target is not None
    co_sources = _co_actors(frame.source, anchor, ctx, speaker, source) if source is not None and not frame.inverse else []
    co_targets = _co_actors(frame.target, anchor, ctx, speaker, target) if target is not None and not fallback else []
    reciprocal = _is_reciprocal(anchor)
    if reciprocal and co_sources and (target is None or fallback):
        target, fallback = None, False
    if source is not None and target is None and co_sources and event_type in ctx.lexicon.joint_types:
        # "Egypt and Qatar agreed": a joint act of the parties on each other
        target, co_sources = co_sources[0], co_sources[1:]
    if source is None:
        # "talks between A and B", "clashes between A and B": the parties are both sides
        between = [r for r in _slot("prep:between", anchor, ctx, speaker) if r.key]
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
    hypothetical = _is_hypothetical(token, frame, ctx.lexicon)
    if event_type in CONFLICT_TYPES_FOR_THREAT and _is_conditional_consequence(token, ctx.lexicon):
        event_type, hypothetical = "THREATEN", False
    if event_type in COMMITMENT_TYPES:
        hypothetical = hypothetical and _under_condition(token, ctx.lexicon)  # a promise is not a mere possibility
    return Candidate(token, frame, event_type, source, target, fallback, negated, hypothetical,
                     co_sources=co_sources, co_targets=co_targets, reciprocal=reciprocal)


def _co_actors(slots: Iterable[str], token: Token, ctx: ArticleEvents, speaker: Referent | None,
               first: Referent) -> list[Referent]:
    """The other actors coordinated with ``first`` in the slot that gave it: "[Armenia] and
    Azerbaijan", "A, B and C", "Japarov and his Tajik counterpart Rahmon".

    Only coordinated noun phrases count, each by the actor it names itself; an actor that merely
    modifies the phrase ("the Armenian-Azerbaijani border") does not make a second party."""
    for slot in slots:
        refs = [r for r in _slot(slot, token, ctx, speaker) if r.key]
        if not any(r.key == first.key for r in refs):
            continue
        heads = _slot_heads(slot, token)
        if not heads:  # a subject found by position: the run of coordinated actors before the verb
            candidates = refs if len(refs) > 1 else []
        else:
            candidates = [r for h in heads for r in _conjunct_refs(h, ctx)]
        out, seen = [], {first.key}
        for r in candidates:
            if r.key not in seen:
                seen.add(r.key)
                out.append(r)
        return out
    return []


def _slot_heads(slot: str, token: Token) -> list[Token]:
    if slot == "subject":
        current = token
        for _ in range(6):
            subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
            if subjects:
                return subjects
            if current.head.i == current.i or current.dep_ not in {"conj", "xcomp", "advcl"}:
                return []
            current = current.head
        return []
    if slot == "object":
        return [c for c in token.children if c.dep_ in OBJECT_DEPS | {"nsubjpass"}]
    if slot.startswith("prep:"):
        return _prep_objects(token, slot[5:])
    if slot in {"poss", "modifier"}:
        return [c for c in token.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
    return []


def _conjunct_refs(head: Token, ctx: ArticleEvents) -> list[Referent]:
    """The actors of a noun phrase and of the phrases coordinated with it, each phrase's own; empty
    when nothing is coordinated."""
    # "South Korea, the US and Japan": the parser makes the second an apposition, the third its conjunct
    listed = [c for c in head.children if c.dep_ == "appos" and c.conjuncts]
    phrases = [head, *head.conjuncts, *(t for c in listed for t in [c, *c.conjuncts])]
    if len(phrases) < 2:
        return _group_members(head, ctx)
    return [r for r in (_phrase_ref(t, ctx) for t in phrases) if r is not None]


def _phrase_ref(token: Token, ctx: ArticleEvents) -> Referent | None:
    """The actor a noun phrase names itself, without its coordinated phrases or a possessive pronoun:
    "[his Tajik counterpart Emomali Rahmon]" is TJK, not whoever "his" is."""
    nested = {x.i for c in token.children if c.dep_ in {"conj", "cc"} for x in c.subtree}
    own = [x for x in token.subtree if x.i not in nested]
    for x in sorted(own, key=lambda x: x.i != token.i):  # the head's own mention first
        mention = ctx.actors.mention_at(x.i)
        if mention is not None and mention.key:
            return ctx.actors.referent(mention)
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
        return None
    refs = [r for r in _referent_list(token, ctx, None) if r.key]
    return refs[0] if refs else None


def _coordinations(ctx: ArticleEvents) -> list[tuple[int, list[Referent]]]:
    """Every list of two or more distinct actors named together in the article, in order."""
    found: list[tuple[int, list[Referent]]] = []
    for token in ctx.doc:
        # "South Korea, the US and Japan": the parser makes the second an apposition with the third
        # its conjunct, so the head has no conjuncts of its own (actors: "the three leaders")
        listed = any(c.dep_ == "appos" and c.conjuncts for c in token.children)
        if token.dep_ == "conj" or not (token.conjuncts or listed):
            continue
        refs: list[Referent] = []
        for r in _conjunct_refs(token, ctx):
            if r.key and all(r.key != k.key for k in refs):
                refs.append(r)
        if len(refs) >= 2:
            found.append((max(c.i for c in [token, *token.conjuncts]), refs))
    return found


def _group_members(token: Token, ctx: ArticleEvents) -> list[Referent]:
    """ "the two countries", "both sides", "the four Arab states" -> the actors last named together."""
    if token.lemma_.lower() not in ctx.lexicon.group_nouns or token.tag_ not in {"NNS", "NNPS"}:
        return []
    size = None
    for c in token.children:
        if c.dep_ == "nummod":
            size = NUMBER_WORDS.get(c.lower_) or (int(c.text) if c.text.isdigit() else None)
        elif c.lower_ == "both" or (c.dep_ == "det" and c.lower_ == "both"):
            size = 2
    if size is None and not any(c.lower_ in {"the", "both"} for c in token.children):
        return []
    return ctx.group_before(token, size)


group_members = _group_members  # actors hook: quote speakers ("the three leaders said") use the same groups

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _is_reciprocal(token: Token) -> bool:
    """ "accused each other", "blamed one another"."""
    for c in [*token.children, *(g for p in token.children if p.dep_ == "prep" for g in p.children)]:
        if c.lower_ in {"other", "another"} and any(d.lower_ in {"each", "one"} for d in c.children) \
                or (c.lower_ == "each" and any(d.lower_ == "other" for d in c.children)):
            return True
    return False


def _expand(candidates: list[Candidate], lexicon: EventLexicon) -> list[Candidate]:
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


def _predicate_event(frame: Frame, token: Token, ctx: ArticleEvents, speaker: Referent | None) -> Candidate | None:
    """ "X said the alliance is becoming a threat to his country" -> X ACCUSE the alliance."""
    copula = token.head
    speech = copula.head if copula.dep_ in {"ccomp", "xcomp"} else None
    if speech is None or speech.pos_ not in {"VERB", "AUX"}:
        return None
    source = _first(("subject",), speech, ctx, speaker, exclude=None) or speaker
    subjects = [c for c in copula.children if c.dep_ in SUBJECT_DEPS]
    target = _referent(subjects[0], ctx, speaker) if subjects else None
    if source is None or source.key is None or target is None or target.key in {None, source.key}:
        return None
    return Candidate(token, frame, frame.predicate or "ACCUSE", source, target, False, _is_negated(copula), False)


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


def _object_lemmas(token: Token) -> set[str]:
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ in OBJECT_DEPS or child.dep_ in {"nsubjpass", "dative"}:
            lemmas |= {child.lemma_.lower(), child.lower_}
            lemmas |= {c.lemma_.lower() for c in child.conjuncts}
        elif child.dep_ in {"prep", "agent"}:
            lemmas |= {g.lemma_.lower() for g in child.children if g.dep_ == "pobj"}
            lemmas |= {g.lower_ for g in child.children if g.dep_ == "pobj"}
    if token.dep_ in {"acl", "relcl"}:  # "the contract ... signed", "offers to provide"
        lemmas.add(token.head.lemma_.lower())
    return lemmas


def _is_negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.pos_ in {"NOUN", "PROPN"}:
        return any(c.dep_ == "det" and c.lower_ in {"no"} for c in token.children)
    return False


# --- slots --------------------------------------------------------------------------------------------

def _first(slots: Iterable[str], token: Token, ctx: ArticleEvents, speaker: Referent | None,
           exclude: str | None) -> Referent | None:
    for slot in slots:
        for ref in _slot(slot, token, ctx, speaker):
            if ref.key is not None and ref.key != exclude:
                return ref
    return None


def _slot(slot: str, token: Token, ctx: ArticleEvents, speaker: Referent | None) -> list[Referent]:
    if slot == "subject":
        return _subject(token, ctx, speaker)
    if slot == "object":
        deps = {"nsubjpass"} if _is_passive(token) else OBJECT_DEPS
        return _refs([c for c in token.children if c.dep_ in deps], ctx, speaker)
    if slot == "dative":
        return _refs([c for c in token.children if c.dep_ in {"dative", "iobj"}], ctx, speaker)
    if slot == "poss":
        return _refs([c for c in token.children if c.dep_ == "poss"], ctx, speaker)
    if slot == "modifier":
        # a capital modifying a noun is a place ("the Paris attacks"), not the actor
        modifiers = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}
                     and getattr(ctx.actors.mention_at(c.i), "via", None) != "capital"]
        return _refs(modifiers, ctx, speaker)
    if slot.startswith("prep:"):
        return _refs(_prep_objects(token, slot[5:]), ctx, speaker)
    if slot == "complement":
        return _complement(token, ctx, speaker)
    governor = _governor(token)
    if governor is None:
        return []
    if slot == "governor_subject":
        light = governor.lemma_.lower() in ctx.lexicon.light_verbs and token.dep_ in {"dobj", "attr"}
        return _subject(governor, ctx, speaker) if light else []
    if slot == "governor_object":
        return _slot("object", governor, ctx, speaker) or _slot("prep:to", governor, ctx, speaker)
    if slot.startswith("governor_prep:"):
        return _refs(_prep_objects(governor, slot[len("governor_prep:"):]), ctx, speaker)
    return []


def _governor(token: Token) -> Token | None:
    """The verb (or noun) a nominal trigger hangs from: "launched [an offensive]", "in [a blockade]"."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ in {"prep", "agent"}:
        head = head.head
    if token.dep_ in {"amod", "compound"}:
        head = head.head if head.dep_ in {"dobj", "pobj", "nsubj"} else head
        if head.dep_ == "prep":
            head = head.head
    if token.dep_ in {"xcomp", "advcl", "conj", "acl", "relcl"}:
        head = token.head
    return head if head.i != token.i else None


def _is_passive(token: Token) -> bool:
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children):
        return True
    # "Asked about the base, he said ...": a participle clause without auxiliary is passive
    return token.tag_ == "VBN" and token.dep_ == "advcl" and not any(c.dep_ == "aux" for c in token.children)


def _subject(token: Token, ctx: ArticleEvents, speaker: Referent | None) -> list[Referent]:
    current = token
    for _ in range(6):  # climb through conjoined, controlled and embedded verbs to find a subject
        if _is_passive(current):
            agents = [g for c in current.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            # "when Armenia has been attacked": no agent, so no actor; the subject is the victim
            return _refs(agents, ctx, speaker)
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "csubj"}]
        if subjects:
            return _refs(subjects, ctx, speaker)
        if current.tag_ in FINITE_TAGS and current.dep_ != "conj":
            # a finite clause has a subject of its own, even when the parser hung it elsewhere:
            # "a day after Azerbaijan launched an offensive"; coordinated verbs share the first one's
            return _actors_just_before(current, ctx)
        if current.head.i == current.i:
            break
        if current.dep_ in {"acl", "relcl"} and current.pos_ in {"VERB", "AUX"}:
            return _refs([current.head], ctx, speaker)
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            governor = current.head.head
            # "criticized Yerevan for rejecting": the object of the governing verb does the act
            objects = [c for c in governor.children if c.dep_ == "dobj"] if governor.pos_ == "VERB" else []
            if objects and current.head.lower_ in {"for", "of"}:
                return _refs(objects, ctx, speaker)
            current = governor
            continue
        if current.dep_ in {"conj", "xcomp", "advcl", "advmod", "acomp", "dobj", "pobj", "attr"}:
            current = current.head
            if current.dep_ == "prep":
                current = current.head
            continue
        break
    return []


FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def _actors_just_before(verb: Token, ctx: ArticleEvents) -> list[Referent]:
    """The actor named right before a verb, with no other verb between them, with the actors
    coordinated with it there ("…, Putin and Aliyev discussed"): nearest first."""
    found: list[Referent] = []
    for t in reversed(verb.doc[max(verb.sent.start, verb.i - 4):verb.i]):
        if t.pos_ in {"VERB", "CCONJ", "ADP"} or t.is_punct:
            break
        mention = ctx.actors.mention_at(t.i)
        if mention is not None and mention.key:
            found.append(ctx.actors.referent(mention))
            start = mention.tok_start
            # "A and B", "A, B and C" right before: the run of coordinated actors
            while start >= 2 and verb.doc[start - 1].lower_ in {"and", ","}:
                previous = ctx.actors.mention_at(start - 2)
                if previous is None or not previous.key:
                    break
                found.append(ctx.actors.referent(previous))
                start = previous.tok_start
            break
    return found


def _prep_objects(token: Token, lemma: str) -> list[Token]:
    """Objects of preposition ``lemma`` under the trigger, or under its direct object ("action from Moscow")."""
    out: list[Token] = []
    # the trigger, its objects, and participles describing it ("operations launched along the border")
    heads = [token] + [c for c in token.children if c.dep_ in OBJECT_DEPS or (c.dep_ == "acl" and c.tag_ == "VBN")]
    for head in heads:
        for child in head.children:
            if child.dep_ in {"prep", "agent", "dative"} and child.lower_ == lemma:
                out.extend(g for g in child.children if g.dep_ in {"pobj", "pcomp"})
        for child in head.children:  # "pull Armenia out of the CSTO": prt "out" + prep "of"
            if child.dep_ == "prt" and lemma == "of":
                out.extend(g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                           for g in c.children if g.dep_ == "pobj")
    return out


def _complement(token: Token, ctx: ArticleEvents, speaker: Referent | None) -> list[Referent]:
    """An actor in the clause the trigger governs, other than that clause's subject."""
    out: list[Referent] = []
    objects = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    # clauses under the trigger, and under its object ("signed a contract [to buy French rifles]")
    clauses = [c for c in token.children if c.dep_ in {"ccomp", "xcomp", "acl", "prep"}] + \
        [c for o in objects for c in o.children if c.dep_ in {"acl", "relcl"}]
    for clause in clauses:
        subjects = {c.i for c in clause.children if c.dep_ in SUBJECT_DEPS}
        in_subject = {t.i for s in subjects for t in token.doc[s].subtree}
        for t in clause.subtree:
            if t.i in in_subject:
                continue
            mention = ctx.actors.mention_at(t.i)
            if mention is not None and mention.key:
                out.append(ctx.actors.referent(mention))
            elif t.dep_ in {"poss", "dobj", "pobj"} and t.pos_ in {"NOUN", "PRON"}:
                # "committed to defending the country's borders": a description or pronoun
                described = ctx.actors.resolve_description(t, ctx.speaker_at(t) or speaker)
                if described is not None and described.key:
                    out.append(described)
        for s in subjects:
            out.extend(_referent_list(token.doc[s], ctx, speaker))
    return out


def _refs(tokens: Iterable[Token], ctx: ArticleEvents, speaker: Referent | None) -> list[Referent]:
    out: list[Referent] = []
    for token in tokens:
        out.extend(_referent_list(token, ctx, speaker))
    return out


def _referent(token: Token, ctx: ArticleEvents, speaker: Referent | None) -> Referent | None:
    refs = _referent_list(token, ctx, speaker)
    return refs[0] if refs else None


def _referent_list(token: Token, ctx: ArticleEvents, speaker: Referent | None, depth: int = 0) -> list[Referent]:
    """Actors a noun phrase stands for, most direct first: the head, its modifiers, its of-phrase."""
    if depth > 3:
        return []
    actors = ctx.actors
    mention = actors.mention_at(token.i)
    if mention is not None and mention.key:
        # "the Armenian-Azerbaijani border": both sides, the head's own actor first
        paired = [actors.referent(m) for c in token.children if c.dep_ in {"amod", "compound", "conj"}
                  for m in [actors.mention_at(c.i)] if m is not None and m.key and m.key != mention.key]
        return [actors.referent(mention), *paired]
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return _referent_list(token.head.head, ctx, speaker, depth + 1)
    if token.pos_ == "PRON":
        speaker_here = ctx.speaker_at(token) or speaker
        if token.lower_ in {"they", "them", "their", "theirs"}:
            ref = _plural_antecedent(token, ctx)
        else:
            ref = actors.resolve_pronoun(token, speaker_here)
        return [ref] if ref and ref.key else []
    group = _group_members(token, ctx)
    if group:
        return list(group)
    out: list[Referent] = []
    described = actors.resolve_description(token, ctx.speaker_at(token) or speaker)
    if described is not None and described.key:
        out.append(described)
    children = sorted(token.children, key=lambda c: NP_MODIFIER_DEPS.index(c.dep_) if c.dep_ in NP_MODIFIER_DEPS else 99)
    for child in children:
        if child.dep_ in NP_MODIFIER_DEPS:
            out.extend(_referent_list(child, ctx, speaker, depth + 1))
        elif child.dep_ in {"prep", "agent"} and child.lower_ in {"of", "by"}:
            out.extend(r for g in child.children if g.dep_ == "pobj"
                       for r in _referent_list(g, ctx, speaker, depth + 1))
    for conj in token.conjuncts:
        if conj.i > token.i:
            m = actors.mention_at(conj.i)
            if m is not None and m.key:
                out.append(actors.referent(m))
    return out


def _plural_antecedent(token: Token, ctx: ArticleEvents) -> Referent | None:
    """ "they"/"them": the last plural group or organisation named as an object or subject nearby."""
    doc = token.doc
    start = doc[token.sent.start - 1].sent.start if token.sent.start > 0 else 0
    best: Referent | None = None
    best_group: Referent | None = None
    for m in ctx.actors.mentions:
        if m.tok_end > token.i or m.tok_start < start or not m.key or m.kind == "person":
            continue
        head = doc[m.tok_end - 1]
        while head.dep_ in {"compound", "amod", "poss"} and head.head.i > head.i:
            head = head.head
        if m.kind in {"organisation", "alliance"}:
            best_group = ctx.actors.referent(m)
        elif head.tag_ in {"NNS", "NNPS"} and head.dep_ in {"dobj", "nsubj", "dative", "nsubjpass"}:
            best = ctx.actors.referent(m)
    return best_group or best


def _requested_from(ctx: ArticleEvents, token: Token, recipient: Referent | None) -> Referent | None:
    """Who was asked for the help that was (not) received: the target of the recipient's last request."""
    if recipient is None:
        return None
    for mention_key in _recent_request_targets(ctx, token, recipient.key):
        return Referent(mention_key, ctx.actors.dictionary.actor_kind(mention_key), mention_key)
    return None


def _recent_request_targets(ctx: ArticleEvents, token: Token, requester: str | None) -> list[str]:
    found = []
    for sentence in token.doc.sents:
        if sentence.start > token.i:
            break
        for t in sentence:
            if t.i >= token.i:
                break
            for frame in ctx.lexicon.frames_for(t):
                if frame.type == "REQUEST":
                    c = _apply(frame, t, ctx)
                    if c is not None and c.source.key == requester and c.target and c.target.key:
                        found.append(c.target.key)
                    break
    return list(reversed(found))


def _topic(ctx: ArticleEvents, token: Token, exclude: str | None, event_type: str | None = None) -> Referent | None:
    """The actor most talked about in this paragraph and the one before: the recipient left implicit.

    Places ("a summit in Vilnius") do not count; organisations weigh more than states, and states
    more than other entities, because an implicit recipient of a request or complaint is mostly the
    alliance or government the story is about.
    """
    doc = token.doc
    text = ctx.text
    para_start = text.rfind("\n", 0, token.idx) + 1
    prev_start = text.rfind("\n", 0, max(0, para_start - 1)) + 1 if para_start > 0 else 0
    para_end = text.find("\n", token.idx)
    para_end = len(text) if para_end == -1 else para_end
    counts: Counter[str] = Counter()
    last_seen: dict[str, int] = {}
    for m in ctx.actors.mentions:
        if prev_start <= m.start < para_end and m.key and m.key != exclude and not _is_place(doc, m):
            weights = MATERIAL_TOPIC_WEIGHTS if event_type in MATERIAL_CONFLICT else TOPIC_WEIGHTS
            counts[m.key] += weights.get(ctx.actors.dictionary.actor_kind(m.key), 1.0)
            last_seen[m.key] = m.start
    if not counts:
        return None
    key = max(counts, key=lambda k: (counts[k], last_seen[k]))
    return Referent(key, ctx.actors.dictionary.actor_kind(key), ctx.actors.dictionary.actor_name(key))


TOPIC_WEIGHTS = {"alliance": 1.5, "organisation": 1.5, "state": 1.0, "entity": 0.5}
# force is used on states and armed groups on the ground; an organisation is rarely the one attacked
MATERIAL_TOPIC_WEIGHTS = {"alliance": 0.5, "organisation": 0.5, "state": 1.0, "entity": 1.0}
LOCATIVE_PREPS = {"in", "at", "near", "inside", "within", "across", "around", "from", "to", "into"}


def _is_place(doc: Doc, mention) -> bool:
    head = doc[mention.tok_end - 1]
    if mention.kind == "person":
        return False
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS and mention.via in {"capital", "name"} \
        and head.head.head.pos_ in {"NOUN", "PROPN"}


# --- modality ------------------------------------------------------------------------------------------

def _is_hypothetical(token: Token, frame: Frame, lexicon: EventLexicon) -> bool:
    if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in lexicon.hypothetical_auxiliaries for c in token.children):
        return True
    if frame.hypothetical_if_modified and any(c.lower_ in frame.hypothetical_if_modified for c in token.children):
        return True
    for node in [token, *token.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in {"if", "whether", "unless"} for c in node.children):
            return True
        if node is not token:
            lemma = node.lemma_.lower()
            if lemma in lexicon.hypothetical_governors:
                return True
            if lemma == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in node.children):
                return True
            if any(c.dep_ in {"aux"} and c.lower_ in {"may", "might", "could"} for c in node.children) and node.dep_ != "ROOT":
                return True
    return False


def _under_condition(token: Token, lexicon: EventLexicon) -> bool:
    """Inside an if- or unless-clause: a promise or threat that is itself conditional."""
    return any(any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in node.children)
               for node in [token, *token.ancestors])


def _is_conditional_consequence(token: Token, lexicon: EventLexicon) -> bool:
    """A future act in the consequence of a condition: "If not, Armenia will leave the CSTO"."""
    future = any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in token.children)
    if not future:
        return False
    # a condition stated in its own clause, before or after: not the act's own "if" ("if X leaves, ...")
    return any(t.lower_ in lexicon.conditional_markers and t.head.i != token.i for t in token.sent)


# --- dates -----------------------------------------------------------------------------------------------

def _assign_dates(found: list[Candidate], sentence: Span, ctx: ArticleEvents, earlier: list[Candidate]) -> None:
    if not found:
        return
    expressions = find_expressions(sentence.text, ctx.published, offset=sentence.start_char)
    anchored = [(e, _expression_head(sentence, e)) for e in expressions]
    anchored = [(e, h) for e, h in anchored if h is not None]
    for candidate in found:
        future = any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in candidate.trigger.children)
        best = _attached_expression(candidate.trigger, anchored, ctx.lexicon)
        if best is not None:
            candidate.date = _resolve_future(best, ctx) if future else best.value
            candidate.date_explicit, candidate.date_basis = True, "text"
    for candidate in found:
        if candidate.date is None:
            candidate.date, candidate.date_explicit = _inherited_date(candidate, found, ctx, earlier)
            candidate.date_basis = "context" if candidate.date_explicit else "published"


def _date_previous_act(sentence: Span, ctx: ArticleEvents, earlier: list[Candidate]) -> None:
    """ "He most recently did so on March 12": the date belongs to the act of the sentence before."""
    if not earlier or not any(t.lemma_ == "do" and any(c.lower_ == "so" for c in t.children) for t in sentence):
        return
    expressions = find_expressions(sentence.text, ctx.published, offset=sentence.start_char)
    previous_sentence = earlier[-1].trigger.sent
    if not expressions or previous_sentence.end != sentence.start and \
            sentence.doc[previous_sentence.end:sentence.start].text.strip():
        return
    for candidate in earlier:
        if candidate.trigger.sent == previous_sentence and not candidate.date_explicit:
            candidate.date, candidate.date_explicit, candidate.date_basis = expressions[0].value, True, "context"


def _resolve_future(expression: TemporalExpression, ctx: ArticleEvents) -> str:
    """ "will meet on Monday": the next Monday, not the last one."""
    again = find_expressions(expression.text, ctx.published, future=True)
    return again[0].value if again else expression.value


def _expression_head(sentence: Span, expression: TemporalExpression) -> Token | None:
    span = sentence.doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None:
        return None
    return span.root


def _attached_expression(trigger: Token, anchored: list[tuple[TemporalExpression, Token]],
                         lexicon: EventLexicon) -> TemporalExpression | None:
    """The expression in the smallest clause around the trigger, not across a time barrier."""
    chain = [trigger]
    node = trigger
    while node.head.i != node.i:
        if node.lemma_.lower() in lexicon.time_barriers or node.head.lemma_.lower() in lexicon.time_barriers:
            break
        node = node.head
        chain.append(node)
    direct = [e for e, head in anchored if _clause_of(head).i == trigger.i]
    if direct:  # "joined the alliance in April", not "which applied in May 2022"
        return min(direct, key=lambda e: abs(e.start - trigger.idx))
    # climbing, an expression counts only where it modifies a word of the chain itself: in
    # "On 17 July X announced the suspension of the deal, signed in 2022", the suspension is dated by
    # "On 17 July" (on "announced"), not by "in 2022", which dates the signing inside its object
    on_chain = {t.i for t in chain}
    for ancestor in chain:
        inside = [e for e, head in anchored if _within(head, ancestor) and not _in_nested_clause(head, on_chain)]
        if inside:
            return min(inside, key=lambda e: abs(e.start - trigger.idx))
    return None


NESTED_CLAUSE_DEPS = {"acl", "relcl", "advcl", "ccomp", "csubj"}
# an act told relative to another ("asked for help after the offensive launched in September 2022")
# is dated by that other act, whatever clause its date sits in
SEQUENCE_PREPS = {"after", "following", "since"}


def _in_nested_clause(head: Token, on_chain: set[int]) -> bool:
    """Whether an expression sits in a clause of its own below the chain ("the deal, signed in
    2022"), other than one the chain reaches through a preposition of sequence."""
    node, nested = head, False
    while node.i not in on_chain and node.head.i != node.i:
        if node.dep_ in NESTED_CLAUSE_DEPS:
            nested = True
        if node.dep_ == "prep" and node.lower_ in SEQUENCE_PREPS:
            return False
        node = node.head
    return nested


def _clause_of(token: Token) -> Token:
    """The verb (or event noun) a temporal expression modifies."""
    node = token
    while node.head.i != node.i and node.dep_ in {"pobj", "prep", "npadvmod", "nummod", "compound", "amod", "det", "tmod"}:
        node = node.head
    return node


def _within(head: Token, ancestor: Token) -> bool:
    return head.i == ancestor.i or ancestor.is_ancestor(head)


def _inherited_date(candidate: Candidate, found: list[Candidate], ctx: ArticleEvents,
                    earlier: list[Candidate]) -> tuple[str | None, bool]:
    """No date of its own: take the date of the story around it, else the publication date."""
    dated_here = [c for c in found if c.date_explicit]
    if dated_here:
        nearest = min(dated_here, key=lambda c: abs(c.trigger.i - candidate.trigger.i))
        return nearest.date, True
    if earlier:
        previous = earlier[-1]
        same_paragraph = "\n" not in ctx.text[previous.trigger.idx:candidate.trigger.idx]
        near = candidate.trigger.sent.start - previous.trigger.sent.start < STORY_REACH_TOKENS
        if previous.date_explicit and near and (same_paragraph or previous.source.key == candidate.source.key):
            return previous.date, True
    return ctx.published, False


# --- absorption and de-duplication ----------------------------------------------------------------------

def _complete_nominal_sources(found: list[Candidate], ctx: ArticleEvents) -> list[Candidate]:
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
            if governor is not None and not {governor.type, c.type} <= MATERIAL_CONFLICT:
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


def _mark_absorbed(found: list[Candidate]) -> None:
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


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
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


# --- output ------------------------------------------------------------------------------------------------

def _to_event(c: Candidate, ctx: ArticleEvents) -> Event:
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
