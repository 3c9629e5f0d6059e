"""Modality: whether an event is negated, hypothetical, or a threat stated as a condition."""
from __future__ import annotations

from spacy.tokens import Token

from .lexicon import EventLexicon, Frame


def is_negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.pos_ in {"NOUN", "PROPN"}:
        return any(c.dep_ == "det" and c.lower_ in {"no"} for c in token.children)
    return False


def is_hypothetical(token: Token, frame: Frame, lexicon: EventLexicon) -> bool:
    if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in lexicon.hypothetical_auxiliaries for c in token.children):
        return True
    if frame.hypothetical_if_modified and any(c.lower_ in frame.hypothetical_if_modified for c in token.children):
        return True
    for node in [token, *token.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in lexicon.grammar.hypothetical_subordinators for c in node.children):
            return True
        if node is not token:
            lemma = node.lemma_.lower()
            if lemma in lexicon.hypothetical_governors:
                return True
            if lemma == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in node.children):
                return True
            if any(c.dep_ == "aux" and c.lower_ in lexicon.grammar.possibility_auxiliaries for c in node.children) \
                    and node.dep_ != "ROOT":
                return True
    return False


def under_condition(token: Token, lexicon: EventLexicon) -> bool:
    """Inside an if- or unless-clause: a promise or threat that is itself conditional."""
    return any(any(c.dep_ == "mark" and c.lower_ in lexicon.grammar.condition_subordinators for c in node.children)
               for node in [token, *token.ancestors])


def is_conditional_consequence(token: Token, lexicon: EventLexicon) -> bool:
    """A future act in the consequence of a condition: "If not, Armenia will leave the CSTO"."""
    future = any(c.dep_ == "aux" and c.lower_ in lexicon.grammar.future_auxiliaries for c in token.children)
    if not future:
        return False
    # a condition stated in its own clause, before or after: not the act's own "if" ("if X leaves, ...")
    return any(t.lower_ in lexicon.conditional_markers and t.head.i != token.i for t in token.sent)
