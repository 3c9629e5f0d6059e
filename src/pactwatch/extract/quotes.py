"""Quotations, direct and reported, and their speakers.

Quotation marks are paired per paragraph. A quote left open at the end of a paragraph closes there:
newspapers run a quotation over several paragraphs, opening each one with a mark and closing only the
last, and attribute it only once. Short quoted phrases without a speech cue ("mini-NATO") are scare
quotes, not quotations. The speaker comes from the quote's reporting verb (``speakers``), failing that
from the previous quote of the same paragraph or of the paragraph the quotation continues from, and
failing that from the statement reported just before the quote.

Reported (indirect) quotes come after them (``reported_quotes``): the clause of "X said (that) …", a
parenthetical "…, X said, …", "described X as …" and "according to X"; where such a clause ends is
decided by the parse and the word lists of ``data/lexicon/speech.yaml`` (docs/events.md, "Quotes").
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..actors import ArticleActors, Referent
from ..nlp import doc_text
from ..records import Quote
from .speakers import (SpeechLexicon, display_name, find_cue, governing_cues, previous_speaker, referent_of_np,
                       speaker_of, speech_lexicon)

OPENING = {"“": "”", "«": "»", "„": "“", "‘": "’"}
STRAIGHT = '"'
APOSTROPHES = {"’", "'"}  # a closer that is also an apostrophe closes only where no word goes on ("Russia’s")
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


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks paragraph by paragraph."""
    spans: list[QuoteSpan] = []
    offset = 0
    number = 0  # paragraphs are numbered without the blank lines between them
    for paragraph in text.split("\n"):
        spans.extend(_spans_in_paragraph(paragraph, offset, number))
        offset += len(paragraph) + 1
        number += bool(paragraph.strip())
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
        while (closer == STRAIGHT or closer in APOSTROPHES) and j != -1 and j + 1 < n and paragraph[j + 1].isalnum():
            j = paragraph.find(closer, j + 1)  # a straight mark or an apostrophe inside a word is not a closer
        if closer == STRAIGHT:
            # a typed opening mark closed by a typeset one ("We acknowledge …,” Rubio said): "”" never opens
            curly = paragraph.find("”", i + 1)
            if curly != -1 and (j == -1 or curly < j):
                j = curly
        if j == -1 and closer in APOSTROPHES:
            i += 1  # a single mark never closed is an apostrophe or a slip, not a quotation run on
            continue
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
    text = doc_text(doc)
    spans = find_quote_spans(text)
    quotes: list[Quote] = []
    previous: tuple[QuoteSpan, Quote] | None = None
    for index, span in enumerate(spans):
        words = WORD_RE.findall(text[span.start:span.end])
        cue = find_cue(doc, spans, index, lexicon)
        if len(words) < MIN_QUOTE_WORDS and not (cue and text[span.start:span.end].endswith(FINAL_PUNCT)):
            # a word or two in marks: an attributed fragment when its sentence has a speaker's verb,
            # else a scare quote or a name
            cue = None if _is_name(text[span.start:span.end]) else _fragment_cue(doc, span, actors, lexicon)
            if cue is None:
                continue
        speaker: Referent | None = None
        cue_text = None
        if cue is not None:
            cue_text = cue.text
            speaker = speaker_of(cue, actors, lexicon, previous[1] if previous else None)
        if speaker is None and previous is not None and _continues(previous[0], span) \
                and previous[1].speaker is not None:
            prev_quote = previous[1]
            speaker = Referent(prev_quote.speaker_actor, "person", prev_quote.speaker, None)
            cue_text = cue_text or prev_quote.cue
        if speaker is None and cue is None:
            # no cue and no quotation it continues: the speaker of the statement reported just before
            speaker = _earlier_speaker(doc, span, actors)
        quote = Quote(
            speaker=display_name(speaker, actors) if speaker else None,
            speaker_actor=speaker.key if speaker else None,
            text=text[span.start:span.end],
            direct=True,
            span=(span.start, span.end),
            cue=cue_text,
        )
        previous = (span, quote)
        if not _repeats(quote, quotes):
            quotes.append(quote)
    quotes.extend(reported_quotes(doc, actors, quotes, lexicon))
    quotes.sort(key=lambda q: q.span)
    return quotes


# --- reported (indirect) speech ---------------------------------------------------------------------

