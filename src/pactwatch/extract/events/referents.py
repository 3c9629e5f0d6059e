"""Actor reference: who fills a frame's slot.

A slot ("subject", "object", "prep:to", "governor_subject", ...) names where in the parse an actor
is; the noun phrase found there is read as the actors it stands for: names, demonyms, titles,
pronouns, descriptions, coordinations ("A and B"), groups ("the two countries") and, when nothing
is named, the actor the paragraph is about.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc, Token

from ...actors import Referent
from ...errors import DataFileError
from ...resources import data_path, load_yaml
from . import frames  # frames and referents call each other: a request's target is read by applying its frame
from .context import STORY_REACH_TOKENS, ArticleEvents
from .grammar import Grammar
from .lexicon import OBJECT_DEPS, SUBJECT_DEPS


NP_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "appos")
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp"}  # clauses inside a noun phrase
COORDINATION = "lexicon/coordination.yaml"


@lru_cache(maxsize=1)
def listing_prepositions() -> frozenset[tuple[str, ...]]:
    """The prepositions that introduce members of a group ("including", "such as"), each as its words
    (``data/lexicon/coordination.yaml``, ``listing``)."""
    path = str(data_path(COORDINATION))
    data = load_yaml(COORDINATION)
    spec = data.get("listing") if isinstance(data, dict) else None
    if not isinstance(spec, dict) or not spec.get("ref"):
        raise DataFileError(path, "needs a mapping with its ref (where the words come from)", field="listing")
    words = spec.get("prepositions")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise DataFileError(path, "must be a non-empty list of words", entry="listing", field="prepositions")
    return frozenset(tuple(w.lower().split()) for w in words)


def _listing_objects(head: Token) -> list[Token]:
    """The noun phrases a plural noun lists as its members: "countries [including] Russia and China",
    "states [such as] Poland" (the parser hangs "such" from "as")."""
    if head.tag_ not in {"NNS", "NNPS"}:
        return []
    out: list[Token] = []
    for prep in head.children:
        if prep.dep_ != "prep":
            continue
        words = tuple(c.lower_ for c in prep.children if c.dep_ in {"amod", "advmod"} and c.i < prep.i) + (prep.lower_,)
        if words in listing_prepositions() or (prep.lower_,) in listing_prepositions():
            for g in prep.children:
                if g.dep_ == "pobj":
                    out.extend([g, *g.conjuncts])
    return out


def listed_members(head: Token, ctx: ArticleEvents) -> list[Referent]:
    """ "many countries including Russia and China": the actors the group is said to include, each by
    its own phrase; empty unless every listed phrase names an actor ("countries including Russia and
    others" is not a list of parties)."""
    refs: list[Referent] = []
    for t in _listing_objects(head):
        ref = _phrase_ref(t, ctx)
        if ref is None or not ref.key:
            if t.lower_ in {"other", "others"}:
                continue
            return []
        if all(ref.key != r.key for r in refs):
            refs.append(ref)
    return refs


def co_actors(slots: Iterable[str], token: Token, ctx: ArticleEvents, speaker: Referent | None,
              first: Referent) -> list[Referent]:
    """The other actors coordinated with ``first`` in the slot that gave it: "[Armenia] and
    Azerbaijan", "A, B and C", "Japarov and his Tajik counterpart Rahmon".

    Only coordinated noun phrases count, each by the actor it names itself; an actor that merely
    modifies the phrase ("the Armenian-Azerbaijani border") does not make a second party."""
    for slot in slots:
        refs = [r for r in slot_actors(slot, token, ctx, speaker) if r.key]
        if not any(r.key == first.key for r in refs):
            continue
        heads = _slot_heads(slot, token, ctx)
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


def _slot_heads(slot: str, token: Token, ctx: ArticleEvents) -> list[Token]:
    if slot == "subject":
        current = token
        for _ in range(6):
            subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
            if subjects:
                return subjects
            if _subject_misattached(current, ctx):
                return []  # found by position (_subject)
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
        return group_members(head, ctx) or _coordinated_modifiers(head, ctx) or listed_members(head, ctx) \
            or _coordinated_of_phrase(head, ctx)
    return [r for r in (_phrase_ref(t, ctx) for t in phrases) if r is not None]


def _coordinated_of_phrase(head: Token, ctx: ArticleEvents) -> list[Referent]:
    """ "the foreign ministers of Rwanda and Uganda", "delegations of A and B": a plural noun that
    names no actor itself stands for the actors coordinated in its of-phrase."""
    if head.tag_ not in {"NNS", "NNPS"} or ctx.actors.mention_at(head.i) is not None:
        return []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for g in prep.children:
                if g.dep_ == "pobj" and g.conjuncts:
                    return _conjunct_refs(g, ctx)
    return []


def _coordinated_modifiers(head: Token, ctx: ArticleEvents) -> list[Referent]:
    """ "the Ukrainian and American presidents", "Armenian and Azerbaijani troops": a plural noun whose
    coordinated modifiers each name an actor stands for all of them (one phrase, several parties)."""
    if head.tag_ not in {"NNS", "NNPS"}:
        return []
    for c in head.children:
        if c.dep_ in {"amod", "compound"} and c.conjuncts:
            refs = []
            for t in (c, *c.conjuncts):
                mention = ctx.actors.mention_at(t.i)
                if mention is None or not mention.key:
                    return []  # "Russian and other troops": not a list of parties
                ref = ctx.actors.referent(mention)
                if all(ref.key != r.key for r in refs):
                    refs.append(ref)
            return refs if len(refs) > 1 else []
    return []


def _phrase_ref(token: Token, ctx: ArticleEvents) -> Referent | None:
    """The actor a noun phrase names itself, without its coordinated phrases or a possessive pronoun:
    "[his Tajik counterpart Emomali Rahmon]" is TJK, not whoever "his" is."""
    # nor what its complements and clauses name: "its allies [of escalating the war in Ukraine]";
    # an of-phrase with a noun is the phrase's own ("the ministers of Rwanda")
    nested = {x.i for c in token.children if c.dep_ in {"conj", "cc"} or c.dep_ in CLAUSE_DEPS
              or (c.dep_ == "prep" and (c.lower_ != "of" or any(g.dep_ == "pcomp" for g in c.children)))
              for x in c.subtree}
    own = [x for x in token.subtree if x.i not in nested]
    for x in sorted(own, key=lambda x: x.i != token.i):  # the head's own mention first
        mention = ctx.actors.mention_at(x.i)
        if mention is not None and mention.key:
            return ctx.actors.referent(mention)
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
        return None
    refs = [r for r in _referent_list(token, ctx, None) if r.key]
    return refs[0] if refs else None


def coordinations(ctx: ArticleEvents) -> list[tuple[int, list[Referent]]]:
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


def group_before(ctx: ArticleEvents, token: Token, size: int | None) -> list[Referent]:
    """The latest list of actors named together before ``token`` ("Armenia and Azerbaijan",
    "between A and B"), of ``size`` members when a number is given, within STORY_REACH_TOKENS."""
    if ctx.groups is None:
        ctx.groups = []  # while the coordinations are collected, a group noun refers to none
        ctx.groups = coordinations(ctx)
    for end, members in reversed(ctx.groups):
        if end >= token.i:
            continue
        if token.i - end > STORY_REACH_TOKENS:
            break
        if size is None or len(members) == size:
            return members
    return _states_named_before(ctx, token, size)


GROUP_REACH_SENTENCES = 2  # how many sentences back a counted group may gather its states


def _states_named_before(ctx: ArticleEvents, token: Token, size: int | None) -> list[Referent]:
    """ "A Thai jet bombed targets in Cambodia. Both nations accused each other": with no list of
    that size before it, a counted group ("both nations", "the two states") is the distinct states
    named in its sentence before it and in the sentences just before, when exactly that many are."""
    if size is None or size < 2:
        return []
    start = token.sent.start
    for _ in range(GROUP_REACH_SENTENCES):
        if start == 0:
            break
        start = token.doc[start - 1].sent.start
    found: list[Referent] = []
    for m in ctx.actors.mentions:
        if m.tok_start < start or m.tok_end > token.i or not m.key or m.kind != "state":
            continue
        if all(m.key != r.key for r in found):
            found.append(ctx.actors.referent(m))
    return found if len(found) == size else []


def group_members(token: Token, ctx: ArticleEvents) -> list[Referent]:
    """ "the two countries", "both sides", "the four Arab states" -> the actors last named together."""
    if token.lemma_.lower() not in ctx.lexicon.group_nouns or token.tag_ not in {"NNS", "NNPS"}:
        return []
    size = None
    for c in token.children:
        if c.dep_ == "nummod":
            size = ctx.lexicon.grammar.number_words.get(c.lower_) or (int(c.text) if c.text.isdigit() else None)
        elif c.lower_ == "both" or (c.dep_ == "det" and c.lower_ == "both"):
            size = 2
    if size is None and not any(c.lower_ in {"the", "both"} for c in token.children):
        return []
    return group_before(ctx, token, size)


def is_reciprocal(token: Token) -> bool:
    """ "accused each other", "blamed one another"."""
    for c in [*token.children, *(g for p in token.children if p.dep_ == "prep" for g in p.children)]:
        if c.lower_ in {"other", "another"} and any(d.lower_ in {"each", "one"} for d in c.children) \
                or (c.lower_ == "each" and any(d.lower_ == "other" for d in c.children)):
            return True
    return False


def first_actor(slots: Iterable[str], token: Token, ctx: ArticleEvents, speaker: Referent | None,
                exclude: str | None) -> Referent | None:
    return first_actor_in_slot(slots, token, ctx, speaker, exclude)[0]


def first_actor_in_slot(slots: Iterable[str], token: Token, ctx: ArticleEvents, speaker: Referent | None,
                        exclude: str | None) -> tuple[Referent | None, str | None]:
    """The first actor the slots give, and the slot that gave it."""
    for slot in slots:
        for ref in slot_actors(slot, token, ctx, speaker):
            if ref.key is not None and ref.key != exclude:
                return ref, slot
    return None, None


def slot_actors(slot: str, token: Token, ctx: ArticleEvents, speaker: Referent | None) -> list[Referent]:
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
        return slot_actors("object", governor, ctx, speaker) or slot_actors("prep:to", governor, ctx, speaker)
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
        if _subject_misattached(current, ctx):
            return _actors_just_before(current, ctx)
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


def _subject_misattached(verb: Token, ctx: ArticleEvents) -> bool:
    """A coordinated finite verb without a subject that follows an actor directly: "[...] under
    international law and many countries including A and B condemned it", where the parser made the
    noun phrase a conjunct of the noun before it. A verb that shares the first verb's subject follows
    the conjunction ("attacked X and condemned Y"), so an actor right before it is its own subject."""
    return verb.dep_ == "conj" and verb.tag_ in FINITE_TAGS and \
        not any(c.dep_ in SUBJECT_DEPS for c in verb.children) and bool(_actors_just_before(verb, ctx))


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


def is_bare_particle(token: Token) -> bool:
    """A verb particle the parser labelled a preposition or an adverb: "pulled [out] of the deal",
    "pulled [back] from Kharkiv" (out/prep, back/advmod, with the next preposition hanging from it).
    A preposition with an object of its own ("out the door") is not one."""
    if token.dep_ not in {"prep", "advmod"} or token.pos_ not in {"ADP", "ADV"} or token.i < token.head.i:
        return False
    return not any(c.dep_ in {"pobj", "pcomp"} for c in token.children)


def _prep_objects(token: Token, lemma: str) -> list[Token]:
    """Objects of preposition ``lemma`` under the trigger, or under its direct object ("action from Moscow")."""
    out: list[Token] = []
    # the trigger, its objects, and participles describing it ("operations launched along the border")
    heads = [token] + [c for c in token.children if c.dep_ in OBJECT_DEPS or (c.dep_ == "acl" and c.tag_ == "VBN")]
    for head in heads:
        for child in head.children:
            if child.dep_ in {"prep", "agent", "dative"} and child.lower_ == lemma:
                out.extend(g for g in child.children if g.dep_ in {"pobj", "pcomp"})
            if is_bare_particle(child):  # "pulled back [from Kharkiv]": the phrase hangs from the particle
                out.extend(g for p in child.children if p.dep_ == "prep" and p.lower_ == lemma
                           for g in p.children if g.dep_ in {"pobj", "pcomp"})
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


def referent(token: Token, ctx: ArticleEvents, speaker: Referent | None) -> Referent | None:
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
    if token.lower_ in ctx.lexicon.grammar.relative_pronouns and token.head.dep_ == "relcl":
        return _referent_list(token.head.head, ctx, speaker, depth + 1)
    if token.pos_ == "PRON":
        speaker_here = ctx.speaker_at(token) or speaker
        if token.lower_ in ctx.lexicon.grammar.plural_pronouns:
            ref = _plural_antecedent(token, ctx)
        else:
            ref = actors.resolve_pronoun(token, speaker_here)
        return [ref] if ref and ref.key else []
    group = group_members(token, ctx) or listed_members(token, ctx)
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


def requested_from(ctx: ArticleEvents, token: Token, recipient: Referent | None) -> Referent | None:
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
                    c = frames.apply(frame, t, ctx)
                    if c is not None and c.source.key == requester and c.target and c.target.key:
                        found.append(c.target.key)
                    break
    return list(reversed(found))


def topic(ctx: ArticleEvents, token: Token, exclude: str | Iterable[str | None] | None,
          event_type: str | None = None) -> Referent | None:
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
    # the source and the actors coordinated with it ("Spain and Italy condemned") are not its recipient
    excluded = {exclude} if exclude is None or isinstance(exclude, str) else set(exclude)
    counts: Counter[str] = Counter()
    last_seen: dict[str, int] = {}
    for m in ctx.actors.mentions:
        if prev_start <= m.start < para_end and m.key and m.key not in excluded and not _is_place(doc, m, ctx.lexicon.grammar):
            weights = MATERIAL_TOPIC_WEIGHTS if event_type in ctx.lexicon.grammar.force_types else TOPIC_WEIGHTS
            counts[m.key] += weights.get(ctx.actors.dictionary.actor_kind(m.key), 1.0)
            last_seen[m.key] = m.start
    if not counts:
        return None
    key = max(counts, key=lambda k: (counts[k], last_seen[k]))
    return Referent(key, ctx.actors.dictionary.actor_kind(key), ctx.actors.dictionary.actor_name(key))


TOPIC_WEIGHTS = {"alliance": 1.5, "organisation": 1.5, "state": 1.0, "entity": 0.5}
# force is used on states and armed groups on the ground; an organisation is rarely the one attacked
MATERIAL_TOPIC_WEIGHTS = {"alliance": 0.5, "organisation": 0.5, "state": 1.0, "entity": 1.0}


def _is_place(doc: Doc, mention, grammar: Grammar) -> bool:
    head = doc[mention.tok_end - 1]
    if mention.kind == "person":
        return False
    return head.dep_ == "pobj" and head.head.lower_ in grammar.locative_prepositions \
        and mention.via in {"capital", "name"} and head.head.head.pos_ in {"NOUN", "PROPN"}
