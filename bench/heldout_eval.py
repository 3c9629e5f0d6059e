"""Dev and held-out figures side by side, from one checkout in one run (issue 8).

    make heldout
    .venv/bin/python bench/heldout_eval.py                      # both sets, table on stdout
    .venv/bin/python bench/heldout_eval.py --json out/heldout.json --keep out/heldout

Issue 8: the team scores every release "on articles you never see; they must be close to the
development figures (a rule written for the development set's sentences will show there)". This
script runs ``pactwatch extract`` and ``pactwatch eval --json`` on the development gold
(``../shared/fixtures/dev/gold.jsonl``, the set the engine is tuned on) and on the held-out gold
(``bench/heldout/gold.jsonl``, written by us and never tuned on, see bench/heldout/README.md), and
prints each figure for both with the gap (held-out minus dev). Both sets are extracted by the same
code in the same run, so the gap is the engine's and not a difference between commits.

It goes through the CLI, as a user would, so what it measures is exactly what ``pactwatch eval``
reports; the scoring rules live in src/pactwatch/evaluate.py and nowhere else.

The figures describe the working tree: with uncommitted changes (``git status``) they are not the
commit's, and the header says so.

Exit status: 0; 2 when a gold file is missing or a pactwatch step fails (its message is shown).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEV_GOLD = REPO.parent / "shared" / "fixtures" / "dev" / "gold.jsonl"
HELDOUT_GOLD = HERE / "heldout" / "gold.jsonl"
# The console script installed beside this interpreter (the venv's), so the run uses the checkout's code.
PACTWATCH = Path(sys.executable).parent / "pactwatch"

# (label, path into the report of `pactwatch eval --json`): the fractions compared.
ROWS = [
    ("events loose P", "events_loose.precision"),
    ("events loose R", "events_loose.recall"),
    ("events loose F1", "events_loose.f1"),
    ("events strict F1", "events_strict.f1"),
    ("dates", "dates.accuracy"),
    ("quotes P", "quotes.precision"),
    ("quotes R", "quotes.recall"),
    ("quotes F1", "quotes.f1"),
    ("  direct R", "quotes_direct.recall"),
    ("  reported R", "quotes_reported.recall"),
    ("speakers", "speakers.accuracy"),
    ("boilerplate removed", "boilerplate.rate"),
    ("body lines kept", "body.rate"),
]


class StepFailed(Exception):
    pass


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        shown = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(args))
        message = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise StepFailed(f"{shown}: exit {done.returncode}: {message[-1] if message else 'no message'}")
    return done.stdout


def score(gold: Path, workdir: Path, name: str) -> dict:
    """Extract ``gold``'s articles and score them; return ``pactwatch eval --json``'s report."""
    pred = workdir / f"{name}.pred.jsonl"
    _run([str(PACTWATCH), "extract", str(gold), "-o", str(pred), "-q"])
    report = json.loads(_run([str(PACTWATCH), "eval", "--json", str(gold), str(pred)]))
    (workdir / f"{name}.eval.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


def _get(report: dict, path: str):
    value = report
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _counts(report: dict) -> dict[str, int]:
    loose = report["events_loose"]
    quotes = report["quotes"]
    return {
        "articles": len(report.get("articles", [])),
        "gold events (scored)": loose["tp"] + loose["fn"],
        "gold quotes": quotes["tp"] + quotes["fn"],
    }


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def table(dev: dict, held: dict) -> str:
    lines = [f"{'metric':<22}{'dev':>8}{'held-out':>10}{'gap':>8}"]
    for label, path in ROWS:
        a, b = _get(dev, path), _get(held, path)
        gap = None if a is None or b is None else b - a
        lines.append(f"{label:<22}{_fmt(a):>8}{_fmt(b):>10}{'-' if gap is None else f'{gap:+.3f}':>8}")
    ca, cb = _counts(dev), _counts(held)
    for label in ca:
        lines.append(f"{label:<22}{ca[label]:>8}{cb[label]:>10}")
    lines.append("")
    # Recall as well as F1: a type the engine never predicts has no precision, hence no F1 ("-"),
    # and only its recall (0.000) shows the miss.
    lines.append(f"{'type (gold dev/held-out)':<30}{'dev R':>8}{'held R':>8}{'dev F1':>8}{'held F1':>9}{'F1 gap':>8}")
    types = list(dict.fromkeys([*dev.get("by_type", {}), *held.get("by_type", {})]))
    for name in types:
        a, b = dev.get("by_type", {}).get(name, {}), held.get("by_type", {}).get(name, {})
        fa, fb = a.get("f1"), b.get("f1")
        gap = None if fa is None or fb is None else fb - fa
        label = f"{name} ({a.get('gold', 0)}/{b.get('gold', 0)})"
        lines.append(f"{label:<30}{_fmt(a.get('recall')):>8}{_fmt(b.get('recall')):>8}{_fmt(fa):>8}{_fmt(fb):>9}"
                     f"{'-' if gap is None else f'{gap:+.3f}':>8}")
    return "\n".join(lines)


def _revision() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown revision (not a git checkout)"
    return f"{head} + uncommitted changes (the working tree's figures, not the commit's)" if dirty else head


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV_GOLD, help="development gold (default: ../shared)")
    parser.add_argument("--heldout", type=Path, default=HELDOUT_GOLD, help="held-out gold")
    parser.add_argument("--keep", type=Path, help="keep predictions and eval reports in this directory")
    parser.add_argument("--json", type=Path, help="write both reports' figures here")
    args = parser.parse_args(argv)

    for label, path in (("development gold", args.dev), ("held-out gold", args.heldout)):
        if not path.is_file():
            print(f"heldout_eval: {path}: no such file ({label})", file=sys.stderr)
            return 2
    if not PACTWATCH.exists():
        print(f"heldout_eval: {PACTWATCH}: no pactwatch command beside this Python (run it with .venv/bin/python)",
              file=sys.stderr)
        return 2

    revision = _revision()
    with tempfile.TemporaryDirectory(prefix="pactwatch-heldout-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            print("extracting and scoring the development set ...", file=sys.stderr)
            dev = score(args.dev, workdir, "dev")
            print("extracting and scoring the held-out set ...", file=sys.stderr)
            held = score(args.heldout, workdir, "heldout")
        except StepFailed as exc:
            print(f"heldout_eval: {exc}", file=sys.stderr)
            return 2

    print(f"pactwatch at {revision}")
    print(f"dev: {args.dev}   held-out: {args.heldout}")
    print()
    print(table(dev, held))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"revision": revision, "dev": dev["figures"], "heldout": held["figures"],
                                         "dev_counts": _counts(dev), "heldout_counts": _counts(held)},
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
