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
    state_office_titles: frozenset[str] = frozenset()  # canonical titles of offices of a state
    not_of_the_state: frozenset[str] = frozenset()  # "opposition": the title is not the state's office
    national_title_of: dict[str, str] | None = None  # "congressman" -> USA
    title_organs: dict[str, tuple[str, ...]] | None = None  # "foreign minister" -> ("foreign ministry", …)
    relations: frozenset[str] = frozenset()  # kinship nouns: "his sister Mona Hassan"
    gender_of: dict[str, str] | None = None  # "spokeswoman" -> f, "mr" -> m
    state_organs: frozenset[str] = frozenset()  # "the army" without owner: the state of the story
    documents: frozenset[str] = frozenset()  # "the statement said": who issued it
    other_party: frozenset[str] = frozenset()  # "its neighbour": the other of the pair
    state_organ_modifiers: frozenset[str] = frozenset()  # "an intelligence source": a state's official
    surname_particles: frozenset[str] = frozenset()  # "Abd El-Fattah": particles of a surname
    organisation_nouns: frozenset[str] = frozenset()  # "firm Ambrey": organisations named by their name
    collective_people: frozenset[str] = frozenset()  # "his family": a crowd without office
    honorifics: frozenset[str] = frozenset()  # "Mr", "Dr.": a person's name follows
    not_name_words: frozenset[str] = frozenset()  # "March", "Monday": capitalised, never a name
    definite_determiners: frozenset[str] = frozenset()  # "the/this minister": one already named
    national_words: frozenset[str] = frozenset()  # "National", "Armed": a state's own institution
    state_institution_words: frozenset[str] = frozenset()  # "Georgia's government": the state
    officeless_titles: frozenset[str] = frozenset()  # "the commentator": acts for no one

    @classmethod
    def load(cls) -> "Roles":
        data = load_yaml("lexicon/roles.yaml")
        title_of = {form: title for title, forms in data["titles"].items() for form in forms}
        national = {form: str(entry["actor"]) for entry in data.get("national_titles") or []
                    for form in entry["forms"]}
        for form in national:  # a national title is a title too ("Congressman Peter Doyle")
            title_of.setdefault(form, "official")
        collective_of = {form: kind for kind, forms in data["collectives"].items() for form in forms}
        pronoun_class = {p: cls_ for cls_, words in data["pronouns"].items() for p in words}
        words = lambda name: frozenset(str(w).lower() for w in data.get(name) or [])  # noqa: E731
        gender_of = {w: g for g, ws in (data.get("genders") or {}).items() for w in ws}
        return cls(title_of, max(len(f.split()) for f in title_of), words("organs"),
                   collective_of, pronoun_class, words("commentators"),
                   state_office_titles=words("state_office_titles"), not_of_the_state=words("not_of_the_state"),
                   national_title_of=national,
                   title_organs={t: tuple(forms) for t, forms in (data.get("title_organs") or {}).items()},
                   relations=words("relations"), gender_of=gender_of, state_organs=words("state_organs"),
                   documents=words("documents"), other_party=words("other_party"),
                   state_organ_modifiers=words("state_organ_modifiers"),
                   surname_particles=words("surname_particles"), organisation_nouns=words("organisation_nouns"),
                   collective_people=words("collective_people"), honorifics=words("honorifics"),
                   not_name_words=words("not_name_words"), definite_determiners=words("definite_determiners"),
                   national_words=words("national_words"), state_institution_words=words("state_institution_words"),
                   officeless_titles=words("officeless_titles"))

    def title_ending_at(self, tokens: list[Token]) -> tuple[str, int] | None:
        """The canonical title whose form ends the token list, and how many tokens it takes."""
        words = [t.lower_ for t in tokens]
        for n in range(min(self.max_title_words, len(words)), 0, -1):
            title = self.title_of.get(" ".join(words[-n:]))
            if title:
                return title, n
        return None

    def national_title(self, tokens: list[Token]) -> str | None:
        """The state whose national title ends the token list ("Congressman" -> USA)."""
        words = [t.lower_ for t in tokens]
        for n in range(min(self.max_title_words, len(words)), 0, -1):
            actor = (self.national_title_of or {}).get(" ".join(words[-n:]))
            if actor:
                return actor
        return None

    def gender(self, word: str) -> str | None:
        return (self.gender_of or {}).get(word.lower().rstrip("."))

    @staticmethod
    def same_office(wanted: str, held: str | None) -> bool:
        """ "the minister" refers back to a foreign minister: the same title or the same last word."""
        return held is not None and (wanted == held or wanted.split()[-1] == held.split()[-1])


@lru_cache(maxsize=1)
def default_roles() -> Roles:
    return Roles.load()
