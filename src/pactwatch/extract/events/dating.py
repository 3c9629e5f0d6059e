"""Dating events: the temporal expression attached to the trigger, else the story's, else publication.

CONVENTIONS D1-D3. An expression dates the act whose clause it modifies (found by climbing the
dependency tree from the trigger, never into a clause of its own below it, nor across "in response
to", nor, for an act still to come, through "after/following/since"). An act with none of its own
takes the date of the story it continues: the main-clause act of the sentence before, in the same
paragraph or by the same actor, unless that date is only the month or year of publication itself;
else the publication day. A date of another act in the same sentence is not lent: it dates that act.
The expressions themselves are found and resolved by ``pactwatch.dates``.
"""
from __future__ import annotations

import bisect

from spacy.tokens import Span, Token

from ...dates import TemporalExpression, find_expressions
from ...partial_date import PartialDate
from .context import STORY_REACH_TOKENS, ArticleEvents, Candidate
from .lexicon import EventLexicon


def assign_dates(found: list[Candidate], sentence: Span, ctx: ArticleEvents, earlier: list[Candidate]) -> None:
    if not found:
        return
    expressions = find_expressions(sentence.text, ctx.published, offset=sentence.start_char)
    anchored = [(e, _expression_head(sentence, e)) for e in expressions]
    anchored = [(e, h) for e, h in anchored if h is not None]
    for candidate in found:
        future = _is_future(candidate.trigger, ctx.lexicon)
        best = _attached_expression(candidate.trigger, anchored, ctx.lexicon)
        if best is not None:
            candidate.date = _resolve_future(best, ctx) if future else best.value
            candidate.date_explicit, candidate.date_basis = True, "text"
    for candidate in found:
        if candidate.date is None:
            candidate.date, candidate.date_explicit = _inherited_date(candidate, ctx, earlier)
            candidate.date_basis = "context" if candidate.date_explicit else "published"
    # the story a sentence continues dates all its undated acts, whichever of them linked it
    in_story = [c for c in found if c.date_basis == "context"]
    for candidate in found:
        if candidate.date_basis == "published" and in_story:
            nearest = min(in_story, key=lambda c: abs(c.trigger.i - candidate.trigger.i))
            candidate.date, candidate.date_explicit, candidate.date_basis = nearest.date, True, "context"


def date_previous_act(sentence: Span, ctx: ArticleEvents, earlier: list[Candidate]) -> None:
    """ "He most recently did so on March 12": the date belongs to the act of the sentence before."""
    if not earlier or not any(t.lemma_ == "do" and any(c.lower_ == "so" for c in t.children) for t in sentence):
        return
    expressions = find_expressions(sentence.text, ctx.published, offset=sentence.start_char)
    previous_sentence = earlier[-1].trigger.sent
    if not expressions or previous_sentence.end != sentence.start and \
            sentence.doc[previous_sentence.end:sentence.start].text.strip():
        return
    finest = max(expressions, key=lambda e: len(e.value))  # "on March 12" rather than "recently"
    for candidate in earlier:
        if candidate.trigger.sent == previous_sentence and not candidate.date_explicit:
            candidate.date, candidate.date_explicit, candidate.date_basis = finest.value, True, "context"


def _is_future(trigger: Token, lexicon: EventLexicon) -> bool:
    """ "will withdraw"; a coordinated verb shares the auxiliary of the first ("will withdraw its
    ambassador and end all co-operation")."""
    node = trigger
    while True:
        if any(c.dep_ == "aux" and c.lower_ in lexicon.grammar.future_auxiliaries for c in node.children):
            return True
        if node.dep_ != "conj" or any(c.dep_ in {"aux", "nsubj", "nsubjpass"} for c in node.children):
            return False
        node = node.head


def _resolve_future(expression: TemporalExpression, ctx: ArticleEvents) -> str:
    """ "will meet on Monday": the next Monday, not the last one."""
    again = find_expressions(expression.text, ctx.published, future=True)
    return again[0].value if again else expression.value


def _expression_head(sentence: Span, expression: TemporalExpression) -> Token | None:
    span = sentence.doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None:
        return None
    return span.root


