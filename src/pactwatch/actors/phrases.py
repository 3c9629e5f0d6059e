"""Noun phrases around titles and organs: whose office a title is, which words make up the phrase.

A title or organ noun belongs to the actor its phrase names as owner, in this order:

1. a possessive: "NATO's secretary-general", "the PLA's Eastern Theater Command";
2. an of/for/at phrase, followed to its end: "head of the CIS affairs committee of the Russian State
   Duma" is the Duma's (RUS), not the committee's topic (CIS); "a spokesperson for Nigeria's army";
3. a modifier: "Turkish Foreign Minister", "CSTO spokesman", "Russian Foreign Ministry spokeswoman",
   going into a compound only where it is itself an organ, a title or a name ("Foreign Ministry"), not
   a topic word ("CIS affairs").

This follows the dependency parse; ``left_words`` and ``owner_in`` are the surface fallbacks for
phrases the parser splits.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from ..records import Mention
from .roles import Roles

OWNER_PREPS = {"of", "for", "at"}
MODIFIER_DEPS = {"amod", "compound", "nmod"}
NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod"}
MAX_DEPTH = 4
ActorAt = Callable[[Token], "Mention | None"]


def is_organ_or_title(token: Token, roles: Roles) -> bool:
    word = token.lower_
    return (word in roles.organs or token.lemma_.lower() in roles.organs or word in roles.title_of
            or roles.title_ending_at([token]) is not None)


def owner(token: Token, actor_at: ActorAt, roles: Roles, describe: ActorAt | None = None,
          depth: int = 0) -> Mention | None:
    """The mention of the actor that owns the title or organ ``token`` (see the module docstring).

    ``actor_at`` gives the actor mention at a token; ``describe``, when given, resolves a description
    or pronoun in owner position ("the country's intelligence service", "a spokesperson for the
    alliance")."""
    if depth > MAX_DEPTH:
        return None
    children = list(token.children)
    for child in children:
        if child.dep_ == "poss":
            found = actor_at(child) or _in_subtree(child, actor_at) or (describe(child) if describe else None)
            if found is not None:
                return found
    for child in children:
        if child.dep_ == "prep" and child.lower_ in OWNER_PREPS:
            for obj in (g for g in child.children if g.dep_ == "pobj"):
                found = actor_at(obj) or owner(obj, actor_at, roles, describe, depth + 1) \
                    or (describe(obj) if describe else None)
                if found is not None:
                    return found
    for child in sorted(children, key=lambda c: -c.i):  # nearest modifier first
        if child.dep_ in MODIFIER_DEPS and child.i < token.i:
            found = actor_at(child)
            if found is None and (is_organ_or_title(child, roles) or child.pos_ == "PROPN"):
                found = owner(child, actor_at, roles, describe, depth + 1)
            if found is None and describe is not None and child.lower_ in roles.collective_of:
                found = describe(child)  # "an alliance official"
            if found is not None:
                return found
    if token.lower_ in roles.state_organs or token.lemma_.lower() in roles.state_organs:
        return _seat(token, actor_at)
    return None


def _seat(organ: Token, actor_at: ActorAt) -> Mention | None:
    """Where an organ of state sits is whose it is: "the authorities in Kabul", "the junta which
    seized power in Niger" (an "in" phrase of the organ or of its relative clause)."""
    clauses = [organ] + [c for c in organ.children if c.dep_ in {"relcl", "acl"}]
    for clause in clauses:
        for t in clause.subtree if clause is not organ else clause.children:
            if t.dep_ == "prep" and t.lower_ == "in":
                for obj in (g for g in t.children if g.dep_ == "pobj"):
                    found = actor_at(obj)
                    if found is not None and found.kind != "person":
                        return found
    return None


def _in_subtree(token: Token, actor_at: Callable[[Token], Mention | None]) -> Mention | None:
    for t in token.subtree:
        found = actor_at(t)
        if found is not None:
            return found
    return None


def noun_phrase(token: Token) -> Span:
    """The token with its left modifiers: determiners, adjectives, compounds and possessives."""
    start = min([token.i] + [c.left_edge.i for c in token.lefts if c.dep_ in NP_LEFT_DEPS])
    return token.doc[start:token.i + 1]


def left_words(doc: Doc, start: int, limit: int = 8) -> list[Token]:
    """Tokens of the noun phrase before ``start``: "the Russian Foreign Ministry spokesperson"."""
    tokens: list[Token] = []
    i = start - 1
    while i >= 0 and len(tokens) < limit:
        t = doc[i]
        if t.sent != doc[start].sent or t.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ", "DET", "PRON"}:
            break
        if t.is_punct and t.text not in {"-", "'s", "’s"} and t.tag_ != "POS":
            break
        tokens.insert(0, t)
        i -= 1
    return tokens


def owner_in(tokens: Iterable[Token], actor_at: Callable[[Token], Mention | None]) -> Mention | None:
    """The first actor mention among ``tokens`` (a surface fallback)."""
    for token in tokens:
        found = actor_at(token)
        if found is not None:
            return found
    return None
