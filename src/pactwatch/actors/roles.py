"""The roles lexicon (``data/lexicon/roles.yaml``): titles, organ nouns, collective descriptions and
pronouns, the words that tell a person acting for an actor, or a phrase referring back to one."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..resources import load_yaml


@dataclass(frozen=True)
class Roles:
    """The roles lexicon: titles, organ nouns, collective descriptions and pronouns."""

    title_of: dict[str, str]  # form -> canonical title
    max_title_words: int
    organs: frozenset[str]
    collective_of: dict[str, str]  # "alliance" -> alliance, "country" -> state
    pronoun_class: dict[str, str]  # "he" -> male
    commentators: frozenset[str]  # "analyst": people quoted who act for no one

    @classmethod
    def load(cls) -> "Roles":
        data = load_yaml("lexicon/roles.yaml")
        title_of = {form: title for title, forms in data["titles"].items() for form in forms}
        collective_of = {form: kind for kind, forms in data["collectives"].items() for form in forms}
        pronoun_class = {p: cls_ for cls_, words in data["pronouns"].items() for p in words}
        return cls(title_of, max(len(f.split()) for f in title_of), frozenset(data["organs"]),
                   collective_of, pronoun_class, frozenset(data.get("commentators") or []))

    def title_ending_at(self, tokens: list[Token]) -> tuple[str, int] | None:
        """The canonical title whose form ends the token list, and how many tokens it takes."""
        words = [t.lower_ for t in tokens]
        for n in range(min(self.max_title_words, len(words)), 0, -1):
            title = self.title_of.get(" ".join(words[-n:]))
            if title:
                return title, n
        return None


@lru_cache(maxsize=1)
def default_roles() -> Roles:
    return Roles.load()
