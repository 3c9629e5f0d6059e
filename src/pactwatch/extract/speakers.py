"""Who said a quotation: its reporting verb (the cue) and the speaker that verb names.

The cue is, first, the reporting verb the quoted words depend on in the parse (",” he said",
"Li said the drills would serve as a “strong punishment”", "labelling them “reckless”"), else a
reporting verb beside the quote: after it in the same sentence, or before it when the text leads into
it ("Zakharova said: “…"), also across a paragraph break after a colon.

The speaker of a cue is, in order: the one quoted ("the agency quoted X as saying"), the one cited
("RBC reported, citing Peskov": the agency only relays), the agent of a passive ("was reported by the
Border Service"), the subject, climbing through coordinated and subordinate verbs ("… and said",
"responded and condemned …, saying"), or the noun after the verb (",” said the official").

What the speaker's phrase refers to comes from the same resolution as events (``ArticleActors``): a
named person in the phrase ("the President of Türkiye, Recep Tayyip Erdoğan"), a pronoun, a
description, a document ("the statement said": who issued it, by its by-phrase or owner, else the
speaker of the statement just reported), or an unnamed speaker, added as a mention so that "the
official" refers back to them. The quote records the speaker as the text names them where they speak.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ..actors import ArticleActors, Referent
from ..actors.phrases import noun_phrase
from ..actors.salience import role
from ..actors.shortkeys import crowd_key, name_key
from .events import ArticleEvents, default_lexicon, group_members  # the event coder's groups, not a copy
from ..nlp import doc_text
from ..records import Mention, Quote
from ..resources import load_yaml

if TYPE_CHECKING:
    from .quotes import QuoteSpan

PREVIOUS_SPEAKER_SENTENCES = 4  # how far back "the statement" looks for who issued it
RELATIVE_PRONOUNS = {"who", "which", "that"}
CLOSING_MARKS = {"”", "»", '"', "’", "'"}
SAME_SOURCE_NOUNS = {"official", "representative", "source", "spokesperson", "spokesman", "spokeswoman", "diplomat"}


@dataclass(frozen=True)
class SpeechLexicon:
    verbs: frozenset[str]
    quoting_verbs: frozenset[str]  # "X quoted Y as saying": the speaker is the object
    reported_speech_verbs: frozenset[str]  # "X said (that) …": the clause is an indirect quote
    according_markers: frozenset[str]  # "according to X, …"
    fragment_verbs: frozenset[str]  # "X called it “reckless”": a short fragment is X's words
    description_verbs: frozenset[str]  # "X described the move as …": object and predicate are X's words
    # where a reported clause ends (quotes._opens_comment)
    comment_openers: frozenset[str]  # ", after …", ", which …": the writer's comment
    conjunction_openers: frozenset[str]  # ", as …": a comment only as a conjunction (not "as well as")
    result_participles: frozenset[str]  # ", killing three": the reported event's outcome, kept
    sourceless_sources: frozenset[str]  # "according to estimates": a source that says nothing


@lru_cache(maxsize=1)
def speech_lexicon() -> SpeechLexicon:
    data = load_yaml("lexicon/speech.yaml")
    words = lambda name: frozenset(str(w).lower() for w in data.get(name) or [])  # noqa: E731
    return SpeechLexicon(words("reporting_verbs"), words("quoting_verbs"), words("reported_speech_verbs"),
                         words("according_markers"), words("fragment_verbs"), words("description_verbs"),
                         words("comment_openers"), words("conjunction_openers"), words("result_participles"),
                         words("sourceless_sources"))


# --- the cue ------------------------------------------------------------------------------------------

def is_cue(token: Token, lexicon: SpeechLexicon) -> bool:
    return token.pos_ in {"VERB", "AUX"} and (token.lemma_ in lexicon.verbs or token.lemma_ in lexicon.quoting_verbs)


def governing_cues(doc: Doc, start: int, end: int, lexicon: SpeechLexicon) -> Iterator[Token]:
    """The reporting verbs outside the marks that the quoted words depend on, nearest ancestor first
    (all within the quote's sentence, as the parse is)."""
    inside = doc.char_span(start, end, alignment_mode="expand")
    if inside is None:
        return
    verbs = lexicon.verbs | lexicon.quoting_verbs | lexicon.fragment_verbs
    seen: set[int] = set()
    for top in (t for t in inside if not inside.start <= t.head.i < inside.end):
        child = top
        for ancestor in top.ancestors:
            via, child = child, ancestor
            if inside.start <= ancestor.i < inside.end or ancestor.i in seen:
                continue
            seen.add(ancestor.i)
            if via.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                continue  # "the “momentous” declaration calls for …": words inside a subject are not its verb's
            if ancestor.pos_ in {"VERB", "AUX"} and ancestor.lemma_.lower() in verbs:
                yield ancestor


def governing_cue(doc: Doc, start: int, end: int, lexicon: SpeechLexicon) -> Token | None:
    """The nearest reporting verb the quoted words depend on."""
    return next(governing_cues(doc, start, end, lexicon), None)


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def find_cue(doc: Doc, spans: list[QuoteSpan], index: int, lexicon: SpeechLexicon) -> Token | None:
    """The reporting verb of the quote ``spans[index]`` (see the module docstring)."""
    span = spans[index]
    governing = governing_cue(doc, span.start, span.end, lexicon)
    if governing is not None:
        return governing
    text = doc_text(doc)
    para_start = text.rfind("\n", 0, span.start) + 1
    para_end = text.find("\n", span.end)
    para_end = len(text) if para_end == -1 else para_end
    next_start = next((s.start for s in spans[index + 1:] if s.paragraph == span.paragraph), para_end)
    prev_end = next((s.end for s in reversed(spans[:index]) if s.paragraph == span.paragraph), para_start)
    after = _tokens_between(doc, span.end + 1, next_start)
    # after the quote, within the same sentence: ",” the prime minister said."
    for token in after[:12]:
        if token.text in {".", "?", "!"} and token.i > after[0].i:
            break
        if is_cue(token, lexicon):
            return token
    # before the quote, when the text leads into it: "Zakharova said: “…" / "Nersesyan replied: “…"
    before = _tokens_between(doc, prev_end + 1 if prev_end > para_start else para_start, span.start - 1)
    lead = text[max(para_start, span.start - 3):span.start]
    if before and (":" in lead or "," in lead):
        for token in reversed(before):
            if token.sent != before[-1].sent:
                break
            if is_cue(token, lexicon):
                return token
    if span.opens_paragraph:
        # a lead-in paragraph ending with a colon: "The minister said:\n\n“…”"
        previous_end = text[:para_start].rstrip()
        if previous_end.endswith(":"):
            lead_in = _tokens_between(doc, text.rfind("\n", 0, len(previous_end)) + 1, len(previous_end))
            for token in reversed(lead_in):
                if token.sent != lead_in[-1].sent:
                    break
                if is_cue(token, lexicon):
                    return token
    return None  # a quote without a cue beside it inherits the speaker of the quote it continues


# --- the speaker of a cue -----------------------------------------------------------------------------

def speaker_of(cue: Token, actors: ArticleActors, lexicon: SpeechLexicon, previous: Quote | None,
               documents: bool = True) -> Referent | None:
    """Who the cue says spoke (see the module docstring); ``documents=False`` does not follow "the
    statement" back to the speaker before it."""
    head = cue
    # "X quoted Y as saying": climb from "saying" to "quoted", whose object is the speaker
    if cue.lemma_ == "say" and cue.dep_ in {"advcl", "pcomp", "xcomp"}:
        governor = cue.head.head if cue.head.dep_ == "prep" else cue.head
        if governor.lemma_ in lexicon.quoting_verbs:
            head = governor
    if head.lemma_ in lexicon.quoting_verbs:
        objects = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
        if objects:
            return referent_of_np(objects[0], actors, previous, documents)
    cited = _cited(head, lexicon)
    if cited is not None:
        return referent_of_np(cited, actors, previous, documents)
    agents = [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:  # "This was reported by the Border Service of Azerbaijan"
        return referent_of_np(agents[0], actors, previous, documents)
    current = head
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            found = referent_of_np(subjects[0], actors, previous, documents)
            if current is not head and (found is None or found.key is None) and current.dep_ == "ccomp" \
                    and is_cue(current.head, lexicon):
                # "X said all options are open and warned …": the parser hung "warned" on the
                # reported clause; the speaker is the reporting verb's
                return speaker_of(current.head, actors, lexicon, previous, documents) or found
            return found
        if current.dep_ not in {"conj", "advcl", "xcomp"} or current.head.i == current.i:
            break
        # "… and said", "the bloc reiterated its position, saying …", "responded and condemned
        # the announcement, saying …": the governing verb's subject
        current = current.head
    # inverted attribution after a quote, ",” said the official": the parser takes the speaker
    # for an object of the verb (only right after a quote: "describing the move as" is no inversion)
    inverted = [c for c in head.children if c.dep_ in {"dobj", "attr", "npadvmod"} and c.i > head.i
                and c.pos_ in {"NOUN", "PROPN"}]
    if inverted and any(t.text in CLOSING_MARKS for t in head.doc[max(0, head.i - 3):head.i]):
        return referent_of_np(inverted[0], actors, previous, documents)
    return None


def _cited(verb: Token, lexicon: SpeechLexicon) -> Token | None:
    """ "reported, citing Peskov", "said, quoting an intelligence source": whom the verb relays."""
    for child in verb.children:
        if child.dep_ in {"advcl", "xcomp", "conj", "prep"} and child.lemma_.lower() in lexicon.quoting_verbs:
            objects = [g for g in child.children if g.dep_ in {"dobj", "pobj"}]
            if objects:
                return objects[0]
    return None


# --- what the speaker's phrase refers to ----------------------------------------------------------------

def referent_of_np(token: Token, actors: ArticleActors, previous: Quote | None, documents: bool = True) -> Referent | None:
    """What the speaker's noun phrase refers to, with the phrase itself as the speaker's name: a quote
    records its speaker as the text names them there ("the president"), a pronoun by its antecedent."""
    named = _named_person_in(token, actors)
    if named is not None:  # "Armenia's Prime Minister … Nikol Pashinyan", "the President of Türkiye, X"
        return dataclasses.replace(actors.referent(named), said_as=named.text)
    referent = resolve_np(token, actors, previous, documents)
    if referent is None or token.pos_ == "PRON":
        return referent
    if referent.kind == "person" and referent.person is None and referent.text and actors.mention_at(token.i) is None:
        return referent  # "the official" for an unnamed speaker keeps that speaker's one description
    mention = actors.mention_at(token.i)
    shown = mention.text if mention is not None else noun_phrase(token).text
    return dataclasses.replace(referent, said_as=shown)


def _named_person_in(token: Token, actors: ArticleActors) -> Mention | None:
    """A named person the speaker's phrase holds besides its head: in apposition or as the name the
    title phrase ends with."""
    own = actors.mention_at(token.i)
    if own is not None and own.kind == "person" and own.person:
        return own
    for child in token.children:
        if child.dep_ in {"appos", "compound", "flat"} or (child.dep_ == "conj" and child.pos_ == "PROPN"):
            for t in child.subtree:
                m = actors.mention_at(t.i)
                if m is not None and m.kind == "person" and m.person and m.key:
                    return m
    return None


def resolve_np(token: Token, actors: ArticleActors, previous: Quote | None, documents: bool = True) -> Referent | None:
    mention = actors.mention_at(token.i)
    if mention is not None:
        if mention.person is None and mention.title == "commentator" and token.tag_ in {"NNS", "NNPS"}:
            # "some Russian war bloggers said": a crowd speaking for itself, not for its state (A6)
            return Referent(crowd_key(token), "person", mention.text, None)
        return actors.referent(mention)
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        # "Surovikin, who said …": the relative clause's noun
        return resolve_np(token.head.head, actors, previous, documents)
    if token.pos_ == "PRON":
        if previous is not None and _same_speaker_again(token, previous, actors):
            return Referent(previous.speaker_actor, "person", previous.speaker or "", None)
        # (not while looking back for that speaker: previous_speaker resolves with documents=False)
        return (_speaker_goes_on(token, actors) if documents else None) or actors.resolve_pronoun(token)
    if token.lemma_.lower() in actors.roles.documents or token.lower_ in actors.roles.documents:
        return _author(token, actors, previous, documents)
    described = actors.resolve_description(token)
    if described is not None:
        return described
    group = _group(token, actors)
    if group is not None:
        return group
    if previous is not None and token.lower_ in SAME_SOURCE_NOUNS and any(c.lower_ == "the" for c in token.children):
        return Referent(previous.speaker_actor, "person", previous.speaker or "", previous.speaker)
    return unnamed_speaker(token, actors)


def _group(token: Token, actors: ArticleActors) -> Referent | None:
    """ "the three leaders said", "both sides said": the actors last named together, as the event
    coder groups them (its first member stands for the group, whose members all accept)."""
    members = group_members(token, ArticleEvents(token.doc, actors, [], actors.published, default_lexicon()))
    if not members:
        return None
    return Referent(members[0].key, "person", noun_phrase(token).text, None)


def _speaker_goes_on(pronoun: Token, actors: ArticleActors) -> Referent | None:
    """ "The French President said he still regarded Bazoum as … “…,” he said.": "he" speaking goes on
    from the person who spoke last, not the person last named (Bazoum), unless another person of the
    pronoun's gender became a subject since (centering: the subject continues). For "he"/"she" as a
    speaker (subject of a reporting verb, or "according to him")."""
    pronoun_class = actors.roles.pronoun_class.get(pronoun.lower_, "")
    gender = {"male": "m", "female": "f"}.get(pronoun_class)
    if gender is None:
        return None
    earlier: Referent | None = None
    at = pronoun
    for _ in range(PREVIOUS_SPEAKER_SENTENCES):  # "… said he … He described … “…,” he said": back to a name
        cue = next(_earlier_cues(at, actors), None)
        if cue is None:
            return None
        subject = next((c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and actors.roles.pronoun_class.get(subject.lower_, "") == pronoun_class:
            at = subject
            continue
        earlier = speaker_of(cue, actors, speech_lexicon(), None, documents=False)
        break
    if earlier is None or earlier.person is None:
        return None
    forms = [m for m in actors.mentions if m.person == earlier.person]
    if not any(m.gender in (None, gender) for m in forms):
        return None
    last = max((m.tok_end for m in forms if m.tok_end <= pronoun.i), default=None)
    if last is None:
        return None
    for m in actors.mentions:
        if last <= m.tok_start < pronoun.i and m.kind == "person" and m.person != earlier.person \
                and m.gender in (None, gender) and role(pronoun.doc, m) in {"main_subject", "subject"}:
            return None  # someone else took the floor
    return dataclasses.replace(earlier, said_as=None)  # a pronoun is shown by the person's name


def _same_speaker_again(pronoun: Token, previous: Quote, actors: ArticleActors) -> bool:
    """ "“…,” said the War Gonzo blog. “…,” it said.": "it" speaking again, in the same paragraph or
    the next, is the speaker just quoted, not something named inside the quoted words, when that
    speaker is not a named person (who would be "he" or "she")."""
    if pronoun.lower_ not in {"it", "they"} or previous.speaker is None:
        return False
    between = doc_text(pronoun.doc)[previous.span[1]:pronoun.idx]
    if len([p for p in between.split("\n") if p.strip()]) > 2:
        return False
    return not any(m.person and m.text == previous.speaker for m in actors.mentions)


def _author(document: Token, actors: ArticleActors, previous: Quote | None, documents: bool) -> Referent | None:
    """Who issued a statement, report or update: its by-phrase ("an update by the army"), its owner
    ("the ministry's statement", "the army statement"), else the speaker just reported."""
    for child in document.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from", "of"}:
            for obj in (g for g in child.children if g.dep_ == "pobj"):
                found = resolve_np(obj, actors, previous, documents=False)
                if found is not None and found.key:
                    return dataclasses.replace(found, text=noun_phrase(document).text, person=None)
    key = actors.owner_key(document)
    if key is None:
        key = next((_organ_state(c, actors) for c in document.children if c.dep_ in {"compound", "amod"}
                    and _organ_state(c, actors)), None)
    if key is not None:
        return Referent(key, actors.dictionary.actor_kind(key), noun_phrase(document).text)
    if not documents:
        return None
    earlier = previous_speaker(document, actors)
    if earlier is not None:
        return dataclasses.replace(earlier, text=noun_phrase(document).text, person=None, said_as=None)
    return None


def _organ_state(modifier: Token, actors: ArticleActors) -> str | None:
    """ "the army statement": the state the story is about, for an organ of state as modifier."""
    roles = actors.roles
    if modifier.lower_ in roles.state_organs or modifier.lemma_.lower() in roles.state_organs:
        return actors.story_state(modifier.i)
    return None


def previous_speaker(token: Token, actors: ArticleActors) -> Referent | None:
    """The speaker of the nearest reporting verb before ``token`` (within a few sentences) whose
    speaker names an actor."""
    lexicon = speech_lexicon()
    for t in _earlier_cues(token, actors):
        found = speaker_of(t, actors, lexicon, None, documents=False)
        if found is not None and found.key:
            return found
    return None


def _earlier_cues(token: Token, actors: ArticleActors) -> Iterator[Token]:
    """The reporting verbs (and verbs issuing a statement) before ``token``, nearest first, within
    PREVIOUS_SPEAKER_SENTENCES sentences, less the verbs ``token`` depends on."""
    lexicon = speech_lexicon()
    doc = token.doc
    sentence = token.sent
    ancestors = {a.i for a in token.ancestors}
    for _ in range(PREVIOUS_SPEAKER_SENTENCES):
        for t in reversed(doc[sentence.start:min(sentence.end, token.i)]):
            if t.i not in ancestors and (is_cue(t, lexicon) or _issues_document(t, actors)):
                yield t
        if sentence.start == 0:
            return
        sentence = doc[sentence.start - 1].sent


def _issues_document(verb: Token, actors: ArticleActors) -> bool:
    """ "The IRGC released a statement", "the ministry issued a communique": a speaker for the quotes
    that follow."""
    documents = actors.roles.documents
    return verb.pos_ == "VERB" and any(c.dep_ == "dobj" and (c.lemma_.lower() in documents or c.lower_ in documents)
                                       for c in verb.children)


def unnamed_speaker(token: Token, actors: ArticleActors) -> Referent | None:
    """ "an unnamed CSTO representative" -> the description, acting for the actor that modifies it.

    An organisation the dictionary does not know speaks by its own name ("British maritime security
    firm Ambrey" is AMBREY, not Britain), a crowd by its noun ("the supporters" -> SUPPORTERS): the
    short keys of CONVENTIONS A6."""
    span = noun_phrase(token)
    key = _organisation_key(token, span, actors)
    for t in span:
        mention = actors.mention_at(t.i)
        if key is None and mention is not None and mention.key:
            key = mention.key
            break
    key = key or actors.owner_key(token) or actors.official_state(token) or _crowd_key(token, actors)
    if key is None:
        return Referent(None, "person", span.text, None)
    title = actors.roles.title_ending_at([token])
    unnamed = Mention(span.start_char, span.end_char, span.text, key=key, kind="person",
                      tok_start=span.start, tok_end=span.end, person=None,
                      title=title[0] if title else "official")
    actors.add_mention(unnamed)
    return Referent(key, "person", span.text, None)


def _organisation_key(token: Token, span: Span, actors: ArticleActors) -> str | None:
    """The name of an organisation noun phrase the dictionary does not know: "its operator Empire
    Navigation", "the War Gonzo blog", "firm Ambrey"."""
    roles = actors.roles
    words = [t for t in span] + [t for c in token.children if c.dep_ == "appos" for t in c.subtree]
    if not any(t.lower_ in roles.organisation_nouns or t.lemma_.lower() in roles.organisation_nouns for t in words):
        return None
    name = [t for t in words if t.pos_ == "PROPN" and t.text[:1].isupper() and actors.mention_at(t.i) is None]
    if not name or any(actors.mention_at(t.i) is not None and actors.mention_at(t.i).kind != "person"
                       for t in words if t.pos_ == "PROPN"):
        return None
    return name_key(name)


def _crowd_key(token: Token, actors: ArticleActors) -> str | None:
    """A crowd without office: "the 40-year-old's supporters" -> SUPPORTERS, "his family" -> FAMILY."""
    roles = actors.roles
    if token.pos_ != "NOUN" or roles.title_ending_at([token]) or token.lower_ in roles.organs \
            or token.lemma_.lower() in roles.organs or token.lower_ in roles.documents:
        return None
    if token.lower_ in roles.collective_people or token.lemma_.lower() in roles.collective_people \
            or (token.tag_ == "NNS" and token.lemma_.lower() in roles.commentators):
        return crowd_key(token)
    return None


def _fullest_name(person: str, actors: ArticleActors) -> str:
    forms = [m.text for m in actors.mentions if m.person == person]
    forms = [f for f in forms if not f.endswith(("'s", "’s"))] or forms
    return max(forms, key=lambda f: len(f.split())) if forms else person


def display_name(speaker: Referent, actors: ArticleActors) -> str:
    """The speaker as the text names them where they speak, else (a pronoun) their fullest name."""
    if speaker.said_as:
        return speaker.said_as
    if speaker.person is None:
        return speaker.text
    return _fullest_name(speaker.person, actors)
