"""Requests for assistance and what followed: the raw material for "did the alliance deliver?".

From extracted events (``pactwatch extract`` output), a request is a REQUEST by a party to its
alliance (or to a treaty partner) for help. Its responses are the events, within a window after it,
by the alliance or its members toward the requester (aid, offers, refusals, denials, deployments),
and the requester's own account (complaints of being ignored, declining offers, "we have not
received that support"). Every entry keeps its evidence sentence and article.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .model import KnowledgeBase, Treaty, day_floor

ASSISTANCE = re.compile(r"\b(support|help|assist\w*|aid|protect\w*|defen[cs]\w*|troops|military|interven\w*|"
                        r"article\s+\d|invok\w*|appeal\w*|security commitments?|obligations?)\b", re.I)
ABOUT_THE_REQUEST = re.compile(r"\b(ignor\w*|request\w*|appeal\w*|offer\w*|support|help|assist\w*|aid|"
                               r"commitments?|honou?r\w*|protect\w*|defen[cs]\w*|action|aggression)\b", re.I)
RESPONSE_KINDS = {
    ("alliance", "AID", False): "aid delivered",
    ("alliance", "AID", True): "aid not delivered",
    ("alliance", "AGREE", False): "offer or commitment",
    ("alliance", "SUPPORT", False): "support expressed",
    ("alliance", "REJECT", False): "refusal or denial",
    ("alliance", "CONSULT", False): "consultation",
    ("alliance", "MOBILIZE", False): "deployment",
    ("alliance", "ACCUSE", False): "counter-accusation",
    ("requester", "ACCUSE", False): "requester complains",
    ("requester", "REJECT", False): "requester declines",
    ("requester", "AID", True): "requester says no help came",
}
DEFAULT_WINDOW_DAYS = 730
RESPONSE_TYPES = frozenset(event_type for _, event_type, _ in RESPONSE_KINDS)


@dataclass
class Citation:
    article: str
    evidence: str
    date: str | None
    date_basis: str


@dataclass
class Response:
    kind: str
    source: str
    target: str | None
    type: str
    negated: bool
    hypothetical: bool
    citation: Citation


@dataclass
class LedgerEntry:
    requester: str
    addressee: str
    alliance: str | None
    date: str | None
    date_basis: str
    requests: list[Citation] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    positions: list[tuple[str, int]] = field(default_factory=list, repr=False)  # (article, event order)

    @property
    def outcome(self) -> str:
        kinds = [r.kind for r in self.responses]
        if "aid delivered" in kinds:
            return "aid delivered"
        if not kinds:
            return "no response reported in these articles"
        return "; ".join(dict.fromkeys(kinds))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["outcome"] = self.outcome
        return d


@dataclass
class _Event:
    article: str
    order: int  # position in the article's event list
    record: dict[str, Any]

    @property
    def date(self) -> str | None:
        return self.record.get("date")

    @property
    def basis(self) -> str:
        return self.record.get("date_basis") or ("published" if self.date else "none")

    def citation(self) -> Citation:
        return Citation(self.article, self.record["evidence"], self.date, self.basis)


def build_ledger(articles: Iterable[dict[str, Any]], kb: KnowledgeBase, alliance: str | None = None,
                 window_days: int = DEFAULT_WINDOW_DAYS) -> list[LedgerEntry]:
    """Requests for assistance between parties and their alliances, each with what followed."""
    # an event's place in its article: its stored idx when it has one (a store may hand over only
    # some of an article's events), else its position in the list
    events = [_Event(a["id"], e.get("idx", i), e) for a in articles for i, e in enumerate(a.get("events") or [])]
    routes = request_routes(kb)
    entries: list[LedgerEntry] = []
    for event in events:
        treaty = _request_treaty(event, routes)
        if treaty is None or (alliance and (treaty.organisation or treaty.id).upper() != alliance.upper()):
            continue
        twin = next((e for e in entries if _same_request(e, event, treaty)), None)
        if twin is None:
            twin = LedgerEntry(event.record["source"], event.record["target"], treaty.organisation or treaty.id,
                               event.date, event.basis)
            entries.append(twin)
        elif twin.date_basis == "published" and event.basis != "published":
            twin.date, twin.date_basis = event.date, event.basis
        twin.requests.append(event.citation())
        twin.positions.append((event.article, event.order))
    _assign_responses(entries, events, kb, window_days)
    return sorted(entries, key=lambda e: (e.alliance or "", e.date or "9999", e.requester))


def request_routes(kb: KnowledgeBase) -> dict[tuple[str, str], list[Treaty]]:
    """(requester, addressee) -> the treaties under which the one may ask the other for help: a party
    asks its alliance's organisation, and a party to a bilateral treaty asks its partner."""
    routes: dict[tuple[str, str], list[Treaty]] = {}
    for treaty in kb.treaties.values():
        parties = kb.parties(treaty.id)
        addressees = ({treaty.organisation} if treaty.organisation else set()) | \
            (parties if treaty.kind == "bilateral" else set())
        for party in parties:
            for addressee in addressees - {party}:
                routes.setdefault((party, addressee), []).append(treaty)
    return routes


