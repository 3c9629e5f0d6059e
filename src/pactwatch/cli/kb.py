"""``pactwatch kb …``, ``obligations`` and ``ledger``: the commitments knowledge base.

Every actor, alliance and place a verb takes goes through ``pactwatch.lookup``: a key or a name in
any case is accepted where it names one thing ("Armenia", "arm", "OTAN"), anything else stops with
the option named and close matches suggested (exit 2), never an empty answer with exit 0.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from .app import app
from .common import AsJson, KbDirs, date_option, echo_json

# Options several verbs share. Metavars are set by hand: Typer would print <list[Path]> and <str>.
OnDate = Annotated[Optional[str], typer.Option("--on", metavar="DATE", help="The date, YYYY-MM-DD (default: today).")]
ResultFiles = Annotated[Optional[list[Path]], typer.Argument(
    metavar="[RESULTS]...", help="pactwatch extract output (JSONL); or give --db.", show_default=False)]
StoreFile = Annotated[Optional[Path], typer.Option(
    "--db", metavar="FILE", help="A pactwatch store (DuckDB file) whose articles are read too, "
                                 "as pactwatch ingest wrote them.")]

NAMES_HELP = "Alliances, actors and places may be given by key or by name, in any case (CSTO, csto, OTAN; ARM, Armenia)."

kb_app = typer.Typer(
    help="The commitments knowledge base: alliances, members, zones, requests.\n\n" + NAMES_HELP + "\n\n"
         "\b\nExamples:\n"
         "  pactwatch kb list\n"
         "  pactwatch kb show CSTO\n"
         "  pactwatch kb status Armenia CSTO --on 2024-06-01\n"
         "  pactwatch kb places --state ARM\n"
         "  pactwatch kb import-atop atop_m.csv atop_a.csv --into atop-kb",
    no_args_is_help=True, rich_markup_mode=None)
app.add_typer(kb_app, name="kb")


def _load_kb(dirs: Optional[list[Path]]):
    from ..kb import load

    return load(dirs or [])


def _today() -> str:
    return dt.date.today().isoformat()


def _day(on: Optional[str]) -> str:
    return date_option(on, "--on") if on else _today()


def _articles(results: Optional[list[Path]], db: Optional[Path]) -> list[dict]:
    """The articles the KB verbs read: extraction output files, a store, or both."""
    if not results and db is None:
        raise InputError("RESULTS", "give pactwatch extract output (JSONL files) or a store with --db FILE")
    articles = _read_results(results or [])
    if db is not None:
        from ..store import reader

        if not db.is_file():
            raise InputError(str(db), "no such store (create one with: pactwatch ingest ARTICLES --db FILE)")
        with reader(db) as store:
            articles.extend(store.all_event_records())
    return articles


def _read_results(paths: list[Path]) -> list[dict]:
    """Extraction output, checked as far as the KB verbs rely on it, so a hand-edited or foreign file
    stops with the file, the article and the event named rather than a traceback or a silent gap."""
    from ..evaluate import read_numbered

    articles = []
    for path in paths:
        for line, article in read_numbered(path):
            where = f"article {article.get('id')!r}"
            events = article.get("events")
            if not isinstance(events, list):
                raise InputError(str(path), f"{where}: no 'events' list (expected pactwatch extract output, JSONL)",
                                 line=line)
            for i, event in enumerate(events):
                problem = _event_problem(event)
                if problem:
                    raise InputError(str(path), f"{where}, event {i}: {problem}", line=line)
            articles.append(article)
    return articles


def _event_problem(event) -> str | None:
    from ..partial_date import PartialDate

    if not isinstance(event, dict):
        return "must be a JSON object"
    for name in ("source", "type", "evidence"):
        if not isinstance(event.get(name), str):
            return f"field {name!r} must be a string"
    if event.get("target") is not None and not isinstance(event["target"], str):
        return "field 'target' must be a string or null"
    date = event.get("date")
    if date is not None and (not isinstance(date, str) or PartialDate.parse_or_none(date) is None):
        return f"field 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, not {date!r}"
    return None


def _print_columns(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Plain aligned columns, one row a line (the last column unpadded): readable at any terminal
    width and easy to grep or cut, unlike a table that wraps every cell."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        typer.echo("  ".join([str(cell).ljust(width) for cell, width in zip(row, widths)] + [str(row[-1])]).rstrip())


@kb_app.command("list")
def kb_list(
    on: OnDate = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """List the treaties and alliances: id, organisation, kind, members on a date, name.

    \b
    Example:
      pactwatch kb list --on 2022-01-01
    """
    base = _load_kb(kb_dirs)
    date = _day(on)
    treaties = sorted(base.treaties.values(), key=lambda t: t.id)
    if as_json:
        echo_json([{"id": t.id, "name": t.name, "organisation": t.organisation, "kind": t.kind, "signed": t.signed,
                    "in_force": t.in_force, "atop_id": t.atop_id, "on": date, "members": base.members_on(t.id, date)}
                   for t in treaties])
        return
    typer.echo(f"{len(treaties)} treaties; members on {date}")
    _print_columns(("id", "organisation", "kind", "members", "signed", "name"),
                   [(t.id, t.organisation or "-", t.kind, str(len(base.members_on(t.id, date))), t.signed or "?", t.name)
                    for t in treaties])


@kb_app.command("places")
def kb_places(
    state: Annotated[Optional[str], typer.Option(metavar="ACTOR", help="Only places in this state's recognised territory (ARM, Armenia).")] = None,
    find: Annotated[Optional[str], typer.Option("--find", metavar="NAME", help="How --where reads NAME: the curated place, or the gazetteer's city in its country's territory (an ambiguous name lists the candidates).")] = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """List the curated places an attack can be located at (places.yaml and overlays); names not
    listed are looked up in the gazetteer (cities over 15,000; see --find).

    \b
    Examples:
      pactwatch kb places --state Armenia
      pactwatch kb places --find Narva
    """
    from ..lookup import resolve_actor

    base = _load_kb(kb_dirs)
    key = resolve_actor(state, "--state").key if state is not None else None
    if find is not None:
        places = [_resolve_place_option(base, find, "--find")]
    else:
        places = [p for p in base.curated_places() if key is None or p.state == key]
    if as_json:
        echo_json([asdict(p) for p in places])
        return
    typer.echo(f"{len(places)} places" if find is None else
               f"{find!r} reads as {'the gazetteer' if places[0].gazetteer else 'the curated place'} {places[0].name!r}"
               + (f": {places[0].note}" if places[0].note else "") + f" ({places[0].source})")
    _print_columns(("name", "kind", "state", "territory or border", "regions", "lat, lon", "aliases"),
                   [(p.name, p.kind + (f" of {p.forces_of}" if p.forces_of else ""), p.state or "-",
                     ", ".join(x for x in (p.territory, p.border) if x) or "-",
                     ", ".join([*p.regions, *(_dated_tag(d) for d in p.dated_regions)]) or "-",
                     f"{p.latitude:.4f}, {p.longitude:.4f}" if p.latitude is not None else "-",
                     ", ".join(p.aliases)) for p in places])


def _resolve_place_option(base, text: str, option: str):
    """``lookup.resolve_place``, with a gazetteer name found in several countries reported under
    the option that carried it."""
    from ..kb.gazetteer import AmbiguousPlace
    from ..lookup import resolve_place

    try:
        return resolve_place(base, text, option)
    except AmbiguousPlace as ambiguous:
        raise AmbiguousPlace(option, ambiguous.name, ambiguous.candidates) from None


def _dated_tag(d) -> str:
    """A region tag that holds for a period: "japan_administered (from 1972-05-15)"."""
    span = " to ".join(x for x in (f"from {d.start}" if d.start else "", f"until {d.end}" if d.end else "") if x)
    return f"{d.value} ({span})" if span else str(d.value)


@kb_app.command("show")
def kb_show(
    alliance: Annotated[str, typer.Argument(metavar="ALLIANCE", help="Treaty id (csto, nato, eu_42_7, us_japan, ...), organisation (CSTO, OTAN) or treaty name; see kb list.")],
    on: OnDate = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Show a treaty: its obligations, scope, and members with their status over time."""
    from ..lookup import resolve_treaty

    base = _load_kb(kb_dirs)
    treaty = resolve_treaty(base, alliance, "ALLIANCE")
    date = _day(on)
    members = sorted({m.member for m in base.memberships if m.treaty == treaty.id})
    history = {member: [asdict(m) for layer in ("legal", "participation")
                        for m in base.intervals(treaty.id, member, layer)] for member in members}
    if as_json:
        echo_json({"treaty": asdict(treaty), "members_on": {"date": date, "members": base.members_on(treaty.id, date)},
                   "history": history})
        return
    console = Console()
    console.print(Text.assemble((treaty.name, "bold"), f" ({treaty.id}; organisation {treaty.organisation or '-'}; "
                                f"signed {treaty.signed or '?'}; in force {treaty.in_force or '?'})"))
    console.print(f"scope: {treaty.scope.kind} {', '.join(treaty.scope.regions)} {treaty.scope.paraphrase}".rstrip(),
                  markup=False)
    for o in treaty.obligations:
        conditions = [c for c, v in (("location-specific", o.location_specific), ("request required", o.request_required),
                                     ("adversary-specific", o.adversary_specific)) if v]
        if o.in_force or o.until:  # a wording that binds for part of the treaty's life
            conditions.append("this wording " + " ".join(x for x in (o.in_force and f"from {o.in_force}",
                                                                     o.until and f"until {o.until}") if x))
        console.print(f"  {o.article or o.id} [{o.kind}] {o.paraphrase}" + (f" ({'; '.join(conditions)})" if conditions else ""),
                      markup=False)
    table = Table(title=f"members (status on {date})", title_justify="left")
    for column in ("member", "legal", "participation", "history"):
        table.add_column(column, overflow="fold")
    for member in members:
        status = base.status_on(member, treaty.id, date)
        spans = "; ".join(f"{m['status']} {m['start']}–{m['end'] or ''}" for m in history[member])
        table.add_row(*map(Text, (member, status["legal"].status if status["legal"] else "-",
                                  status["participation"].status if status["participation"] else "-", spans)))
    console.print(table)


