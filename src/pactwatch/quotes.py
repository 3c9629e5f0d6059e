"""Direct quotations and their speakers.

Quotation marks are paired per paragraph. A quote left open at the end of a paragraph closes there:
newspapers run a quotation over several paragraphs, opening each one with a mark and closing only the
last, and attribute it only once. Short quoted phrases without a speech cue ("mini-NATO") are scare
quotes, not quotations. The speaker comes from the reporting verb next to the quote, and failing that
from the previous quote of the same paragraph or of the paragraph the quotation continues from.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .actors import ArticleActors, Referent
from .records import Mention, Quote
from .resources import load_yaml

OPENING = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'
WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*")
MIN_QUOTE_WORDS = 4  # fewer words need a speech cue right beside them to count as a quotation
FINAL_PUNCT = tuple(",.?!…:;")


@dataclass
class QuoteSpan:
    start: int  # offsets of the words inside the marks
    end: int
    paragraph: int
    open_at_end: bool  # the paragraph ended before a closing mark
    opens_paragraph: bool  # the opening mark is the first character of its paragraph


@dataclass(frozen=True)
class SpeechLexicon:
    verbs: frozenset[str]
    quoting_verbs: frozenset[str]  # "X quoted Y as saying": the speaker is the object


@lru_cache(maxsize=1)
def speech_lexicon() -> SpeechLexicon:
    data = load_yaml("lexicon/speech.yaml")
    return SpeechLexicon(frozenset(data["reporting_verbs"]), frozenset(data["quoting_verbs"]))


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks paragraph by paragraph."""
    spans: list[QuoteSpan] = []
    offset = 0
    for number, paragraph in enumerate(text.split("\n")):
        spans.extend(_spans_in_paragraph(paragraph, offset, number))
        offset += len(paragraph) + 1
    return spans


def _spans_in_paragraph(paragraph: str, offset: int, number: int) -> Iterator[QuoteSpan]:
    i, n = 0, len(paragraph)
    while i < n:
        ch = paragraph[i]
        closer = OPENING.get(ch) or (STRAIGHT if ch == STRAIGHT and _opens(paragraph, i) else None)
        if closer is None:
            i += 1
            continue
        j = paragraph.find(closer, i + 1)
        while closer == STRAIGHT and j != -1 and j + 1 < n and paragraph[j + 1].isalnum():
            j = paragraph.find(closer, j + 1)  # a straight mark inside a word is not a closer
        open_at_end = j == -1
        end = n if open_at_end else j
        inner_start, inner_end = _trim(paragraph, i + 1, end)
        if inner_end > inner_start:
            yield QuoteSpan(offset + inner_start, offset + inner_end, number, open_at_end,
                            paragraph[:i].strip() == "")
        i = end + 1


def _opens(paragraph: str, i: int) -> bool:
    before = paragraph[i - 1] if i else " "
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    return not before.isalnum() and not after.isspace()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def extract_quotes(doc: Doc, actors: ArticleActors) -> list[Quote]:
    """Quotations of ``doc`` with speakers. Unnamed speakers are added to ``actors`` as mentions."""
    lexicon = speech_lexicon()
    text = doc.text
    spans = find_quote_spans(text)
    quotes: list[Quote] = []
    previous: tuple[QuoteSpan, Quote] | None = None
    for index, span in enumerate(spans):
        words = WORD_RE.findall(text[span.start:span.end])
        cue = _find_cue(doc, spans, index, lexicon)
        if len(words) < MIN_QUOTE_WORDS and not (cue and text[span.start:span.end].endswith(FINAL_PUNCT)):
            continue  # a scare quote around a word or two
        speaker: Referent | None = None
        cue_text = None
        if cue is not None:
            cue_text = cue.text
            speaker = _speaker_of(cue, actors, lexicon, previous[1] if previous else None)
        if speaker is None and previous is not None and _continues(previous[0], span) \
                and previous[1].speaker is not None:
            prev_quote = previous[1]
            speaker = Referent(prev_quote.speaker_actor, "person", prev_quote.speaker, None)
            cue_text = cue_text or prev_quote.cue
        quote = Quote(
            speaker=_display_name(speaker, actors) if speaker else None,
            speaker_actor=speaker.key if speaker else None,
            text=text[span.start:span.end],
            direct=True,
            span=(span.start, span.end),
            cue=cue_text,
        )
        quotes.append(quote)
        previous = (span, quote)
    return quotes


