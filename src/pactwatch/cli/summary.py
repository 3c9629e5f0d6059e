"""``pactwatch summary``: extracted events per article as a table."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .app import app


@app.command()
def summary(
    results: Annotated[Path, typer.Argument(help="pactwatch extract output (JSONL).")],
) -> None:
    """Show extracted events per article as a table: date, source, type, target and evidence."""
    from ..evaluate import read_jsonl

    console = Console()
    for article in read_jsonl(results):
        table = Table(title=f"{article['id']}  ({article.get('published') or 'no date'})", title_justify="left",
                      show_lines=False, expand=True)
        for column, style in (("date", "cyan"), ("source", "bold"), ("event", "magenta"), ("target", "bold"),
                              ("evidence", "")):
            table.add_column(column, style=style, overflow="fold", ratio=6 if column == "evidence" else None)
        for event in article["events"]:
            flags = "".join(f" ({f})" for f in ("negated", "hypothetical") if event.get(f))
            table.add_row(event.get("date") or "", event["source"], event["type"] + flags,
                          event.get("target") or "", event["evidence"][:160])
        console.print(table)
        console.print(f"  {len(article['quotes'])} quotes; speakers: "
                      + ", ".join(sorted({q['speaker'] or '?' for q in article['quotes']})) + "\n")