def _attached_expression(trigger: Token, anchored: list[tuple[TemporalExpression, Token]],
                         lexicon: EventLexicon) -> TemporalExpression | None:
    """The expression in the smallest clause around the trigger, not across a time barrier: its own
    first (on the trigger itself, or on the participle that describes an event noun: "the offensive
    launched in September 2022"), else one on a word the trigger hangs from."""
    chain = [trigger]
    node = trigger
    while node.head.i != node.i:
        if node.lemma_.lower() in lexicon.time_barriers or node.head.lemma_.lower() in lexicon.time_barriers:
            break
        node = node.head
        chain.append(node)
    direct = [e for e, head in anchored if _modifies(head, trigger)]
    if direct:  # "joined the alliance in April", not "which applied in May 2022"
        return min(direct, key=lambda e: abs(e.start - trigger.idx))
    # climbing, an expression counts only where it modifies a word of the chain itself: in
    # "On 17 July X announced the suspension of the deal, signed in 2022", the suspension is dated by
    # "On 17 July" (on "announced"), not by "in 2022", which dates the signing inside its object
    on_chain = {t.i for t in chain}
    for ancestor in chain:
        inside = [e for e, head in anchored
                  if _within(head, ancestor) and not _in_nested_clause(head, on_chain, lexicon)]
        if inside:
            return min(inside, key=lambda e: abs(e.start - trigger.idx))
    return None


def _modifies(head: Token, trigger: Token) -> bool:
    """Whether an expression is the trigger's own: it modifies the trigger, or the trigger is an event
    noun and it modifies the participle describing it ("the offensive launched in September 2022",
    "the agreement, which was initialed on June 18")."""
    clause = _clause_of(head)
    if clause.i == trigger.i:
        return True
    # an event word modifying a noun names the event with it ("offensive operations")
    noun = trigger.head if trigger.dep_ in {"amod", "compound"} else trigger
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return False
    return clause.i == noun.i or clause.head.i == noun.i and _describes(clause)


def _describes(clause: Token) -> bool:
    """A participle or passive relative clause on a noun, which tells the event the noun names."""
    if clause.dep_ == "acl" and clause.tag_ == "VBN":
        return True
    return clause.dep_ == "relcl" and any(c.dep_ == "nsubjpass" for c in clause.children)


NESTED_CLAUSE_DEPS = {"acl", "relcl", "advcl", "ccomp", "csubj"}


def _in_nested_clause(head: Token, on_chain: set[int], lexicon: EventLexicon) -> bool:
    """Whether an expression sits in a clause of its own below the chain ("the deal, signed in
    2022"; "and 10,000 were expected by December"), or dates the act the chain responds to ("in
    response to the recent coup"), other than one the chain reaches through a preposition of
    sequence: "asked for help after the offensive launched in September 2022" is dated by the
    offensive, but not an act told at a distance from it ("sent three weeks after they cut ties on
    June 5") or one still to come ("will withdraw, following a coup on July 26"; "said it will never
    abandon the outpost, after ships fired on its boats over the weekend")."""
    node, nested = head, False
    while node.i not in on_chain and node.head.i != node.i:
        if node.dep_ in NESTED_CLAUSE_DEPS or _own_conjunct_clause(node):
            nested = True
        if node.pos_ in {"NOUN", "VERB"} and node.lemma_.lower() in lexicon.time_barriers:
            return True
        if _of_sequence(node, lexicon):
            # "three weeks after they cut ties on June 5" is not June 5; nor is what is still to come
            return _is_future(node.head, lexicon) or any(c.dep_ == "npadvmod" for c in node.children)
        node = node.head
    return nested


def _of_sequence(node: Token, lexicon: EventLexicon) -> bool:
    """ "after the offensive" (a preposition) or "after the offensive launched" (a clause it opens)."""
    sequence = lexicon.grammar.sequence_prepositions
    if node.dep_ == "prep":
        return node.lower_ in sequence
    return node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in sequence for c in node.children)


def _own_conjunct_clause(node: Token) -> bool:
    """A coordinated clause with its own subject ("X sent troops, and 10,000 were expected")."""
    return node.dep_ == "conj" and node.pos_ in {"VERB", "AUX"} and \
        any(c.dep_ in {"nsubj", "nsubjpass"} for c in node.children)


def _clause_of(token: Token) -> Token:
    """The verb (or event noun) a temporal expression modifies; an adjective ("a recent meeting")
    modifies its noun and nothing above it."""
    if token.dep_ == "amod":
        return token.head
    node = token
    while node.head.i != node.i and node.dep_ in {"pobj", "prep", "npadvmod", "nummod", "compound", "amod", "det", "tmod"}:
        if node.dep_ == "prep" and any(c.dep_ == "npadvmod" for c in node.children):
            return node  # "two days after the talks on May 3": an offset from the date, not the date
        node = node.head
    return node


def _within(head: Token, ancestor: Token) -> bool:
    return head.i == ancestor.i or ancestor.is_ancestor(head)


def _inherited_date(candidate: Candidate, ctx: ArticleEvents, earlier: list[Candidate]) -> tuple[str | None, bool]:
    """No date of its own: take the date of the story around it, else the publication date.

    Not the date another act of the same sentence has from the text: an expression the trigger is
    not attached to dates something else ("the summit on July 30" in a statement of the summit held on
    Thursday; "responding to Pashinyan's threats" on April 1)."""
    restated = _restated_date(candidate.trigger, ctx)
    if restated is not None:
        return restated, True
    story = _story_act(earlier)
    if story is not None:
        same_paragraph = "\n" not in ctx.text[story.trigger.idx:candidate.trigger.idx]
        near = candidate.trigger.sent.start - story.trigger.sent.start < STORY_REACH_TOKENS
        if near and (same_paragraph or story.source.key == candidate.source.key) and \
                not _contains_publication(story.date, ctx.published):
            return story.date, True
    return ctx.published, False