def _request_treaty(event: _Event, routes: dict[tuple[str, str], list[Treaty]]) -> Treaty | None:
    e = event.record
    if e.get("type") != "REQUEST" or e.get("negated") or e.get("hypothetical") or not e.get("target"):
        return None
    if not ASSISTANCE.search(e.get("evidence", "")):
        return None
    treaties = routes.get((e["source"], e["target"]))
    return treaties[0] if treaties else None


def _same_request(entry: LedgerEntry, event: _Event, treaty: Treaty) -> bool:
    e = event.record
    if (entry.requester, entry.alliance) != (e["source"], treaty.organisation or treaty.id):
        return False
    if entry.date_basis == "published" or event.basis == "published":
        # undated mentions join only a request reported in the same article
        return any(c.article == event.article for c in entry.requests) and entry.date == event.date
    return bool(entry.date and event.date) and (entry.date.startswith(event.date) or event.date.startswith(entry.date))


def _assign_responses(entries: list[LedgerEntry], events: list[_Event], kb: KnowledgeBase, window_days: int) -> None:
    """Give each response to the latest request it can follow, so that no act is counted twice."""
    request_positions = {p for entry in entries for p in entry.positions}
    for event in events:
        if (event.article, event.order) in request_positions:
            continue
        candidates = [(entry, kind) for entry in entries
                      for kind in [_response_kind(entry, event, kb)] if kind and _follows(entry, event, window_days)]
        if not candidates:
            continue
        entry, kind = max(candidates, key=lambda c: (_start(c[0]), c[0].date_basis != "published"))
        e = event.record
        entry.responses.append(Response(kind, e["source"], e.get("target"), e["type"], bool(e.get("negated")),
                                        bool(e.get("hypothetical")), event.citation()))


def _start(entry: LedgerEntry) -> str:
    return day_floor(entry.date) if entry.date else ""


def _response_kind(entry: LedgerEntry, event: _Event, kb: KnowledgeBase) -> str | None:
    treaty = kb.treaty(entry.alliance or "")
    on = _start(entry)
    allies = set(kb.members_on(treaty.id, on)) - {entry.requester} if treaty and on else set()
    alliance_side = {entry.alliance, entry.addressee} | allies
    e = event.record
    if e.get("source") in alliance_side and e.get("target") == entry.requester:
        side = "alliance"
    elif e.get("source") == entry.requester and e.get("target") in alliance_side and \
            ABOUT_THE_REQUEST.search(e.get("evidence", "")):
        side = "requester"
    else:
        return None
    return RESPONSE_KINDS.get((side, e.get("type"), bool(e.get("negated"))))


def _follows(entry: LedgerEntry, event: _Event, window_days: int) -> bool:
    """After the request and within the window. An event dated only by publication follows only a
    request reported earlier in the same article."""
    if event.basis != "published" and event.date and entry.date and event.date < day_floor(entry.date)[:len(event.date)]:
        return False  # a dated act cannot answer a request made after it
    if event.basis == "published" or entry.date_basis == "published":
        return any(article == event.article and order < event.order for article, order in entry.positions)

    if not entry.date or not event.date:
        return False
    start = day_floor(entry.date)
    end = (dt.date.fromisoformat(start) + dt.timedelta(days=window_days)).isoformat()
    n = len(event.date)
    return start[:n] <= event.date <= end[:n]
