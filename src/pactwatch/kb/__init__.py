"""The commitments knowledge base and the reasoning over it (see docs/kb.md).

    from pactwatch import kb
    base = kb.load()
    base.status_on("ARM", "csto", "2024-06-01")
    kb.check_obligations(base, kb.Attack("ARM", "AZE", "Jermuk", "2022-09-13"))
"""
from .answering import answerers
from .ledger import LedgerEntry, build_ledger
from .milestones import dyad_milestones
from .model import KnowledgeBase, default_kb, load
from .proposals import Proposal, propose_status_changes
from .reasoning import Attack, Verdict, check_obligations

__all__ = ["Attack", "KnowledgeBase", "LedgerEntry", "Proposal", "Verdict", "answerers", "build_ledger", "check_obligations",
           "default_kb", "dyad_milestones", "load", "propose_status_changes"]
