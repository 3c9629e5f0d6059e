"""A reviewed status proposal made a user overlay record (``pactwatch kb accept``).

The record is appended to ``memberships.yaml`` in the user's directory, never to the shipped base;
the overlay rule (``model.supersede``, docs/kb.md) then lets it win from its date on. The new file
is validated with the base before it replaces the old one (written to a temp file and renamed), so a
record that would not load leaves the directory as it was.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import DataFileError, InputError
from ..output import atomic_output
from .model import load
from .proposals import Proposal


def overlay_record(proposal: Proposal, source: str, note: str | None = None) -> dict:
    """The membership record a proposal stands for, with the curator's source."""
    if not proposal.date:
        raise InputError("--date", f"the proposal from {proposal.article} has no date; give one")
    record = {"treaty": proposal.treaty, "member": proposal.member, "layer": proposal.layer,
              "status": proposal.status, "start": proposal.date, "end": None, "source": source,
              "note": note or f"Accepted from article {proposal.article}: {proposal.evidence}"}
    return record


def accept(proposal: Proposal, source: str, into: Path, note: str | None = None) -> dict:
    """Append the proposal's record to ``into/memberships.yaml`` atomically; the record written."""
    if not source.startswith(("http://", "https://")):
        raise InputError("--source", "a source must be a URL")
    record = overlay_record(proposal, source, note)
    path = into / "memberships.yaml"
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    text = existing + ("" if not existing or existing.endswith("\n") else "\n") + \
        yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=100)
    staging = into / ".accept-check"  # the new file checked with the base before it replaces the old
    staging.mkdir(parents=True, exist_ok=True)
    try:
        (staging / "memberships.yaml").write_text(text, encoding="utf-8")
        try:
            load([staging])
        except DataFileError as error:
            raise InputError(str(path), f"the accepted record would not load: {error}") from None
    finally:
        (staging / "memberships.yaml").unlink(missing_ok=True)
        staging.rmdir()
    with atomic_output(path) as fh:
        fh.write(text)
    return record