MIN_REPORTED_WORDS = 3
SAME_QUOTE_JACCARD = 0.7  # a reported clause this close to a direct quote is that quote again
EDGE_DEPS = {"mark", "punct", "cc"}  # "that", commas and a leading "and" are not the reported words
QUOTE_CHARS = set("“”«»„\"‘’'")


def reported_quotes(doc: Doc, actors: ArticleActors, direct: list[Quote], lexicon: SpeechLexicon) -> list[Quote]:
    """Indirect quotes: the clause after "X said (that)", "X told reporters", and "according to X, …".

    The clause is the complement the parser gives the reporting verb, without its "that"; its
    speaker is found as for direct quotes. A clause that is a direct quote again (word overlap
    SAME_QUOTE_JACCARD or more) is left out; one that embeds a quoted fragment and adds to it stays.
    """
    found: list[Quote] = []
    direct_words = [set(_words(q.text)) for q in direct]
    taken: list[tuple[int, int]] = []
    for token in doc:
        clause: tuple[int, int] | None = None
        speaker: Referent | None = None
        lemma = token.lemma_.lower()
        if token.pos_ in {"VERB", "AUX"} and lemma in lexicon.reported_speech_verbs and not _unsaid(token):
            # after the verb ("X said (that) …") or, unquoted, before it ("…, X said")
            complements = sorted((c for c in token.children if c.dep_ == "ccomp"), key=lambda c: c.i < token.i)
            if complements:
                clause = _clause_edges(doc, complements[0])
            elif token.dep_ == "parataxis":
                clause = _parenthetical_edges(token)  # "The talks, the minister said, will resume"
            elif _has_as_predicate(token):
                clause = _description_edges(token)  # "X emphasized the step as a foundation for …"
            else:
                continue
            speaker = speaker_of(token, actors, lexicon, None)
        elif token.pos_ == "VERB" and lemma in lexicon.description_verbs:
            # "X described the move as a provocation", "X called it a “positive step”"
            clause = _description_edges(token)
            speaker = speaker_of(token, actors, lexicon, None) if clause else None
        elif token.lower_ in lexicon.according_markers:
            objects = [g for c in token.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
            if not objects or objects[0].lemma_.lower() in lexicon.sourceless_sources:
                continue  # "according to estimates": no one's words
            clause = _according_edges(token, objects[0], lexicon)
            speaker = referent_of_np(objects[0], actors, None)
        if clause is None:
            continue
        start, end = clause
        words = _words(doc_text(doc)[start:end])
        if len(words) < MIN_REPORTED_WORDS or any(s < end and start < e for s, e in taken):
            continue
        if any(_jaccard(set(words), d) >= SAME_QUOTE_JACCARD for d in direct_words):
            continue
        # words of the clause outside quotation marks: a clause that is mostly a direct quote is that
        # quote (or a piece of it), not a report of it
        outside = doc_text(doc)[start:end]
        for q in direct:
            s, e = max(q.span[0], start), min(q.span[1], end)
            if s < e:
                outside = outside[:s - start] + " " * (e - s) + outside[e - start:]
        if len(_words(outside)) < MIN_REPORTED_WORDS:
            continue
        if speaker is None:
            continue  # words reported without anyone reporting them are the writer's (Q3: a speaker)
        taken.append((start, end))
        found.append(Quote(
            speaker=display_name(speaker, actors) if speaker else None,
            speaker_actor=speaker.key if speaker else None,
            text=doc_text(doc)[start:end], direct=False, span=(start, end), cue=token.text,
        ))
    return found


def _clause_edges(doc: Doc, head: Token) -> tuple[int, int] | None:
    """Character offsets of the clause under ``head``, without leading "that", edge punctuation or the
    trailing comment the writer adds after a comma (", after …", ", accusing …", ", which …")."""
    return _trimmed(_without_trailing_comment(list(head.subtree)))


def _description_edges(verb: Token) -> tuple[int, int] | None:
    """ "described [the move as a provocation]": the object through its as-phrase or predicate."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    if not objects or objects[0].tag_ in {"WDT", "WP"}:
        return None  # "…, which he called unprecedented": the thing described is the writer's clause
    # the parser hangs "as …" on the verb or on its object
    obj = objects[0]
    predicates = [c for c in [*verb.children, *obj.children] if c.i > obj.i
                  and (c.dep_ in {"oprd", "xcomp", "ccomp"} or (c.dep_ == "prep" and c.lower_ == "as"))]
    if predicates:
        predicates.sort(key=lambda c: c.right_edge.i, reverse=True)
        end = predicates[0].right_edge.i
    elif any(t.lower_ == "as" and t.i > obj.i for t in obj.subtree):
        end = obj.right_edge.i  # "described the attack as well-coordinated": the parser folded "as …" into the object
    else:
        return None
    tokens = _without_trailing_comment(list(verb.doc[obj.left_edge.i:end + 1]))
    predicate = [t for t in tokens if t.i > obj.i]
    if any(t.text in QUOTE_CHARS for t in predicate) and len(_words(_outside_marks(predicate))) < MIN_REPORTED_WORDS:
        return None  # "described the attack as “reckless”": the quoted word is the quote, "as" adds nothing
    return _trimmed(tokens)


def _unsaid(verb: Token) -> bool:
    """A reporting verb that reports nothing said: asked of someone else ("called on Doha to
    announce it …", "urged Kabul to state that …"), under a modal ("could announce"), or negated
    ("did not say how long …"). A speaker's own purpose is still said ("took to X to report that …",
    "wrote to the family to tell them …")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.tag_ != "VB":
        return False
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return True
    asked = verb.dep_ in {"xcomp", "advcl"} and any(
        c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "on") for c in verb.head.children if c.i < verb.i)
    return asked and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _has_as_predicate(verb: Token) -> bool:
    """A reporting verb used as a description: its object with an "as" phrase ("stressed the deal as
    a first step"), on the verb or the object."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    return bool(objects) and any(c.dep_ == "prep" and c.lower_ == "as" and c.i > objects[0].i
                                 for c in [*verb.children, *objects[0].children])


def _outside_marks(tokens: list[Token]) -> str:
    """The text of ``tokens`` less what stands inside quotation marks."""
    words, inside = [], False
    for t in tokens:
        if t.text in QUOTE_CHARS:
            inside = not inside
        elif not inside:
            words.append(t.text)
    return " ".join(words)


def _without_trailing_comment(tokens: list[Token]) -> list[Token]:
    """Cut the clause before a comma that opens the writer's own addition, and before a verb
    coordinated without a subject of its own in the reporting tense ("… and urged X to …")."""
    lexicon = speech_lexicon()
    for k, token in enumerate(tokens[1:], start=1):
        # the word after a comma, past a closing mark (",” speaking to …")
        following = next((t for t in tokens[k + 1:] if t.text not in QUOTE_CHARS), None)
        if token.text == "," and following is not None and _opens_comment(following, lexicon) \
                and not _is_aside(token, following):
            return tokens[:k]
        if (token.dep_ == "cc" and following is not None and following.dep_ == "conj" and following.tag_ == "VBD"
                and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in following.children)):
            return tokens[:k]
        if token.is_space and "\n" in token.text:
            return tokens[:k]
    return tokens


def _is_aside(comma: Token, opener: Token) -> bool:
    """Whether the phrase ``opener`` starts after ``comma`` is an aside the clause goes on after
    ("The deal, which builds on …, takes effect"): the next word after the phrase is a verb whose
    own words began before the comma."""
    root = opener
    while root.head.i > comma.i and root.head.i != root.i:
        root = root.head
    for t in root.doc[root.right_edge.i + 1:comma.sent.end]:
        if t.is_punct or t.is_space:
            continue
        return t.pos_ in {"VERB", "AUX"} and t.left_edge.i < comma.i
    return False


def _opens_comment(word: Token, lexicon: SpeechLexicon) -> bool:
    """Whether ``word``, after a comma, starts the writer's addition to a reported clause: a
    participle of the speaker's next act (", accusing …") rather than of the event's outcome
    (", leaving 30 wounded"), a subordinator or relative (", after …", ", which …"), "as" as a
    conjunction (", as talks stalled") but not as a preposition or "as well as"."""
    if word.tag_ == "VBG":
        return word.lemma_.lower() not in lexicon.result_participles and word.lower_ not in lexicon.result_participles
    if word.lower_ in lexicon.conjunction_openers:
        return word.dep_ == "mark"
    return word.lower_ in lexicon.comment_openers


def _parenthetical_edges(verb: Token) -> tuple[int, int] | None:
    """ "The three nations, Yoon added, will set up a group": the words after the parenthetical
    attribution (the writer's lead-in before it is not what was said), else, when it ends the
    sentence, the words before it."""
    clause = [t for t in verb.head.subtree if t.i > verb.right_edge.i]
    if len(_words(" ".join(t.text for t in clause))) < MIN_REPORTED_WORDS:
        clause = [t for t in verb.head.subtree if t.i < verb.left_edge.i]
    return _trimmed(clause)


def _according_edges(marker: Token, source: Token, lexicon: SpeechLexicon) -> tuple[int, int] | None:
    """The words "according to X" attributes, in its sentence: what precedes the phrase ("The ship was
    boarded, according to Ambrey, and …"), or, when the phrase opens the sentence, what follows its
    comma ("According to X, the talks failed"). Taken from the sentence, not the parse, which often
    hangs the phrase on the wrong clause. None when what follows is itself a report ("According to
    RIA, Zakharova said that …"): that verb's clause is the quote, and Zakharova its speaker."""
    sentence = marker.sent
    before = [t for t in sentence if t.i < marker.i]
    if any(t.is_alpha and t.dep_ not in {"cc", "advmod", "intj"} for t in before):
        if not any(t.pos_ in {"VERB", "AUX"} for t in before):
            return None  # "Well, apparently not, according to X": no clause of its own
        return _trimmed(_without_trailing_comment(before))
    comma = next((t for t in sentence if t.i >= source.i and t.text == ","), None)
    after = [t for t in sentence if t.i > (comma.i if comma is not None else source.right_edge.i)]
    if any(t.lemma_.lower() in lexicon.reported_speech_verbs and t.pos_ in {"VERB", "AUX"}
           and any(c.dep_ == "ccomp" for c in t.children) for t in after):
        return None
    return _trimmed(after)


def _trimmed(tokens: list[Token]) -> tuple[int, int] | None:
    while tokens and (tokens[0].dep_ in EDGE_DEPS or tokens[0].is_punct or tokens[0].is_space
                      or tokens[0].text in QUOTE_CHARS):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].text in QUOTE_CHARS):
        tokens = tokens[:-1]
    if not tokens:
        return None
    # the clause must be contiguous: a gap means the parser joined pieces of other clauses
    if tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(text)]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


