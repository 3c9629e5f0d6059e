"""Boilerplate removal from plain article text.

Scraped news text keeps lines that are not the article: newsletter prompts, "Source link", photo
captions, outlet slogans. trafilatura handles HTML, but no extractor cleans plain text, so this stage
works line by line on what it gets. It only ever drops whole lines, never edits a sentence.

Besides line endings and no-break spaces, the one normalisation is of runs of more than
``MAX_RUN_CHARS`` characters without a space (a base64 blob, a ruler of "=", a minified script):
they are broken with a space every ``MAX_RUN_CHARS`` characters. Nothing in them is prose, and
spaCy's tokenizer strips punctuation off such a run one character at a time, copying the rest each
time, so 20,000 characters of "!?" took it three minutes.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .resources import load_yaml

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DATE_IN_PARENS = re.compile(rf"\b({MONTHS})\b.*\b(1[89]|20)\d\d\b|\b(1[89]|20)\d\d-\d\d-\d\d\b", re.I)
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
MAX_RUN_CHARS = 200  # longer than any word or most URLs
LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
BULLET = re.compile(r"[-•*–]\s+\S")
CONTAINED_MIN_WORDS = 8


@dataclass(frozen=True)
class BoilerplateRules:
    # every pattern of boilerplate.yaml as one alternation: ``boilerplate.fullmatch(line)`` is
    # ``any(p.fullmatch(line) for p in patterns)`` (fullmatch backtracks into each alternative)
    # in one regex call per line instead of 38 (a third of clean_text's time; issue 12)
    boilerplate: re.Pattern[str]
    credit: re.Pattern[str]


@lru_cache(maxsize=1)
def rules() -> BoilerplateRules:
    data = load_yaml("lexicon/boilerplate.yaml")
    for p in data["patterns"]:
        re.compile(p)  # each compiled alone first, so that a bad one is named by re's own error.
        # Not checked: a backreference by number (\1) would point at another pattern's group once
        # joined; none of the patterns has one, and a new one should use (?P<name>) and (?P=name).
    boilerplate = re.compile("|".join(f"(?:{p})" for p in data["patterns"]), re.I)
    words = sorted(data["captions"]["credit_words"], key=len, reverse=True)
    credit = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
    return BoilerplateRules(boilerplate, credit)


def is_caption(line: str, credit: re.Pattern[str]) -> bool:
    """A line that ends in a parenthesised credit or date and is not itself a sentence."""
    if not line.endswith(")") or "(" not in line:
        return False
    inside = line[line.rfind("(") + 1:-1]
    before = line[: line.rfind("(")].rstrip()
    if SENTENCE_END.search(before):
        return False
    return bool(credit.search(inside) or DATE_IN_PARENS.search(inside))


def is_heading(line: str) -> bool:
    """Short lines without sentence punctuation: section headings and outlet furniture alike."""
    return len(line.split()) <= 5 and not SENTENCE_END.search(line)


def boilerplate_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines to drop."""
    r = rules()
    stripped = [line.strip() for line in lines]
    counts = Counter(s for s in stripped if s)
    dropped: set[int] = set()
    for i, line in enumerate(stripped):
        if not line:
            continue
        repeated = counts[line] > 1 and len(line.split()) >= 3
        if repeated or r.boilerplate.fullmatch(line) or is_caption(line, r.credit):
            dropped.add(i)
    dropped |= repeats_of_dropped(stripped, dropped)
    dropped |= link_lists(stripped, dropped)
    # A heading-like line that sits in a block of boilerplate at the very end is furniture too
    # ("Uncommon Knowledge" above a slogan); headings inside the body are kept.
    tail = [i for i, s in enumerate(stripped) if s]
    after_boilerplate = False
    while tail:
        i = tail.pop()
        if i in dropped:
            after_boilerplate = True
        elif after_boilerplate and is_heading(stripped[i]):
            dropped.add(i)
        else:
            break
    return dropped


def repeats_of_dropped(lines: list[str], dropped: set[int]) -> set[int]:
    """A long line repeated inside the dropped line next to it: the same caption without its furniture.

    Pages show a photo caption twice in a row, once bare and once with a gallery counter or a credit
    ("1 of 5 | <caption> | License Photo", "<caption> (Name/Agency)"). Only neighbouring lines (blank
    lines aside) of CONTAINED_MIN_WORDS words or more count: a sentence that merely repeats a caption
    further down is the article's own, and a lede repeated after a dateline (neither dropped) stays.
    """
    found: set[int] = set()
    filled = [i for i, line in enumerate(lines) if line]
    for before, after in zip(filled, filled[1:]):
        for bare, other in ((before, after), (after, before)):
            if (bare not in dropped and other in dropped and len(lines[bare].split()) >= CONTAINED_MIN_WORDS
                    and len(lines[other]) > len(lines[bare]) and lines[bare] in lines[other]):
                found.add(bare)
    return found


def link_lists(lines: list[str], dropped: set[int]) -> set[int]:
    """The bulleted lines right after a dropped "Related:"-style heading: links to other stories."""
    found: set[int] = set()
    in_list = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if i in dropped:
            in_list = line.endswith(":") or not SENTENCE_END.search(line)
            continue
        if in_list and BULLET.match(line):
            found.add(i)
        else:
            in_list = False
    return found


def _break_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return " ".join(run[i:i + MAX_RUN_CHARS] for i in range(0, len(run), MAX_RUN_CHARS))


def clean_text(text: str) -> str:
    """Return the article body: line endings normalised, boilerplate lines dropped, blank runs collapsed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = LONG_RUN.sub(_break_run, text)
    lines = [line.rstrip() for line in text.split("\n")]
    dropped = boilerplate_lines(lines)
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in dropped:
            continue
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)
