"""pactwatch's stages as registered spaCy components, run after the parser:

    pactwatch_actors -> pactwatch_quotes -> pactwatch_events

Each reads what the one before assigned on the Doc and assigns its own result there:

* ``doc._.published``: the article's publication date (``YYYY-MM-DD``, a month or a year, or None),
  set by the caller on a Doc made with ``nlp.make_doc`` before the pipeline runs; relative dates
  ("last week") resolve against it;
* ``doc._.pactwatch_actors``: the ``ArticleActors`` of the text (mentions, and the resolver of
  pronouns and descriptions), from ``pactwatch_actors``;
* ``doc._.quotes``: the ``Quote`` records, from ``pactwatch_quotes`` (which may add unnamed
  speakers to the actors);
* ``doc._.events``: the ``Event`` records, from ``pactwatch_events``.

The components declare these in ``requires``/``assigns``, so ``nlp.analyze_pipes()`` checks the
order, and a stage can be swapped (``nlp.replace_pipe("pactwatch_events", "my_coder")``) or added
(``nlp.add_pipe("my_stage", after="pactwatch_events")``) like any spaCy component: ``Extractor``
reads the results from ``doc._``, whichever component put them there. The dictionaries and the
lexicon are loaded once per component (and cached per process), never stored on a Doc.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..actors import ArticleActors, default_dictionary, default_roles, find_mentions
from .quotes import extract_quotes
from .events import default_lexicon, extract_events

STAGES = ("pactwatch_actors", "pactwatch_quotes", "pactwatch_events")
# what the tagger, parser and lemmatizer assign that the stages read (they read token.pos too, which
# en_core_web_sm's attribute_ruler sets without declaring it, so it is not listed)
PARSE = ["token.dep", "token.head", "token.lemma", "token.tag"]
DOC_ATTRIBUTES = ("published", "pactwatch_actors", "quotes", "events")

for _name in DOC_ATTRIBUTES:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class ActorsStage:
    """Finds the actors a text mentions, with the resolver of its pronouns and descriptions."""

    def __init__(self, dictionary=None, roles=None) -> None:
        self.dictionary = dictionary or default_dictionary()
        self.roles = roles or default_roles()

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        mentions = find_mentions(doc, self.dictionary, self.roles, published)
        actors = ArticleActors(doc, mentions, self.roles, self.dictionary)
        actors.discover_unnamed()
        doc._.pactwatch_actors = actors
        return doc


class QuotesStage:
    """Attributed quotations, direct and reported."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = extract_quotes(doc, doc._.pactwatch_actors)
        return doc


class EventsStage:
    """PLOVER events from the event lexicon, their actors from the parse."""

    def __init__(self, lexicon=None) -> None:
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = extract_events(doc, doc._.pactwatch_actors, doc._.quotes or [], doc._.published, self.lexicon)
        return doc


@Language.factory("pactwatch_actors", requires=PARSE, assigns=["doc._.pactwatch_actors"])
def make_actors_stage(nlp: Language, name: str) -> ActorsStage:
    return ActorsStage()


@Language.factory("pactwatch_quotes", requires=["doc._.pactwatch_actors", *PARSE], assigns=["doc._.quotes"])
def make_quotes_stage(nlp: Language, name: str) -> QuotesStage:
    return QuotesStage()


@Language.factory("pactwatch_events", requires=["doc._.pactwatch_actors", "doc._.quotes", *PARSE],
                  assigns=["doc._.events"])
def make_events_stage(nlp: Language, name: str) -> EventsStage:
    return EventsStage()


def add_stages(nlp: Language) -> Language:
    """Add the stages that are missing, in order, at the end of ``nlp`` (after its parser); a stage
    already there, or replaced by a component of another name, is left as it is."""
    for name in STAGES:
        if name not in nlp.pipe_names and not _replaced(nlp, name):
            nlp.add_pipe(name)
    return nlp


def _replaced(nlp: Language, stage: str) -> bool:
    """Whether a component of another name already assigns what ``stage`` assigns."""
    wanted = set(nlp.get_factory_meta(stage).assigns)
    return any(wanted & set(nlp.get_pipe_meta(name).assigns) for name in nlp.pipe_names)
