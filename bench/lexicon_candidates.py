#!/usr/bin/env python3
"""Candidate event triggers for one PLOVER type, from the PETRARCH-2 CAMEO verb dictionary.

Usage::

    python bench/lexicon_candidates.py CONSULT                    # verbs and patterns, grouped by synset
    python bench/lexicon_candidates.py REQUEST --appeals          # also CAMEO 02 APPEAL codes
    python bench/lexicon_candidates.py AID --new                  # only lemmas with no frame of that type yet
    python bench/lexicon_candidates.py CONCEDE --yaml             # stubs with their ref, to curate by hand

The dictionary (``../shared/reference/petrarch2/CAMEO.2.0.txt``, MIT) groups verbs in synsets
(``---  MEET_PEOPLE   [040]  ---``), each with a default CAMEO code, optional per-verb codes
(``BROKER [045]``) and phrase patterns with their own codes (``- * (FOR TALKS)  [036]  # MEET``).
CAMEO codes are mapped to PLOVER with the crosswalk in ``../shared/reference/plover.json``. A
``SOURCE:TARGET`` code pair is read by its source side.

This lists candidates; it does not decide. Imported wholesale at the default codes the dictionary
drops precision sharply (the README of the reference folder measured 0.39 -> 0.25): many defaults
are wrong for PLOVER (*negotiate* sits under a CONCEDE-like code), so each sense is curated by hand
into ``src/pactwatch/data/lexicon/events/<type>.yaml`` with ``objects``/``particle``/``needs`` where
the verb is ambiguous, and the dev set decides whether it stays.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "reference"
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]\s*(?:#\s*(.*))?$")
VERB = re.compile(r"^(\+?[A-Z][A-Z0-9_'\-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?")
APPEAL_ROOT = "02"  # CAMEO APPEAL, dropped by the 2021 crosswalk; PLOVER REQUEST covers appeals


@dataclass
class Synset:
    name: str
    code: str
    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> its CAMEO code
    patterns: list[tuple[str, str, str]] = field(default_factory=list)  # (pattern, code, verb)


def read_dictionary(path: Path) -> list[Synset]:
    synsets: list[Synset] = []
    in_patterns = False
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("-") else raw.rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not in_patterns or not line.strip():
            continue
        header = HEADER.match(raw)
        if header:
            synsets.append(Synset(header.group(1), header.group(2)))
            continue
        if not synsets:
            continue
        current = synsets[-1]
        if raw.startswith("-"):
            match = PATTERN.match(raw)
            if match:
                current.patterns.append((match.group(1), match.group(2), (match.group(3) or "").strip()))
            continue
        match = VERB.match(line.strip())
        if match:
            lemma = match.group(1).lstrip("+").rstrip("_").replace("_", " ").lower()
            code = match.group(3)[1:-1] if match.group(3) else current.code
            current.verbs[lemma] = code
    return synsets


def crosswalk(path: Path, appeals: bool) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = {code: entry["event"] for code, entry in data["crosswalk"]["codes"].items() if entry.get("event")}
    if appeals:
        for code in list(data["crosswalk"]["codes"]) + [f"02{i}" for i in range(10)] + [f"02{i}{j}" for i in range(10) for j in range(10)]:
            if code.startswith(APPEAL_ROOT):
                codes.setdefault(code, "REQUEST")
    return codes


def plover_of(code: str, codes: dict[str, str]) -> str | None:
    source_side = code.split(":")[0].strip()
    if not source_side or source_side == "---":
        return None
    while source_side:
        if source_side in codes:
            return codes[source_side]
        source_side = source_side[:-1]  # 0871 -> 087 -> 08: the nearest listed parent
    return None


def lexicon_types() -> dict[str, set[str]]:
    """lemma -> the PLOVER types its verb frames already have in the installed lexicon."""
    sys.path.insert(0, str(REPO / "src"))
    from pactwatch.extract.events import load_lexicon

    return {lemma: {f.type for f in frames} for lemma, frames in load_lexicon().verbs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("type", help="PLOVER event type, e.g. CONSULT")
    parser.add_argument("--dictionary", type=Path, default=SHARED / "petrarch2" / "CAMEO.2.0.txt")
    parser.add_argument("--crosswalk", type=Path, default=SHARED / "plover.json")
    parser.add_argument("--appeals", action="store_true", help="map CAMEO 02 APPEAL codes to REQUEST")
    parser.add_argument("--new", action="store_true", help="only lemmas without a frame of this type yet")
    parser.add_argument("--yaml", action="store_true", help="print YAML stubs with their ref")
    args = parser.parse_args(argv)
    wanted = args.type.upper()
    sys.path.insert(0, str(REPO / "src"))
    from pactwatch.plover import TYPES

    if wanted not in TYPES:
        print(f"lexicon_candidates: type: {args.type!r} is not a PLOVER type ({', '.join(sorted(TYPES))})", file=sys.stderr)
        return 2
    for path in (args.dictionary, args.crosswalk):
        if not path.is_file():
            print(f"lexicon_candidates: {path}: no such file (the shared reference folder)", file=sys.stderr)
            return 2
    codes = crosswalk(args.crosswalk, args.appeals)
    known = lexicon_types()
    by_lemma: dict[str, list[str]] = defaultdict(list)
    for synset in read_dictionary(args.dictionary):
        verbs = {v: c for v, c in synset.verbs.items() if plover_of(c, codes) == wanted}
        patterns = [p for p in synset.patterns if plover_of(p[1], codes) == wanted]
        if args.new:
            verbs = {v: c for v, c in verbs.items() if wanted not in known.get(v, set())}
            patterns = [p for p in patterns if wanted not in known.get(p[2].lower(), set())]
        if not verbs and not patterns:
            continue
        if args.yaml:
            for verb, code in verbs.items():
                by_lemma[verb].append(f"PETRARCH-2 CAMEO.2.0 {code.split(':')[0]} {synset.name}: {verb.upper()}")
            continue
        print(f"--- {synset.name} [{synset.code}]")
        for verb, code in verbs.items():
            have = ",".join(sorted(known.get(verb, set()))) or "-"
            print(f"  {verb:24} [{code}]  lexicon: {have}")
        for pattern, code, verb in patterns:
            print(f"    {verb.lower():18} {pattern:44} [{code}]")
    for lemma, refs in sorted(by_lemma.items()):
        if " " in lemma:
            continue  # multi-word forms need a particle or object constraint: curate by hand
        print(f"  {lemma}: {{type: {wanted}, ref: \"{refs[0]}\"}}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head
        sys.exit(0)
