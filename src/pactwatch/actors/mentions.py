"""The actor and person mentions of one parsed article.

In order, each stage seeing what the ones before found:

1. the dictionary's names, found with a phrase matcher, longest first. An ambiguous name ("Georgia",
   "Jordan", "Niger", "Chad") is kept where its context shows the actor; a one-word alias of a known
   person inside a longer name ("Xi" in "Li Xi") is not that person;
2. names the article defines itself: institutions and acronyms (``definitions``);
3. people the dictionary does not know, recognised by their titles (``people``).
"""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from spacy.tokens import Doc

from ..records import Mention
from .definitions import add_acronyms, add_institutions
from .dictionary import ActorDictionary, Form
from .people import add_people, is_name_token, title_before
from .phrases import is_organ_or_title
from .resolve import ArticleActors
from .roles import Roles

SAME_NAME_RATIO = 0.8  # "Kasym-Jomart" is a spelling of "Kassym-Jomart"; "Hunter" is not "Joe"


def _char_mention(doc: Doc, start: int, end: int, **fields: Any) -> Mention:
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, tok_start=start, tok_end=end, **fields)


def find_mentions(doc: Doc, dictionary: ActorDictionary, roles: Roles, published: str | None) -> list[Mention]:
    """All actor and person mentions in ``doc``, in document order, without overlaps."""
    actors = ArticleActors(doc, dictionary_mentions(doc, dictionary, roles, published), roles, dictionary, published)
    add_institutions(actors)
    add_acronyms(actors)
    add_people(actors)
    return actors.mentions


def dictionary_mentions(doc: Doc, dictionary: ActorDictionary, roles: Roles, published: str | None) -> list[Mention]:
    matches = dictionary.matcher(doc.vocab)(doc)
    # longest first, then earliest: "Russian-led military alliance" beats "Russian"
    matches = sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1]))
    taken: set[int] = set()
    mentions: list[Mention] = []
    for match_id, start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        form = dictionary.forms[doc.vocab.strings[match_id]]
        mention = _dictionary_mention(doc, start, end, form, dictionary, roles, published, taken)
        if mention is None:
            continue
        taken.update(range(mention.tok_start, mention.tok_end))
        mentions.append(mention)
    mentions = _drop_unsupported_ambiguous(mentions, doc, dictionary, roles)
    mentions.sort(key=lambda m: m.tok_start)
    return mentions


def _dictionary_mention(doc: Doc, start: int, end: int, form: Form, dictionary: ActorDictionary,
                        roles: Roles, published: str | None, taken: set[int]) -> Mention | None:
    if form.kind != "person":
        return _char_mention(doc, start, end, key=form.key, kind=form.kind, via=form.via)
    person = dictionary.people[form.person or ""]
    if end - start == 1:
        first = _name_start(doc, start, taken, roles)
        if first < start:
            if not _same_person(doc, first, start, person.name):
                return None  # "Li Xi" is not Xi Jinping
            start = first  # "Kasym-Jomart Tokayev": the variant first name is his
    role = person.role_on(published)
    title_in_text = title_before(doc, start, roles)  # the title the text gives wins over the dictionary's
    return _char_mention(doc, start, end, key=role.actor if role else None, kind="person",
                         person=person.name, gender=person.gender,
                         title=(title_in_text[0] if title_in_text else role.title if role else None))


def _name_start(doc: Doc, i: int, taken: set[int], roles: Roles) -> int:
    """Where the run of name words ending at token ``i`` starts, not crossing names already matched."""
    start = i
    while start > 0 and start - 1 not in taken and is_name_token(doc[start - 1], roles) \
            and doc[start - 1].sent == doc[i].sent:
        start -= 1
    return start