@kb_app.command("status")
def kb_status(
    member: Annotated[str, typer.Argument(metavar="MEMBER", help="The member: actor key or name (ARM, arm, Armenia).")],
    alliance: Annotated[str, typer.Argument(metavar="ALLIANCE", help="Treaty id, organisation or treaty name (CSTO, csto); see kb list.")],
    on: Annotated[str, typer.Option(metavar="DATE", help="The date, YYYY-MM-DD.")],
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """A member's legal and participation status in an alliance on a date, with sources.

    \b
    Example:
      pactwatch kb status Armenia CSTO --on 2024-06-01
    """
    from ..lookup import resolve_actor, resolve_treaty

    base = _load_kb(kb_dirs)
    actor = resolve_actor(member, "MEMBER")
    treaty = resolve_treaty(base, alliance, "ALLIANCE")
    date = date_option(on, "--on")
    status = base.status_on(actor.key, treaty.id, date)
    party = actor.key in base.parties(treaty.id)
    if as_json:
        echo_json({"member": actor.key, "treaty": treaty.id, "on": date, "ever_a_party": party,
                   **{layer: asdict(m) if m else None for layer, m in status.items()}})
        return
    if not party:
        typer.echo(f"{actor.key} ({actor.name}) has never been a party to {treaty.id} ({treaty.name}); "
                   f"see: pactwatch kb show {treaty.id}")
        return
    for layer, m in status.items():
        typer.echo(f"{actor.key} in {treaty.id} on {date}, {layer}: " + _status_text(base, treaty.id, actor.key, layer, date, m))


def _status_text(base, treaty: str, member: str, layer: str, date: str, m) -> str:
    """"member since 1994-04-20 (signed 1992-05-15) (source)", or when the first interval binds if it is later."""
    if m is not None:
        signed = f" (signed {m.signed})" if m.signed and m.signed != m.start else ""
        return f"{m.status} since {m.start}{signed} ({m.source})"
    from ..kb.model import day_floor

    later = [i for i in base.intervals(treaty, member, layer) if day_floor(i.start) > date]
    if later:
        signed = f", signed {later[0].signed}" if later[0].signed else ""
        return f"no record for this date (first: {later[0].status} from {later[0].start}{signed})"
    return "no record for this date"


@kb_app.command("proposals")
def kb_proposals(
    results: ResultFiles = None,
    alliance: Annotated[Optional[str], typer.Option(metavar="ALLIANCE", help="Only this alliance (CSTO, csto, OTAN).")] = None,
    db: StoreFile = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Membership status changes that extracted events report (froze, suspended, left), for review.

    \b
    Example:
      pactwatch kb proposals out.jsonl
      pactwatch kb proposals --db pactwatch.duckdb --alliance CSTO
    """
    from ..kb import propose_status_changes
    from ..lookup import resolve_treaty

    base = _load_kb(kb_dirs)
    only = resolve_treaty(base, alliance, "--alliance").id if alliance is not None else None
    articles = _articles(results, db)
    proposals = [p for p in propose_status_changes(articles, base) if only is None or p.treaty == only]
    if as_json:
        echo_json([p.to_dict() for p in proposals])
        return
    if not proposals:
        typer.echo("No membership status changes reported in these articles.")
    for p in proposals:
        typer.echo(f"{'recorded' if p.recorded else 'NEW'}\t{p.member} {p.layer} {p.status} in {p.treaty} "
                   f"on {p.date} [{p.article}] {p.evidence}")


@kb_app.command("accept")
def kb_accept(
    member: Annotated[str, typer.Option(metavar="MEMBER", help="The member the proposal is about (ARM, Armenia).")],
    alliance: Annotated[str, typer.Option(metavar="ALLIANCE", help="The alliance (CSTO, csto).")],
    status: Annotated[str, typer.Option(metavar="STATUS", help="The proposed status (frozen, suspended, withdrawn).")],
    source: Annotated[str, typer.Option(metavar="URL", help="The source the curator checked (a URL).")],
    into: Annotated[Path, typer.Option("--into", metavar="DIR", help="The user's KB directory to write to.")],
    article: Annotated[Optional[str], typer.Option(metavar="ID", help="The article, where several report it.")] = None,
    date: Annotated[Optional[str], typer.Option(metavar="DATE", help="The day it took effect, if not the proposal's.")] = None,
    results: ResultFiles = None,
    db: StoreFile = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Accept a reviewed proposal (see kb proposals): write it to DIR/memberships.yaml as an overlay
    record that wins from its date on (the shipped base is never edited; see docs/kb.md).

    \b
    Example:
      pactwatch kb accept out.jsonl --member ARM --alliance CSTO --status frozen --source https://... --into my-kb
    """
    from dataclasses import replace

    from ..kb import propose_status_changes
    from ..kb.accept import accept
    from ..lookup import resolve_actor, resolve_treaty

    base = _load_kb([*(kb_dirs or []), *([into] if into.is_dir() else [])])
    actor = resolve_actor(member, "--member")
    treaty = resolve_treaty(base, alliance, "--alliance")
    found = [p for p in propose_status_changes(_articles(results, db), base)
             if p.member == actor.key and p.treaty == treaty.id and p.status == status
             and (article is None or p.article == article)]
    if not found:
        raise InputError("--status", f"no proposal that {actor.key} is {status} in {treaty.id} in these articles; "
                                     "see: pactwatch kb proposals")
    if len(found) > 1 and len({p.article for p in found}) > 1:
        raise InputError("--article", "several articles report it (" + ", ".join(sorted({p.article for p in found}))
                         + "); name one")
    proposal = found[0] if date is None else replace(found[0], date=date_option(date, "--date"))
    record = accept(proposal, source, into)
    if as_json:
        echo_json(record)
        return
    typer.echo(f"Wrote {record['member']} {record['layer']} {record['status']} in {record['treaty']} "
               f"from {record['start']} to {into / 'memberships.yaml'}; use it with --kb {into}")


@kb_app.command("import-atop")
def kb_import_atop(
    files: Annotated[list[Path], typer.Argument(metavar="FILES...", help="ATOP member-level and alliance-level CSV files you downloaded, in any order.")],
    into: Annotated[Path, typer.Option(metavar="DIR", help="Directory to write atop_treaties.yaml and atop_memberships.yaml into; "
                                                           "use it with --kb or PACTWATCH_KB.")] = Path("atop-kb"),
) -> None:
    """Import ATOP alliance data (not shipped with pactwatch) into a knowledge-base directory.

    \b
    Example:
      pactwatch kb import-atop atop_m.csv atop_a.csv --into atop-kb
      pactwatch kb list --kb atop-kb
    """
    from ..kb.atop import import_atop

    summary = import_atop(files, into)
    typer.echo(f"Imported ATOP v{summary.version}: {summary.alliances} alliances, {summary.members} member states, "
               f"{summary.intervals} membership intervals.")
    for path in summary.files:
        typer.echo(f"  wrote {path}")
    if summary.unmapped:
        codes = ", ".join(map(str, summary.unmapped[:12])) + (" ..." if len(summary.unmapped) > 12 else "")
        typer.echo(f"  {len(summary.unmapped)} COW codes have no ISO 3166 code and are keyed COW<code>: {codes}")
    typer.echo(f"Use it with: --kb {into}  (or PACTWATCH_KB={into})")


@app.command()
def obligations(
    attacked: Annotated[str, typer.Option(metavar="ACTOR", help="The state attacked: actor key or name (ARM, Armenia).")],
    on: Annotated[str, typer.Option(metavar="DATE", help="Date of the attack, YYYY-MM-DD.")],
    by: Annotated[Optional[str], typer.Option(metavar="ACTOR", help="The attacker: actor key or name (AZE, Azerbaijan).")] = None,
    where: Annotated[Optional[str], typer.Option(metavar="PLACE", help="Place attacked: a knowledge-base place (Jermuk; see kb places) or a gazetteer city (Narva; 'Tripoli (LBN)' where a name is in several countries).")] = None,
    on_forces: Annotated[bool, typer.Option("--on-forces", help="The attack is on the attacked state's armed forces, public vessels or aircraft at --where, not on its territory (also: --where 'forces at PLACE').")] = False,
    events: Annotated[Optional[list[Path]], typer.Option(metavar="FILE", help="pactwatch extract output whose requests count too (repeatable).")] = None,
    db: Annotated[Optional[Path], typer.Option("--db", metavar="FILE", help="A pactwatch store whose reported requests count too.")] = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Which commitments an attack engages: engaged, contested, not engaged or breached, with the reasons.

    Without --where the attack is read as one on the attacked state's own territory, and the
    answer says so. With --on-forces (or --where 'forces at PLACE', or a vessel or base of the
    attacked state such as 'BRP Sierra Madre') it is an attack on the state's forces there, and
    only clauses that cover forces there count. An engaged obligation says whether it was invoked
    and honoured, and who is bound.

    \b
    Examples:
      pactwatch obligations --attacked Armenia --by Azerbaijan --where Jermuk --on 2022-09-13
      pactwatch obligations --attacked PHL --by CHN --where "Second Thomas Shoal" --on-forces --on 2024-06-17
    """
    from ..kb import Attack, check_obligations
    from ..kb.ledger import build_ledger
    from ..kb.reasoning import place_note, split_forces
    from ..kb.model import Request
    from ..lookup import resolve_actor, resolve_place

    base = _load_kb(kb_dirs)
    victim = resolve_actor(attacked, "--attacked")
    attacker = resolve_actor(by, "--by").key if by is not None else None
    forces_at, place_text = split_forces(where)
    if on_forces and where is None:
        raise typer.BadParameter("give the place of the forces with --where", param_hint="--on-forces")
    resolved = _resolve_place_option(base, place_text, "--where") if place_text is not None else None
    # a gazetteer city keeps the words that named it ("Tripoli (LBN)"): its bare name may be ambiguous
    place = (place_text if resolved.gazetteer else resolved.name) if resolved is not None else None
    date = date_option(on, "--on")
    extra: list[Request] = []
    if events or db is not None:
        articles = _articles(events, db)
        extra = [Request(e.requester, e.alliance or e.addressee, e.date, "reported in the news", "extracted")
                 for e in build_ledger(articles, base) if e.date]
    attack = Attack(victim.key, attacker, place, date, on_forces=on_forces or forces_at)
    verdicts = check_obligations(base, attack, extra)
    if as_json:
        echo_json([v.to_dict() for v in verdicts])
        return
    console = Console()
    if not verdicts:
        console.print(f"{victim.key} ({victim.name}) is party to no treaty in the knowledge base.", markup=False)
    note = place_note(base, attack)
    if note:
        console.print(Text.assemble(("Note: ", "bold"), note))
    for v in verdicts:
        colour = {"engaged": "green", "contested": "yellow", "not engaged": "red", "breached": "magenta"}[v.verdict]
        stage = f" — {v.stage}" if v.stage else ""
        console.print(Text.assemble((v.verdict.upper(), f"bold {colour}"), f"  {v.treaty_name}, {v.article} ({v.kind}){stage}"))
        for step in v.steps:
            mark = {True: "✓", False: "✗", None: "?"}[step.ok]
            console.print(f"   {mark} {step.question} {step.answer}", markup=False)
        for reading in v.readings:
            console.print(f"       reading '{reading.name}': {({True: 'inside', False: 'outside', None: 'undetermined'})[reading.inside]}"
                          f" — {reading.reason}", markup=False)
        for inv in v.invocations:
            outcome = f"; {inv['outcome']}" if inv["outcome"] else ""
            console.print(f"   invoked: {inv['kind']} by {inv['by']} for {inv['for']} on {inv['date']} under "
                          f"{inv['article']}{outcome} ({inv['source']})", markup=False)


@app.command()
def ledger(
    results: ResultFiles = None,
    alliance: Annotated[Optional[str], typer.Option(metavar="ALLIANCE", help="Only this alliance (CSTO, csto, OTAN); see kb list.")] = None,
    window_days: Annotated[int, typer.Option(min=1, metavar="DAYS", help="How long after a request responses are looked for.")] = 730,
    db: StoreFile = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Requests for assistance between members and alliances, and what followed, with evidence.

    \b
    Example:
      pactwatch ledger events.jsonl --alliance CSTO
      pactwatch ledger --db pactwatch.duckdb --alliance CSTO
    """
    from ..kb import build_ledger
    from ..lookup import resolve_treaty

    base = _load_kb(kb_dirs)
    treaty = resolve_treaty(base, alliance, "--alliance") if alliance is not None else None
    articles = _articles(results, db)
    entries = build_ledger(articles, base, (treaty.organisation or treaty.id) if treaty else None, window_days)
    if as_json:
        echo_json([e.to_dict() for e in entries])
        return
    console = Console()
    if not entries:
        console.print(f"No requests for assistance{f' to {treaty.organisation or treaty.id}' if treaty else ''} "
                      "in these articles.", markup=False)
    for e in entries:
        console.print(Text.assemble((f"{e.requester} → {e.alliance}", "bold"),
                                    f" requested {e.date or 'undated'} ({e.date_basis}): {e.outcome}"))
        for c in e.requests:
            console.print(f"   request  [{c.article}] {c.evidence}", markup=False)
        for r in e.responses:
            console.print(f"   {r.kind:<28} {r.source}→{r.target} {r.citation.date or ''} [{r.citation.article}] "
                          f"{r.citation.evidence}", markup=False)
