"""Short keys for actors that act for no state or organisation (CONVENTIONS A6).

"Individuals without office and crowds get a short key": a person by the surname with its particles
("Sanaa Seif" -> SEIF, "Alaa Abd El-Fattah" -> ABDELFATTAH), an organisation the dictionary does not
know by its own name ("Empire Navigation" -> EMPIRE_NAVIGATION), a crowd by its noun phrase
("protesters" -> PROTESTERS, "war bloggers" -> WAR_BLOGGERS). Multi-word keys use underscores.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Sequence

from spacy.tokens import Token

from .roles import Roles

_NOT_KEY = re.compile(r"[^A-Z0-9_]")


def _plain(text: str) -> str:
    """Upper case without diacritics, apostrophes or hyphens: "El-Fattah" -> "ELFATTAH"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return _NOT_KEY.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)).upper())


def is_short_key(key: str | None, known: Container[str]) -> bool:
    """Whether ``key`` is a short key given here, not an actor of the dictionary."""
    return key is not None and key not in known


def person_key(name: Sequence[Token], roles: Roles) -> str | None:
    """The surname of a name with the particles and hyphenated parts before it."""
    words = [t for t in name if t.text != "-"]
    if not words:
        return None
    parts = [words[-1].text]
    i = len(words) - 2
    while i >= 0:
        word = words[i]
        joined = word.idx + len(word.text) == words[i + 1].idx - 1 and word.doc[word.i + 1].text == "-"
        if word.lower_ in roles.surname_particles or joined:
            parts.insert(0, word.text)
            i -= 1
        else:
            break
    return _plain("".join(parts)) or None


def name_key(name: Sequence[Token]) -> str | None:
    """An organisation's name as a key: "Empire Navigation" -> EMPIRE_NAVIGATION."""
    key = "_".join(_plain(t.text) for t in name if _plain(t.text))
    return key or None


def crowd_key(head: Token) -> str | None:
    """A crowd by its noun with the nouns compounded to it: "war bloggers" -> WAR_BLOGGERS."""
    words = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_alpha] + [head]
    return "_".join(_plain(t.text) for t in words) or None
