"""``pactwatch kb …``, ``obligations`` and ``ledger``: the commitments knowledge base."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..errors import InputError
from .app import app
from .common import AsJson, KbDirs, date_option, echo_json


kb_app = typer.Typer(help="The commitments knowledge base: alliances, members, zones, requests.\n\n"
                          "  pactwatch kb show CSTO\n  pactwatch kb status ARM CSTO --on 2024-06-01",
                     no_args_is_help=True, rich_markup_mode=None)
app.add_typer(kb_app, name="kb")


def _load_kb(dirs: Optional[list[Path]]):
    from ..kb import load

    return load(dirs or [])


def _treaty(base, ref: str):
    treaty = base.treaty(ref)
    if treaty is None:
        raise InputError(ref, f"no treaty or alliance by that name; known: {', '.join(sorted(base.treaties)[:25])}")
    return treaty


@kb_app.command("show")
def kb_show(
    alliance: Annotated[str, typer.Argument(help="Treaty id (csto, nato, eu_42_7, us_japan, ...) or organisation key (CSTO).")],
    on: Annotated[Optional[str], typer.Option(help="Members as of this date (default: today).")] = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Show a treaty: its obligations, scope, and members with their status over time."""
    import datetime as dt
    from dataclasses import asdict

    base = _load_kb(kb_dirs)
    treaty = _treaty(base, alliance)
    date = date_option(on, "--on") if on else dt.date.today().isoformat()
    members = sorted({m.member for m in base.memberships if m.treaty == treaty.id})
    history = {member: [asdict(m) for layer in ("legal", "participation")
                        for m in base.intervals(treaty.id, member, layer)] for member in members}
    if as_json:
        echo_json({"treaty": asdict(treaty), "members_on": {"date": date, "members": base.members_on(treaty.id, date)},
                    "history": history})
        return
    console = Console()
    console.print(f"[bold]{treaty.name}[/bold] ({treaty.id}; organisation {treaty.organisation or '-'}; "
                  f"signed {treaty.signed or '?'}; in force {treaty.in_force or '?'})")
    console.print(f"scope: {treaty.scope.kind} {', '.join(treaty.scope.regions)} {treaty.scope.paraphrase}".rstrip())
    for o in treaty.obligations:
        conditions = [c for c, v in (("location-specific", o.location_specific), ("request required", o.request_required),
                                     ("adversary-specific", o.adversary_specific)) if v]
        console.print(f"  {o.article or o.id} [{o.kind}] {o.paraphrase}" + (f" ({'; '.join(conditions)})" if conditions else ""),
                      markup=False)
    table = Table(title=f"members (status on {date})", title_justify="left")
    for column in ("member", "legal", "participation", "history"):
        table.add_column(column, overflow="fold")
    for member in members:
        status = base.status_on(member, treaty.id, date)
        spans = "; ".join(f"{m['status']} {m['start']}–{m['end'] or ''}" for m in history[member])
        table.add_row(member, status["legal"].status if status["legal"] else "-",
                      status["participation"].status if status["participation"] else "-", spans)
    console.print(table)


