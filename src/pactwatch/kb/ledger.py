"""Requests for assistance and what followed: the raw material for "did the alliance deliver?".

From extracted events (``pactwatch extract`` output), a request is a REQUEST by a party to its
alliance (or to a treaty partner) for help. Its responses are the events, within a window after it,
by the alliance or its members toward the requester (aid, offers, refusals, denials, deployments),
and the requester's own account (complaints of being ignored, declining offers, "we have not
received that support"). Every entry keeps its evidence sentence and article.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from ..partial_date import shift_days
from .answering import answerers
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
CHECK_EVERY = 2048  # events between calls of build_ledger's check


@dataclass
class Citation:
    article: str
    evidence: str
    date: str | None
    date_basis: str
    # where the event is stored (None for extraction output, which has no store key)
    article_key: str | None = None
    idx: int | None = None


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
        del d["positions"]  # bookkeeping: the citations say where each request is
        d["outcome"] = self.outcome
        return d


@dataclass
class _Event:
    article: str  # the article's identity: its store key when it has one, else its id
    order: int  # position in the article's event list
    record: dict[str, Any]
    article_id: str = ""

    @property
    def date(self) -> str | None:
        return self.record.get("date")

    @property
    def basis(self) -> str:
        return self.record.get("date_basis") or ("published" if self.date else "none")

    def citation(self) -> Citation:
        return Citation(self.article_id or self.article, self.record["evidence"], self.date, self.basis,
                        self.record.get("article_key"), self.record.get("idx"))


def build_ledger(articles: Iterable[dict[str, Any]], kb: KnowledgeBase, alliance: str | None = None,
                 window_days: int = DEFAULT_WINDOW_DAYS, check: Callable[[], None] | None = None) -> list[LedgerEntry]:
    """Requests for assistance between parties and their alliances, each with what followed.

    Near-linear in the number of events: requests find their twins and responses their request
    through indexes (by requester, date and article) instead of weighing every event against every
    request. ``check``, when given, is called every few thousand events and may raise to stop the
    work (the HTTP API stops when its client has gone).
    """
    # an event's place in its article: its stored idx when it has one (a store may hand over only
    # some of an article's events), else its position in the list
    events = [_Event(a.get("article_key") or a["id"], e.get("idx", i), e, a["id"])
              for a in articles for i, e in enumerate(a.get("events") or [])]
    routes = request_routes(kb)
    only = _alliance_id(kb, alliance)
    entries: list[LedgerEntry] = []
    twins = _TwinIndex()
    for n, event in enumerate(events):
        if check is not None and n % CHECK_EVERY == 0:
            check()
        treaty = _request_treaty(event, routes)
        if treaty is None or (only and treaty.id != only):
            continue
        twin = twins.find(event, treaty)
        if twin is None:
            twin = LedgerEntry(event.record["source"], event.record["target"], treaty.organisation or treaty.id,
                               event.date, event.basis)
            entries.append(twin)
            twins.add(twin)
        elif twin.date_basis == "published" and event.basis != "published":
            twin.date, twin.date_basis = event.date, event.basis  # the same date (a twin's dates are equal)
        twin.requests.append(event.citation())
        twin.positions.append((event.article, event.order))
    _assign_responses(entries, events, kb, window_days, check)
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


def request_pairs(kb: KnowledgeBase, alliance: str | None = None, requester: str | None = None) -> list[tuple[str, str]]:
    """The (source, target) pairs of REQUEST events that :func:`build_ledger` can take as requests
    (for ``alliance`` and ``requester`` when given): what a store is asked for, instead of every
    REQUEST it holds."""
    pairs = []
    only = _alliance_id(kb, alliance)
    for (source, target), treaties in request_routes(kb).items():
        treaty = treaties[0]  # the treaty a request is filed under (see _request_treaty)
        if only and treaty.id != only:
            continue
        if requester is None or source == requester:
            pairs.append((source, target))
    return sorted(pairs)


def response_candidates(entries: Iterable[LedgerEntry], kb: KnowledgeBase,
                        window_days: int) -> tuple[list[tuple[str, str]], str | None, str | None]:
    """What a store must hand over, besides the requests, for :func:`build_ledger` to find every
    response to ``entries`` by date: the (source, target) pairs between a requester and anyone who
    could be on its alliance's side, and the dates (first, last) they can fall between. Responses
    found through the article (an act dated by publication) are the requests' articles' events.
    (None, None) dates when no entry is dated."""
    pairs: set[tuple[str, str]] = set()
    starts: list[str] = []
    for entry in entries:
        side = _alliance_side(kb, entry, None)  # undated: whoever was ever a party may be the one who answers
        for other in side - {None, entry.requester}:
            pairs.update({(other, entry.requester), (entry.requester, other)})
        if entry.date and entry.date_basis != "published":
            starts.append(day_floor(entry.date))
    if not starts:
        return sorted(pairs), None, None
    return sorted(pairs), min(starts), _window_end(max(starts), window_days)


def _alliance_id(kb: KnowledgeBase, alliance: str | None) -> str | None:
    """The treaty id ``alliance`` names (a key, id or name in any case, as pactwatch.lookup reads it);
    an alliance that names no treaty is an error, not an empty ledger."""
    if not alliance:
        return None
    from ..lookup import resolve_treaty  # lookup reads the actor files only when a name is given

    return resolve_treaty(kb, alliance).id


def _alliance_side(kb: KnowledgeBase, entry: LedgerEntry, on: str | None) -> set[str | None]:
    """Who may answer ``entry``'s request (pactwatch.kb.answering, the definition the obligations
    reasoning uses too), with the addressee it was made to; ``on`` None: everyone ever a party."""
    treaty = kb.treaty(entry.alliance or "")
    if treaty is None:
        return {entry.alliance, entry.addressee}
    return set(answerers(kb, treaty, entry.requester, on)) | {entry.addressee}


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
        return any(article == event.article for article, _ in entry.positions) and entry.date == event.date
    return bool(entry.date and event.date) and (entry.date.startswith(event.date) or event.date.startswith(entry.date))


class _TwinIndex:
    """Ledger entries by (requester, alliance) and date, to find the twin a request joins.

    A twin's date is equal to, a prefix of, or an extension of the request's date ("2022" and
    "2022-09-19"), so the entries worth asking :func:`_same_request` about are those filed under a
    prefix of the request's date or under the request's date as a prefix of theirs. The first such
    entry in creation order is the twin, as a scan of every entry would find.
    """

    def __init__(self) -> None:
        self._by_date: dict[tuple[str, str | None, str | None], list[tuple[int, LedgerEntry]]] = defaultdict(list)
        self._by_prefix: dict[tuple[str, str | None, str], list[tuple[int, LedgerEntry]]] = defaultdict(list)
        self._count = 0

    def add(self, entry: LedgerEntry) -> None:
        item = (self._count, entry)
        self._count += 1
        self._by_date[(entry.requester, entry.alliance, entry.date)].append(item)
        for n in range(1, len(entry.date or "")):
            self._by_prefix[(entry.requester, entry.alliance, entry.date[:n])].append(item)

    def find(self, event: _Event, treaty: Treaty) -> LedgerEntry | None:
        requester, alliance, date = event.record["source"], treaty.organisation or treaty.id, event.date
        candidates = list(self._by_date.get((requester, alliance, date), ()))
        if date:
            for n in range(1, len(date)):
                candidates += self._by_date.get((requester, alliance, date[:n]), ())
            candidates += self._by_prefix.get((requester, alliance, date), ())
        matching = [item for item in candidates if _same_request(item[1], event, treaty)]
        return min(matching, key=lambda item: item[0])[1] if matching else None


def _assign_responses(entries: list[LedgerEntry], events: list[_Event], kb: KnowledgeBase, window_days: int,
                      check: Callable[[], None] | None = None) -> None:
    """Give each response to the latest request it can follow, so that no act is counted twice."""
    request_positions = {p for entry in entries for p in entry.positions}
    candidates = _ResponseIndex(entries, kb, window_days)
    for n, event in enumerate(events):
        if check is not None and n % CHECK_EVERY == 0:
            check()
        if (event.article, event.order) in request_positions or event.record.get("type") not in RESPONSE_TYPES:
            continue
        found = [(i, entry, kind) for i, entry in candidates.of(event)
                 for kind in [_response_kind(entry, event, kb, candidates.side(i))]
                 if kind and _follows(entry, event, window_days)]
        if not found:
            continue
        # the latest request; a dated one before an undated one; the first made among equals
        _, entry, kind = max(found, key=lambda c: (_start(c[1]), c[1].date_basis != "published", -c[0]))
        e = event.record
        entry.responses.append(Response(kind, e["source"], e.get("target"), e["type"], bool(e.get("negated")),
                                        bool(e.get("hypothetical")), event.citation()))


class _ResponseIndex:
    """The requests an event may answer, found without weighing it against every request.

    An event answers a request only if the requester is its source or target (see
    :func:`_response_kind`), and only a request reported earlier in the same article (when either is
    dated by publication) or one dated at most ``window_days`` before it. So the candidates are the
    requests reported in the event's article, plus, per (requester, alliance, addressee), the latest
    dated requests before the event's date within the window; :func:`_response_kind` and
    :func:`_follows` then decide exactly, as before.
    """

    def __init__(self, entries: list[LedgerEntry], kb: KnowledgeBase, window_days: int):
        self._entries = entries
        self._kb = kb
        self._window = window_days
        self._sides: dict[int, set[str | None]] = {}
        self._in_article: dict[str, list[int]] = defaultdict(list)
        groups: dict[tuple[str, str | None, str], list[tuple[str, int]]] = defaultdict(list)
        self._counterparts: dict[tuple[str, str | None, str], set[str | None]] = {}
        for i, entry in enumerate(entries):
            for article in dict.fromkeys(article for article, _ in entry.positions):
                self._in_article[article].append(i)
            if entry.date and entry.date_basis != "published":
                group = (entry.requester, entry.alliance, entry.addressee)
                groups[group].append((day_floor(entry.date), i))
                if group not in self._counterparts:
                    self._counterparts[group] = _alliance_side(kb, entry, None)  # on any of the group's dates
        self._groups: dict[str, list[tuple[tuple[str, str | None, str], list[str], list[int]]]] = defaultdict(list)
        for group, items in groups.items():
            items.sort()
            self._groups[group[0]].append((group, [start for start, _ in items], [i for _, i in items]))

    def side(self, i: int) -> set[str | None]:
        """The alliance side of request ``i``: the alliance, the addressee and the allies on its date."""
        if i not in self._sides:
            entry = self._entries[i]
            self._sides[i] = _alliance_side(self._kb, entry, _start(entry) or None)
        return self._sides[i]

    def of(self, event: _Event) -> list[tuple[int, LedgerEntry]]:
        e = event.record
        found = set(self._in_article.get(event.article, ()))
        if event.basis != "published" and event.date:
            for requester, counterpart in self._routes(event):
                for group, starts, order in self._groups.get(requester, ()):
                    if counterpart in self._counterparts[group]:
                        found.update(self._latest_before(event, starts, order))
        return [(i, self._entries[i]) for i in sorted(found)]

    @staticmethod
    def _routes(event: _Event) -> list[tuple[str | None, str | None]]:
        """(requester, counterpart) for each way the event could answer a request, by what
        :func:`_response_kind` asks of the event alone: an act toward the requester of a kind the
        ledger counts, or the requester's own account of one, about the request."""
        e = event.record
        negated = bool(e.get("negated"))
        routes = []
        if ("alliance", e.get("type"), negated) in RESPONSE_KINDS:
            routes.append((e.get("target"), e.get("source")))
        if ("requester", e.get("type"), negated) in RESPONSE_KINDS and ABOUT_THE_REQUEST.search(e.get("evidence", "")):
            routes.append((e.get("source"), e.get("target")))
        return routes

    def _latest_before(self, event: _Event, starts: list[str], order: list[int]) -> list[int]:
        """The requests of one group starting latest on or before the event's date and within the
        window (every one of them that starts on that latest day); earlier ones cannot win."""
        date = event.date or ""
        n = len(date)
        # start[:n] <= date, for every start up to this point ("~" sorts after digits and "-")
        k = bisect.bisect_right(starts, date + "~")
        while k > 0:
            latest = starts[k - 1]
            if _window_end(latest, self._window)[:n] < date:
                return []  # outside the window, and every earlier request ends earlier still
            same_day = []
            while k > 0 and starts[k - 1] == latest:
                same_day.append(order[k - 1])
                k -= 1
            if any(_response_kind(self._entries[i], event, self._kb, self.side(i)) for i in same_day):
                return same_day
        return []


def _start(entry: LedgerEntry) -> str:
    return day_floor(entry.date) if entry.date else ""


def _response_kind(entry: LedgerEntry, event: _Event, kb: KnowledgeBase,
                   alliance_side: set[str | None] | None = None) -> str | None:
    if alliance_side is None:
        alliance_side = _alliance_side(kb, entry, _start(entry) or None)
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
    n = len(event.date)
    return start[:n] <= event.date <= _window_end(start, window_days)[:n]


@lru_cache(maxsize=65_536)
def _window_end(start: str, window_days: int) -> str:
    """The last day a response to a request made on ``start`` may fall on (the calendar's end at most)."""
    end = shift_days(dt.date.fromisoformat(start), window_days)
    return end.isoformat() if end else "9999-12-31"
