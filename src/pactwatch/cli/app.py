"""The root ``pactwatch`` Typer application; command modules register their verbs on it."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from .. import __version__

app = typer.Typer(
    name="pactwatch",
    help="Read news articles and code the political events and quotations they report.\n\n"
         "Start with:  pactwatch extract ARTICLES/ --out events.jsonl",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pactwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """pactwatch: collective-security commitments, kept current from the news."""
