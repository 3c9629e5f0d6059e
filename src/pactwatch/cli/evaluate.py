"""``pactwatch eval``: extraction output scored against gold annotations."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .app import app


@app.command("eval")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (JSONL, as shared/fixtures/seeds/gold.jsonl).")],
    pred: Annotated[Path, typer.Argument(help="pactwatch extract output (JSONL).")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List missed and extra events per article.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
) -> None:
    """Score extraction output against gold annotations: precision, recall and F1.

    Events match when source, target and type are among the gold's accepted values (one-to-one,
    maximum matching); "strict" also requires equal negated and hypothetical. Quotes match at word
    Jaccard >= 0.7. Boilerplate is scored on text_clean.
    """
    from ..evaluate import format_report, score_files

    report = score_files(gold, pred)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_report(report, verbose=verbose))
