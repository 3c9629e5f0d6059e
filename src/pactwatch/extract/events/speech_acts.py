"""Speech acts coded by what was said.

A statement is coded by its reporting verb when that verb names the act ("accused", "warned"); the
frames do that. When it does not ("said", "told", "added", or words in quotation marks), the act is in
the content: this stage reads the reported clause of every quote (direct or reported, with the speaker
the quote stage found) and codes, by the clause's main predicate and its arguments (CONVENTIONS T8):

- THREATEN: a warning of consequences — a future clause with a consequence as its argument ("any
  incursion would meet a decisive response", "will not go unanswered"), or a negated future of
  allowing or hesitating ("will not allow X to ...");
- REJECT: a refusal — the speaker's own side will not do something ("Doha would not negotiate");
- REQUEST: a demand — another actor must or should do something ("Russia must withdraw");
- ACCUSE: a charge — another actor did a hostile or norm-breaking act, or failed a duty ("Moscow
  had violated the treaty", "was not complying with its obligations"), or a negative judgement of
  another actor or its act ("the move was an encroachment");
- SUPPORT: a positive judgement ("a positive step"), or standing with another actor;
- AGREE: a commitment of the speaker's side to a future act of cooperation with another actor.

The speaker is the source; the target is whom the content is about (the agent of the charged act,
the addressee of the demand), resolved by the event coder's own referents. One statement is one
event: a clause whose sentence already has a candidate from its reporting verb, or one of the same
type by the same speaker, adds nothing; the word lists are ``data/lexicon/speech_acts.yaml``.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ...actors import Referent
from ...records import Quote
from ...resources import data_path, load_yaml
from ...errors import DataFileError
from .context import STORY_REACH_TOKENS, ArticleEvents, Candidate
from .grammar import default_grammar
from .lexicon import Frame
from .referents import first_actor, referent, topic

LEXICON = "lexicon/speech_acts.yaml"
RULE_REF = "speech_acts.yaml: "  # the ref of the frames this stage makes: "<file>: <rule's word list>"
LISTS = ("charges", "unmet_duties", "failure_verbs", "negative_judgements", "positive_judgements",
         "positive_heads", "consequences", "unanswered", "warning_negations", "refusal_exceptions",
         "demand_modals", "support_commitments", "standing_preps", "cooperation_commitments",
         "description_verbs", "hostile_commitments", "commitment_adjectives", "act_nouns", "act_noun_suffixes",
         "pledge_nouns", "failing_verbs", "copulas")
# where the target of a statement's act is, after the clause's subject: the same slots a frame uses
TARGET_SLOTS = ("object", "dative", "prep:to", "prep:against", "prep:with", "prep:on", "prep:by", "prep:for")
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# dependents of a predicate noun that carry the judgement: "a [very destabilizing] development",
# "a step [backward]"
JUDGING_DEPS = {"amod", "compound", "advmod", "acomp", "nmod"}


@dataclass(frozen=True)
class SpeechActLexicon:
    charges: frozenset[str]
    unmet_duties: frozenset[str]
    failure_verbs: frozenset[str]
    negative_judgements: frozenset[str]
    positive_judgements: frozenset[str]
    positive_heads: frozenset[str]
    consequences: frozenset[str]
    unanswered: frozenset[str]
    warning_negations: frozenset[str]
    refusal_exceptions: frozenset[str]
    demand_modals: frozenset[str]
    support_commitments: frozenset[str]
    standing_preps: frozenset[str]
    cooperation_commitments: frozenset[str]
    description_verbs: frozenset[str]
    hostile_commitments: frozenset[str]
    commitment_adjectives: frozenset[str]
    act_nouns: frozenset[str]
    act_noun_suffixes: frozenset[str]
    pledge_nouns: frozenset[str]
    failing_verbs: frozenset[str]
    copulas: frozenset[str]


@lru_cache(maxsize=1)
def speech_act_lexicon() -> SpeechActLexicon:
    path = str(data_path(LEXICON))
    data = load_yaml(LEXICON) or {}
    lists = {}
    for name in LISTS:
        group = data.get(name)
        if not isinstance(group, dict) or not group.get("source") or not isinstance(group.get("words"), list):
            raise DataFileError(path, "each group needs a source and a list of words", entry=name)
        lists[name] = frozenset(str(w).lower() for w in group["words"])
    unknown = set(data) - set(LISTS)
    if unknown:
        raise DataFileError(path, f"unknown group (known: {', '.join(LISTS)})", entry=sorted(unknown)[0])
    return SpeechActLexicon(**lists)


@dataclass(frozen=True)
class Statement:
    predicate: Token  # the main predicate of the reported clause (a description: its verb)
    quote: Quote | None  # None for a description ("described X as ...")
    speaker: Referent
    cue: Token | None  # the reporting verb in this sentence, if any


@dataclass(frozen=True)
class Act:
    type: str
    mode: str | None
    target: Referent | None
    rule: str
    # may the target come from the story (the speaker's adversary, the topic) when the clause names
    # none? Not for a description: "described the attack as reckless" judges an act the article may
    # have told of several times, by several actors
    story_target: bool = True


def code_statements(sentence: Span, ctx: ArticleEvents, found: list[Candidate], earlier: list[Candidate],
                    lexicon: SpeechActLexicon | None = None) -> list[Candidate]:
    """``found`` (the sentence's candidates from its trigger words) with the acts of its statements;
    ``earlier`` are the article's candidates before this sentence (whom the speaker is at odds with)."""
    lexicon = lexicon or speech_act_lexicon()
    out = list(found)
    said = [(s, act_of(s, ctx, lexicon)) for s in statements(sentence, ctx)]
    said += [(Statement(verb, None, speaker, verb), _described(verb, obj, words, speaker, ctx, lexicon))
             for verb, obj, words, speaker in descriptions(sentence, ctx, lexicon)]
    for statement, act in said:
        coded = [c for c in out if statement.cue is not None and c.trigger.i == statement.cue.i]
        if coded:  # the reporting verb is a trigger itself ("warned that ..."): coded once, by its frame,
            _aim(coded, statement, act, ctx, [*earlier, *out])  # and aimed by what was said
            continue
        if act is None:
            continue
        trigger = statement.cue or statement.predicate
        content = _content(statement, act)
        remaining = [c for c in out if c.trigger.i not in content]
        same = [c for c in remaining if c.type == act.type and c.source is not None
                and c.source.key == statement.speaker.key]
        if same:  # one statement, one event: what was said may still say whom it was aimed at
            for c in same:
                if (c.target is None or c.target_fallback) and act.target is not None \
                        and act.target.key != statement.speaker.key:
                    c.target, c.target_fallback = act.target, False
            continue
        target, fallback = act.target, False
        if act.type == "REJECT":  # a refusal is aimed at whoever asked, charged or threatened
            target = answered(statement.speaker, trigger, [*earlier, *out]) or target
        if target is None and act.story_target and act.type in COUNTERPART_TYPES:
            target = adversary(statement.speaker, trigger, [*earlier, *out])
        if target is None and act.story_target and act.type in ctx.lexicon.fallback_types:
            target = topic(ctx, trigger, exclude=statement.speaker.key, event_type=act.type)
            fallback = target is not None
        if target is None or target.key == statement.speaker.key:
            continue  # a charge, warning or refusal aimed at no one named is not coded
        if any(_said_before(c, act.type, statement.speaker, target) for c in earlier):
            continue  # the same act said again (the lead and the body, a quote of the statement): S4
        frame = Frame(lemma=trigger.lemma_.lower(), pos="verb", type=act.type, mode=act.mode,
                      ref=f"{RULE_REF}{act.rule}")
        out = remaining
        out.append(Candidate(trigger, frame, act.type, statement.speaker, target, fallback, False, False))
    return out


def _aim(coded: list[Candidate], statement: Statement, act: Act | None, ctx: ArticleEvents,
         earlier: list[Candidate]) -> None:
    """A statement coded by its reporting verb with no target of its own ("warned that phased measures
    could be taken") is aimed at whom its content is about: the act's target, else the clause's own
    actor other than the speaker, else the speaker's adversary in the story."""
    for c in coded:
        if c.type not in AIMED_TYPES or not (c.target is None or c.target_fallback) or c.source is None \
                or c.source.key != statement.speaker.key:
            continue
        whom = act.target if act is not None else None
        whom = whom or _other(_subject_actor(statement.predicate, statement, ctx), statement)
        whom = whom or adversary(statement.speaker, c.trigger, earlier)
        if whom is not None and whom.key != statement.speaker.key:
            c.target, c.target_fallback = whom, False


# the statements whose target their content tells: warnings, charges, refusals, demands
AIMED_TYPES = {"THREATEN", "ACCUSE", "REJECT", "REQUEST"}


def _said_before(c: Candidate, act_type: str, speaker: Referent, target: Referent) -> bool:
    return c.frame.ref is not None and c.frame.ref.startswith(RULE_REF) and c.type == act_type \
        and c.source is not None and c.source.key == speaker.key and c.target is not None and c.target.key == target.key


def _content(statement: Statement, act: Act) -> set[int]:
    """The tokens whose own events are the content of the act, not acts of their own: the demanded,
    refused or charged act itself ("must [withdraw]", "would not [negotiate]", "had [violated]"), and
    what a warning says will be answered ("[any attack] will not go unanswered")."""
    predicate = statement.predicate
    tokens = {predicate.i}
    if act.type == "THREATEN":
        subject = _subject(predicate)
        if subject is not None and act.rule != "hostile_commitments":
            tokens |= {t.i for t in subject.subtree}
        if act.rule == "hostile_commitments":  # "committed to [eliminating] Hamas": the threat's content
            tokens |= {t.i for t in predicate.subtree if t.pos_ == "VERB"}
    return tokens


# acts aimed at the speaker's adversary when the clause names none ("we will never abandon the
# shoal", "will not go unanswered")
COUNTERPART_TYPES = {"THREATEN", "REJECT", "ACCUSE"}
CONFLICT_TYPES = {"ACCUSE", "THREATEN", "REJECT", "REQUEST", "ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
# a refusal answers a demand, a charge or a threat: its target is who made it
ANSWERED_TYPES = {"REQUEST", "ACCUSE", "THREATEN"}


def _near(trigger: Token, earlier: list[Candidate]) -> list[Candidate]:
    return [c for c in earlier if c.source is not None and c.target is not None and not c.target_fallback
            and c.type in CONFLICT_TYPES
            and (c.trigger.sent == trigger.sent or 0 <= trigger.i - c.trigger.i <= STORY_REACH_TOKENS)]


def answered(speaker: Referent, trigger: Token, earlier: list[Candidate]) -> Referent | None:
    """The actor who last demanded of, charged or threatened the speaker, within the story's reach."""
    for c in reversed(_near(trigger, earlier)):
        if c.type in ANSWERED_TYPES and c.target.key == speaker.key and c.source.key != speaker.key:
            return c.source
    return None


def adversary(speaker: Referent, trigger: Token, earlier: list[Candidate]) -> Referent | None:
    """The other party of the speaker's latest conflict event (a charge, threat, refusal, demand or
    use of force, either way) within the story's reach. Unlike ``targets.counterpart``, whom the
    source last dealt with in any way, a warning, charge or refusal is aimed at an adversary, not at a
    partner the speaker was last seen meeting or thanking."""
    for c in reversed(_near(trigger, earlier)):
        if c.target.key == speaker.key and c.source.key != speaker.key:
            return c.source
        if c.source.key == speaker.key and c.target.key != speaker.key:
            return c.target
    return None


def statements(sentence: Span, ctx: ArticleEvents) -> Iterator[Statement]:
    """The main predicates of the quoted or reported clauses of ``sentence``, with their speakers."""
    quotes = [q for q in ctx.quotes if q.speaker_actor and q.span[0] < sentence.end_char and q.span[1] > sentence.start_char]
    if not quotes:
        return
    for token in sentence:
        if token.pos_ not in {"VERB", "AUX"} or token.dep_ in {"aux", "auxpass"}:
            continue
        # the widest quote around the token: a reported clause holds the fragments quoted inside it
        around = [q for q in quotes if _inside(token, q)]
        if not around:
            continue
        quote = max(around, key=lambda q: q.span[1] - q.span[0])
        if not _clause_root(token, quote):
            continue
        speaker = Referent(quote.speaker_actor, "person", quote.speaker or "", quote.speaker)
        yield Statement(token, quote, speaker, _cue(token, quote, sentence))


def descriptions(sentence: Span, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Iterator[tuple[Token, Token, list[Token], Referent]]:
    """ "X described the attack as reckless", "called China a hostile force": the verb, the object
    described, the words of the judgement (its as-phrase or predicate) and the speaker."""
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lexicon.description_verbs:
            continue
        objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}] + \
            [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        if not objects:
            continue
        heads = [verb, *objects]
        judgements = [c for h in heads for c in h.children if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")]
        if not judgements:
            continue
        speaker = first_actor(("subject",), verb, ctx, ctx.speaker_at(verb), exclude=None)
        if speaker is None or not speaker.key:
            continue
        words = [t for j in judgements for t in j.subtree]
        yield verb, objects[0], words, speaker


def _inside(token: Token, quote: Quote) -> bool:
    return quote.span[0] <= token.idx < quote.span[1]


def _clause_root(token: Token, quote: Quote) -> bool:
    """Whether ``token`` heads a clause of the quote: its head is outside the quoted words, or it is
    coordinated with such a clause ("said A and that B")."""
    head = token.head
    if head.i == token.i or not _inside(head, quote):
        return True
    return token.dep_ == "conj" and head.pos_ in {"VERB", "AUX"} and _clause_root(head, quote)


def _cue(token: Token, quote: Quote, sentence: Span) -> Token | None:
    """The reporting verb of the statement, when it is in this sentence."""
    for node in [token, *token.ancestors]:
        if not _inside(node, quote) and node.pos_ in {"VERB", "AUX"}:
            return node
    if quote.cue:
        cue = quote.cue.lower()
        return next((t for t in sentence if t.pos_ == "VERB" and cue in {t.lower_, t.lemma_.lower()}
                     and not _inside(t, quote)), None)
    return None


# --- what the clause does --------------------------------------------------------------------------

def act_of(statement: Statement, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Act | None:
    """The act a statement performs by its content, or None for a neutral statement."""
    for rule in (_threat, _refusal, _demand, _charge, _judgement, _commitment):
        act = rule(statement, ctx, lexicon)
        if act is not None:
            return act
    return None


def _subject(verb: Token) -> Token | None:
    node = verb
    for _ in range(3):  # "said it would X and Y": the coordinated verb shares the first one's subject
        subjects = [c for c in node.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects[0]
        if node.dep_ not in {"conj", "xcomp"} or node.head.i == node.i:
            return None
        node = node.head
    return None


def _subject_actor(verb: Token, statement: Statement, ctx: ArticleEvents) -> Referent | None:
    subject = _subject(verb)
    if subject is None:
        return None
    ref = referent(subject, ctx, statement.speaker)
    return ref if ref is not None and ref.key else None


def _is_self(ref: Referent | None, statement: Statement) -> bool:
    return ref is not None and ref.key == statement.speaker.key


def _self_subject(verb: Token, statement: Statement, ctx: ArticleEvents) -> bool:
    """The clause's subject is the speaker's side itself ("we", "it", "France"), not a thing of
    its own ("our commitment will not weaken")."""
    subject = _subject(verb)
    if subject is None or any(c.dep_ == "poss" for c in subject.children):
        return False
    return subject.pos_ in {"PRON", "PROPN"} or ctx.actors.mention_at(subject.i) is not None \
        and _is_self(_subject_actor(verb, statement, ctx), statement)


def _other(ref: Referent | None, statement: Statement) -> Referent | None:
    return ref if ref is not None and ref.key and ref.key != statement.speaker.key else None


def _aux_lemmas(verb: Token) -> set[str]:
    return {c.lemma_.lower() for c in verb.children if c.dep_ in {"aux", "auxpass"}} | \
        {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)


def _future(verb: Token) -> bool:
    # lemmas and forms both: "won't" is "wo" + "n't", lemma "will"; "'ll" keeps its form
    return bool(_aux_lemmas(verb) & default_grammar().future_auxiliaries)


def _target(verb: Token, statement: Statement, ctx: ArticleEvents) -> Referent | None:
    return first_actor(TARGET_SLOTS, verb, ctx, statement.speaker, exclude=statement.speaker.key)


def _condition_actor(verb: Token, statement: Statement, ctx: ArticleEvents) -> Referent | None:
    """The actor of the condition a warning is attached to: "if [the opposing side] violates ..."."""
    for c in verb.children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless", "should"} for m in c.children):
            ref = _other(_subject_actor(c, statement, ctx), statement)
            if ref is not None:
                return ref
    return None


def _described(verb: Token, described: Token, words: list[Token], speaker: Referent, ctx: ArticleEvents,
               lexicon: SpeechActLexicon) -> Act | None:
    lemmas = {t.lemma_.lower() for t in words}
    if lemmas & lexicon.negative_judgements:
        kind, mode, rule = "ACCUSE", "disapprove", "description_verbs, negative_judgements"
    elif lemmas & lexicon.positive_judgements and lemmas & lexicon.positive_heads:
        kind, mode, rule = "SUPPORT", None, "description_verbs, positive_judgements"
    else:
        return None
    judged = referent(described, ctx, speaker)
    judged = judged if judged is not None and judged.key and judged.key != speaker.key else None
    return Act(kind, mode, judged, rule, story_target=False)


def _threat(statement: Statement, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Act | None:
    verb = statement.predicate
    lemma = verb.lemma_.lower()
    future = _future(verb) or bool(_aux_lemmas(verb) & {"could", "can"})
    subject = _subject(verb)
    # "will not allow X to threaten ...", "will not hesitate to respond"
    if lemma in lexicon.warning_negations and _negated(verb) and _future(verb) and \
            _self_subject(verb, statement, ctx) and _is_self(_subject_actor(verb, statement, ctx), statement):
        # "would not allow [Greece] to militarise ...": the one not allowed is the complement's subject
        allowed = [s for c in verb.children if c.dep_ in {"ccomp", "xcomp"} for s in [_subject(c)] if s is not None]
        whom = _target(verb, statement, ctx) or next(
            (r for s in allowed for r in [_other(referent(s, ctx, statement.speaker), statement)] if r), None)
        return Act("THREATEN", None, whom or _condition_actor(verb, statement, ctx), "warning_negations")
    # "[Iran] will not be allowed to acquire ...": the one not allowed is the passive subject
    if lemma in lexicon.warning_negations and _negated(verb) and _future(verb) and \
            any(c.dep_ == "nsubjpass" for c in verb.children):
        return Act("THREATEN", None, _other(_subject_actor(verb, statement, ctx), statement), "warning_negations")
    hostile = _hostile_commitment(verb, statement, ctx, lexicon)
    if hostile is not None:
        return Act("THREATEN", "violence", hostile, "hostile_commitments")
    # "any US attack ... will not go unanswered"
    if future and any(c.lemma_.lower() in lexicon.unanswered or c.lower_ in lexicon.unanswered for c in verb.children):
        about = _other(_subject_actor(verb, statement, ctx), statement)
        return Act("THREATEN", None, about or _condition_actor(verb, statement, ctx), "unanswered")
    if not future:
        return None
    # "would meet a decisive response", "will pay a price", "a response [was] imminent"
    arguments = [c for c in verb.children if c.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"}]
    arguments += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"with", "as"} for g in c.children
                  if g.dep_ == "pobj"]  # "would meet with a response", "will serve as a punishment"
    if not any(a.lemma_.lower() in lexicon.consequences for a in arguments):
        return None
    about = _condition_actor(verb, statement, ctx)
    if about is None and subject is not None and subject.lemma_.lower() not in lexicon.consequences:
        about = _other(_subject_actor(verb, statement, ctx), statement)  # "the aggressor will pay a price"
    return Act("THREATEN", None, about, "consequences")


def _hostile_acts(verb: Token, lexicon: SpeechActLexicon) -> list[Token]:
    """The destruction the clause commits to: its own verb in the future ("will crush X"), or the
    complement of a commitment adjective ("remains committed to eliminating X")."""
    if verb.lemma_.lower() in lexicon.hostile_commitments and _future(verb) and not _negated(verb):
        return [verb]
    out = []
    for adjective in (c for c in verb.children if c.dep_ == "acomp" and c.lemma_.lower() in lexicon.commitment_adjectives):
        for node in adjective.subtree:
            if node.pos_ == "VERB" and node.lemma_.lower() in lexicon.hostile_commitments and node.dep_ in {"pcomp", "xcomp"}:
                out.append(node)
    return out if not _negated(verb) else []


def _hostile_commitment(verb: Token, statement: Statement, ctx: ArticleEvents,
                        lexicon: SpeechActLexicon) -> Referent | None:
    if not _self_subject(verb, statement, ctx) or not _is_self(_subject_actor(verb, statement, ctx), statement):
        return None
    for act in _hostile_acts(verb, lexicon):
        whom = first_actor(("object",), act, ctx, statement.speaker, exclude=statement.speaker.key)
        if whom is not None:
            return whom
    return None


def _refusal(statement: Statement, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Act | None:
    verb = statement.predicate
    if not (_negated(verb) and _future(verb)) or verb.lemma_.lower() in lexicon.refusal_exceptions:
        return None
    if not (_self_subject(verb, statement, ctx) and _is_self(_subject_actor(verb, statement, ctx), statement)):
        return None
    return Act("REJECT", None, _target(verb, statement, ctx), "refusal")


def _demand(statement: Statement, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Act | None:
    verb = statement.predicate
    if not (_aux_lemmas(verb) & lexicon.demand_modals) or any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    if verb.lemma_.lower() in lexicon.copulas or "have" in _aux_lemmas(verb):
        return None  # "Russia should be ashamed", "must have known": a judgement or inference, not a demand
    addressee = _other(_subject_actor(verb, statement, ctx), statement)
    if addressee is None:
        return None
    return Act("REQUEST", None, addressee, "demand_modals")


def _charge(statement: Statement, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Act | None:
    verb = statement.predicate
    lemma = verb.lemma_.lower()
    charged = (lemma in lexicon.charges and not _negated(verb)) or \
        (lemma in lexicon.unmet_duties and _negated(verb)) or \
        (lemma in lexicon.failure_verbs and not _negated(verb)
         and any(c.dep_ == "xcomp" and c.lemma_.lower() in lexicon.unmet_duties for c in verb.children))
    if not charged or _future(verb) or _aux_lemmas(verb) & default_grammar().possibility_auxiliaries \
            or _aux_lemmas(verb) & lexicon.demand_modals:
        return None  # a charge states what was done, not what may be
    agent = _subject_actor(verb, statement, ctx)
    rule = "charges" if lemma in lexicon.charges else "unmet_duties"
    if agent is None:
        subject = _subject(verb)
        if subject is not None and subject.pos_ == "NOUN" and _subject_names_act(subject, ctx, lexicon):
            # "the action violated the convention", "these attacks have endangered our partners":
            # an act named without its actor, charged on whom the speaker is at odds with
            return Act("ACCUSE", "allege", None, rule)
        return None
    if _is_self(agent, statement):
        return None  # the speaker talking about itself
    return Act("ACCUSE", "allege", agent, rule)


def _subject_names_act(subject: Token, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> bool:
    """Whether a subject naming no actor is an act: a word the event lexicon knows as a trigger, or
    one the speech-act lists judge ("the action", "these attacks", "the move")."""
    lemma = subject.lemma_.lower()
    if ctx.lexicon.frames_for(subject) or lemma in lexicon.act_nouns:
        return True
    nominalised = any(lemma.endswith(suffix) and len(lemma) > len(suffix) + 3 for suffix in lexicon.act_noun_suffixes)
    return nominalised and any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children)


def _judgement(statement: Statement, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Act | None:
    verb = statement.predicate
    if verb.lemma_.lower() not in lexicon.copulas or _negated(verb):
        return None
    predicates = [c for c in verb.children if c.dep_ in {"attr", "acomp", "oprd"}]
    for p in predicates:
        words = {p.lemma_.lower(), *(c.lemma_.lower() for c in p.children if c.dep_ in JUDGING_DEPS)}
        if words & lexicon.negative_judgements:
            kind = ("ACCUSE", "disapprove")
        elif words & lexicon.positive_judgements and p.lemma_.lower() in lexicon.positive_heads:
            kind = ("SUPPORT", None)
        else:
            continue
        subject = _subject(verb)
        judged = _other(referent(subject, ctx, statement.speaker), statement) if subject is not None else None
        if judged is None and (subject is None or subject.pos_ != "NOUN" or not _subject_names_act(subject, ctx, lexicon)):
            return None  # "the situation is dangerous", "we are ready": a judgement of no one's act
        return Act(kind[0], kind[1], judged, "negative_judgements" if kind[0] == "ACCUSE" else "positive_judgements")
    return None


def _pledge(verb: Token, statement: Statement, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Act | None:
    """ "Our commitment to Ukraine will not weaken": the speaker's support, said not to fail."""
    subject = _subject(verb)
    if subject is None or subject.lemma_.lower() not in lexicon.pledge_nouns or verb.lemma_.lower() not in lexicon.failing_verbs \
            or not (_negated(verb) and _future(verb)):
        return None
    owners = [c for c in subject.children if c.dep_ == "poss"]
    if not owners or not _is_self(referent(owners[0], ctx, statement.speaker), statement):
        return None
    whom = next((r for c in subject.children if c.dep_ == "prep" and c.lower_ in {"to", "for", "with"}
                 for g in c.children if g.dep_ == "pobj" for r in [_other(referent(g, ctx, statement.speaker), statement)]
                 if r is not None), None)
    return Act("AGREE", None, whom, "pledge_nouns") if whom is not None else None


def _commitment(statement: Statement, ctx: ArticleEvents, lexicon: SpeechActLexicon) -> Act | None:
    verb = statement.predicate
    lemma = verb.lemma_.lower()
    pledge = _pledge(verb, statement, ctx, lexicon)
    if pledge is not None:
        return pledge
    if _negated(verb) or not (_self_subject(verb, statement, ctx)
                              and _is_self(_subject_actor(verb, statement, ctx), statement)):
        return None
    # "will continue to support X": the act is the complement of "continue"
    acts = [verb, *(c for c in verb.children if c.dep_ == "xcomp" and lemma == "continue")]
    future = _future(verb) or lemma == "continue"
    for act in acts:
        act_lemma = act.lemma_.lower()
        standing = act_lemma == "stand" and any(
            c.dep_ == "prep" and c.lower_ in lexicon.standing_preps for c in act.children)
        if standing or act_lemma in lexicon.support_commitments:
            whom = _target(act, statement, ctx)
            if whom is not None:
                return Act("AGREE" if future else "SUPPORT", None, whom, "support_commitments")
        elif future and act_lemma in lexicon.cooperation_commitments:
            whom = _target(act, statement, ctx)
            if whom is not None:
                return Act("AGREE", None, whom, "cooperation_commitments")
    return None
