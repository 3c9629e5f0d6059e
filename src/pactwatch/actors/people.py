"""People the dictionary does not know, recognised by what the article says about them.

A run of capitalised name words is a person when the text gives them a role:

- a title right before the name: "Turkish Foreign Minister Kemal Arslan", "Congressman Peter Doyle";
- a title phrase in apposition after the name: "Pavel Orlov, head of the … committee of the Russian
  State Duma,"; or before it: "The Kremlin's chief spokesman, Ivan Volkov,";
- a kinship noun or a commentator's noun before the name ("his sister Mona Hassan", "activist Karim
  Hassan"): a person without office, who acts for no state.

The person acts for the owner of the title phrase (``phrases.owner``). A title held in one state only
names that state ("Congressman"); a state office with no owner in the text ("Foreign Minister Ion
Petrescu") is the state whose ministry of that kind the story last named, else the state the story is
about at that point (``salience``). Later, the surname alone ("Arslan said"), or for a two-word name
its first word ("Li said" after "Li Xi", "Yoon" after "Yoon Suk Yeol"), refers back to the person.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..records import Mention
from .phrases import left_words, owner_in
from .roles import Roles
from .salience import story_actor
from .shortkeys import person_key

APPOSITION_OPENERS = {",", "—", "–", "-", "("}
STATE_KINDS = frozenset({"state"})
MAX_NAME_TOKENS = 4


def is_name_token(token: Token, roles: Roles) -> bool:
    text = token.text
    return (token.pos_ == "PROPN" and text[:1].isupper() and text.replace(".", "").replace("'", "").isalpha()
            and token.lower_ not in roles.title_of and token.lower_ not in roles.not_name_words
            and not text.isupper())


def name_end(doc: Doc, start: int, taken, roles: Roles) -> int:
    """The end of the run of name words from ``start`` ("Abdel Fattah El-Sisi" takes its hyphen)."""
    j = start
    while j < len(doc) and j not in taken and (
        is_name_token(doc[j], roles)
        or (doc[j].text == "-" and j + 1 < len(doc) and not doc[j - 1].whitespace_ and is_name_token(doc[j + 1], roles))
    ):
        j += 1
    return j


def add_people(actors) -> None:
    """Mentions for the people the article introduces with a role, and their later short names."""
    doc, roles = actors.doc, actors.roles
    taken = set(actors.by_token)
    # a short name refers back to the person named in full before it: the surname, or the first word
    # of the name ("Li" for "Li Xi", "Yoon" for "Yoon Suk Yeol"), unless another person shares it
    surnames: dict[str, Mention] = {}
    firsts: dict[str, Mention] = {}
    for m in actors.mentions:
        if m.kind == "person" and m.person and m.tok_end - m.tok_start >= 2:
            _register(doc, m, surnames, firsts)
    i = 0
    while i < len(doc):
        if i in taken or not is_name_token(doc[i], roles):
            i += 1
            continue
        j = name_end(doc, i, taken, roles)
        next_person = actors.by_token.get(j)
        if next_person is not None and next_person.kind == "person" and next_person.person and j - i <= 2:
            actors.extend_mention(next_person, i)  # "Kasym-Jomart [Tokayev]": the first name joins the known person
            i = j
            continue
        word = doc[i].text
        ref = (surnames.get(word) or firsts.get(word)) if j == i + 1 else None
        if ref is not None and ref.person:
            actors.add_mention(_mention(doc, i, j, key=ref.key, person=ref.person, title=ref.title,
                                        gender=ref.gender or _honorific_gender(doc, i, roles)))
        elif ref is None and sum(doc[k].text != "-" for k in range(i, j)) <= MAX_NAME_TOKENS:
            found = _role(doc, i, j, actors)
            if found is not None:
                title, key, gender = found
                mention = _mention(doc, i, j, key=key, person=doc[i:j].text, title=title, gender=gender)
                actors.add_mention(mention)
                if j - i >= 2:
                    _register(doc, mention, surnames, firsts)
        i = j


def _register(doc: Doc, person: Mention, surnames: dict[str, Mention], firsts: dict[str, Mention]) -> None:
    last = doc[person.tok_end - 1].text
    surnames[last] = person
    if person.tok_end - person.tok_start >= 2:
        first = doc[person.tok_start].text
        if first in firsts and firsts[first].person != person.person:
            firsts[first] = Mention(0, 0, "", None, "person")  # shared by two people: refers to neither
        else:
            firsts[first] = person


def _mention(doc: Doc, start: int, end: int, **fields) -> Mention:
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, kind="person", tok_start=start, tok_end=end, **fields)


def _role(doc: Doc, start: int, end: int, actors) -> tuple[str, str | None, str | None] | None:
    """(title, actor key, gender) of the person named doc[start:end], or None if no role is given."""
    roles = actors.roles
    before = title_before(doc, start, roles)
    if before is not None:
        title, n = before
        title_token = doc[start - 1]
        words = left_words(doc, start)
        key = _owner_key(title_token, words, actors) or roles.national_title(words)
        if key is None:  # "Senior Colonel Shi Yi, spokesperson of the Chinese military's …"
            described = _apposition_after(doc, end, actors) or _apposition_before(doc, start, actors)
            key = described[1] if described else None
        key = key or _office_holder_state(title, words, start, actors)
        return title, key, _gender(words, roles)
    described = _apposition_after(doc, end, actors) or _apposition_before(doc, start, actors)
    if described is not None:
        return described
    if start > 0 and (doc[start - 1].lower_ in roles.relations or doc[start - 1].lower_ in roles.commentators):
        # a person without office: a short key of their own (A6), "his sister Mona Hassan" -> HASSAN
        return "relative" if doc[start - 1].lower_ in roles.relations else "commentator", \
            person_key(doc[start:end], roles), roles.gender(doc[start - 1].lower_)
    return None


def title_before(doc: Doc, start: int, roles: Roles) -> tuple[str, int] | None:
    """A title right before a name: "Foreign Ministry spokesperson [Maria Zakharova]"."""
    window = [t for t in doc[max(0, start - roles.max_title_words):start]]
    while window and window[0].sent != doc[start].sent:
        window.pop(0)
    return roles.title_ending_at(window) if window else None


def _owner_key(title_token: Token, words: list[Token], actors) -> str | None:
    key = actors.owner_key(title_token)
    if key is None:
        found = owner_in(words, actors.actor_mention_at)
        key = found.key if found is not None else None
    return key


def _office_holder_state(title: str, words: list[Token], at: int, actors) -> str | None:
    """The state a holder of a state office (or of an office in an organ of state: "External Affairs
    ministry spokesperson") belongs to when the text names no owner: the state whose ministry of that
    office the story last named, else the state the story is about."""
    roles = actors.roles
    if any(w.lower_ in roles.not_of_the_state for w in words):
        return None
    of_a_state_organ = any(w.lower_ in roles.state_organ_modifiers for w in words)  # "ministry spokesperson"
    if title not in roles.state_office_titles and not of_a_state_organ:
        return None
    return actors.ministry_owner(title, at) or story_actor(actors.doc, actors.mentions, at, STATE_KINDS)


def _gender(words: list[Token], roles: Roles) -> str | None:
    for w in reversed(words):
        gender = roles.gender(w.lower_)
        if gender:
            return gender
    return None


def _honorific_gender(doc: Doc, start: int, roles: Roles) -> str | None:
    return roles.gender(doc[start - 1].lower_) if start > 0 and doc[start - 1].lower_ in roles.honorifics else None


def _apposition_after(doc: Doc, end: int, actors) -> tuple[str, str | None, str | None] | None:
    """ "<Name>, Armenia's ambassador to the U.K., ..." -> ("ambassador", "ARM", None).

    The title is the head of the phrase after the comma: the last title word before the phrase's own
    of/for phrase or its end ("a deputy spokesperson for the Thai army" is a spokesperson)."""
    roles = actors.roles
    if end >= len(doc) or doc[end].text not in APPOSITION_OPENERS:
        return None
    words: list[Token] = []
    best: tuple[str, int, int] | None = None  # title, its length in words, where it ends
    for t in doc[end + 1:end + 12]:
        if t.is_punct and t.text not in {"-", "'s", "’s"} or t.pos_ in {"VERB", "AUX"}:
            break
        if best is not None and t.lower_ in {"for", "of", "to", "at", "in"}:
            break  # the title's own phrase begins: "head [of the committee]"
        words.append(t)
        found = roles.title_ending_at(words)
        if found:
            best = (found[0], found[1], len(words))
    if best is None:
        return None
    title, n, stop = best
    title_token = words[stop - 1]
    phrase = words[:stop]
    key = _owner_key(title_token, phrase[:-n], actors)
    if key is None:  # "spokesperson for the alliance", "ambassador of Armenia"
        following = doc[title_token.i + 1:title_token.i + 6]
        if len(following) and following[0].lower_ in {"for", "of"}:
            found_owner = owner_in(following, actors.actor_mention_at)
            key = found_owner.key if found_owner else None
    key = key or roles.national_title(phrase) or _office_holder_state(title, phrase, end, actors)
    return title, key, _gender(phrase, roles)


def _name_root(doc: Doc, start: int) -> Token:
    """The head word of the name starting at ``start`` (its last word, as the parser has it)."""
    token = doc[start]
    while token.dep_ in {"compound", "flat"} and token.head.i > token.i:
        token = token.head
    return token


def _apposition_before(doc: Doc, start: int, actors) -> tuple[str, str | None, str | None] | None:
    """ "The Kremlin's chief spokesman, [Ivan Volkov]," -> ("spokesperson", "RUS", "m")."""
    roles = actors.roles
    if start < 2 or doc[start - 1].text != ",":
        return None
    title_token = doc[start - 2]
    # the title phrase ends before the comma, or is the head of an of/for phrase that does
    # ("a spokesperson for the army's Eastern Theater Command, Li Xi")
    root = _name_root(doc, start)
    head = root.head if root.dep_ == "appos" else None
    candidates = [title_token] + ([head] if head is not None and head.i < start else [])
    # "a spokesperson for the PLA's Eastern Theater Command, Li Xi": the title heads the of/for
    # phrase that ends before the comma
    for token in list(candidates):
        for _ in range(2):
            if token.dep_ != "pobj" or token.head.dep_ != "prep" or token.head.head.i >= token.i:
                break
            token = token.head.head
            candidates.append(token)
    for token in candidates:
        words = left_words(doc, token.i + 1)
        found = roles.title_ending_at(words)
        if found is None:
            continue
        title, n = found
        key = _owner_key(token, words[:-n], actors) or roles.national_title(words) \
            or _office_holder_state(title, words, start, actors)
        return title, key, _gender(words, roles)
    return None
