"""Whom an event is aimed at when its frame's slots name nobody, and whether it may have no one.

The frame's slots (``referents``) read the recipient from the object, dative and prepositional
phrases. When they find nobody, or only the paragraph's main actor (``referents.topic``), the
sentence and the story often still say whom the act was aimed at:

- a place where the act lands: "bombed targets in Cambodia", "struck positions inside Afghanistan";
- an object noun standing for an earlier act: "welcomed the move", "rejected the accusations" is
  aimed at whoever made that move or those accusations, the latest earlier event of a fitting type;
- an answer to another act: "responded by sending forces", "in response to the drills" is aimed at
  whoever did the act it answers.

What is still without a target afterwards is coded only when its type may be undirected (a summit
held by an organisation, a one-sided deployment): ``codable``. The word lists and that policy are
data, with their sources: ``data/lexicon/targets.yaml``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from ...actors import Referent
from ...errors import DataFileError
from ...plover import TYPES as PLOVER_TYPES, is_mode
from ...resources import data_path, load_yaml
from .context import STORY_REACH_TOKENS, ArticleEvents, Candidate
from .lexicon import OBJECT_DEPS

TARGETS = "lexicon/targets.yaml"
ANY_TYPE = "any"
SOURCE_KINDS = {"state", "organisation", "alliance", "entity", "person"}
# the noun phrase of a place ends where a clause starts: "locations inside Afghanistan [it alleges are hideouts]"
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "appos"}


@dataclass(frozen=True)
class Undirected:
    """An event kind coded without a target: a type, optionally only in one mode or by some sources."""

    type: str
    mode: str | None = None
    source_kinds: frozenset[str] = frozenset()

    def covers(self, event_type: str, mode: str | None, source_kind: str | None) -> bool:
        return event_type == self.type and (self.mode is None or self.mode == mode) and \
            (not self.source_kinds or source_kind in self.source_kinds)


@dataclass(frozen=True)
class TargetRules:
    locative: dict[str, frozenset[str]]  # event type -> prepositions naming where its act lands
    act_nouns: dict[str, frozenset[str]]  # noun -> types of the acts it can stand for ("any")
    response_verbs: frozenset[str]
    response_nouns: frozenset[str]
    counterpart_types: frozenset[str]  # types whose missing target is the source's counterpart in the story
    undirected: tuple[Undirected, ...]
    lone_source: bool  # code a target-less act when the story names no actor but its source


@lru_cache(maxsize=1)
def default_rules() -> TargetRules:
    return load_rules()


def load_rules(relative: str = TARGETS) -> TargetRules:
    path = str(data_path(relative))
    data = load_yaml(relative)
    if not isinstance(data, dict):
        raise DataFileError(path, "the targets file is a mapping (locative, act_nouns, response, undirected)")
    locative: dict[str, frozenset[str]] = {}
    for index, group in enumerate(_section(path, data, "locative", list)):
        entry = f"locative[{index}]"
        _need_ref(path, group, entry)
        preps = _words(path, group, "prepositions", entry)
        for event_type in _types(path, group.get("types"), entry, allow_any=False):
            locative[event_type] = locative.get(event_type, frozenset()) | preps
    act_nouns: dict[str, frozenset[str]] = {}
    for index, group in enumerate(_section(path, data, "act_nouns", list)):
        entry = f"act_nouns[{index}]"
        _need_ref(path, group, entry)
        types = _types(path, group.get("types"), entry, allow_any=True)
        for noun in _words(path, group, "nouns", entry):
            act_nouns[noun] = act_nouns.get(noun, frozenset()) | types
    counter = _section(path, data, "counterpart", dict)
    _need_ref(path, counter, "counterpart")
    response = _section(path, data, "response", dict)
    _need_ref(path, response, "response")
    undirected = []
    for index, spec in enumerate(_section(path, data, "undirected", list)):
        entry = f"undirected[{index}]"
        _need_ref(path, spec, entry)
        (event_type,) = _types(path, [spec.get("type")], entry, allow_any=False, field="type")
        mode = spec.get("mode")
        if mode is not None and not is_mode(event_type, mode):
            raise DataFileError(path, f"{mode!r} is not a PLOVER mode of {event_type}", entry=entry, field="mode")
        kinds = frozenset(str(k) for k in spec.get("source_kinds") or [])
        if kinds - SOURCE_KINDS:
            raise DataFileError(path, f"unknown actor kind {sorted(kinds - SOURCE_KINDS)[0]!r} "
                                      f"(known: {', '.join(sorted(SOURCE_KINDS))})", entry=entry, field="source_kinds")
        undirected.append(Undirected(event_type, mode, kinds))
    lone = _section(path, data, "lone_source", dict)
    _need_ref(path, lone, "lone_source")
    if not isinstance(lone.get("code"), bool):
        raise DataFileError(path, "must be true or false", entry="lone_source", field="code")
    return TargetRules(
        locative=locative,
        act_nouns=act_nouns,
        response_verbs=_words(path, response, "verbs", "response"),
        response_nouns=_words(path, response, "nouns", "response"),
        counterpart_types=_types(path, counter.get("types"), "counterpart", allow_any=False),
        undirected=tuple(undirected),
        lone_source=lone["code"],
    )


def _section(path: str, data: dict, name: str, kind: type) -> Any:
    value = data.get(name)
    if not isinstance(value, kind):
        raise DataFileError(path, f"must be a {'mapping' if kind is dict else 'list'}", field=name)
    for item in value if kind is list else []:
        if not isinstance(item, dict):
            raise DataFileError(path, "each entry is a mapping", field=name)
    return value


def _need_ref(path: str, spec: dict, entry: str) -> None:
    if not spec.get("ref"):
        raise DataFileError(path, "needs its ref (where the words or the rule come from)", entry=entry, field="ref")


def _words(path: str, spec: dict, name: str, entry: str) -> frozenset[str]:
    words = spec.get(name)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise DataFileError(path, "must be a non-empty list of words", entry=entry, field=name)
    return frozenset(w.strip().lower() for w in words)


def _types(path: str, types: Any, entry: str, allow_any: bool, field: str = "types") -> frozenset[str]:
    if not isinstance(types, list) or not types:
        raise DataFileError(path, "must be a non-empty list of PLOVER types", entry=entry, field=field)
    allowed = set(PLOVER_TYPES) | ({ANY_TYPE} if allow_any else set())
    for t in types:
        if t not in allowed:
            raise DataFileError(path, f"must be one of the 16 PLOVER types{' or any' if allow_any else ''}, "
                                      f"not {t!r}", entry=entry, field=field)
    return frozenset(types)


# --- completing targets --------------------------------------------------------------------------

def complete_targets(found: Sequence[Candidate], ctx: ArticleEvents, earlier: Sequence[Candidate],
                     rules: TargetRules | None = None) -> None:
    """Give each candidate of one sentence whose target is missing or only guessed from the paragraph
    the target its sentence or story shows (in place). ``earlier``: the article's events so far."""
    rules = rules or default_rules()
    for index, candidate in enumerate(found):
        if candidate.source is None or candidate.source.key is None:
            continue
        if candidate.target is not None and not candidate.target_fallback:
            continue
        before = [*earlier, *found[:index]]
        target = locative_target(candidate, ctx, rules) or own_act_target(candidate, found) \
            or act_noun_target(candidate, ctx, before, rules) or response_target(candidate, ctx, before, rules)
        # an object that names the act answered ("the accusations") says whose act it was: when no
        # such act is known, the story's counterpart is no better a guess than the paragraph's topic
        if target is None and candidate.type in rules.counterpart_types and _may_guess(candidate, ctx) \
                and not _answered_act_types(candidate, rules):
            target = counterpart(candidate, before)
        if target is not None:
            candidate.target, candidate.target_fallback = target, False


