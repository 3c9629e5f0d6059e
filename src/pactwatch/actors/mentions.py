"""The actor and person mentions of one parsed article.

Mentions are found with a phrase matcher over the dictionary's names; an ambiguous name is kept only
where its context shows the actor. People the dictionary does not know are then discovered from
titles ("spokesperson Maria Zakharova", "Varuzhan Nersesyan, Armenia's ambassador"), and later
surname-only mentions are linked to them.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc, Token

from ..records import Mention
from .dictionary import ActorDictionary, Form
from .roles import Roles

NAME_STOP = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
             "saturday", "sunday", "mr", "mrs", "ms", "dr", "sir"}


def _char_mention(doc: Doc, start: int, end: int, **fields: Any) -> Mention:
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, tok_start=start, tok_end=end, **fields)


def find_mentions(doc: Doc, dictionary: ActorDictionary, roles: Roles, published: str | None) -> list[Mention]:
    """All actor and person mentions in ``doc``, in document order, without overlaps."""
    matches = dictionary.matcher(doc.vocab)(doc)
    # longest first, then earliest: "Russian-led military alliance" beats "Russian"
    matches = sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1]))
    taken: set[int] = set()
    mentions: list[Mention] = []
    for match_id, start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        form = dictionary.forms[doc.vocab.strings[match_id]]
        mention = _dictionary_mention(doc, start, end, form, dictionary, roles, published)
        if mention is None:
            continue
        taken.update(range(start, end))
        mentions.append(mention)
    mentions = _drop_unsupported_ambiguous(mentions, doc, dictionary)
    taken = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    mentions += _discover_people(doc, taken, mentions, roles)
    mentions.sort(key=lambda m: m.tok_start)
    return mentions


def _dictionary_mention(doc: Doc, start: int, end: int, form: Form, dictionary: ActorDictionary,
                        roles: Roles, published: str | None) -> Mention | None:
    if form.kind != "person":
        return _char_mention(doc, start, end, key=form.key, kind=form.kind, via=form.via)
    person = dictionary.people[form.person or ""]
    role = person.role_on(published)
    title_in_text = _title_before(doc, start, roles)
    return _char_mention(doc, start, end, key=role.actor if role else None, kind="person",
                         person=person.name, gender=person.gender,
                         title=(title_in_text[0] if title_in_text else role.title if role else None))


def _drop_unsupported_ambiguous(mentions: list[Mention], doc: Doc, dictionary: ActorDictionary) -> list[Mention]:
    """Keep an ambiguous form ("Georgia", "Jordan", "US") when the article names that actor plainly
    too, or when its own context shows a state: written in capitals ("US", never the pronoun "us"),
    coordinated with another state ("the United States and Jordan"), or owning an institution of
    state ("Niger's junta", "Chad's army")."""
    def ambiguous(m: Mention) -> bool:
        return dictionary.forms[doc[m.tok_start:m.tok_end].text].ambiguous

    plain = {m.key for m in mentions if not ambiguous(m)}
    states = {i for m in mentions if m.kind == "state" and not ambiguous(m) for i in range(m.tok_start, m.tok_end)}
    return [m for m in mentions if m.key in plain or not ambiguous(m) or _state_in_context(doc, m, states)]


STATE_INSTITUTIONS = {"government", "army", "military", "junta", "president", "prime", "king", "foreign",
                      "defence", "defense", "ministry", "parliament", "forces", "troops", "embassy", "border",
                      "authorities", "leader", "capital", "officials", "navy", "air"}


def _state_in_context(doc: Doc, mention: Mention, states: set[int]) -> bool:
    span = doc[mention.tok_start:mention.tok_end]
    if span.text.isupper() and len(span.text) >= 2:
        return True
    head = span.root
    if any(t.i in states for c in [head, *head.conjuncts] for t in [c, *c.children] if c.i != head.i or t.i != head.i):
        return True  # coordinated with a state named plainly
    nxt = doc[mention.tok_end] if mention.tok_end < len(doc) else None
    if nxt is not None and nxt.tag_ == "POS" and mention.tok_end + 1 < len(doc):
        return doc[mention.tok_end + 1].lower_ in STATE_INSTITUTIONS
    return False


def _is_name_token(token: Token, roles: Roles) -> bool:
    text = token.text
    return (token.pos_ == "PROPN" and text[:1].isupper() and text.replace(".", "").isalpha()
            and token.lower_ not in roles.title_of and token.lower_ not in NAME_STOP
            and not text.isupper())


def _title_before(doc: Doc, start: int, roles: Roles) -> tuple[str, int] | None:
    """A title right before a name: "Foreign Ministry spokesperson [Maria Zakharova]"."""
    window = [t for t in doc[max(0, start - roles.max_title_words):start]]
    while window and window[0].sent != doc[start].sent:
        window.pop(0)
    return roles.title_ending_at(window) if window else None


def _modifier_actor(doc: Doc, tokens: Iterable[Token], by_token: dict[int, Mention]) -> Mention | None:
    for token in tokens:
        mention = by_token.get(token.i)
        if mention is not None and mention.kind != "person":
            return mention
    return None


def _left_context(doc: Doc, start: int, limit: int = 8) -> list[Token]:
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


def _apposition(doc: Doc, end: int, roles: Roles, by_token: dict[int, Mention]) -> tuple[str, Mention | None] | None:
    """ "<Name>, Armenia's ambassador to the U.K., ..." -> ("ambassador", ARM mention)."""
    if end >= len(doc) or doc[end].text not in {",", "—", "–", "-", "("}:
        return None
    words: list[Token] = []
    for t in doc[end + 1:end + 12]:
        if t.is_punct and t.text not in {"-", "'s", "’s"} or t.pos_ in {"VERB", "AUX"}:
            break
        words.append(t)
        found = roles.title_ending_at(words)
        if found:
            title, n = found
            before = words[:-n]
            actor = _modifier_actor(doc, before, by_token)
            if actor is None:  # "spokesperson for the alliance", "ambassador of Armenia"
                after = doc[t.i + 1:t.i + 6]
                if len(after) and after[0].lower_ in {"for", "of"}:
                    actor = _modifier_actor(doc, after, by_token)
            return title, actor
    return None


def _discover_people(doc: Doc, taken: set[int], mentions: list[Mention], roles: Roles) -> list[Mention]:
    """People the dictionary lacks, recognised by a title before their name or in an apposition."""
    by_token = {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}
    found: list[Mention] = []
    # a surname alone refers back to the person named in full before it, whether the dictionary
    # knows them ("John Kirby" … "Kirby said") or the text introduced them with a title
    surnames: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "person" and m.person and m.tok_end - m.tok_start >= 2:
            surnames.setdefault(doc[m.tok_end - 1].text, m)
    i = 0
    while i < len(doc):
        if i in taken or not _is_name_token(doc[i], roles):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and (
            _is_name_token(doc[j], roles)
            or (doc[j].text == "-" and j + 1 < len(doc) and not doc[j - 1].whitespace_ and _is_name_token(doc[j + 1], roles))
        ):
            j += 1
        if doc[i].text in surnames and j == i + 1:
            ref = surnames[doc[i].text]
            found.append(_char_mention(doc, i, j, key=ref.key, kind="person", person=ref.person,
                                       title=ref.title, gender=ref.gender))
        elif j - i <= 4:
            title_actor = _titled(doc, i, j, roles, by_token)
            if title_actor is not None:
                title, actor = title_actor
                name = doc[i:j].text
                mention = _char_mention(doc, i, j, key=actor.key if actor else None, kind="person",
                                        person=name, title=title)
                found.append(mention)
                if j - i >= 2:
                    surnames[doc[j - 1].text] = mention
        i = j
    return found


def _titled(doc: Doc, start: int, end: int, roles: Roles, by_token: dict[int, Mention]) -> tuple[str, Mention | None] | None:
    before = _title_before(doc, start, roles)
    if before is not None:
        return before[0], _modifier_actor(doc, _left_context(doc, start), by_token)
    return _apposition(doc, end, roles, by_token)
