"""Score pactwatch output against hand-annotated gold articles, and gate it on accuracy floors.

``pactwatch eval GOLD.jsonl PRED.jsonl`` uses this module. The numbers it produces decide whether a
change to the extractor is an improvement, so the rules are explicit and deterministic. They are
the scoring rules of ``shared/fixtures/dev/CONVENTIONS.md`` (what the team measures with); each is
written once, here, and docs/evaluation.md explains them with examples:

* events match when source, target and type are among the gold's accepted values (a list accepts
  any of its values), one-to-one, by maximum bipartite matching with required gold first (a greedy
  pairing would under-count and make scores depend on the order events happen to be listed);
  "strict" also requires equal ``negated`` and ``hypothetical``;
* CONSULT, AGREE and COOPERATE are joint acts: a prediction of such a type matches in either
  direction, and A->B plus B->A of one such type from one evidence sentence count as one prediction;
* gold events marked ``optional``, and gold whose source or target holds a non-standard actor key,
  never count as misses, and a prediction they absorb is no false positive;
* dates are scored on matched events: the predicted date must lie within the gold date ("start
  with" it: 2024-03-12 for 2024-03, not 2024 for 2024-03); a null gold date accepts anything;
* quotes match on word-set Jaccard overlap >= 0.7, one-to-one; direct and reported quotes both
  count and recall is reported for each kind; an article whose gold lists no reported quote (the
  seeds) leaves predicted reported quotes out; a speaker is right when the actor key is among the
  gold's and the names share a word (an unnamed gold speaker needs only the actor);
* each gold boilerplate line must be absent from ``text_clean``, and each body line must survive
  there, because removing too much is as bad as removing too little.

The last part reads an accuracy-floors file (``tests/accuracy/floors.yaml``) and says which floors
a report reaches (``pactwatch eval --gate``); floors are only ever raised (:func:`lowered_floors`).
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactwatch import plover
from pactwatch.errors import InputError
from pactwatch.partial_date import PartialDate

JACCARD_THRESHOLD = 0.7
# CONVENTIONS.md, "Scoring rules": the acts that have no direction.
JOINT_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# CONVENTIONS.md, "Scoring rules": besides any three-letter code, the keys gold may use without its
# event becoming optional (annotators give other groups, people and crowds keys of their own, A4-A6).
STANDARD_KEYS = frozenset(
    "CSTO NATO EU UN OSCE CIS EAEU ECOWAS AU ASEAN SCO G7 G20 CARICOM CELAC AES IAEA OPEC AUKUS UDCG GCC "
    "ARTSAKH HOUTHIS HEZBOLLAH HAMAS M23 ISIS TALIBAN WAGNER PKK HTS ICC WHO IMF OAS ARAB_LEAGUE".split()
)
_THREE_LETTER_CODE = re.compile(r"[A-Z]{3}")
# Words that two speaker names may share without that meaning they name the same person
# ("the minister" and "the spokesman" are not the same speaker).
SPEAKER_STOPWORDS = frozenset({"a", "an", "the", "of", "and", "for", "to", "in", "on", "at", "by", "s"})
# An unnamed speaker is recorded as a description (ANNOTATION.md: "an unnamed CSTO representative";
# CONVENTIONS.md Q3: "an unnamed Kremlin source"): it opens with one of these words or in lower case.
_DESCRIPTION_OPENERS = frozenset({"a", "an", "the", "one", "some", "several", "its", "their", "his", "her"})
# Per-type recall is gated only where the gold holds enough events of the type to mean something.
MIN_TYPE_GOLD = 5
_WORD = re.compile(r"\w+")
_CURLY_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'"})
_EVIDENCE_WIDTH = 80


# --------------------------------------------------------------------------- input


def read_numbered(path: str | Path) -> list[tuple[int, dict]]:
    """One JSON object per line as (line number, record), skipping blank lines.

    Errors name the file and line so that a broken gold or prediction file can be fixed
    without hunting for the bad record.
    """
    try:
        with open(path, "rb") as fh:
            raw_lines = fh.readlines()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    records: list[tuple[int, dict]] = []
    for lineno, raw in enumerate(raw_lines, start=1):
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(str(path), "not valid UTF-8", line=lineno) from None
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"malformed JSON: {exc.msg} (column {exc.colno})", line=lineno) from None
        if not isinstance(record, dict):
            raise InputError(str(path), f"expected a JSON object, got {type(record).__name__}", line=lineno)
        records.append((lineno, record))
    return records


def read_jsonl(path: str | Path) -> list[dict]:
    """Read one JSON object per line, skipping blank lines (errors name the file and line)."""
    return [record for _, record in read_numbered(path)]


class RecordError(ValueError):
    """A gold or predicted article that cannot be scored; the message names the field."""


def _values(value: Any) -> list[Any]:
    """A gold field's accepted values: a list's items, or the one scalar."""
    return value if isinstance(value, list) else [value]


def _list_of_objects(record: dict, name: str) -> list[dict]:
    items = record.get(name)
    if items is None:
        return []
    if not isinstance(items, list):
        raise RecordError(f"{name}: expected a list, got {type(items).__name__}")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise RecordError(f"{name}[{i}]: expected an object, got {json.dumps(item, ensure_ascii=False)}")
    return items


def _check_keys(where: str, value: Any, null_ok: bool) -> None:
    ok = all(isinstance(v, str) and v or (null_ok and v is None) for v in _values(value))
    if not ok or value == []:
        shown = json.dumps(value, ensure_ascii=False)
        raise RecordError(f"{where}: expected an actor key{' or null' if null_ok else ''} or a list of them, got {shown}")


def _check_flag(where: str, value: Any) -> None:
    if value is not None and not isinstance(value, bool):
        raise RecordError(f"{where}: expected true or false, got {value!r}")


def check_gold(record: dict) -> None:
    """Raise RecordError naming the field when a gold article does not follow ANNOTATION.md.

    A typo in a gold type or date would otherwise silently turn into a miss for every system.
    """
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise RecordError("text: expected a string")
    for i, event in enumerate(_list_of_objects(record, "events")):
        where = f"events[{i}]"
        _check_keys(f"{where}.source", event.get("source"), null_ok=False)
        _check_keys(f"{where}.target", event.get("target"), null_ok=True)
        types = event.get("type")
        if types == [] or types is None:
            raise RecordError(f"{where}.type: missing")
        for value in _values(types):
            if value not in plover.TYPES:
                raise RecordError(f"{where}.type: {json.dumps(value, ensure_ascii=False)} is not a PLOVER type "
                                  f"({', '.join(plover.TYPES)})")
        date = event.get("date")
        if date is not None and PartialDate.parse_or_none(date if isinstance(date, str) else None) is None:
            raise RecordError(f"{where}.date: {json.dumps(date, ensure_ascii=False)} is not a date "
                              "(YYYY, YYYY-MM, YYYY-MM-DD or null)")
        for flag in ("negated", "hypothetical", "optional"):
            _check_flag(f"{where}.{flag}", event.get(flag))
    for i, quote in enumerate(_list_of_objects(record, "quotes")):
        if not isinstance(quote.get("text"), str):
            raise RecordError(f"quotes[{i}].text: expected a string")
        _check_flag(f"quotes[{i}].direct", quote.get("direct"))
        if quote.get("speaker_actor") is not None:
            _check_keys(f"quotes[{i}].speaker_actor", quote["speaker_actor"], null_ok=False)
    boilerplate = record.get("boilerplate") or []
    if not isinstance(boilerplate, list):
        raise RecordError("boilerplate: expected a list of lines")
    collapsed_text = _collapse(text or "")
    for i, line in enumerate(boilerplate):
        if not isinstance(line, str):
            raise RecordError(f"boilerplate[{i}]: expected a string")
        if line.strip() and _collapse(line) not in collapsed_text:
            raise RecordError(f"boilerplate[{i}]: {_truncate(line)!r} is not in the text")


def check_prediction(record: dict) -> None:
    """Raise RecordError naming the field when a predicted article has the wrong shape.

    A prediction gives one value per field (lists are the gold's way of accepting several).
    """
    for i, event in enumerate(_list_of_objects(record, "events")):
        for name in ("source", "target", "type", "date"):
            value = event.get(name)
            if value is not None and not isinstance(value, str):
                raise RecordError(f"events[{i}].{name}: expected one value, got {json.dumps(value, ensure_ascii=False)}")
    for i, quote in enumerate(_list_of_objects(record, "quotes")):
        if quote.get("text") is not None and not isinstance(quote["text"], str):
            raise RecordError(f"quotes[{i}].text: expected a string")
    if record.get("text_clean") is not None and not isinstance(record["text_clean"], str):
        raise RecordError("text_clean: expected a string")


# --------------------------------------------------------------------------- scores


@dataclass
class PRF:
    """True positives, false positives and misses; summing them over articles gives micro-averages."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        """Accumulate another article's counts (micro-averaging)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def _fraction(part: int, whole: int) -> float | None:
    """A rate, or None when nothing was scored (0/0 is 'not measured', not 'all wrong')."""
    return part / whole if whole else None


def _harmonic(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Found:
    """How many gold items of one kind the prediction found (recall only)."""

    found: int = 0
    gold: int = 0

    @property
    def recall(self) -> float | None:
        return _fraction(self.found, self.gold)

    def add(self, other: Found) -> None:
        self.found += other.found
        self.gold += other.gold

    def to_dict(self) -> dict[str, Any]:
        return {"found": self.found, "gold": self.gold, "recall": self.recall}


@dataclass
class TypeScore:
    """One PLOVER type's scores, read off the one matching of all events.

    ``gold``: required gold events that accept the type (a gold listing two types counts under
    both, so the column sums to more than the gold total); ``found``: those the prediction matched,
    under any type the gold accepts. ``predicted``: predictions of the type, except those absorbed
    by optional gold; ``correct``: those matched to required gold.
    """

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float | None:
        return _fraction(self.correct, self.predicted)

    @property
    def recall(self) -> float | None:
        return _fraction(self.found, self.gold)

    @property
    def f1(self) -> float | None:
        return _harmonic(self.precision, self.recall)

    def add(self, other: TypeScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "found": self.found, "predicted": self.predicted, "correct": self.correct,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


def _type_order(name: str) -> tuple[int, str]:
    """PLOVER's order, with any type outside PLOVER (a broken prediction) after it."""
    return (plover.TYPES.index(name), "") if name in plover.TYPES else (len(plover.TYPES), str(name))


@dataclass
class EvalReport:
    """Micro-averaged scores over all gold articles plus per-article details for debugging."""

    events_loose: PRF = field(default_factory=PRF)
    events_strict: PRF = field(default_factory=PRF)
    by_type: dict[str, TypeScore] = field(default_factory=dict)
    dates_correct: int = 0
    dates_scored: int = 0
    dates_null_gold: int = 0
    quotes: PRF = field(default_factory=PRF)
    quotes_direct: Found = field(default_factory=Found)
    quotes_reported: Found = field(default_factory=Found)
    reported_not_judged: int = 0
    speakers_correct: int = 0
    speakers_scored: int = 0
    boilerplate_removed: int = 0
    boilerplate_total: int = 0
    body_kept: int = 0
    body_total: int = 0
    articles: list[dict[str, Any]] = field(default_factory=list)
    missing_pred_articles: int = 0
    unmatched_pred_articles: int = 0

    @property
    def date_accuracy(self) -> float | None:
        return _fraction(self.dates_correct, self.dates_scored)

    @property
    def speaker_accuracy(self) -> float | None:
        return _fraction(self.speakers_correct, self.speakers_scored)

    @property
    def boilerplate_removed_rate(self) -> float | None:
        return _fraction(self.boilerplate_removed, self.boilerplate_total)

    @property
    def body_kept_rate(self) -> float | None:
        return _fraction(self.body_kept, self.body_total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "events_loose": self.events_loose.to_dict(),
            "events_strict": self.events_strict.to_dict(),
            "by_type": {name: self.by_type[name].to_dict() for name in sorted(self.by_type, key=_type_order)},
            "dates": {"correct": self.dates_correct, "scored": self.dates_scored, "accuracy": self.date_accuracy,
                      "null_gold": self.dates_null_gold},
            "quotes": self.quotes.to_dict(),
            "quotes_direct": self.quotes_direct.to_dict(),
            "quotes_reported": self.quotes_reported.to_dict(),
            "reported_quotes_not_judged": self.reported_not_judged,
            "speakers": {
                "correct": self.speakers_correct,
                "scored": self.speakers_scored,
                "accuracy": self.speaker_accuracy,
            },
            "boilerplate": {
                "removed": self.boilerplate_removed,
                "total": self.boilerplate_total,
                "rate": self.boilerplate_removed_rate,
            },
            "body": {"kept": self.body_kept, "total": self.body_total, "rate": self.body_kept_rate},
            "figures": figures(self),
            "missing_pred_articles": self.missing_pred_articles,
            "unmatched_pred_articles": self.unmatched_pred_articles,
            "articles": self.articles,
        }


# --------------------------------------------------------------------------- matching


Preference = Callable[[int, int], tuple[float, ...]]


def _max_matching(
    n_gold: int,
    n_pred: int,
    compatible: Callable[[int, int], bool],
    preference: Preference,
    gold_order: Iterable[int],
) -> dict[int, int]:
    """Maximum bipartite matching gold -> pred by augmenting paths (Kuhn's algorithm, BFS).

    Gold items are tried in ``gold_order``. A gold item that is matched stays matched when
    later augmenting paths run (only its partner may change), so putting the required gold
    items first maximises the required matches, and the optional items that follow can only
    absorb predictions without taking any away from required ones. The result is a maximum
    matching overall, so no other pairing could match more required items or absorb more.

    Several maximum matchings usually exist (two ACCUSE ARM->RUS events in one article). Each
    gold item tries its candidates in order of ``preference``, highest first, so that ties go
    to the pairing a person would choose and dates and flags are compared on the right pairs.
    """
    adjacency = [
        sorted((p for p in range(n_pred) if compatible(g, p)), key=lambda p, g=g: preference(g, p), reverse=True)
        for g in range(n_gold)
    ]
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}
    for start in gold_order:
        reached_from: dict[int, int] = {}  # pred -> the gold item the search reached it from
        queue = deque([start])
        while queue:
            g = queue.popleft()
            free_pred = next((p for p in adjacency[g] if p not in pred_to_gold), None)
            if free_pred is not None:
                reached_from[free_pred] = g
                _flip_path(free_pred, reached_from, gold_to_pred, pred_to_gold)
                break
            for p in adjacency[g]:
                if p not in reached_from:
                    reached_from[p] = g
                    queue.append(pred_to_gold[p])
    return gold_to_pred


def _flip_path(
    pred: int, reached_from: dict[int, int], gold_to_pred: dict[int, int], pred_to_gold: dict[int, int]
) -> None:
    """Swap matched and unmatched edges along the augmenting path that ends at a free ``pred``.

    Walking back from the free pred, every gold item gives up its old partner to the gold item
    before it; the path's start is the only gold item that had no partner, which ends the walk.
    """
    while True:
        g = reached_from[pred]
        previous = gold_to_pred.get(g)
        gold_to_pred[g] = pred
        pred_to_gold[pred] = g
        if previous is None:
            return
        pred = previous


@dataclass
class _Matched:
    """Outcome of matching one article's predictions against its gold items."""

    pairs: list[tuple[int, int]]  # (gold index, pred index) for required gold items
    missed: list[int]  # required gold items left unmatched
    false_positives: list[int]  # predictions matched to nothing
    absorbed: list[int]  # predictions matched to optional gold items

    @property
    def prf(self) -> PRF:
        return PRF(tp=len(self.pairs), fp=len(self.false_positives), fn=len(self.missed))


def _match(optional: list[bool], n_pred: int, compatible: Callable[[int, int], bool],
           preference: Preference) -> _Matched:
    """Match with required gold items first, then let optional ones absorb leftover predictions."""
    required = [g for g, is_optional in enumerate(optional) if not is_optional]
    optional_items = [g for g, is_optional in enumerate(optional) if is_optional]
    gold_to_pred = _max_matching(len(optional), n_pred, compatible, preference, required + optional_items)
    matched_preds = set(gold_to_pred.values())
    return _Matched(
        pairs=[(g, gold_to_pred[g]) for g in required if g in gold_to_pred],
        missed=[g for g in required if g not in gold_to_pred],
        false_positives=[p for p in range(n_pred) if p not in matched_preds],
        absorbed=[gold_to_pred[g] for g in optional_items if g in gold_to_pred],
    )


# --------------------------------------------------------------------------- events


def is_standard_key(key: str | None) -> bool:
    """CONVENTIONS.md: any three-letter code and the listed organisations and groups; null is no key."""
    return key is None or bool(_THREE_LETTER_CODE.fullmatch(key)) or key in STANDARD_KEYS


def _optional_by_key(event: dict) -> bool:
    """Gold whose source or target holds a non-standard key is optional, whatever its flag says."""
    return not all(is_standard_key(k) for k in _values(event.get("source")) + _values(event.get("target")))


def _accepts(gold_value: Any, pred_value: Any) -> bool:
    """A list in gold lists every acceptable value (null included only if listed); a scalar must be equal."""
    if isinstance(gold_value, list):
        return pred_value in gold_value
    return pred_value == gold_value


def _loose_match(gold: dict, pred: dict) -> bool:
    pred_type, source, target = pred.get("type"), pred.get("source"), pred.get("target")
    if not _accepts(gold.get("type"), pred_type):
        return False
    if _accepts(gold.get("source"), source) and _accepts(gold.get("target"), target):
        return True
    # A joint act has no direction: "A met B" is "B met A". The predicted type decides, since a gold
    # listing SUPPORT or AGREE is a joint act only when coded AGREE.
    return pred_type in JOINT_TYPES and _accepts(gold.get("source"), target) and _accepts(gold.get("target"), source)


def _flags(event: dict) -> tuple[bool, bool]:
    return bool(event.get("negated")), bool(event.get("hypothetical"))


def _strict_match(gold: dict, pred: dict) -> bool:
    return _loose_match(gold, pred) and _flags(gold) == _flags(pred)


def _date_right(gold_date: str | None, pred_date: Any) -> bool:
    """The predicted date lies within the gold date: 2024-03-12 for 2024-03, not 2024 for 2024-03.

    That is what "the prediction must start with the gold date" means for real dates; comparing
    bounds rather than strings also rejects a malformed prediction that happens to share a prefix.
    """
    if gold_date is None:
        return True
    pred = PartialDate.parse_or_none(pred_date) if isinstance(pred_date, str) else None
    if pred is None:
        return False
    gold = PartialDate.parse(gold_date)
    return gold.first <= pred.first and pred.last <= gold.last


def _event_preference(gold: dict, pred: dict) -> tuple[float, ...]:
    """Among interchangeable pairings prefer right dates, equal flags, then similar evidence."""
    return (
        float(_date_right(gold.get("date"), pred.get("date"))),
        float(_flags(gold) == _flags(pred)),
        _jaccard(_words(gold.get("evidence")), _words(pred.get("evidence"))),
    )


def _evidence_place(event: dict) -> Any:
    """Where an event's evidence sentence is: its span when it has one, else its words."""
    span = event.get("evidence_span")
    if isinstance(span, list) and len(span) == 2:
        return ("span", *span)
    evidence = event.get("evidence")
    return ("text", _collapse(evidence)) if isinstance(evidence, str) and evidence.strip() else None


def _prediction_units(events: list[dict]) -> tuple[list[list[dict]], int]:
    """Group predicted events into the predictions that are counted, and say how many pairs merged.

    A->B and B->A of one joint type from one evidence sentence are one act coded twice: they are
    one prediction, which matches when either direction does. Each direction pairs with at most
    one reverse, so a third copy is a prediction of its own.
    """
    units: list[list[dict]] = []
    waiting: dict[tuple, list[int]] = defaultdict(list)  # (type, source, target, place) -> units awaiting the reverse
    merged = 0
    for event in events:
        type_, source, target, place = event.get("type"), event.get("source"), event.get("target"), _evidence_place(event)
        if type_ not in JOINT_TYPES or None in (source, target, place) or source == target:
            units.append([event])
            continue
        reverse = waiting[(type_, target, source, place)]
        if reverse:
            units[reverse.pop(0)].append(event)
            merged += 1
        else:
            waiting[(type_, source, target, place)].append(len(units))
            units.append([event])
    return units, merged


def _best_member(gold: dict, unit: list[dict], matches: Callable[[dict, dict], bool]) -> dict | None:
    """The event of a prediction unit that matches ``gold`` best, or None when none matches."""
    candidates = [event for event in unit if matches(gold, event)]
    return max(candidates, key=lambda event: _event_preference(gold, event)) if candidates else None


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "|".join("null" if v is None else str(v) for v in value)
    return "null" if value is None else str(value)


def _event_brief(event: dict) -> dict[str, Any]:
    """The fields a developer needs to see why an event did or did not match."""
    negated, hypothetical = _flags(event)
    return {
        "type": event.get("type"),
        "source": event.get("source"),
        "target": event.get("target"),
        "date": event.get("date"),
        "negated": negated,
        "hypothetical": hypothetical,
        "evidence": event.get("evidence"),
    }


def _event_label(event: dict) -> str:
    """``TYPE SOURCE->TARGET [flags]``, with list-valued gold fields shown as ``A|B``."""
    text = f"{_shown(event.get('type'))} {_shown(event.get('source'))}->{_shown(event.get('target'))}"
    flags = [name for name, on in zip(("negated", "hypothetical"), _flags(event)) if on]
    return f"{text} [{','.join(flags)}]" if flags else text


def _event_line(event: dict) -> str:
    return f"{_event_label(event)}: {_truncate(event.get('evidence') or '')}"


def _truncate(text: str, width: int = _EVIDENCE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


# --------------------------------------------------------------------------- quotes


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").translate(_CURLY_APOSTROPHES).lower()))


def _jaccard(a: set[str], b: set[str]) -> float:
    """Word-set overlap; two empty quotes are not evidence of the same quote, so they score 0."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _direct(quote: dict) -> bool:
    """A quote without the flag counts as direct (in quote marks), the kind every gold lists."""
    return quote.get("direct") is not False


def _unnamed(speaker: str | None) -> bool:
    """A description rather than a name: "an unnamed Kremlin source", "the ministry", "officials"."""
    words = (speaker or "").split()
    return not words or words[0][0].islower() or words[0].lower() in _DESCRIPTION_OPENERS


def _actor_right(gold_actor: Any, pred_actor: Any) -> bool:
    """The predicted key is among the gold's; a predicted list must give only accepted keys."""
    accepted = _values(gold_actor)
    if isinstance(pred_actor, list):
        return bool(pred_actor) and all(a is not None and a in accepted for a in pred_actor)
    return pred_actor is not None and pred_actor in accepted


def _speaker_right(gold: dict, pred: dict) -> bool:
    """Same actor, and the names share a content word ("Pashinyan" vs "Nikol Pashinyan")."""
    if not _actor_right(gold.get("speaker_actor"), pred.get("speaker_actor")):
        return False
    if _unnamed(gold.get("speaker")):
        return True
    return bool((_words(gold.get("speaker")) - SPEAKER_STOPWORDS) & (_words(pred.get("speaker")) - SPEAKER_STOPWORDS))


# --------------------------------------------------------------------------- boilerplate


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _occurs(needle: str, haystack: str) -> bool:
    """``needle`` in ``haystack`` as whole words ("india" is not in "Indian" nor in "indians")."""
    before = r"(?<!\w)" if needle[:1].isalnum() or needle[:1] == "_" else ""
    after = r"(?!\w)" if needle[-1:].isalnum() or needle[-1:] == "_" else ""
    return re.search(before + re.escape(needle) + after, haystack) is not None


def _score_cleaning(gold: dict, text_clean: str) -> dict[str, Any]:
    """Which gold boilerplate survived and which body lines were lost in ``text_clean``.

    A boilerplate entry is usually a whole line of the text, and sometimes the tail of a body line
    ("... (More US military stories.)"). Either must be absent from ``text_clean``: a line the
    cleaner glued to its neighbour is still there. Occurrences inside longer gold lines that
    contain it (a caption repeated in a gallery line) are that line's business, not this entry's.
    A body line must survive, less the boilerplate fragments it carried.
    """
    lines = [_collapse(line) for line in (gold.get("text") or "").splitlines() if line.strip()]
    line_set = set(lines)
    boilerplate = [_collapse(b) for b in gold.get("boilerplate") or [] if b.strip()]
    fragments = [b for b in boilerplate if b not in line_set]
    clean = _collapse(text_clean)

    def present(entry: str) -> bool:
        if entry not in line_set:
            return _occurs(entry, clean)
        rest = clean
        for host in sorted({line for line in lines if entry in line and line != entry}, key=len, reverse=True):
            rest = rest.replace(host, "\n")
        return _occurs(entry, rest)

    remaining = [b for b in boilerplate if present(b)]
    body: list[tuple[str, str]] = []  # (line as the text has it, what must survive of it)
    for line in lines:
        if line in boilerplate:
            continue
        kept = line
        for fragment in fragments:
            kept = kept.replace(fragment, " ")
        if kept.strip():
            body.append((line, _collapse(kept)))
    lost = [line for line, kept in body if kept not in clean]
    return {
        "boilerplate_total": len(boilerplate),
        "boilerplate_removed": len(boilerplate) - len(remaining),
        "boilerplate_remaining": [_truncate(b) for b in remaining],
        "body_total": len(body),
        "body_kept": len(body) - len(lost),
        "lost_body_lines": [_truncate(line) for line in lost],
    }


# --------------------------------------------------------------------------- evaluation


def _index_by_id(articles: list[dict], label: str) -> dict[str, dict]:
    """Pair articles by id; a duplicate or missing id would silently double- or under-count."""
    index: dict[str, dict] = {}
    for position, article in enumerate(articles, start=1):
        article_id = article.get("id")
        if article_id is None:
            raise ValueError(f"{label} article #{position} has no id")
        if article_id in index:
            raise ValueError(f"{label} has duplicate article id {article_id!r}")
        index[article_id] = article
    return index


def _score_events(gold_events: list[dict], pred_events: list[dict]) -> dict[str, Any]:
    """Loose and strict matching, dates, flags and per-type counts of one article's events."""
    units, merged = _prediction_units(pred_events)
    optional = [bool(g.get("optional")) or _optional_by_key(g) for g in gold_events]

    def matcher(matches: Callable[[dict, dict], bool]) -> _Matched:
        best = [[_best_member(g, unit, matches) for unit in units] for g in gold_events]
        return _match(
            optional,
            len(units),
            lambda g, u: best[g][u] is not None,
            lambda g, u: _event_preference(gold_events[g], best[g][u]),
        ), best

    loose, best = matcher(_loose_match)
    strict, _ = matcher(_strict_match)
    pairs = [(gold_events[g], best[g][u]) for g, u in loose.pairs]

    wrong_dates = [
        {"gold": gold["date"], "pred": pred.get("date"), "event": _event_line(gold)}
        for gold, pred in pairs
        if not _date_right(gold.get("date"), pred.get("date"))
    ]
    by_type: dict[str, TypeScore] = defaultdict(TypeScore)
    found = {g for g, _ in loose.pairs}
    for g, gold in enumerate(gold_events):
        if not optional[g]:
            for name in _values(gold.get("type")):
                by_type[name].gold += 1
                by_type[name].found += g in found
    correct = {u for _, u in loose.pairs}
    for u in sorted(correct | set(loose.false_positives)):
        score = by_type[str(units[u][0].get("type"))]
        score.predicted += 1
        score.correct += u in correct

    return {
        "events_loose": loose.prf.to_dict(),
        "events_strict": strict.prf.to_dict(),
        "by_type": {name: s.to_dict() for name, s in by_type.items()},
        "events_absorbed_by_optional": len(loose.absorbed),
        "events_optional_by_key": sum(1 for g in gold_events if _optional_by_key(g) and not g.get("optional")),
        "joint_pairs_merged": merged,
        "matched_events": [{"gold": _event_brief(gold), "pred": _event_brief(pred)} for gold, pred in pairs],
        "missed_events": [_event_brief(gold_events[g]) for g in loose.missed],
        "false_positive_events": [_event_brief(units[u][0]) for u in loose.false_positives],
        # Loosely matched pairs whose flags disagree explain most of the loose/strict gap.
        "flag_mismatches": [
            {"gold": _event_brief(gold), "pred": _event_brief(pred)} for gold, pred in pairs if _flags(gold) != _flags(pred)
        ],
        "dates_scored": len(pairs),
        "dates_correct": len(pairs) - len(wrong_dates),
        "dates_null_gold": sum(1 for gold, _ in pairs if gold.get("date") is None),
        "wrong_dates": wrong_dates,
    }


def _score_quotes(gold_quotes: list[dict], pred_quotes: list[dict]) -> dict[str, Any]:
    """Quote matching, recall per kind and speakers of one article."""
    # Gold that lists no reported quote (the seeds) did not annotate them, so cannot judge them.
    judges_reported = any(not _direct(q) for q in gold_quotes)
    judged = [q for q in pred_quotes if judges_reported or _direct(q)]
    gold_words = [_words(q.get("text")) for q in gold_quotes]
    pred_words = [_words(q.get("text")) for q in judged]
    similarity = [[_jaccard(g, p) for p in pred_words] for g in gold_words]
    quotes = _match(
        [False] * len(gold_quotes),
        len(judged),
        lambda g, p: similarity[g][p] >= JACCARD_THRESHOLD,
        lambda g, p: (similarity[g][p], float(_speaker_right(gold_quotes[g], judged[p]))),
    )
    found = {g for g, _ in quotes.pairs}
    by_kind = {
        kind: Found(found=sum(1 for g in indices if g in found), gold=len(indices)).to_dict()
        for kind, indices in (
            ("direct", [g for g, q in enumerate(gold_quotes) if _direct(q)]),
            ("reported", [g for g, q in enumerate(gold_quotes) if not _direct(q)]),
        )
    }
    wrong_speakers = [
        {
            "quote": _truncate(gold_quotes[g].get("text") or ""),
            "gold": f"{gold_quotes[g].get('speaker')} ({_shown(gold_quotes[g].get('speaker_actor'))})",
            "pred": f"{judged[p].get('speaker')} ({_shown(judged[p].get('speaker_actor'))})",
        }
        for g, p in quotes.pairs
        if not _speaker_right(gold_quotes[g], judged[p])
    ]
    return {
        "quotes": quotes.prf.to_dict(),
        "quotes_direct": by_kind["direct"],
        "quotes_reported": by_kind["reported"],
        "reported_quotes_not_judged": len(pred_quotes) - len(judged),
        "missed_quotes": [_truncate(gold_quotes[g].get("text") or "") for g in quotes.missed],
        "false_positive_quotes": [_truncate(judged[p].get("text") or "") for p in quotes.false_positives],
        "speakers_scored": len(quotes.pairs),
        "speakers_correct": len(quotes.pairs) - len(wrong_speakers),
        "wrong_speakers": wrong_speakers,
    }


def _evaluate_article(gold: dict, pred: dict | None) -> dict[str, Any]:
    """Score one gold article; a missing prediction is scored as empty output."""
    pred = pred or {}
    return {
        "id": gold.get("id"),
        "predicted": bool(pred),
        **_score_events(list(gold.get("events") or []), list(pred.get("events") or [])),
        **_score_quotes(list(gold.get("quotes") or []), list(pred.get("quotes") or [])),
        **_score_cleaning(gold, pred.get("text_clean") or ""),
    }


def _counts(prf: dict[str, Any]) -> PRF:
    return PRF(tp=prf["tp"], fp=prf["fp"], fn=prf["fn"])


def _check_all(articles: list[dict], check: Callable[[dict], None], label: str) -> None:
    for position, article in enumerate(articles, start=1):
        try:
            check(article)
        except RecordError as exc:
            raise RecordError(f"{label} article #{position} ({article.get('id')!r}): {exc}") from None


def evaluate(gold: list[dict], pred: list[dict]) -> EvalReport:
    """Score predicted articles against gold articles, pairing them by ``id``.

    Gold articles without a prediction are scored as empty output (every required event and
    quote missed, every body line lost); predicted articles without gold are only counted.
    Raises ValueError when an article has no id, an id repeats, or a record is malformed
    (:class:`RecordError`, naming the article and field).
    """
    gold_by_id = _index_by_id(gold, "gold")
    pred_by_id = _index_by_id(pred, "predictions")
    _check_all(gold, check_gold, "gold")
    _check_all(pred, check_prediction, "predicted")
    report = EvalReport(unmatched_pred_articles=sum(1 for article_id in pred_by_id if article_id not in gold_by_id))
    for article_id, gold_article in gold_by_id.items():
        detail = _evaluate_article(gold_article, pred_by_id.get(article_id))
        report.articles.append(detail)
        report.missing_pred_articles += 0 if detail["predicted"] else 1
        report.events_loose.add(_counts(detail["events_loose"]))
        report.events_strict.add(_counts(detail["events_strict"]))
        for name, counts in detail["by_type"].items():
            report.by_type.setdefault(name, TypeScore()).add(
                TypeScore(counts["gold"], counts["found"], counts["predicted"], counts["correct"]))
        report.quotes.add(_counts(detail["quotes"]))
        report.quotes_direct.add(Found(detail["quotes_direct"]["found"], detail["quotes_direct"]["gold"]))
        report.quotes_reported.add(Found(detail["quotes_reported"]["found"], detail["quotes_reported"]["gold"]))
        report.reported_not_judged += detail["reported_quotes_not_judged"]
        report.dates_correct += detail["dates_correct"]
        report.dates_scored += detail["dates_scored"]
        report.dates_null_gold += detail["dates_null_gold"]
        report.speakers_correct += detail["speakers_correct"]
        report.speakers_scored += detail["speakers_scored"]
        report.boilerplate_removed += detail["boilerplate_removed"]
        report.boilerplate_total += detail["boilerplate_total"]
        report.body_kept += detail["body_kept"]
        report.body_total += detail["body_total"]
    return report


def score_files(gold_path: str | Path, pred_path: str | Path) -> EvalReport:
    """Read and score two JSONL files, reporting problems against the file and line that has them."""
    articles: dict[str, list[dict]] = {}
    for path, label, check in ((gold_path, "gold", check_gold), (pred_path, "predictions", check_prediction)):
        numbered = read_numbered(path)
        for lineno, record in numbered:
            try:
                check(record)
            except RecordError as exc:
                raise InputError(str(path), f"article {record.get('id')!r}: {exc}", line=lineno) from None
        articles[label] = [record for _, record in numbered]
        try:
            _index_by_id(articles[label], label)
        except ValueError as exc:
            raise InputError(str(path), str(exc)) from None
    return evaluate(articles["gold"], articles["predictions"])


# --------------------------------------------------------------------------- figures


# The single numbers a gate can hold a floor for, in the order reports list them.
_FIGURES = (
    "events_loose.precision", "events_loose.recall", "events_loose.f1",
    "events_strict.precision", "events_strict.recall", "events_strict.f1",
    "quotes.precision", "quotes.recall", "quotes.f1", "quotes.direct_recall", "quotes.reported_recall",
    "speakers.accuracy", "dates.accuracy", "boilerplate.rate", "body.rate",
)
_TYPE_FIGURE = re.compile(r"types\.([A-Z]+)\.recall")


def is_figure(name: str) -> bool:
    match = _TYPE_FIGURE.fullmatch(name)
    return name in _FIGURES or bool(match and match.group(1) in plover.TYPES)


def figures(report: EvalReport) -> dict[str, float | None]:
    """The report's headline numbers by name; None where nothing was there to measure.

    Per-type recall is given for the types whose required gold events number at least
    ``MIN_TYPE_GOLD``; fewer would make one event swing the figure by 20 points or more.
    """
    values: dict[str, float | None] = {}
    for name, prf in (("events_loose", report.events_loose), ("events_strict", report.events_strict),
                      ("quotes", report.quotes)):
        values |= {f"{name}.precision": prf.precision, f"{name}.recall": prf.recall, f"{name}.f1": prf.f1}
    values |= {
        "quotes.direct_recall": report.quotes_direct.recall,
        "quotes.reported_recall": report.quotes_reported.recall,
        "speakers.accuracy": report.speaker_accuracy,
        "dates.accuracy": report.date_accuracy,
        "boilerplate.rate": report.boilerplate_removed_rate,
        "body.rate": report.body_kept_rate,
    }
    for name in sorted(report.by_type, key=_type_order):
        if name in plover.TYPES and report.by_type[name].gold >= MIN_TYPE_GOLD:
            values[f"types.{name}.recall"] = report.by_type[name].recall
    return values


# --------------------------------------------------------------------------- floors


@dataclass
class FloorSet:
    """The floors one gold set must reach; ``gold`` is the set's file, when the floors file names it."""

    name: str
    gold: Path | None
    floors: dict[str, float]


@dataclass
class FloorCheck:
    name: str
    floor: float
    value: float | None

    @property
    def passed(self) -> bool:
        # A figure is computed in floating point; a floor written with two decimals is a rounded-down
        # copy of one, so a hair's tolerance keeps a figure equal to its floor from failing.
        return self.value is not None and self.value + 1e-9 >= self.floor

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "floor": self.floor, "value": self.value, "passed": self.passed}


def parse_floors(text: str, origin: str, base: Path | None = None) -> dict[str, FloorSet]:
    """Floor sets from a floors file's text; ``origin`` names it in errors, ``base`` resolves ``gold``.

    The shape is ``sets: {NAME: {gold: PATH, floors: {FIGURE: 0.xx, ...}}}``; every floor is a
    number from 0 to 1 with at most two decimals, for a figure :func:`figures` gives.
    """
    import yaml

    from .resources import parse_yaml  # a user's file: no aliases, no deep nesting

    try:
        data = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(origin, "not valid YAML", line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or set(data) != {"sets"}:
        raise InputError(origin, "expected one key, 'sets'")
    if not isinstance(data["sets"], dict):
        raise InputError(origin, "sets: expected a mapping of set names to {gold, floors}")
    sets: dict[str, FloorSet] = {}
    for name, entry in data["sets"].items():
        where = f"sets.{name}"
        if not isinstance(entry, dict) or "floors" not in entry or not set(entry) <= {"gold", "floors"}:
            raise InputError(origin, f"{where}: expected 'floors' and optionally 'gold'")
        gold = entry.get("gold")
        if gold is not None and not isinstance(gold, str):
            raise InputError(origin, f"{where}.gold: expected a path")
        floors = entry["floors"] or {}
        if not isinstance(floors, dict):
            raise InputError(origin, f"{where}.floors: expected a mapping of figures to floors")
        for figure, floor in floors.items():
            key = f"{where}.floors.{figure}"
            if not is_figure(str(figure)):
                raise InputError(origin, f"{key}: not a figure pactwatch eval reports")
            if isinstance(floor, bool) or not isinstance(floor, (int, float)) or not 0 <= floor <= 1:
                raise InputError(origin, f"{key}: expected a number from 0 to 1, got {floor!r}")
            if round(floor, 2) != floor:
                raise InputError(origin, f"{key}: floors have two decimals (measured values rounded down), got {floor!r}")
        path = None if gold is None else (base / gold if base is not None else Path(gold))
        sets[str(name)] = FloorSet(str(name), path, {str(k): float(v) for k, v in floors.items()})
    return sets


def read_floors(path: str | Path) -> dict[str, FloorSet]:
    """Read a floors file; errors name the file and the key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read file: {exc}") from None
    return parse_floors(text, str(path), base=path.parent)


def check_floors(values: dict[str, float | None], floors: dict[str, float]) -> list[FloorCheck]:
    """Each floor against its figure; a figure that was not measured fails its floor."""
    return [FloorCheck(name, floor, values.get(name)) for name, floor in floors.items()]


def lowered_floors(old: dict[str, FloorSet], new: dict[str, FloorSet]) -> list[str]:
    """What ``new`` lowers or drops from ``old``: floors are only ever raised.

    A floor records what the extractor reached; taking one back would let a regression through
    unnoticed, so a removed floor or set counts as lowered too.
    """
    problems: list[str] = []
    for name, old_set in old.items():
        if name not in new:
            problems.append(f"{name}: set removed")
            continue
        for figure, floor in old_set.floors.items():
            value = new[name].floors.get(figure)
            if value is None:
                problems.append(f"{name}: {figure} removed (was {floor:g})")
            elif value < floor:
                problems.append(f"{name}: {figure} lowered from {floor:g} to {value:g}")
    return problems


def format_gate(checks: list[FloorCheck], set_name: str) -> str:
    passed = sum(c.passed for c in checks)
    width = max([len(c.name) for c in checks] + [10])
    lines = [f"gate {set_name}: {passed}/{len(checks)} floors pass"]
    for c in checks:
        if c.value is None:
            lines.append(f"  FAIL  {c.name:<{width}}  not measured (floor {c.floor:.2f})")
        else:
            lines.append(f"  {'pass' if c.passed else 'FAIL'}  {c.name:<{width}}  {c.value:.3f} "
                         f"{'>=' if c.passed else '< '} {c.floor:.2f}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- formatting


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def _maybe(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _prf_row(name: str, prf: PRF) -> str:
    counts = f"tp {prf.tp}  fp {prf.fp}  fn {prf.fn}"
    return f"{name:<20} {prf.precision:>6.3f} {prf.recall:>6.3f} {prf.f1:>6.3f}  {counts}"


def _fraction_row(name: str, part: int, whole: int) -> str:
    return f"{name:<20} {'':>6} {'':>6} {_rate(part, whole):>6}  {part}/{whole}"


def _recall_row(name: str, found: Found) -> str:
    return f"{name:<20} {'':>6} {_maybe(found.recall):>6} {'':>6}  {found.found}/{found.gold}"


def _type_rows(report: EvalReport) -> list[str]:
    """The per-type table: gold n, P, R, F1, then the counts they come from."""
    lines = ["", f"{'type':<20} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}  found/gold  correct/predicted"]
    for name in sorted(report.by_type, key=_type_order):
        s = report.by_type[name]
        lines.append(f"{name:<20} {s.gold:>5} {_maybe(s.precision):>6} {_maybe(s.recall):>6} {_maybe(s.f1):>6}  "
                     f"{f'{s.found}/{s.gold}':>10}  {f'{s.correct}/{s.predicted}':>17}")
    return lines


def _article_details(detail: dict[str, Any]) -> list[str]:
    """The per-article error lines shown with ``verbose``: what to look at first when a score drops."""
    lines: list[str] = []
    if not detail["predicted"]:
        lines.append("  no prediction for this article")
    lines += [f"  missed      {_event_line(e)}" for e in detail["missed_events"]]
    lines += [f"  extra       {_event_line(e)}" for e in detail["false_positive_events"]]
    lines += [
        f"  flags       pred {_event_label(m['pred'])} for gold {_event_line(m['gold'])}"
        for m in detail["flag_mismatches"]
    ]
    lines += [f"  date        {w['pred']} for {w['gold']}: {w['event']}" for w in detail["wrong_dates"]]
    lines += [f"  quote miss  {q}" for q in detail["missed_quotes"]]
    lines += [f"  quote extra {q}" for q in detail["false_positive_quotes"]]
    lines += [f"  speaker     {s['pred']} for {s['gold']}: {s['quote']}" for s in detail["wrong_speakers"]]
    lines += [f"  boilerplate {b}" for b in detail["boilerplate_remaining"]]
    lines += [f"  lost body   {b}" for b in detail["lost_body_lines"]]
    return lines


def format_report(report: EvalReport, verbose: bool = False, by_type: bool = False) -> str:
    """Plain-text summary: one row per metric, ``by_type`` a row per PLOVER type, then one row per
    article; ``verbose`` adds each article's errors."""
    lines = [
        f"{'metric':<20} {'P':>6} {'R':>6} {'F1':>6}  counts",
        _prf_row("events (loose)", report.events_loose),
        _prf_row("events (strict)", report.events_strict),
        _fraction_row("dates", report.dates_correct, report.dates_scored),
        _prf_row("quotes", report.quotes),
        _recall_row("  direct", report.quotes_direct),
        _recall_row("  reported", report.quotes_reported),
        _fraction_row("speakers", report.speakers_correct, report.speakers_scored),
        _fraction_row("boilerplate removed", report.boilerplate_removed, report.boilerplate_total),
        _fraction_row("body lines kept", report.body_kept, report.body_total),
    ]
    if by_type:
        lines += _type_rows(report)
    lines += [
        "",
        f"{len(report.articles)} gold articles, {report.missing_pred_articles} without prediction; "
        f"{report.unmatched_pred_articles} predicted articles not in gold",
    ]
    if report.dates_null_gold:
        lines.append(f"{report.dates_null_gold} of the scored dates are null in gold (any date is right)")
    if report.reported_not_judged:
        lines.append(f"{report.reported_not_judged} predicted reported quotes not judged (their gold lists none)")
    if report.articles:
        width = max(len("article"), *(len(str(d["id"])) for d in report.articles))
        lines += ["", f"{'article':<{width}} {'ev F1':>6} {'strict':>6} {'qt F1':>6} {'dates':>7} {'body':>7}"]
        for d in report.articles:
            dates = f"{d['dates_correct']}/{d['dates_scored']}"
            body = f"{d['body_kept']}/{d['body_total']}"
            lines.append(
                f"{str(d['id']):<{width}} {d['events_loose']['f1']:>6.3f} {d['events_strict']['f1']:>6.3f} "
                f"{d['quotes']['f1']:>6.3f} {dates:>7} {body:>7}"
            )
            if verbose:
                lines += _article_details(d)
    return "\n".join(lines)
