"""Milestones of a dyad: the knowledge base's status changes that matter to two actors.

Drawn on the dyad timeline ("ARM frozen in CSTO"): a party's changes of legal status or of
participation in an alliance that one side embodies (ARM–CSTO), or that both sides belong to
(ARM–RUS in the CSTO), and one side's suspension of its obligations towards the other (the USA's
towards NZL under ANZUS, 1986). The first joining is not a change, so it is left out.
"""
from __future__ import annotations

from typing import Any

from .model import KnowledgeBase

LAYERS = ("legal", "participation")


def dyad_milestones(kb: KnowledgeBase, a: str, b: str) -> list[dict[str, Any]]:
    """``[{"date", "member", "treaty", "organisation", "layer", "status", "label", "source"}]`` by date."""
    sides = {a, b}
    out: list[dict[str, Any]] = []
    for treaty in kb.treaties.values():
        parties = {m.member for m in kb.memberships if m.treaty == treaty.id}
        if treaty.organisation in sides:
            members = sides & parties
        elif sides <= parties:
            members = sides
        else:
            continue
        for member in sorted(members):
            for layer in LAYERS:
                for m in kb.intervals(treaty.id, member, layer)[1:]:  # changes, not the first joining
                    out.append({"date": m.start, "member": member, "treaty": treaty.id,
                                "organisation": treaty.organisation, "layer": layer, "status": m.status,
                                "label": f"{member} {m.status} in {treaty.organisation or treaty.id}",
                                "source": m.source})
    for s in kb.suspensions:
        if s.party in sides and sides - {s.party} <= set(s.towards) and len(sides) == 2:
            treaty = kb.treaties[s.treaty]
            towards = next(iter(sides - {s.party}))
            out.append({"date": s.start, "member": s.party, "treaty": treaty.id, "organisation": treaty.organisation,
                        "layer": "obligations", "status": "suspended",
                        "label": f"{s.party} suspended its {treaty.organisation or treaty.id} obligations towards {towards}",
                        "source": s.source})
    return sorted(out, key=lambda m: (m["date"], m["member"], m["treaty"], m["layer"]))
