"""The target rules' data file and the undirected-event policy (pactwatch/extract/events/targets.py).

Rule behaviour on text is pinned by tests/cases/events_targets.yaml; these tests cover what the cases
do not reach: the loader's errors (file, entry and field named) and the policy table itself.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pactwatch.errors import DataFileError
from pactwatch.extract.events import targets
from pactwatch.extract.events.targets import Undirected, default_rules, load_rules
from pactwatch.resources import data_path


def write_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change) -> str:
    """A copy of the shipped targets.yaml with ``change`` applied, loaded through data_path."""
    data = yaml.safe_load(Path(data_path(targets.TARGETS)).read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(targets, "data_path", lambda relative: path)
    monkeypatch.setattr(targets, "load_yaml", lambda relative: yaml.safe_load(path.read_text(encoding="utf-8")))
    return str(path)


def test_shipped_rules_load_with_their_sources():
    rules = load_rules()
    assert {"in", "on"} <= rules.locative["ASSAULT"]  # "on" stays a word, not YAML's True
    assert "from" in rules.locative["RETREAT"] and "from" not in rules.locative["ASSAULT"]
    assert rules.act_nouns["accusation"] == frozenset({"ACCUSE"})
    assert "any" in rules.act_nouns["move"]
    assert "respond" in rules.response_verbs and "response" in rules.response_nouns
    assert rules.counterpart_types == frozenset({"REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"})


@pytest.mark.parametrize("change, entry, field", [
    (lambda d: d["act_nouns"][0].pop("ref"), "act_nouns[0]", "ref"),
    (lambda d: d["act_nouns"][1].update(types=["PRAISE"]), "act_nouns[1]", "types"),
    (lambda d: d["locative"][0].update(prepositions=[True]), "locative[0]", "prepositions"),
    (lambda d: d["undirected"][0].update(mode="bilateral"), "undirected[0]", "mode"),
    (lambda d: d["undirected"][1].update(source_kinds=["country"]), "undirected[1]", "source_kinds"),
    (lambda d: d["response"].pop("ref"), "response", "ref"),
    (lambda d: d["lone_source"].update(code="yes"), "lone_source", "code"),
    (lambda d: d["counterpart"].update(types=["ATTACK"]), "counterpart", "types"),
])
def test_a_bad_entry_is_refused_with_its_place(tmp_path, monkeypatch, change, entry, field):
    path = write_rules(tmp_path, monkeypatch, change)
    with pytest.raises(DataFileError) as error:
        load_rules()
    message = str(error.value)
    assert message.startswith(path) and f"entry {entry}" in message and f"field {field!r}" in message
    assert "\n" not in message


def test_a_missing_section_is_named(tmp_path, monkeypatch):
    write_rules(tmp_path, monkeypatch, lambda d: d.pop("undirected"))
    with pytest.raises(DataFileError, match="field 'undirected'"):
        load_rules()


def test_undirected_policy_follows_the_codebook():
    """Only a summit held by an organisation and a one-sided deployment are coded without a target."""
    policy = default_rules().undirected
    covered = lambda event_type, kind: any(u.covers(event_type, None, kind) for u in policy)  # noqa: E731
    assert covered("CONSULT", "organisation") and covered("CONSULT", "alliance")
    assert not covered("CONSULT", "state")  # a bilateral meeting needs its other party
    assert covered("MOBILIZE", "state")
    for event_type in ("ACCUSE", "REJECT", "SUPPORT", "AGREE", "ASSAULT", "SANCTION", "REQUEST", "AID"):
        assert not covered(event_type, "state"), event_type


def test_undirected_mode_restricts_the_type():
    rule = Undirected("CONSULT", mode="multilateral")
    assert rule.covers("CONSULT", "multilateral", "state")
    assert not rule.covers("CONSULT", "phone", "state")
    assert not rule.covers("AGREE", "multilateral", "state")
