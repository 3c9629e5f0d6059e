"""Direct quotations and their speakers.

Quotation marks are paired per paragraph. A quote left open at the end of a paragraph closes there:
newspapers run a quotation over several paragraphs, opening each one with a mark and closing only the
last, and attribute it only once. Short quoted phrases without a speech cue ("mini-NATO") are scare
quotes, not quotations. The speaker comes from the reporting verb next to the quote, and failing that
from the previous quote of the same paragraph or of the paragraph the quotation continues from.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .actors import ArticleActors, Referent
from .nlp import doc_text
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
    reported_speech_verbs: frozenset[str]  # "X said (that) …": the clause is an indirect quote
    according_markers: frozenset[str]  # "according to X, …"
    fragment_verbs: frozenset[str]  # "X called it “reckless”": a short fragment is X's words
    description_verbs: frozenset[str]  # "X described the move as …": object and predicate are X's words


@lru_cache(maxsize=1)
def speech_lexicon() -> SpeechLexicon:
    data = load_yaml("lexicon/speech.yaml")
    words = lambda name: frozenset(str(w).lower() for w in data.get(name) or [])  # noqa: E731
    return SpeechLexicon(words("reporting_verbs"), words("quoting_verbs"), words("reported_speech_verbs"),
                         words("according_markers"), words("fragment_verbs"), words("description_verbs"))


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
    text = doc_text(doc)
    spans = find_quote_spans(text)
    quotes: list[Quote] = []
    previous: tuple[QuoteSpan, Quote] | None = None
    for index, span in enumerate(spans):
        words = WORD_RE.findall(text[span.start:span.end])
        cue = _find_cue(doc, spans, index, lexicon)
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
    quotes.extend(reported_quotes(doc, actors, quotes, lexicon))
    quotes.sort(key=lambda q: q.span)
    return quotes


# --- reported (indirect) speech ---------------------------------------------------------------------

MIN_REPORTED_WORDS = 3
SAME_QUOTE_JACCARD = 0.7  # a reported clause this close to a direct quote is that quote again
EDGE_DEPS = {"mark", "punct", "cc"}  # "that", commas and a leading "and" are not the reported words
QUOTE_CHARS = set("“”«»„\"‘’'")
# words that, after a comma, open the writer's comment on a reported clause rather than continue it
COMMENT_OPENERS = {"after", "while", "as", "where", "which", "who", "when", "before", "since", "though",
                   "although", "despite", "amid", "following", "according", "whereas", "adding", "saying"}


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
        if token.pos_ in {"VERB", "AUX"} and lemma in lexicon.reported_speech_verbs:
            # after the verb ("X said (that) …") or, unquoted, before it ("…, X said")
            complements = sorted((c for c in token.children if c.dep_ == "ccomp"), key=lambda c: c.i < token.i)
            if not complements:
                continue
            clause = _clause_edges(doc, complements[0])
            speaker = _speaker_of(token, actors, lexicon, None)
        elif token.pos_ == "VERB" and lemma in lexicon.description_verbs:
            # "X described the move as a provocation", "X called it a “positive step”"
            clause = _description_edges(token)
            speaker = _speaker_of(token, actors, lexicon, None) if clause else None
        elif token.lower_ in lexicon.according_markers and token.dep_ == "prep":
            objects = [g for c in token.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
            if not objects or token.head.pos_ not in {"VERB", "AUX"}:
                continue
            clause = _clause_without(doc, token.head, token)
            speaker = _referent_of_np(objects[0], actors, None)
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
        taken.append((start, end))
        found.append(Quote(
            speaker=_display_name(speaker, actors) if speaker else None,
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
    if not objects:
        return None
    # the parser hangs "as …" on the verb or on its object
    predicates = [c for c in [*verb.children, *objects[0].children] if c.i > objects[0].i
                  and (c.dep_ in {"oprd", "xcomp", "ccomp"} or (c.dep_ == "prep" and c.lower_ == "as"))]
    if not predicates:
        return None
    predicates.sort(key=lambda c: c.right_edge.i, reverse=True)
    tokens = [t for t in verb.doc[objects[0].left_edge.i:predicates[0].right_edge.i + 1]]
    return _trimmed(_without_trailing_comment(tokens))


def _without_trailing_comment(tokens: list[Token]) -> list[Token]:
    """Cut the clause before a comma that opens the writer's own addition, and before a verb
    coordinated without a subject of its own in the reporting tense ("… and urged X to …")."""
    for k, token in enumerate(tokens[1:], start=1):
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.text == "," and following is not None and (
                following.tag_ == "VBG" or following.lower_ in COMMENT_OPENERS):
            return tokens[:k]
        if (token.dep_ == "cc" and following is not None and following.dep_ == "conj" and following.tag_ == "VBD"
                and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in following.children)):
            return tokens[:k]
        if token.is_space and "\n" in token.text:
            return tokens[:k]
    return tokens


def _clause_without(doc: Doc, head: Token, cut: Token) -> tuple[int, int] | None:
    """The clause under ``head`` less the phrase under ``cut`` ("according to X,") and what precedes it."""
    removed = {t.i for t in cut.subtree}
    tokens = [t for t in head.subtree if t.i not in removed]
    if cut.i < head.i:  # "According to X, the talks failed": the clause starts after the phrase
        tokens = [t for t in tokens if t.i > cut.right_edge.i]
    else:  # "The talks failed, according to X": it ends before the phrase
        tokens = [t for t in tokens if t.i < cut.i]
    return _trimmed(tokens)


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
    inside = doc.char_span(span.start, span.end, alignment_mode="expand")
    if inside is None:
        return None
    verbs = lexicon.verbs | lexicon.fragment_verbs
    # only a verb the fragment depends on: in "Putin's “mini-NATO” may face turbulence as Armenia
    # demands action" the fragment is the writer's, though the sentence has a speaker's verb
    for token in inside[0].ancestors:
        if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in verbs:
            if _speaker_of(token, actors, lexicon, None) is not None:
                return token
    return None


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
    if not subjects and head.dep_ in {"conj", "advcl", "xcomp"}:
        # "… and said", "the bloc reiterated its position, saying …": the governing verb's subject
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
    """What the speaker's noun phrase refers to, with the phrase itself as the speaker's name: a quote
    records its speaker as the text names them there ("the president"), a pronoun by its antecedent."""
    referent = _resolve_np(token, actors, previous)
    if referent is None or token.pos_ == "PRON":
        return referent
    if referent.kind == "person" and referent.person is None and referent.text and actors.mention_at(token.i) is None:
        return referent  # "the official" for an unnamed speaker keeps that speaker's one description
    mention = actors.mention_at(token.i)
    shown = mention.text if mention is not None else _noun_phrase(token).text
    return dataclasses.replace(referent, said_as=shown)


def _resolve_np(token: Token, actors: ArticleActors, previous: Quote | None) -> Referent | None:
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
    """The speaker as the text names them where they speak, else (a pronoun) their fullest name."""
    if speaker.said_as:
        return speaker.said_as
    if speaker.person is None:
        return speaker.text
    forms = [m.text for m in actors.mentions if m.person == speaker.person]
    forms = [f for f in forms if not f.endswith(("'s", "’s"))] or forms
    return max(forms, key=lambda f: len(f.split())) if forms else speaker.person