def _story_act(earlier: list[Candidate]) -> Candidate | None:
    """The dated act of the last sentence that had one, in its main clause: the act nearest the root
    carries the story's time, not one nested below it ("upholds the measures agreed by the summit
    on July 30")."""
    if not earlier:
        return None
    sentence = earlier[-1].trigger.sent
    acts = [c for c in earlier[-8:] if c.trigger.sent == sentence]
    main = min(acts, key=lambda c: (sum(1 for _ in c.trigger.ancestors), c.trigger.i))
    return main if main.date_explicit else None


def _contains_publication(date: str | None, published: str | None) -> bool:
    """A month or year that contains the publication day ("this week", "recently"): an undated act
    after it is as well dated by the publication day itself (D1), which is finer."""
    story, day = PartialDate.parse_or_none(date), PartialDate.parse_or_none(published)
    if story is None or day is None or story.precision == "day" or day.precision != "day":
        return False
    return story.first <= day.first <= story.last


# --- restatements: "the summit", "the announcement" -----------------------------------------------------

def _restated_date(trigger: Token, ctx: ArticleEvents) -> str | None:
    """D1: an act told twice takes the date one of its mentions gives. A definite event noun ("The
    summit ... condemned") restates the last earlier mention of its word ("a summit Friday"); an act
    undated where it is first told ("Mexico has announced its decision to break off ties") is dated
    by a later definite mention of its word or its governing verb ("made the announcement on Friday").
    Only a day dates a lead this way: a coarser later mention is rather background."""
    # the event noun: the trigger, or the noun its clause describes ("The summit [Biden held]")
    noun = trigger.head if trigger.dep_ in {"relcl", "acl"} else trigger
    nouns = _nouns_by_lemma(ctx)
    if noun.pos_ == "NOUN" and _definite(noun):
        positions = nouns.get(noun.lemma_, ())
        nearest = bisect.bisect_left(positions, trigger.sent.start) - 1
        if nearest >= 0:  # the nearest earlier mention is the one restated
            date = _token_date(trigger.doc[positions[nearest]], ctx)
            if date is not None:
                return date
    for word in _governing_words(trigger, ctx.lexicon):
        stem = _stem(word.lemma_.lower())
        later = sorted(i for lemma, positions in nouns.items() if lemma.lower().startswith(stem)
                       for i in positions[bisect.bisect_left(positions, trigger.sent.end):])
        for i in later:
            token = trigger.doc[i]
            if _definite(token):
                date = _token_date(token, ctx)
                if date is not None and len(date) == 10:
                    return date
    return None


def _nouns_by_lemma(ctx: ArticleEvents) -> dict[str, list[int]]:
    """Where each noun lemma occurs, in order: built once per article, so that looking a mention up
    costs a search, not a walk over the document (which made a long article quadratic)."""
    index = ctx.memo.get("nouns_by_lemma")
    if index is None:
        index = ctx.memo["nouns_by_lemma"] = {}
        for token in ctx.doc:
            if token.pos_ == "NOUN":
                index.setdefault(token.lemma_, []).append(token.i)
    return index


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)


def _governing_words(trigger: Token, lexicon: EventLexicon) -> list[Token]:
    """The trigger and the verbs it hangs from up to its clause's root, not across a time barrier."""
    words, node = [trigger], trigger
    while node.head.i != node.i and node.lemma_.lower() not in lexicon.time_barriers \
            and node.head.lemma_.lower() not in lexicon.time_barriers:
        node = node.head
        if node.pos_ == "VERB":
            words.append(node)
    return [w for w in words if len(w.lemma_) > 3]


def _stem(lemma: str) -> str:
    """announce -> announc, so that "announcement" is found as a mention of "announced"."""
    return lemma[:-1] if lemma.endswith("e") else lemma


def _token_date(token: Token, ctx: ArticleEvents) -> str | None:
    """The date the text gives the word ``token`` in its own sentence, if any (once per word)."""
    dates = ctx.memo.setdefault("token_dates", {})
    if token.i not in dates:
        sentence = token.sent
        expressions = find_expressions(sentence.text, ctx.published, offset=sentence.start_char)
        anchored = [(e, h) for e in expressions if (h := _expression_head(sentence, e)) is not None]
        best = _attached_expression(token, anchored, ctx.lexicon)
        dates[token.i] = best.value if best is not None else None
    return dates[token.i]
