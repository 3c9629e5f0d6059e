"""Dyad milestones come from the knowledge base alone (they moved out of the store)."""
from __future__ import annotations

from pactwatch.kb import default_kb, dyad_milestones


def test_milestones_come_from_the_knowledge_base():
    milestones = dyad_milestones(default_kb(), "ARM", "CSTO")
    assert any(m["status"] == "frozen" and m["date"].startswith("2024-02") for m in milestones)
    assert [m["date"] for m in milestones] == sorted(m["date"] for m in milestones)


def test_a_dyad_outside_every_alliance_has_no_milestones():
    assert dyad_milestones(default_kb(), "FRA", "ZZZ") == []


def test_a_suspension_towards_the_other_side_is_a_milestone_of_the_dyad():
    # the US suspended its ANZUS obligations towards New Zealand on 1986-08-11 (suspensions.yaml)
    for a, b in (("USA", "NZL"), ("NZL", "USA")):
        milestones = dyad_milestones(default_kb(), a, b)
        assert [(m["date"], m["member"], m["status"]) for m in milestones if m["treaty"] == "anzus"] == [
            ("1986-08-11", "USA", "suspended")]
    assert not [m for m in dyad_milestones(default_kb(), "AUS", "NZL") if m["treaty"] == "anzus"]