def _continues(prev: QuoteSpan, span: QuoteSpan) -> bool:
    """Same paragraph, or a paragraph that goes on with the quotation the previous one left open."""
    if span.paragraph == prev.paragraph:
        return True
    return span.opens_paragraph and span.paragraph == prev.paragraph + 1 and (prev.open_at_end or prev.opens_paragraph)


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _find_cue(doc: Doc, spans: list[QuoteSpan], index: int, lexicon: SpeechLexicon) -> Token | None:
    """The reporting verb beside the quote: after it (",” he said") or before it (said: “…")."""
    span = spans[index]
    text = doc.text
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
        if _is_cue(token, lexicon):
            return token
    # before the quote, when the text leads into it: "Zakharova said: “…" / "Nersesyan replied: “…"
    before = _tokens_between(doc, prev_end + 1 if prev_end > para_start else para_start, span.start - 1)
    lead = text[max(para_start, span.start - 3):span.start]
    if before and (":" in lead or "," in lead):
        for token in reversed(before):
            if token.sent != before[-1].sent:
                break
            if _is_cue(token, lexicon):
                return token
    return None  # a quote without a cue beside it inherits the speaker of the quote it continues


def _is_cue(token: Token, lexicon: SpeechLexicon) -> bool:
    return token.pos_ in {"VERB", "AUX"} and (token.lemma_ in lexicon.verbs or token.lemma_ in lexicon.quoting_verbs)


def _speaker_of(cue: Token, actors: ArticleActors, lexicon: SpeechLexicon, previous: Quote | None) -> Referent | None:
    head = cue
    # "X quoted Y as saying": climb from "saying" to "quoted", whose object is the speaker
    if cue.lemma_ == "say" and cue.dep_ in {"advcl", "pcomp", "xcomp"}:
        governor = cue.head.head if cue.head.dep_ == "prep" else cue.head
        if governor.lemma_ in lexicon.quoting_verbs:
            head = governor
    if head.lemma_ in lexicon.quoting_verbs:
        objects = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
        if objects:
            return _referent_of_np(objects[0], actors, previous)
    subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects and head.dep_ == "conj":
        subjects = [c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        # inverted attribution after a quote, ",” said the official": the parser takes the speaker
        # for an object of the verb
        subjects = [c for c in head.children if c.dep_ in {"dobj", "attr", "npadvmod"} and c.i > head.i
                    and c.pos_ in {"NOUN", "PROPN"}]
    if not subjects:
        return None
    return _referent_of_np(subjects[0], actors, previous)


def _referent_of_np(token: Token, actors: ArticleActors, previous: Quote | None) -> Referent | None:
    mention = actors.mention_at(token.i)
    if mention is not None:
        return actors.referent(mention)
    if token.pos_ == "PRON":
        return actors.resolve_pronoun(token)
    described = actors.resolve_description(token)
    if described is not None:
        return described
    if previous is not None and token.lower_ in {"official", "representative", "source", "spokesperson",
                                                 "spokesman", "spokeswoman", "diplomat"} and \
            any(c.lower_ == "the" for c in token.children):
        return Referent(previous.speaker_actor, "person", previous.speaker or "", previous.speaker)
    return _unnamed_speaker(token, actors)


def _unnamed_speaker(token: Token, actors: ArticleActors) -> Referent | None:
    """ "an unnamed CSTO representative" -> the description, acting for the actor that modifies it."""
    span = _noun_phrase(token)
    key = None
    for t in span:
        mention = actors.mention_at(t.i)
        if mention is not None and mention.key:
            key = mention.key
            break
    if key is None:
        return Referent(None, "person", span.text, None)
    title = actors.roles.title_ending_at([token])
    unnamed = Mention(span.start_char, span.end_char, span.text, key=key, kind="person",
                      tok_start=span.start, tok_end=span.end, person=None,
                      title=title[0] if title else "official")
    actors.add_mention(unnamed)
    return Referent(key, "person", span.text, None)


def _noun_phrase(token: Token) -> Span:
    """The token with its left modifiers: determiners, adjectives, compounds and possessives."""
    start = min([token.i] + [c.left_edge.i for c in token.lefts
                             if c.dep_ in {"det", "amod", "compound", "poss", "nmod"}])
    return token.doc[start:token.i + 1]


def _display_name(speaker: Referent, actors: ArticleActors) -> str:
    """The speaker's fullest name as the article gives it."""
    if speaker.person is None:
        return speaker.text
    forms = [m.text for m in actors.mentions if m.person == speaker.person]
    forms = [f for f in forms if not f.endswith(("'s", "’s"))] or forms
    return max(forms, key=lambda f: len(f.split())) if forms else speaker.person