def _same_person(doc: Doc, start: int, alias_at: int, full_name: str) -> bool:
    """Whether name words before a one-word alias are the known person's: the alias must be the
    surname (the last word of the full name), and the words before it spellings of the full name's
    ("Kasym-Jomart Tokayev" is Kassym-Jomart Tokayev; "Hunter Biden" is not Joe Biden, "Li Xi" not Xi
    Jinping)."""
    words = full_name.split()
    if doc[alias_at].text != words[-1]:
        return False
    before = [t.text for t in doc[start:alias_at]]
    known = words[:-1][-len(before):] if len(before) <= len(words) - 1 else None
    return known is not None and all(SequenceMatcher(None, a.lower(), b.lower()).ratio() >= SAME_NAME_RATIO
                                     for a, b in zip(before, known))


def _drop_unsupported_ambiguous(mentions: list[Mention], doc: Doc, dictionary: ActorDictionary,
                                roles: Roles) -> list[Mention]:
    """Keep an ambiguous form ("Georgia", "Jordan", "Niger", "US") when the article names that actor
    plainly too, or when its own context shows a state: written in capitals ("US", never the pronoun
    "us"), coordinated with another state ("the United States and Jordan"), owning an institution or
    office of state ("Niger's junta", "Chad's army", "the State Security Service of Georgia", "the
    President of Niger"), or a place one goes to or acts in ("the coup in Niger", "flew to Jordan"),
    unless it is part of a person's name ("Michael Jordan")."""
    def ambiguous(m: Mention) -> bool:
        return dictionary.forms[doc[m.tok_start:m.tok_end].text].ambiguous

    plain = {m.key for m in mentions if not ambiguous(m)}
    states = {i for m in mentions if m.kind == "state" and not ambiguous(m) for i in range(m.tok_start, m.tok_end)}
    return [m for m in mentions if m.key in plain or not ambiguous(m) or _state_in_context(doc, m, states, roles)]


PLACE_PREPS = {"in", "into", "to", "from", "across", "throughout", "inside", "towards", "toward"}


def _state_in_context(doc: Doc, mention: Mention, states: set[int], roles: Roles) -> bool:
    span = doc[mention.tok_start:mention.tok_end]
    if span.text.isupper() and len(span.text) >= 2:
        return True
    head = span.root
    if any(t.i in states for c in [head, *head.conjuncts] for t in [c, *c.children] if c.i != head.i or t.i != head.i):
        return True  # coordinated with a state named plainly
    nxt = doc[mention.tok_end] if mention.tok_end < len(doc) else None
    if nxt is not None and nxt.tag_ == "POS" and mention.tok_end + 1 < len(doc):
        return doc[mention.tok_end + 1].lower_ in roles.state_institution_words or is_organ_or_title(doc[mention.tok_end + 1], roles)
    in_a_name = (mention.tok_start > 0 and is_name_token(doc[mention.tok_start - 1], roles)) or \
        (nxt is not None and is_name_token(nxt, roles))
    if head.dep_ in {"amod", "compound"} and not in_a_name and is_organ_or_title(head.head, roles):
        return True  # "Indian soldiers", "Georgian authorities", "the Polish foreign minister"
    if mention.via == "adjective" and head.dep_ == "amod" and not in_a_name and head.i != head.sent.start:
        return True  # "two Polish journalists", "Palestinian villages": capitalised inside a sentence
    if head.dep_ == "pobj" and not in_a_name:
        prep = head.head
        if prep.lower_ == "of" and is_organ_or_title(prep.head, roles):
            return True  # "the State Security Service of Georgia", "the President of Niger"
        if prep.lower_ in PLACE_PREPS:
            return True  # "the coup in Niger", "troops sent to Chad"
    if head.dep_ in {"nsubj", "nsubjpass", "dobj"} and not in_a_name and head.head.pos_ == "VERB":
        # "Turkey criticised Greece", "Jordan condemned Israel": an act with a state on its other side
        verb = head.head
        others = [c for c in verb.children if c.i != head.i and c.dep_ in {"nsubj", "nsubjpass", "dobj", "dative", "prep"}]
        return any(t.i in states for c in others for t in c.subtree)
    return False
