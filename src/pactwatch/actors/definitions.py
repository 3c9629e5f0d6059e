"""Names the article defines itself: institutions of a state and acronyms.

- A capitalised name headed by an organ noun is an institution of the actor that owns it: "Taiwan's
  Ministry of National Defense", "the Border Service of Azerbaijan", "the Belarusian State Border
  Committee". A national institution with no owner in the text ("the National Intelligence Service")
  belongs to the state the story is about there.
- An acronym in parentheses after a phrase naming an actor stands for that actor through the rest of
  the article: "Taiwan's Ministry of National Defense (MND)" … "MND said".
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..records import Mention
from .roles import Roles
from .salience import story_actor

CONNECTORS = {"of", "for", "and", "on"}
ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
STATE_KINDS = frozenset({"state"})


def _capitalised(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text) and not ACRONYM_RE.match(text) \
        and token.pos_ in {"PROPN", "NOUN", "ADJ"}


def name_runs(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalised words, with "of"/"for"/"and" between capitalised words inside a run."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        if i in taken or not _capitalised(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j not in taken and doc[j].sent == doc[i].sent:
            if _capitalised(doc[j]):
                j += 1
            elif doc[j].lower_ in CONNECTORS and j + 1 < len(doc) and j + 1 not in taken and _capitalised(doc[j + 1]):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def add_institutions(actors) -> None:
    """Mentions for the institutions the article names (see the module docstring)."""
    doc, roles = actors.doc, actors.roles
    taken = set(actors.by_token)
    for start, end in name_runs(doc, taken):
        if end - start < 2:
            continue
        head = _run_head(doc, start, end)
        if head is None or not _is_organ(head, roles):
            continue
        key = actors.owner_key(head, describe=False)
        kind = actors.dictionary.actor_kind(key) if key else "state"
        if key is None and _is_national(doc[start:end], head, roles):
            key = story_actor(doc, actors.mentions, start, STATE_KINDS)
        if key is None:
            continue
        span = doc[start:end]
        actors.add_mention(Mention(span.start_char, span.end_char, span.text, key=key, kind=kind,
                                   tok_start=start, tok_end=end, via="institution"))


def _run_head(doc: Doc, start: int, end: int) -> Token | None:
    """The token of the run whose syntactic head lies outside it."""
    heads = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    return heads[0] if len(heads) == 1 else (heads[-1] if heads else None)


def _is_organ(token: Token, roles: Roles) -> bool:
    return token.lower_ in roles.organs or token.lemma_.lower() in roles.organs


def _is_national(span, head: Token, roles: Roles) -> bool:
    return any(t.lower_ in roles.national_words for t in span) or head.lower_ in roles.state_organs \
        or head.lemma_.lower() in roles.state_organs


def add_acronyms(actors) -> None:
    """Mentions for acronyms defined in parentheses after a phrase naming an actor, and for their later
    uses ("the Ministry of National Defense (MND) said … MND added")."""
    doc = actors.doc
    defined: dict[str, Mention] = {}
    for token in doc:
        if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
            continue
        acronym = doc[token.i + 1]
        if not ACRONYM_RE.match(acronym.text) or acronym.i in actors.by_token or token.i == 0:
            continue
        before = actors.actor_mention_at(doc[token.i - 1])
        if before is None or not before.key or before.kind == "person":
            continue  # "Lai Ching-te (DPP)" names his party, not him
        defined.setdefault(acronym.text, before)
    if not defined:
        return
    for token in doc:
        meant = defined.get(token.text)
        if meant is None or token.i in actors.by_token:
            continue
        actors.add_mention(Mention(token.idx, token.idx + len(token.text), token.text, key=meant.key,
                                   kind=meant.kind,
                                   tok_start=token.i, tok_end=token.i + 1, via="acronym"))
