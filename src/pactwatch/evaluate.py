"""Score pactwatch output against hand-annotated gold articles.

``pactwatch eval GOLD.jsonl PRED.jsonl`` uses this module. The numbers it produces are what
decides whether a change to the extractor is an improvement, so the rules are deliberately
explicit and deterministic:

* events match when source, target and type are among the gold's accepted values, one-to-one,
  with a maximum bipartite matching (a greedy pairing would under-count and make scores depend
  on the order in which events happen to be listed);
* gold events marked ``optional`` never count as misses, and a prediction they absorb is not a
  false positive, so annotators can record borderline events without punishing either choice;
* quotes match on word-set Jaccard overlap, so small differences in where a quote is cut off
  or in punctuation do not count as errors;
* boilerplate removal is checked line by line against ``text_clean``, together with the body
  lines that must survive cleaning, because removing too much is as bad as removing too little.

Only the standard library is used so that evaluation runs wherever pactwatch runs.
"""
from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactwatch.errors import InputError

JACCARD_THRESHOLD = 0.7
# Words that two speaker names may share without that meaning they name the same person
# ("the minister" and "the spokesman" are not the same speaker).
SPEAKER_STOPWORDS = frozenset({"a", "an", "the", "of", "and", "for", "to", "in", "on", "at", "by", "s"})
_WORD = re.compile(r"\w+")
_CURLY_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'"})
_EVIDENCE_WIDTH = 80


# --------------------------------------------------------------------------- input