def _may_guess(candidate: Candidate, ctx: ArticleEvents) -> bool:
    """Whether the frame lets the target be guessed from the story and the paragraph gave none
    (referents.topic). A topic the paragraph gives is kept: replacing it by the counterpart lost
    seed events (seeds loose 0.971 -> 0.943 when tried)."""
    return candidate.target is None and candidate.frame.fallback and candidate.type in ctx.lexicon.fallback_types


def counterpart(candidate: Candidate, before: Sequence[Candidate]) -> Referent | None:
    """The other party of the source's latest act with a named party in the story so far, within
    reach: whom the source was last seen acting on or being acted on by. A better guess than the
    actor most mentioned around, who is often the source's ally or the reporting side."""
    source = candidate.source.key
    for event in reversed(before):
        if not _reachable(event, candidate) or event.source is None or event.target is None or event.target_fallback:
            continue
        if event.source.key == source and event.target.key not in {None, source}:
            return event.target
        if event.target.key == source and event.source.key not in {None, source}:
            return event.source
    return None


def locative_target(candidate: Candidate, ctx: ArticleEvents, rules: TargetRules) -> Referent | None:
    """ "bombed targets in Cambodia", "strikes inside Afghanistan": the state where the act lands."""
    preps = rules.locative.get(candidate.type)
    if not preps:
        return None
    trigger = candidate.trigger
    heads = [trigger, *(c for c in trigger.children if c.dep_ in OBJECT_DEPS)]
    if trigger.dep_ in OBJECT_DEPS and trigger.head.pos_ == "VERB":
        heads.append(trigger.head)  # "carried out strikes in Syria": the place hangs from the verb
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            for place in (g for g in prep.children if g.dep_ == "pobj"):
                state = _state_in_phrase(place, ctx, exclude=candidate.source.key)
                if state is not None:
                    return state
    return None


