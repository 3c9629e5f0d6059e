"""Membership status changes proposed from extracted events, for a curator to accept.

An article saying that a member froze, suspended or left its participation in an alliance yields a
proposed change with its evidence. Each proposal says whether the curated base already records that
status on that date, so a curator reviews only what is new.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from .model import KnowledgeBase, day_floor

# Words news uses loosely: a "suspension" of participation is what the curated base calls "frozen".
EQUIVALENT = {"suspended": "frozen"}
STATUS_WORDS = [
    (re.compile(r"\b(freez\w*|froze\w*|on hold)\b", re.I), "participation", "frozen"),
    (re.compile(r"\bsuspen\w*\b", re.I), "participation", "suspended"),
    (re.compile(r"\b(leav\w*|left|withdr\w*|quit\w*|exit\w*|pull\w* out)\b", re.I), "legal", "withdrawn"),
]


@dataclass
class Proposal:
    member: str
    treaty: str
    layer: str
    status: str
    date: str | None
    date_basis: str
    article: str
    evidence: str
    recorded: bool  # the curated base already has this status (or its equivalent) on this date
    recorded_as: str | None  # what the curated base records for that layer on that date

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def propose_status_changes(articles: Iterable[dict[str, Any]], kb: KnowledgeBase) -> list[Proposal]:
    proposals: list[Proposal] = []
    seen: set[tuple[str, str, str, str | None]] = set()
    for article in articles:
        for e in article.get("events") or []:
            # a rejection aimed at an alliance; which change it reports is read from the evidence
            # below (PLOVER has no mode for leaving or freezing relations)
            if e.get("type") != "REJECT" or e.get("negated") or e.get("hypothetical") or not e.get("target"):
                continue
            treaty = kb.treaty(e["target"])
            if treaty is None:
                continue
            change = next(((layer, status) for pattern, layer, status in STATUS_WORDS
                           if pattern.search(e.get("evidence", ""))), None)
            if change is None:
                continue
            layer, status = change
            key = (e["source"], treaty.id, status, (e.get("date") or "")[:7])
            if key in seen:
                continue
            seen.add(key)
            recorded_as = _recorded_as(kb, e["source"], treaty.id, layer, status, e.get("date"))
            proposals.append(Proposal(e["source"], treaty.id, layer, status, e.get("date"),
                                      e.get("date_basis") or "published", article["id"], e["evidence"],
                                      recorded_as is not None and EQUIVALENT.get(recorded_as, recorded_as)
                                      == EQUIVALENT.get(status, status), recorded_as))
    return proposals


def _recorded_as(kb: KnowledgeBase, member: str, treaty: str, layer: str, status: str, date: str | None) -> str | None:
    """The status the curated base gives on that date, or one it starts within the period the article
    names ("in February" when the base says 22 February)."""
    if not date:
        return None
    later = [m for m in kb.intervals(treaty, member, layer) if m.start.startswith(date)]
    if later:
        return later[0].status
    current = kb.status_on(member, treaty, day_floor(date))[layer]
    return current.status if current is not None else None