# --- short fragments ----------------------------------------------------------------------------------

def _is_name(text: str) -> bool:
    """Every word capitalised ("Joint Sword-2024A", "America First"): a name or title, not words said."""
    words = WORD_RE.findall(text)
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def _fragment_cue(doc: Doc, span: QuoteSpan, actors: ArticleActors, lexicon: SpeechLexicon) -> Token | None:
    """The verb of a speaker that a short quoted fragment belongs to: "X described it as “reckless”"."""
    # only a verb the fragment depends on: in "Putin's “mini-NATO” may face turbulence as Armenia
    # demands action" the fragment is the writer's, though the sentence has a speaker's verb
    for cue in governing_cues(doc, span.start, span.end, lexicon):
        if speaker_of(cue, actors, lexicon, None) is not None:
            return cue
    return None


def _earlier_speaker(doc: Doc, span: QuoteSpan, actors: ArticleActors) -> Referent | None:
    """For a quote with no cue of its own, the speaker of the reporting verb just before it."""
    inside = doc.char_span(span.start, span.end, alignment_mode="expand")
    return previous_speaker(inside[0], actors) if inside is not None and len(inside) else None


def _repeats(quote: Quote, earlier: list[Quote]) -> bool:
    """The same words quoted again: a headline or lead quoting what the body quotes ("X reports
    ‘intense battles’" over "X reported “intense battles”") is one quotation. The record kept is the
    first, given the speaker of the repeat when it had none."""
    words = _words(quote.text)
    for k, other in enumerate(earlier):
        if other.direct and _words(other.text) == words:
            if other.speaker is None and quote.speaker is not None:
                earlier[k] = dataclasses.replace(other, speaker=quote.speaker, speaker_actor=quote.speaker_actor,
                                                 cue=quote.cue)
            return True
    return False


def _continues(prev: QuoteSpan, span: QuoteSpan) -> bool:
    """Same paragraph, or a paragraph that goes on with the quotation the previous one left open."""
    if span.paragraph == prev.paragraph:
        return True
    return span.opens_paragraph and span.paragraph == prev.paragraph + 1 and (prev.open_at_end or prev.opens_paragraph)
