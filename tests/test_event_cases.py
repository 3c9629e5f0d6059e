"""The event coder's behaviour, pinned by case tables (``tests/cases/events_*.yaml``).

One table per PLOVER type (``events_<type>.yaml``: its senses in ``data/lexicon/events``) and one for
the engine's rules (``events_rules.yaml``: several actors, negation, hypotheticals, dates, absorption,
background nominals). Every case is a short news-like text written by us; the format is described at
the top of each table:

- ``text`` (required), ``published`` (YYYY-MM-DD, default 2024-03-15);
- ``expect``: events that must all be among the output, each matched on the fields it gives
  (``type`` required; ``source``, ``target`` (null: no target), ``mode``, ``date``, ``negated``,
  ``hypothetical``, ``trigger`` (the lemma that fired) optional);
- ``forbid``: events no output event may match (same matching);
- ``expect_none: true``: no event at all;
- ``note`` (required): the rule or sense the case pins; ``ref``: the sense's ``ref`` or the rule's
  function name;
- ``xfail: "<reason>"``: the engine is known to get this wrong; run as a strict xfail, so a fix shows
  up as an unexpected pass and the mark has to go.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pactwatch import plover
from pactwatch.pipeline import Extractor
from pactwatch.records import Article, Event

CASES_DIR = Path(__file__).parent / "cases"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
# the held-out set is ours, but a case built from it would be tuning on it (bench/heldout/README.md)
GOLD_FILES = [SHARED / "seeds" / "gold.jsonl", SHARED / "dev" / "gold.jsonl",
              Path(__file__).resolve().parents[1] / "bench" / "heldout" / "gold.jsonl"]
DEFAULT_PUBLISHED = "2024-03-15"

CASE_FIELDS = {"text", "published", "expect", "forbid", "expect_none", "note", "ref", "xfail"}
EVENT_FIELDS = {"type", "source", "target", "mode", "date", "negated", "hypothetical", "trigger"}


def case_tables() -> list[Path]:
    tables = sorted(CASES_DIR.glob("events_*.yaml"))
    assert tables, f"no event case tables in {CASES_DIR}"
    return tables


def check_pattern(where: str, pattern: object) -> None:
    """A malformed pattern is a broken table, said with its place, not a silently vacuous case."""
    assert isinstance(pattern, dict), f"{where}: an event pattern is a mapping, not {pattern!r}"
    unknown = set(pattern) - EVENT_FIELDS
    assert not unknown, f"{where}: unknown event fields {sorted(unknown)}"
    assert pattern.get("type") in plover.TYPES, f"{where}: type {pattern.get('type')!r} is not a PLOVER type"


def load_cases() -> list[pytest.param]:
    params = []
    for path in case_tables():
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(cases, list) and cases, f"{path.name}: a case table is a non-empty list"
        for index, case in enumerate(cases):
            where = f"{path.name} case {index}"
            assert isinstance(case, dict), f"{where}: a case is a mapping"
            unknown = set(case) - CASE_FIELDS
            assert not unknown, f"{where}: unknown fields {sorted(unknown)}"
            assert case.get("text") and case.get("note"), f"{where}: text and note are required"
            assert case.get("expect") or case.get("forbid") or case.get("expect_none"), \
                f"{where}: a case needs expect, forbid or expect_none, or it cannot fail"
            for pattern in (case.get("expect") or []) + (case.get("forbid") or []):
                check_pattern(where, pattern)
            marks = []
            if case.get("xfail"):
                marks.append(pytest.mark.xfail(reason=str(case["xfail"]), strict=True))
            params.append(pytest.param(case, id=f"{path.stem}:{index}", marks=marks))
    return params


CASES = load_cases()


def matches(event: Event, pattern: dict) -> bool:
    return all(getattr(event, field) == want for field, want in pattern.items())


def shown(event: Event) -> str:
    flags = "".join(f" {flag}" for flag, on in (("NEG", event.negated), ("HYP", event.hypothetical)) if on)
    mode = f"/{event.mode}" if event.mode else ""
    return f"{event.type}{mode} {event.source}->{event.target} date={event.date}{flags} [{event.trigger}]"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict, extractor: Extractor) -> None:
    text = case["text"].strip()
    published = str(case.get("published") or DEFAULT_PUBLISHED)
    events = extractor.extract(Article(id="case", text=text, published=published)).events
    problems = []
    for pattern in case.get("expect") or []:
        if not any(matches(event, pattern) for event in events):
            problems.append(f"missing {pattern}")
    for pattern in case.get("forbid") or []:
        problems += [f"forbidden {pattern} matched by {shown(event)}" for event in events if matches(event, pattern)]
    if case.get("expect_none") and events:
        problems.append("expected no events")
    got = "\n    ".join(shown(event) for event in events) or "(none)"
    assert not problems, f"{case['note']}\n  text: {text}\n  " + "\n  ".join(problems) + f"\n  got:\n    {got}"


def _fragments(text: str, words: int = 7) -> set[str]:
    tokens = text.split()
    return {" ".join(tokens[i:i + words]) for i in range(0, max(0, len(tokens) - words + 1))}


def test_no_case_quotes_a_gold_article():
    """Case texts are ours: none may carry seven consecutive words of a seed, dev or held-out article."""
    ours = set().union(*(_fragments(c.values[0]["text"]) for c in CASES))
    for gold in GOLD_FILES:
        assert gold.is_file(), f"gold annotations missing: {gold} (the tests need ../shared beside the checkout)"
        for line in gold.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            copied = _fragments(article["text"]) & ours
            assert not copied, f"{gold}: words of article {article.get('id')} found in a case: {sorted(copied)[0]!r}"
