"""The commitments knowledge base over HTTP: alliances, their members over time, obligations, the ledger.

The ledger is the one expensive endpoint: identical concurrent requests share one computation,
a finished one is kept until the store changes, and the work stops when every client waiting for
it has gone (:mod:`.singleflight`); what it reads is narrowed first (:mod:`.ledger_query`).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Annotated, Any

import anyio
from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from ..kb import Attack, build_ledger, check_obligations
from ..kb.model import Request as KbRequest
from ..lookup import resolve_treaty
from ..partial_date import shift_days
from .context import Context, ctx
from .events import check_range
from .ledger_query import grouped, ledger_entries, stored_requests
from .params import ACTOR_PATTERN, DATE_PATTERN, TREATY_PATTERN, ActorQ, DateQ, TreatyPath
from .routing import Route

# around an attack, the stored news is searched for the attacked state's requests for help from
# this many days before to this many after (wider than the reasoning's own window: it decides)
REQUESTS_BEFORE, REQUESTS_AFTER = 30, 150


def _treaty(c: Context, ref: str, field: str) -> Any:
    """The treaty ``ref`` names (an id, organisation key or name, any case); NotFound (404 with
    suggestions) otherwise, as everywhere names are resolved (pactwatch.lookup)."""
    return resolve_treaty(c.kb, ref, field=field)


def alliances(c: Context = Depends(ctx)) -> JSONResponse:
    """Every treaty with its members today."""
    today = dt.date.today().isoformat()
    return JSONResponse([{"id": t.id, "name": t.name, "organisation": t.organisation, "kind": t.kind,
                          "members": c.kb.members_on(t.id, today)}
                         for t in sorted(c.kb.treaties.values(), key=lambda t: t.id)])


def alliance_detail(
    alliance: TreatyPath,
    on: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Status on this date (default today).")] = None,
    c: Context = Depends(ctx),
) -> JSONResponse:
    """The treaty (scope), its obligations, the members on the date, and per member its status on
    the date and its `legal` and `participation` intervals with their sources."""
    kb = c.kb
    treaty = _treaty(c, alliance, "alliance")
    date = on or dt.date.today().isoformat()
    data = asdict(treaty)
    obligations = data.pop("obligations")
    members = []
    for member in sorted({m.member for m in kb.memberships if m.treaty == treaty.id}):
        status = kb.status_on(member, treaty.id, date)
        members.append({
            "key": member,
            "status": {layer: m.status if m else None for layer, m in status.items()},
            **{layer: [asdict(m) for m in kb.intervals(treaty.id, member, layer)] for layer in ("legal", "participation")},
        })
    return JSONResponse({"treaty": data, "obligations": obligations, "on": date,
                         "members_on": kb.members_on(treaty.id, date), "members": members})


def obligations(
    attacked: Annotated[str, Query(pattern=ACTOR_PATTERN, description="The state attacked, e.g. ARM.")],
    on: Annotated[str, Query(pattern=DATE_PATTERN, description="Date of the attack.")],
    by: ActorQ = None,
    where: Annotated[str | None, Query(min_length=1, max_length=100, description="Place, as in the knowledge base (Jermuk); "
                                       "left out, the attack is read as one on the attacked state's own territory.")] = None,
    news: Annotated[bool, Query(description="Count requests for help reported in the stored articles too.")] = True,
    c: Context = Depends(ctx),
) -> JSONResponse:
    """Verdicts (engaged / contested / not engaged / breached) with their steps and zone readings,
    as `pactwatch obligations --json`. Each verdict carries its `stage` (engaged by the text,
    invoked, honoured...), who is `bound` and `not_bound` (with why), the recorded `invocations`,
    and a `note` saying what it assumed: with no `where`, the attack is read as one on the attacked
    state's own territory, and the note says so."""
    attack = Attack(attacked, by, where, on)
    extra = _news_requests(c, attack) if news else []
    return JSONResponse([v.to_dict() for v in check_obligations(c.kb, attack, extra)])


def _news_requests(c: Context, attack: Any) -> list[Any]:
    """Requests for help by the attacked state that the stored news reports around the attack."""
    day = dt.date.fromisoformat(attack.on)
    start, end = shift_days(day, -REQUESTS_BEFORE), shift_days(day, REQUESTS_AFTER)
    with c.read() as store:
        found = stored_requests(store, c.kb, requester=attack.attacked, start=start and start.isoformat(),
                                end=end and end.isoformat())
    return [KbRequest(e.requester, e.alliance or e.addressee, e.date, "reported in the news", "extracted")
            for e in build_ledger(grouped(found), c.kb) if e.date]


async def ledger(
    request: Request,
    alliance: Annotated[str | None, Query(pattern=TREATY_PATTERN, description="Only this alliance (CSTO, NATO).")] = None,
    window_days: Annotated[int, Query(ge=1, le=36_500, description="Days after a request to look for responses.")] = 730,
    start: DateQ = None,
    end: DateQ = None,
    c: Context = Depends(ctx),
) -> Response:
    """Requests for assistance and what followed, built from the stored events as `pactwatch ledger
    --json`; `start`/`end` bound the requests' dates."""
    check_range(start, end)
    treaty = _treaty(c, alliance, "alliance") if alliance else None
    name = treaty.id if treaty else None

    def compute(check) -> bytes:
        with c.read() as store:
            entries = ledger_entries(store, c.kb, name, start, end, window_days, check)
        return json.dumps([e.to_dict() for e in entries], ensure_ascii=False).encode("utf-8")

    generation = await anyio.to_thread.run_sync(c.generation)
    body = await c.flights.run(("ledger", generation, name, start, end, window_days), compute, request)
    return Response(body, media_type="application/json")


ROUTES = [
    Route("GET", "/api/alliances", alliances, "Treaties and alliances in the knowledge base", ("commitments",)),
    Route("GET", "/api/alliances/{alliance}", alliance_detail, "A treaty with its members over time", ("commitments",),
          errors=(404,)),
    Route("GET", "/api/obligations", obligations, "Which commitments an attack engages", ("commitments",)),
    Route("GET", "/api/ledger", ledger, "Requests for assistance and what followed", ("commitments",), errors=(404,)),
]