def _state_in_phrase(head: Token, ctx: ArticleEvents, exclude: str | None) -> Referent | None:
    """The first state named in a place's noun phrase, nested places included ("the city of Kherson
    in southern Ukraine"), but not in a clause that describes it."""
    stack, seen = [head], []
    while stack:
        token = stack.pop(0)
        seen.append(token)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)
    for token in sorted(seen, key=lambda t: t.i):
        mention = ctx.actors.mention_at(token.i)
        if mention is not None and mention.key and mention.kind == "state" and mention.key != exclude:
            return ctx.actors.referent(mention)
    return None


def own_act_target(candidate: Candidate, found: Sequence[Candidate]) -> Referent | None:
    """ "backed down from its demand to Ukraine", "withdrew its offer to X": an act done about the
    actor's own act named in the sentence is aimed at that act's target."""
    for prep in (c for c in candidate.trigger.children if c.dep_ == "prep"):
        for noun in (g for g in prep.children if g.dep_ == "pobj"):
            own = next((c for c in found if c.trigger.i == noun.i), None)
            if own is not None and own.source is not None and own.source.key == candidate.source.key \
                    and own.target is not None and not own.target_fallback:
                return own.target
    return None


def act_noun_target(candidate: Candidate, ctx: ArticleEvents, before: Sequence[Candidate],
                    rules: TargetRules) -> Referent | None:
    """ "welcomed the move", "rejected the accusations": the actor of the act the noun stands for."""
    types = _answered_act_types(candidate, rules)
    return _actor_of_earlier_act(candidate, before, types) if types else None


def _answered_act_types(candidate: Candidate, rules: TargetRules) -> frozenset[str]:
    """The types of the earlier act the trigger's object noun stands for; empty when it is none."""
    trigger = candidate.trigger
    nouns = [c for c in trigger.children if c.dep_ in OBJECT_DEPS]
    if not nouns and trigger.pos_ in {"NOUN", "PROPN"}:  # "its rejection of the claims"
        nouns = [g for p in trigger.children if p.dep_ == "prep" and p.lower_ in {"of", "to"}
                 for g in p.children if g.dep_ == "pobj"]
    for noun in nouns:
        types = rules.act_nouns.get(noun.lemma_.lower()) or rules.act_nouns.get(noun.lower_)
        if types:
            return types
    return frozenset()


