"""Dating events: the temporal expression attached to the trigger, else the story's, else publication."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ...dates import TemporalExpression, find_expressions
from .context import STORY_REACH_TOKENS, ArticleEvents, Candidate
from .lexicon import EventLexicon


def assign_dates(found: list[Candidate], sentence: Span, ctx: ArticleEvents, earlier: list[Candidate]) -> None:
    if not found:
        return
    expressions = find_expressions(sentence.text, ctx.published, offset=sentence.start_char)
    anchored = [(e, _expression_head(sentence, e)) for e in expressions]
    anchored = [(e, h) for e, h in anchored if h is not None]
    for candidate in found:
        future = any(c.dep_ == "aux" and c.lower_ in ctx.lexicon.grammar.future_auxiliaries
                     for c in candidate.trigger.children)
        best = _attached_expression(candidate.trigger, anchored, ctx.lexicon)
        if best is not None:
            candidate.date = _resolve_future(best, ctx) if future else best.value
            candidate.date_explicit, candidate.date_basis = True, "text"
    for candidate in found:
        if candidate.date is None:
            candidate.date, candidate.date_explicit = _inherited_date(candidate, found, ctx, earlier)
            candidate.date_basis = "context" if candidate.date_explicit else "published"


def date_previous_act(sentence: Span, ctx: ArticleEvents, earlier: list[Candidate]) -> None:
    """ "He most recently did so on March 12": the date belongs to the act of the sentence before."""
    if not earlier or not any(t.lemma_ == "do" and any(c.lower_ == "so" for c in t.children) for t in sentence):
        return
    expressions = find_expressions(sentence.text, ctx.published, offset=sentence.start_char)
    previous_sentence = earlier[-1].trigger.sent
    if not expressions or previous_sentence.end != sentence.start and \
            sentence.doc[previous_sentence.end:sentence.start].text.strip():
        return
    for candidate in earlier:
        if candidate.trigger.sent == previous_sentence and not candidate.date_explicit:
            candidate.date, candidate.date_explicit, candidate.date_basis = expressions[0].value, True, "context"


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
    """The expression in the smallest clause around the trigger, not across a time barrier."""
    chain = [trigger]
    node = trigger
    while node.head.i != node.i:
        if node.lemma_.lower() in lexicon.time_barriers or node.head.lemma_.lower() in lexicon.time_barriers:
            break
        node = node.head
        chain.append(node)
    direct = [e for e, head in anchored if _clause_of(head).i == trigger.i]
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


NESTED_CLAUSE_DEPS = {"acl", "relcl", "advcl", "ccomp", "csubj"}


def _in_nested_clause(head: Token, on_chain: set[int], lexicon: EventLexicon) -> bool:
    """Whether an expression sits in a clause of its own below the chain ("the deal, signed in
    2022"), other than one the chain reaches through a preposition of sequence."""
    node, nested = head, False
    while node.i not in on_chain and node.head.i != node.i:
        if node.dep_ in NESTED_CLAUSE_DEPS:
            nested = True
        if node.dep_ == "prep" and node.lower_ in lexicon.grammar.sequence_prepositions:
            return False
        node = node.head
    return nested


def _clause_of(token: Token) -> Token:
    """The verb (or event noun) a temporal expression modifies."""
    node = token
    while node.head.i != node.i and node.dep_ in {"pobj", "prep", "npadvmod", "nummod", "compound", "amod", "det", "tmod"}:
        node = node.head
    return node


def _within(head: Token, ancestor: Token) -> bool:
    return head.i == ancestor.i or ancestor.is_ancestor(head)


def _inherited_date(candidate: Candidate, found: list[Candidate], ctx: ArticleEvents,
                    earlier: list[Candidate]) -> tuple[str | None, bool]:
    """No date of its own: take the date of the story around it, else the publication date."""
    dated_here = [c for c in found if c.date_explicit]
    if dated_here:
        nearest = min(dated_here, key=lambda c: abs(c.trigger.i - candidate.trigger.i))
        return nearest.date, True
    if earlier:
        previous = earlier[-1]
        same_paragraph = "\n" not in ctx.text[previous.trigger.idx:candidate.trigger.idx]
        near = candidate.trigger.sent.start - previous.trigger.sent.start < STORY_REACH_TOKENS
        if previous.date_explicit and near and (same_paragraph or previous.source.key == candidate.source.key):
            return previous.date, True
    return ctx.published, False