@kb_app.command("status")
def kb_status(
    member: Annotated[str, typer.Argument(help="Actor key of the member, e.g. ARM.")],
    alliance: Annotated[str, typer.Argument(help="Treaty id or organisation key, e.g. CSTO.")],
    on: Annotated[str, typer.Option(help="The date, YYYY-MM-DD.")],
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """A member's legal and participation status in an alliance on a date, with sources."""
    from dataclasses import asdict

    base = _load_kb(kb_dirs)
    treaty = _treaty(base, alliance)
    date = date_option(on, "--on")
    status = base.status_on(member, treaty.id, date)
    if as_json:
        echo_json({"member": member, "treaty": treaty.id, "on": date,
                    **{layer: asdict(m) if m else None for layer, m in status.items()}})
        return
    for layer, m in status.items():
        typer.echo(f"{member} in {treaty.id} on {date}, {layer}: "
                   + (f"{m.status} since {m.start} ({m.source})" if m else "no record"))


@kb_app.command("proposals")
def kb_proposals(
    results: Annotated[list[Path], typer.Argument(help="pactwatch extract output (JSONL).")],
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Membership status changes that extracted events report (froze, suspended, left), for review."""
    from ..evaluate import read_jsonl
    from ..kb import propose_status_changes

    articles = [a for path in results for a in read_jsonl(path)]
    proposals = propose_status_changes(articles, _load_kb(kb_dirs))
    if as_json:
        echo_json([p.to_dict() for p in proposals])
        return
    for p in proposals:
        typer.echo(f"{'recorded' if p.recorded else 'NEW'}\t{p.member} {p.layer} {p.status} in {p.treaty} "
                   f"on {p.date} [{p.article}] {p.evidence}")


@kb_app.command("import-atop")
def kb_import_atop(
    files: Annotated[list[Path], typer.Argument(help="ATOP member-level and alliance-level CSV files you downloaded.")],
    into: Annotated[Path, typer.Option(help="Directory to write atop_treaties.yaml and atop_memberships.yaml into; "
                                            "use it with --kb or PACTWATCH_KB.")] = Path("atop-kb"),
) -> None:
    """Import ATOP alliance data (not shipped with pactwatch) into a knowledge-base directory."""
    from ..kb.atop import import_atop

    summary = import_atop(files, into)
    typer.echo(f"imported into {into}: {summary}")


@app.command()
def obligations(
    attacked: Annotated[str, typer.Option(help="Actor key of the state attacked, e.g. ARM.")],
    on: Annotated[str, typer.Option(help="Date of the attack, YYYY-MM-DD.")],
    by: Annotated[Optional[str], typer.Option(help="Actor key of the attacker, e.g. AZE.")] = None,
    where: Annotated[Optional[str], typer.Option(help="Place attacked, as in the knowledge base's places (\"Jermuk\").")] = None,
    events: Annotated[Optional[list[Path]], typer.Option(help="pactwatch extract output whose requests count too.")] = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Which commitments an attack engages: engaged, contested or not engaged, with the reasons.

    Example: pactwatch obligations --attacked ARM --by AZE --where Jermuk --on 2022-09-13
    """
    from ..kb import Attack, check_obligations
    from ..kb.ledger import build_ledger
    from ..kb.model import Request

    base = _load_kb(kb_dirs)
    extra: list[Request] = []
    if events:
        from ..evaluate import read_jsonl

        articles = [a for path in events for a in read_jsonl(path)]
        extra = [Request(e.requester, e.alliance or e.addressee, e.date, "reported in the news", "extracted")
                 for e in build_ledger(articles, base) if e.date]
    verdicts = check_obligations(base, Attack(attacked, by, where, date_option(on, "--on")), extra)
    if as_json:
        echo_json([v.to_dict() for v in verdicts])
        return
    console = Console()
    if not verdicts:
        console.print(f"{attacked} is party to no treaty in the knowledge base.")
    for v in verdicts:
        colour = {"engaged": "green", "contested": "yellow", "not engaged": "red"}[v.verdict]
        console.print(f"[bold {colour}]{v.verdict.upper()}[/]  {v.treaty_name}, {v.article} ({v.kind})")
        for step in v.steps:
            mark = {True: "✓", False: "✗", None: "?"}[step.ok]
            console.print(f"   {mark} {step.question} {step.answer}", markup=False)
        for reading in v.readings:
            console.print(f"       reading '{reading.name}': {({True: 'inside', False: 'outside', None: 'undetermined'})[reading.inside]}"
                          f" — {reading.reason}", markup=False)


@app.command()
def ledger(
    results: Annotated[list[Path], typer.Argument(help="pactwatch extract output (JSONL).")],
    alliance: Annotated[Optional[str], typer.Option(help="Only this alliance (CSTO, NATO, ...).")] = None,
    window_days: Annotated[int, typer.Option(min=1, help="How long after a request responses are looked for.")] = 730,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Requests for assistance between members and alliances, and what followed, with evidence."""
    from ..evaluate import read_jsonl
    from ..kb import build_ledger

    articles = [a for path in results for a in read_jsonl(path)]
    entries = build_ledger(articles, _load_kb(kb_dirs), alliance, window_days)
    if as_json:
        echo_json([e.to_dict() for e in entries])
        return
    console = Console()
    for e in entries:
        console.print(f"[bold]{e.requester} → {e.alliance}[/] requested {e.date or 'undated'} ({e.date_basis}): {e.outcome}")
        for c in e.requests:
            console.print(f"   request  [{c.article}] {c.evidence}", markup=False)
        for r in e.responses:
            console.print(f"   {r.kind:<28} {r.source}→{r.target} {r.citation.date or ''} [{r.citation.article}] "
                          f"{r.citation.evidence}", markup=False)
