"""Resolving what a phrase refers to: pronouns, definite descriptions and unnamed people.

``ArticleActors`` holds one article's mentions. Pronouns and descriptions are resolved lazily, when an
event or a quote needs them:

- "he", "she", "it": the most salient earlier mention that fits (gender, kind);
- "the minister", "the source", "the Russian official": the last person described the same way (the
  same head noun, else the same office), among those of the actor the description names if it names
  one ("the Russian official" is never the Ukrainian minister);
- "the committee", "the ministry": the last institution with that head noun; "the army", "the junta",
  "officials": the state the story is about there (``salience``);
- "the alliance", "the bloc", "his country": the last actor of that kind, or the speaker's state;
- "its neighbour", "its rival": the other party, the state the story is about that is not the owner.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..records import Mention
from .dictionary import ActorDictionary
from .phrases import NP_LEFT_DEPS, owner
from .roles import Roles
from .salience import role, story_actor
from .shortkeys import crowd_key, is_short_key

STATE_KINDS = frozenset({"state"})
ACTOR_KINDS = frozenset({"state", "organisation", "alliance", "entity"})
UNNAMED_DEPS = {"nsubj", "nsubjpass", "dobj", "conj", "appos"}


@dataclass
class Referent:
    """What a noun phrase refers to: an actor key, with the person and text when known."""

    key: str | None
    kind: str
    text: str
    person: str | None = None
    said_as: str | None = None  # the words that name it where it speaks ("the president"), when not a pronoun


@dataclass
class ArticleActors:
    """The mentions of one article and the means to resolve pronouns and descriptions against them."""

    doc: Doc
    mentions: list[Mention]
    roles: Roles
    dictionary: ActorDictionary
    published: str | None = None
    by_token: dict[int, Mention] = field(init=False)

    def __post_init__(self) -> None:
        self.by_token = {}
        for m in self.mentions:
            for i in range(m.tok_start, m.tok_end):
                self.by_token.setdefault(i, m)

    def mention_at(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    def actor_mention_at(self, token: Token) -> Mention | None:
        """The mention at ``token`` when it names an actor (a person counts when coded as one)."""
        m = self.by_token.get(token.i)
        return m if m is not None and m.key else None

    def add_mention(self, mention: Mention) -> None:
        """Register a mention found by a later stage (an unnamed speaker) for later references."""
        self.mentions.append(mention)
        self.mentions.sort(key=lambda m: m.tok_start)
        for i in range(mention.tok_start, mention.tok_end):
            self.by_token.setdefault(i, mention)

    def extend_mention(self, mention: Mention, start: int) -> None:
        """Let ``mention`` start earlier, at token ``start`` ("Kasym-Jomart" joins "Tokayev")."""
        mention.tok_start = start
        mention.start = self.doc[start].idx
        mention.text = self.doc[start:mention.tok_end].text
        for i in range(start, mention.tok_end):
            self.by_token[i] = mention
        self.mentions.sort(key=lambda m: m.tok_start)

    def referent(self, mention: Mention) -> Referent:
        return Referent(mention.key, mention.kind, mention.text, mention.person)

    def without_office(self, key: str | None) -> bool:
        """Whether ``key`` is the short key of people without office or an organisation the dictionary
        does not know (A6), rather than a state, organisation or entity."""
        return is_short_key(key, self.dictionary.actors)

    def story_state(self, at: int, exclude: Iterable[str] = ()) -> str | None:
        """The state the story is about at token ``at`` (see ``salience``)."""
        return story_actor(self.doc, self.mentions, at, STATE_KINDS, frozenset(exclude))

    def owner_key(self, token: Token, describe: bool = True) -> str | None:
        """The key of the actor that owns the title or organ ``token`` (``phrases.owner``). An entity
        that is the government of a state on the article's date stands for the state (A3)."""
        found = owner(token, self.actor_mention_at, self.roles, self.describe_owner if describe else None)
        if found is None or not found.key:
            return None
        return self.dictionary.governed_state(found.key, self.published) or found.key

    def describe_owner(self, token: Token) -> Mention | None:
        """A description or pronoun in the owner's place of a title ("the country's intelligence
        service", "a spokesperson for the alliance"), as a mention of what it refers to."""
        if token.pos_ == "PRON":
            ref = self.resolve_pronoun(token)
        elif token.dep_ in {"compound", "amod"} and token.lower_ in self.roles.collective_of:
            # "an alliance official", "a bloc spokesman": the last actor of that kind
            kinds = {"alliance", "organisation"} if self.roles.collective_of[token.lower_] == "alliance" else {"state"}
            m = self._before(token.i, kinds)
            ref = self.referent(m) if m else None
        else:
            ref = self.resolve_description(token)
        if ref is None or not ref.key:
            return None
        return Mention(token.idx, token.idx + len(token.text), token.text, key=ref.key, kind=ref.kind,
                       tok_start=token.i, tok_end=token.i + 1)

    def ministry_owner(self, title: str, at: int) -> str | None:
        """The state whose ministry of ``title``'s kind the text last named before token ``at``
        ("Moldova's foreign ministry" for a foreign minister)."""
        forms = [form.split() for form in (self.roles.title_organs or {}).get(title, ())]
        if not forms:
            return None
        for token in reversed(self.doc[:at]):
            for words in forms:
                if token.lower_ != words[-1] or token.i + 1 < len(words):
                    continue
                if [t.lower_ for t in self.doc[token.i + 1 - len(words):token.i + 1]] != words:
                    continue
                mention = self.actor_mention_at(token)
                key = mention.key if mention is not None else self.owner_key(token, describe=False)
                if key is None:  # "the Moldovan foreign ministry": the parser may hang it elsewhere
                    start = token.i + 1 - len(words)
                    key = next((m.key for i in range(max(0, start - 3), start)
                                for m in [self.actor_mention_at(self.doc[i])] if m is not None), None)
                if key:
                    return key
        return None

    # -- unnamed people ------------------------------------------------------------------------------

    def discover_unnamed(self) -> None:
        """People the article does not name: "an Armenian government official", "a spokesperson for
        the alliance", "analysts". They speak and are referred back to ("the official said")."""
        found: list[Mention] = []
        for token in self.doc:
            if token.pos_ != "NOUN" or token.i in self.by_token or token.dep_ not in UNNAMED_DEPS:
                continue
            title = self.roles.title_ending_at([token])
            commentator = token.lemma_.lower() in self.roles.commentators or token.lower_ in self.roles.commentators
            if title is None and not commentator:
                continue
            det = [c for c in token.children if c.dep_ == "det"]
            if det and det[0].lower_ in self.roles.definite_determiners:
                continue  # a reference back, resolved by resolve_description
            if token.dep_ == "appos" and self._named_person(token.head):
                continue  # "Roberto Diaz, head of the consular section": the named person already
            start = min([token.i] + [c.left_edge.i for c in token.lefts if c.dep_ in NP_LEFT_DEPS])
            end = token.i + 1
            key = None
            if not commentator:
                key = self.owner_key(token) or self._actor_in(range(start, end))
                key = key or self.roles.national_title([token]) or self.official_state(token)
            # "a spokesperson for the alliance", "an official at the ministry"; not "a diplomat in Seoul"
            for prep in (c for c in token.rights if c.dep_ == "prep" and c.lower_ in {"for", "of", "at"}):
                objects = [g for g in prep.children if g.dep_ == "pobj"]
                if objects and not commentator:
                    end = objects[0].right_edge.i + 1
                    key = key or self._actor_of(objects[0])
                break
            if commentator and token.tag_ in {"NNS", "NNPS"}:
                # a crowd without office (A6): acting, it is itself ("Serbian students protested":
                # STUDENTS, never their state); acted upon, foreigners are their state ("arrested two
                # Polish journalists": POL)
                acted_upon = token.dep_ not in {"nsubj", "conj", "appos"}
                key = (self.owner_key(token, describe=False) if acted_upon else None) or crowd_key(token)
            span = self.doc[start:end]
            found.append(Mention(span.start_char, span.end_char, span.text, key=key, kind="person",
                                 tok_start=start, tok_end=end, person=None,
                                 title=title[0] if title else "commentator",
                                 gender=self.roles.gender(token.lower_)))
        for mention in found:
            self.add_mention(mention)

    def official_state(self, token: Token) -> str | None:
        """ "an intelligence source", "military sources", "government officials" with no owner named:
        officials of the state the story is about."""
        modifiers = [c for c in token.lefts if c.dep_ in {"amod", "compound"}]
        if any(c.lower_ in self.roles.state_organ_modifiers or c.lemma_.lower() in self.roles.state_organ_modifiers
               for c in modifiers):
            return self.story_state(token.i)
        return None

    def _named_person(self, token: Token) -> bool:
        m = self.by_token.get(token.i)
        return m is not None and m.kind == "person" and m.person is not None

    def _actor_in(self, indexes: Iterable[int]) -> str | None:
        for i in indexes:
            m = self.by_token.get(i)
            if m is not None and m.key and m.kind != "person":
                return m.key
        return None

    def _actor_of(self, token: Token) -> str | None:
        m = self.by_token.get(token.i)
        if m is not None and m.key:
            return m.key
        described = self.resolve_description(token)
        return described.key if described else None

    # -- references back -----------------------------------------------------------------------------

    def _before(self, i: int, kinds: set[str] | frozenset[str], predicate=None) -> Mention | None:
        """The most salient earlier mention of one of ``kinds``.

        Nearest first: the same sentence (its last such mention, subjects preferred), then the two
        sentences before (subjects of main clauses preferred, then other subjects), then anything
        earlier.
        """
        candidates = [m for m in self.mentions if m.tok_end <= i and m.kind in kinds
                      and (m.key or m.kind == "person") and (predicate is None or predicate(m))]
        if not candidates:
            return None
        sent_start = self.doc[i].sent.start
        window_start = _sentence_start_back(self.doc, sent_start, 2)
        for lower in (sent_start, window_start):
            recent = [m for m in candidates if m.tok_start >= lower]
            if recent:
                # in the sentences before, a main clause's subject ranks first ("Stoltenberg noted
                # that Putin had cited …" — "he" is Stoltenberg), then any subject, then the last
                ranks = [role(self.doc, m) for m in recent]
                main = [m for m, r in zip(recent, ranks) if r == "main_subject"] if lower < sent_start else []
                subjects = [m for m, r in zip(recent, ranks) if r in {"main_subject", "subject"}]
                return (main or subjects or recent)[-1]
        return candidates[-1]

    def resolve_pronoun(self, token: Token, speaker: Referent | None = None) -> Referent | None:
        cls = self.roles.pronoun_class.get(token.lower_)
        if cls == "first_person":
            return speaker
        if cls in {"male", "female"}:
            gender = "m" if cls == "male" else "f"
            fits = lambda m: m.kind == "person" and m.gender in (None, gender)  # noqa: E731
            m = self._governing_subject(token, fits) or self._before(token.i, {"person"}, fits)
            return self.referent(m) if m else None
        if cls == "thing":
            kinds = {"state", "organisation", "alliance"}
            m = self._governing_subject(token, lambda m: m.kind in kinds) or self._before(token.i, kinds)
            return self.referent(m) if m else None
        return None

    def _governing_subject(self, pronoun: Token, fits) -> Mention | None:
        """For a pronoun subject, the subject of the clause its clause hangs from: "Armenia said that
        if the CSTO does not help, it will leave" (it: Armenia, the sayer); "Russia said the CSTO
        failed because it ignored the request" (it: the CSTO, whose failing the clause explains)."""
        if pronoun.dep_ not in {"nsubj", "nsubjpass"}:
            return None
        clause = pronoun.head
        for _ in range(3):
            if clause.head.i == clause.i or clause.dep_ not in {"ccomp", "advcl", "conj", "xcomp"}:
                return None
            clause = clause.head
            for subject in (c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < pronoun.i):
                m = self.mention_at(subject.i) or next((self.mention_at(t.i) for t in subject.subtree
                                                        if self.mention_at(t.i) is not None), None)
                if m is not None and (m.key or m.kind == "person") and fits(m):
                    return m
                if subject.pos_ != "PRON":
                    return None  # the governing clause has a subject of another kind: no guess from here
        return None

    def resolve_description(self, token: Token, speaker: Referent | None = None) -> Referent | None:
        """ "the prime minister", "the premier", "the alliance", "his country", "the army",
        "officials" -> an earlier actor or the state of the story (see the module docstring)."""
        det = [c for c in token.children if c.dep_ in {"det", "poss"}]
        words = [t for t in self.doc[token.left_edge.i:token.i + 1] if t.dep_ not in {"det", "poss", "case"}]
        definite = bool(det) and det[0].dep_ == "det" and det[0].lower_ in self.roles.definite_determiners
        if not det:
            # "Officials said", "Troops crossed": a bare plural organ of state is the story's state
            if token.tag_ == "NNS" and len(words) == 1 and self._is_state_organ(token) and token.dep_ in {"nsubj", "nsubjpass"}:
                key = self.story_state(token.i)
                return Referent(key, "state", token.text) if key else None
            return None
        title = self.roles.title_ending_at(words) if words else None
        if title is not None and definite:
            return self._titled_before(token, title[0])
        lemma = token.lemma_.lower()
        if token.lower_ in self.roles.collective_of or self._is_organ(token):
            # "the government of Kosovo", "the Armenian authorities": a phrase naming its own owner
            # refers to that owner, not back to the last state named
            key = self.owner_key(token, describe=False)
            if key is not None:
                return Referent(key, self.dictionary.actor_kind(key), self.doc[token.left_edge.i:token.i + 1].text)
        if det[0].dep_ == "poss" and (token.lower_ in self.roles.other_party or lemma in self.roles.other_party):
            if self._names_itself(token):
                return None  # "its neighbour and rival India": the name says who
            return self._other_party(token, det[0], speaker)
        collective = self.roles.collective_of.get(" ".join(t.lower_ for t in words[-2:])) or \
            self.roles.collective_of.get(token.lower_)
        if collective is None and definite and all(self._is_organ(t) for t in words) and not _is_place_phrase(token):
            # "the committee", "the junta", "the army", "the ministry" with nothing naming whose: the
            # last such organ whose owner the text gave, else (an organ of state) the state the
            # story is about here
            key = self._same_organ_before(token)
            if key is None and self._is_state_organ(token):
                key = self.owner_key(token, describe=False) or self.story_state(token.i)
            return Referent(key, self.dictionary.actor_kind(key), token.text) if key else None
        if collective is None:
            return None
        if det[0].dep_ == "poss":  # "his country" -> the country of whoever "his" is
            owner_ref = self.resolve_pronoun(det[0], speaker)
            return Referent(owner_ref.key, "state", token.text) if owner_ref else None
        kinds = {"alliance", "organisation"} if collective == "alliance" else {"state"}
        m = self._before(token.i, kinds)
        return self.referent(m) if m else None

    def _names_itself(self, token: Token) -> bool:
        return any(self.actor_mention_at(t) is not None for c in token.children
                   if c.dep_ in {"appos", "conj", "compound"} for t in c.subtree)

    def _same_organ_before(self, token: Token) -> str | None:
        """The owner of the last earlier organ of the same name: "the committee" after "the
        Belarusian State Border Committee", "the junta" after "the junta which seized power in Niger"."""
        lemma = token.lemma_.lower()
        for earlier in reversed(self.doc[:token.left_edge.i]):
            if earlier.lemma_.lower() != lemma or earlier.pos_ not in {"NOUN", "PROPN"}:
                continue
            mention = self.actor_mention_at(earlier)
            key = mention.key if mention is not None and mention.kind != "person" else self.owner_key(earlier, describe=False)
            if key:
                return key
        return None

    def _is_organ(self, token: Token) -> bool:
        return token.lower_ in self.roles.organs or token.lemma_.lower() in self.roles.organs

    def _is_state_organ(self, token: Token) -> bool:
        return token.lower_ in self.roles.state_organs or token.lemma_.lower() in self.roles.state_organs

    def _titled_before(self, token: Token, title: str) -> Referent | None:
        """ "the minister", "the unnamed Kremlin source", "the Russian official": the last person
        described the same way, of the actor the description names if it names one."""
        key = self.owner_key(token, describe=False)
        head = token.lemma_.lower()

        def of_actor(m: Mention) -> bool:
            return key is None or m.key == key

        def same_head(m: Mention) -> bool:  # "the source" after "a Kremlin source"
            return m.person is None and self.doc[m.tok_end - 1].lemma_.lower() == head and of_actor(m)

        def same_office(m: Mention) -> bool:
            if m.title in self.roles.officeless_titles or not of_actor(m):
                return False
            return self.roles.same_office(title, m.title) or (title == "official" and m.key is not None)

        m = self._before(token.i, {"person"}, same_head) or self._before(token.i, {"person"}, same_office)
        if m is not None:
            return self.referent(m)
        if key is not None:  # "the Russian official" first met here: the actor it names
            return Referent(key, "person", self.doc[token.left_edge.i:token.i + 1].text)
        return None

    def _other_party(self, token: Token, possessor: Token, speaker: Referent | None) -> Referent | None:
        """ "its neighbour", "their rival": the state the story is about that is not the possessor."""
        if possessor.pos_ == "PRON":
            owner_ref = self.resolve_pronoun(possessor, speaker)
        else:
            m = self.actor_mention_at(possessor)
            owner_ref = self.referent(m) if m else self.resolve_description(possessor, speaker)
        if owner_ref is None or not owner_ref.key:
            return None
        key = self.story_state(token.i, exclude=[owner_ref.key])
        return Referent(key, "state", token.text) if key else None


def _sentence_start_back(doc: Doc, sent_start: int, n: int) -> int:
    start = sent_start
    for _ in range(n):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return start


# prepositions of place: "deployed a mission to the border", "along the border", "at the embassy"
PLACE_PREPS = {"to", "at", "near", "along", "across", "on", "in", "into", "from", "inside", "outside", "around"}


def _is_place_phrase(token: Token) -> bool:
    """A description that names where something happens, not who acts: the object of a preposition of
    place ("a monitoring mission to the border") is never an organ acting for a state."""
    return token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPS
