"""``pactwatch eval``: extraction output scored against gold annotations, optionally gated on floors."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from .app import app
from .common import echo_json


@app.command("eval")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (JSONL, as shared/fixtures/dev/gold.jsonl).")],
    pred: Annotated[Path, typer.Argument(help="pactwatch extract output (JSONL).")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List missed and extra events per article.")] = False,
    by_type: Annotated[bool, typer.Option("--by-type", help="Add precision, recall and F1 per PLOVER type.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON (per type and "
                                                         "per article included).")] = False,
    gate: Annotated[Optional[Path], typer.Option("--gate", metavar="FLOORS",
                                                 help="Accuracy floors file (tests/accuracy/floors.yaml): say which "
                                                      "floors the report reaches; exit 1 if any is missed.")] = None,
    gate_set: Annotated[Optional[str], typer.Option("--gate-set", metavar="NAME",
                                                    help="The floor set to check (default: the set whose gold "
                                                         "file is GOLD).")] = None,
) -> None:
    """Score extraction output against gold annotations: precision, recall and F1.

    The rules are those of shared/fixtures/dev/CONVENTIONS.md (docs/evaluation.md): events match
    when source, target and type are among the gold's accepted values (one-to-one, maximum
    matching; CONSULT, AGREE and COOPERATE in either direction); "strict" also requires equal
    negated and hypothetical; optional gold and gold with non-standard actor keys are never
    misses. Quotes match at word Jaccard >= 0.7, with recall for direct and reported quotes.
    Boilerplate is scored on text_clean.

    Exit status: 0, or 1 when a --gate floor is missed; 2 for unreadable or malformed input.
    """
    from ..evaluate import check_floors, figures, format_gate, format_report, score_files

    report = score_files(gold, pred)
    checks, floor_set = None, None
    if gate is not None:
        floor_set = _choose_set(gate, gate_set, gold)
        checks = check_floors(figures(report), floor_set.floors)
    if as_json:
        data = report.to_dict()
        if checks is not None:
            data["gate"] = {"floors_file": str(gate), "set": floor_set.name, "passed": all(c.passed for c in checks),
                            "floors": [c.to_dict() for c in checks]}
        echo_json(data)
    else:
        typer.echo(format_report(report, verbose=verbose, by_type=by_type))
        if checks is not None:
            typer.echo("\n" + format_gate(checks, floor_set.name))
    if checks is not None and not all(c.passed for c in checks):
        raise typer.Exit(1)


def _choose_set(floors_path: Path, name: str | None, gold: Path):
    """The named floor set, or the one whose gold file is ``gold``; a one-line error otherwise."""
    from ..evaluate import read_floors

    sets = read_floors(floors_path)
    names = ", ".join(sets) or "none"
    if name is not None:
        if name not in sets:
            raise InputError("--gate-set", f"no set {name!r} in {floors_path} (sets: {names})")
        return sets[name]
    matching = [s for s in sets.values() if s.gold is not None and _same_file(s.gold, gold)]
    if len(matching) != 1:
        found = "no set's gold file is" if not matching else "several sets have the gold file"
        raise InputError(str(floors_path), f"{found} {gold}; choose one with --gate-set (sets: {names})")
    return matching[0]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False