def response_target(candidate: Candidate, ctx: ArticleEvents, before: Sequence[Candidate],
                    rules: TargetRules) -> Referent | None:
    """ "responded by sending forces", "in response to the drills": whoever did the act it answers."""
    trigger = candidate.trigger
    answered: Token | None = None  # the noun naming the act answered, when the sentence names it
    answers = False
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in {"in", "as"}:
            for noun in (g for g in prep.children if g.dep_ == "pobj" and g.lemma_.lower() in rules.response_nouns):
                answers = True
                answered = next((o for p in noun.children if p.dep_ == "prep" and p.lower_ in {"to", "for"}
                                 for o in p.children if o.dep_ == "pobj"), None)
    governor = trigger.head.head if trigger.dep_ == "pcomp" and trigger.head.lower_ == "by" else None
    if governor is not None and governor.lemma_.lower() in rules.response_verbs:
        answers = True  # "responded by sending forces"
    if not answers:
        return None
    if answered is not None:
        named = _actor_named_by(answered, ctx, candidate.source.key)
        if named is not None:
            return named
        types = rules.act_nouns.get(answered.lemma_.lower())
        if types:
            return _actor_of_earlier_act(candidate, before, types)
    # the latest act aimed at the one who answers
    for event in reversed(before):
        if _reachable(event, candidate) and event.target is not None and event.target.key == candidate.source.key \
                and event.source is not None and event.source.key != candidate.source.key:
            return event.source
    return None


def _actor_named_by(noun: Token, ctx: ArticleEvents, exclude: str | None) -> Referent | None:
    """The actor a noun phrase names as its doer: "[Israel's] strike", "the [Chinese] drills"."""
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "amod", "nmod"}:
            mention = ctx.actors.mention_at(child.i)
            if mention is not None and mention.key and mention.key != exclude:
                return ctx.actors.referent(mention)
    return None


def _actor_of_earlier_act(candidate: Candidate, before: Sequence[Candidate], types: frozenset[str]) -> Referent | None:
    """The actor of the latest earlier event of one of ``types`` by someone else, within reach.

    Only an act aimed at the one who now answers it, or at no one named, can be the one answered:
    "rejected the accusations" answers accusations made against the rejecter, not a third party's."""
    for event in reversed(before):
        if not _reachable(event, candidate) or event.source is None or event.source.key is None:
            continue
        if event.source.key == candidate.source.key:
            continue
        if event.target is not None and not event.target_fallback and event.target.key != candidate.source.key:
            continue
        if ANY_TYPE in types or event.type in types:
            return event.source
    return None


def _reachable(event: Candidate, candidate: Candidate) -> bool:
    return 0 <= candidate.trigger.i - event.trigger.i <= STORY_REACH_TOKENS


# --- the undirected-event policy -------------------------------------------------------------------

def codable(candidate: Candidate, ctx: ArticleEvents, rules: TargetRules | None = None) -> bool:
    """Whether the event may be coded: it has a target, or its type is one coded without one."""
    if candidate.target is not None:
        return True
    rules = rules or default_rules()
    source_kind = ctx.actors.dictionary.actor_kind(candidate.source.key) if candidate.source else None
    mode = candidate.frame.mode if candidate.type == candidate.frame.type else None
    if any(u.covers(candidate.type, mode, source_kind) for u in rules.undirected):
        return True
    return rules.lone_source and _names_no_other_actor(candidate, ctx)


def _names_no_other_actor(candidate: Candidate, ctx: ArticleEvents) -> bool:
    source = candidate.source.key if candidate.source else None
    return all(m.key in {None, source} for m in ctx.actors.mentions)
