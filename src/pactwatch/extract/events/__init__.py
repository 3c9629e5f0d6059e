"""Event coding: words from the event lexicon, their actors from the dependency parse.

For each sentence, every token whose lemma has a frame in ``data/lexicon/events.yaml`` is a candidate
trigger. A frame says which PLOVER type the word reports and where its source and target are. Actors
are read from the noun phrases in those slots (names, demonyms, titles, pronouns and descriptions
resolved by ``ArticleActors``); first-person pronouns inside a quotation are its speaker. Modality
(negated, hypothetical), conditional threats and dates are decided here too. The same event restated
in the article is coded once.

The stages, one module each: ``lexicon`` (frames and word lists from the data files), ``context``
(the article being coded, the candidate events), ``frames`` (matching a frame at a trigger),
``referents`` (the actors in a frame's slots), ``modality`` (negation, hypotheticals, conditions),
``dating`` (an event's date) and ``merging`` (absorbed mentions, restatements, one event per party).
"""
from __future__ import annotations

from spacy.tokens import Doc

from ...actors import ArticleActors
from ...records import Event, Quote
from .context import ArticleEvents, Candidate
from .dating import assign_dates, date_previous_act
from .frames import candidates_at
from .lexicon import EventLexicon, Frame, default_lexicon, lexicon_files, load_lexicon
from .merging import complete_nominal_sources, dedupe, expand, mark_absorbed, to_event
from .referents import group_members
from .speech_acts import code_statements
from .targets import codable, complete_targets

__all__ = ["ArticleEvents", "Candidate", "EventLexicon", "Frame", "default_lexicon", "extract_events",
           "group_members", "lexicon_files", "load_lexicon"]


def extract_events(doc: Doc, actors: ArticleActors, quotes: list[Quote], published: str | None,
                   lexicon: EventLexicon | None = None) -> list[Event]:
    """The events ``doc`` reports, each once, in document order."""
    ctx = ArticleEvents(doc, actors, quotes, published, lexicon or default_lexicon())
    candidates: list[Candidate] = []
    for sentence in doc.sents:
        found = [c for token in sentence for c in candidates_at(token, ctx)]
        mark_absorbed(found)
        found = complete_nominal_sources([c for c in found if not c.absorbed], ctx)
        found = code_statements(sentence, ctx, found, candidates)  # acts said in reported clauses
        complete_targets(found, ctx, candidates)  # whom each act is aimed at, when its slots name nobody
        if not found:
            date_previous_act(sentence, ctx, candidates)
        assign_dates(found, sentence, ctx, candidates)
        candidates.extend(found)
    # an event still without a target is coded only if its type may be undirected (targets.yaml)
    return [to_event(c, ctx) for c in expand(dedupe(candidates), ctx.lexicon) if codable(c, ctx)]
