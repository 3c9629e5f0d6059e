"""Who may answer a request for help made under a treaty: the one definition of an alliance's side.

A state that asks its alliance for help may be answered by the organisation that runs the treaty,
by the treaty as news and the knowledge base name it, or by any other party; which parties depends
on the date, since members join, leave and are suspended. The obligations reasoning uses this to
decide whether a required request was made (a request to any of them counts), and the ledger to
decide which events answer a request (an act by any of them toward the requester), so the two can
never disagree about who speaks for an alliance.
"""
from __future__ import annotations

from .model import KnowledgeBase, Treaty


def answerers(kb: KnowledgeBase, treaty: Treaty, requester: str, on: str | None = None) -> set[str]:
    """Who may answer ``requester``'s request under ``treaty``: its organisation, the treaty id, and
    the other parties that are members on ``on`` (YYYY-MM-DD); with no date, everyone ever a party,
    since an undated request cannot say who was a member."""
    parties = set(kb.members_on(treaty.id, on)) if on else kb.parties(treaty.id)
    institutions = {treaty.id} | ({treaty.organisation} if treaty.organisation else set())
    return institutions | (parties - {requester})