def read_jsonl(path: str | Path) -> list[dict]:
    """Read one JSON object per line, skipping blank lines.

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
    records: list[dict] = []
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
        records.append(record)
    return records


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


@dataclass
class EvalReport:
    """Micro-averaged scores over all gold articles plus per-article details for debugging."""

    events_loose: PRF = field(default_factory=PRF)
    events_strict: PRF = field(default_factory=PRF)
    dates_correct: int = 0
    dates_scored: int = 0
    quotes: PRF = field(default_factory=PRF)
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
            "dates": {"correct": self.dates_correct, "scored": self.dates_scored, "accuracy": self.date_accuracy},
            "quotes": self.quotes.to_dict(),
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
    absorbed: int  # predictions matched to optional gold items

    @property
    def prf(self) -> PRF:
        return PRF(tp=len(self.pairs), fp=len(self.false_positives), fn=len(self.missed))


def _match(
    gold: list[dict], n_pred: int, compatible: Callable[[int, int], bool], preference: Preference
) -> _Matched:
    """Match with required gold items first, then let optional ones absorb leftover predictions."""
    required = [g for g, item in enumerate(gold) if not item.get("optional")]
    optional = [g for g, item in enumerate(gold) if item.get("optional")]
    gold_to_pred = _max_matching(len(gold), n_pred, compatible, preference, required + optional)
    matched_preds = set(gold_to_pred.values())
    return _Matched(
        pairs=[(g, gold_to_pred[g]) for g in required if g in gold_to_pred],
        missed=[g for g in required if g not in gold_to_pred],
        false_positives=[p for p in range(n_pred) if p not in matched_preds],
        absorbed=sum(1 for g in optional if g in gold_to_pred),
    )


# --------------------------------------------------------------------------- events


def _accepts(gold_value: Any, pred_value: Any) -> bool:
    """A list in gold lists every acceptable value (null included only if listed); a scalar must be equal."""
    if isinstance(gold_value, list):
        return pred_value in gold_value
    return pred_value == gold_value


def _loose_match(gold: dict, pred: dict) -> bool:
    return all(_accepts(gold.get(key), pred.get(key)) for key in ("source", "target", "type"))


def _flags(event: dict) -> tuple[bool, bool]:
    return bool(event.get("negated")), bool(event.get("hypothetical"))


def _strict_match(gold: dict, pred: dict) -> bool:
    return _loose_match(gold, pred) and _flags(gold) == _flags(pred)


def _date_right(gold_date: str, pred_date: Any) -> bool:
    """A prediction may be more precise than gold ("2024-03-12" for "2024-03") but not less."""
    return isinstance(pred_date, str) and pred_date.startswith(gold_date)


def _event_preference(gold: dict, pred: dict) -> tuple[float, ...]:
    """Among interchangeable pairings prefer right dates, equal flags, then similar evidence."""
    gold_date = gold.get("date")
    return (
        float(gold_date is None or _date_right(gold_date, pred.get("date"))),
        float(_flags(gold) == _flags(pred)),
        _jaccard(_words(gold.get("evidence")), _words(pred.get("evidence"))),
    )


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


def _speaker_right(gold: dict, pred: dict) -> bool:
    """Same actor, and the names share a content word ("Pashinyan" vs "Nikol Pashinyan")."""
    if gold.get("speaker_actor") != pred.get("speaker_actor"):
        return False
    return bool((_words(gold.get("speaker")) - SPEAKER_STOPWORDS) & (_words(pred.get("speaker")) - SPEAKER_STOPWORDS))


# --------------------------------------------------------------------------- boilerplate


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _score_cleaning(gold: dict, text_clean: str) -> dict[str, Any]:
    """Which gold boilerplate lines survived and which body lines were lost in ``text_clean``."""
    boilerplate = [b.strip() for b in gold.get("boilerplate") or [] if b.strip()]
    clean_lines = {line.strip() for line in text_clean.splitlines()}
    boilerplate_set = set(boilerplate)
    body_lines = [
        line.strip()
        for line in (gold.get("text") or "").splitlines()
        if line.strip() and line.strip() not in boilerplate_set
    ]
    collapsed_clean = _collapse(text_clean)
    lost = [line for line in body_lines if _collapse(line) not in collapsed_clean]
    remaining = [b for b in boilerplate if b in clean_lines]
    return {
        "boilerplate_total": len(boilerplate),
        "boilerplate_removed": len(boilerplate) - len(remaining),
        "boilerplate_remaining": [_truncate(b) for b in remaining],
        "body_total": len(body_lines),
        "body_kept": len(body_lines) - len(lost),
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


def _evaluate_article(gold: dict, pred: dict | None) -> dict[str, Any]:
    """Score one gold article; a missing prediction is scored as empty output."""
    gold_events = list(gold.get("events") or [])
    gold_quotes = list(gold.get("quotes") or [])
    pred_events = list((pred or {}).get("events") or [])
    pred_quotes = list((pred or {}).get("quotes") or [])

    event_preference = [[_event_preference(g, p) for p in pred_events] for g in gold_events]
    loose = _match(
        gold_events,
        len(pred_events),
        lambda g, p: _loose_match(gold_events[g], pred_events[p]),
        lambda g, p: event_preference[g][p],
    )
    strict = _match(
        gold_events,
        len(pred_events),
        lambda g, p: _strict_match(gold_events[g], pred_events[p]),
        lambda g, p: event_preference[g][p],
    )

    dated = [(g, p) for g, p in loose.pairs if gold_events[g].get("date") is not None]
    wrong_dates = [
        {
            "gold": gold_events[g]["date"],
            "pred": pred_events[p].get("date"),
            "event": _event_line(gold_events[g]),
        }
        for g, p in dated
        if not _date_right(gold_events[g]["date"], pred_events[p].get("date"))
    ]
    # Loosely matched pairs whose flags disagree explain most of the loose/strict gap.
    flag_mismatches = [
        {"gold": _event_brief(gold_events[g]), "pred": _event_brief(pred_events[p])}
        for g, p in loose.pairs
        if _flags(gold_events[g]) != _flags(pred_events[p])
    ]

    gold_words = [_words(q.get("text")) for q in gold_quotes]
    pred_words = [_words(q.get("text")) for q in pred_quotes]
    quote_similarity = [[_jaccard(g, p) for p in pred_words] for g in gold_words]
    quotes = _match(
        gold_quotes,
        len(pred_quotes),
        lambda g, p: quote_similarity[g][p] >= JACCARD_THRESHOLD,
        lambda g, p: (quote_similarity[g][p], float(_speaker_right(gold_quotes[g], pred_quotes[p]))),
    )
    wrong_speakers = [
        {
            "quote": _truncate(gold_quotes[g].get("text") or ""),
            "gold": f"{gold_quotes[g].get('speaker')} ({gold_quotes[g].get('speaker_actor')})",
            "pred": f"{pred_quotes[p].get('speaker')} ({pred_quotes[p].get('speaker_actor')})",
        }
        for g, p in quotes.pairs
        if not _speaker_right(gold_quotes[g], pred_quotes[p])
    ]

    return {
        "id": gold.get("id"),
        "predicted": pred is not None,
        "events_loose": loose.prf.to_dict(),
        "events_strict": strict.prf.to_dict(),
        "events_absorbed_by_optional": loose.absorbed,
        "matched_events": [
            {"gold": _event_brief(gold_events[g]), "pred": _event_brief(pred_events[p])} for g, p in loose.pairs
        ],
        "missed_events": [_event_brief(gold_events[g]) for g in loose.missed],
        "false_positive_events": [_event_brief(pred_events[p]) for p in loose.false_positives],
        "flag_mismatches": flag_mismatches,
        "dates_scored": len(dated),
        "dates_correct": len(dated) - len(wrong_dates),
        "wrong_dates": wrong_dates,
        "quotes": quotes.prf.to_dict(),
        "missed_quotes": [_truncate(gold_quotes[g].get("text") or "") for g in quotes.missed],
        "false_positive_quotes": [_truncate(pred_quotes[p].get("text") or "") for p in quotes.false_positives],
        "speakers_scored": len(quotes.pairs),
        "speakers_correct": len(quotes.pairs) - len(wrong_speakers),
        "wrong_speakers": wrong_speakers,
        **_score_cleaning(gold, (pred or {}).get("text_clean") or ""),
    }


def _counts(prf: dict[str, Any]) -> PRF:
    return PRF(tp=prf["tp"], fp=prf["fp"], fn=prf["fn"])


def evaluate(gold: list[dict], pred: list[dict]) -> EvalReport:
    """Score predicted articles against gold articles, pairing them by ``id``.

    Gold articles without a prediction are scored as empty output (every required event and
    quote missed, every body line lost); predicted articles without gold are only counted.
    Raises ValueError when an article has no id or an id repeats.
    """
    gold_by_id = _index_by_id(gold, "gold")
    pred_by_id = _index_by_id(pred, "predictions")
    report = EvalReport(unmatched_pred_articles=sum(1 for article_id in pred_by_id if article_id not in gold_by_id))
    for article_id, gold_article in gold_by_id.items():
        detail = _evaluate_article(gold_article, pred_by_id.get(article_id))
        report.articles.append(detail)
        report.missing_pred_articles += 0 if detail["predicted"] else 1
        report.events_loose.add(_counts(detail["events_loose"]))
        report.events_strict.add(_counts(detail["events_strict"]))
        report.quotes.add(_counts(detail["quotes"]))
        report.dates_correct += detail["dates_correct"]
        report.dates_scored += detail["dates_scored"]
        report.speakers_correct += detail["speakers_correct"]
        report.speakers_scored += detail["speakers_scored"]
        report.boilerplate_removed += detail["boilerplate_removed"]
        report.boilerplate_total += detail["boilerplate_total"]
        report.body_kept += detail["body_kept"]
        report.body_total += detail["body_total"]
    return report


def score_files(gold_path: str | Path, pred_path: str | Path) -> EvalReport:
    """Read and score two JSONL files, reporting id problems against the file that has them."""
    articles: dict[str, list[dict]] = {}
    for path, label in ((gold_path, "gold"), (pred_path, "predictions")):
        articles[label] = read_jsonl(path)
        try:
            _index_by_id(articles[label], label)
        except ValueError as exc:
            raise InputError(str(path), str(exc)) from None
    return evaluate(articles["gold"], articles["predictions"])


# --------------------------------------------------------------------------- formatting


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def _prf_row(name: str, prf: PRF) -> str:
    counts = f"tp {prf.tp}  fp {prf.fp}  fn {prf.fn}"
    return f"{name:<20} {prf.precision:>6.3f} {prf.recall:>6.3f} {prf.f1:>6.3f}  {counts}"


def _fraction_row(name: str, part: int, whole: int) -> str:
    return f"{name:<20} {'':>6} {'':>6} {_rate(part, whole):>6}  {part}/{whole}"


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


def format_report(report: EvalReport, verbose: bool = False) -> str:
    """Plain-text summary: one row per metric, then one row per article; ``verbose`` adds the errors."""
    lines = [
        f"{'metric':<20} {'P':>6} {'R':>6} {'F1':>6}  counts",
        _prf_row("events (loose)", report.events_loose),
        _prf_row("events (strict)", report.events_strict),
        _fraction_row("dates", report.dates_correct, report.dates_scored),
        _prf_row("quotes", report.quotes),
        _fraction_row("speakers", report.speakers_correct, report.speakers_scored),
        _fraction_row("boilerplate removed", report.boilerplate_removed, report.boilerplate_total),
        _fraction_row("body lines kept", report.body_kept, report.body_total),
        "",
        f"{len(report.articles)} gold articles, {report.missing_pred_articles} without prediction; "
        f"{report.unmatched_pred_articles} predicted articles not in gold",
    ]
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
