"""Dyad milestones come from the knowledge base alone (they moved out of the store)."""
from __future__ import annotations

from pactwatch.kb import default_kb, dyad_milestones


def test_milestones_come_from_the_knowledge_base():
    milestones = dyad_milestones(default_kb(), "ARM", "CSTO")
    assert any(m["status"] == "frozen" and m["date"].startswith("2024-02") for m in milestones)
    assert [m["date"] for m in milestones] == sorted(m["date"] for m in milestones)


def test_a_dyad_outside_every_alliance_has_no_milestones():
    assert dyad_milestones(default_kb(), "FRA", "ZZZ") == []
