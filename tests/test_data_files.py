"""The shipped data files: every fact has a source, every form is unambiguous, every frame is valid.

These load the real files through the same code the engine uses, so a malformed entry added later
fails here with the file, entry and field named.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pactwatch.actors import ActorDictionary, default_dictionary
from pactwatch.errors import DataFileError
from pactwatch.extract.events import load_lexicon
from pactwatch.plover import TYPES as PLOVER_TYPES
from pactwatch.resources import data_path

ACTOR_DIR = Path(str(data_path("actors")))


def _entries(name: str) -> list[dict]:
    return yaml.safe_load((ACTOR_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["states.yaml", "entities.yaml", "organisations.yaml"])
def test_every_actor_has_a_source_and_unique_key(name):
    entries = _entries(name)
    assert entries, name
    keys = [e["key"] for e in entries]
    assert len(keys) == len(set(keys)), name
    for entry in entries:
        assert str(entry.get("source", "")).startswith("http"), (name, entry["key"])


def test_every_role_has_a_source_and_ordered_dates():
    for person in _entries("people.yaml"):
        for role in person["roles"]:
            assert str(role.get("source", "")).startswith("http"), person["name"]
            if role.get("end"):
                assert str(role["start"]) <= str(role["end"]), person["name"]


def test_dictionary_covers_the_basics():
    d = default_dictionary()
    assert len(d.actors) > 250 and len(d.people) > 300
    for form, key in [("Armenia", "ARM"), ("Armenian", "ARM"), ("Yerevan", "ARM"), ("Kremlin", "RUS"),
                      ("Azerbaijani", "AZE"), ("CSTO", "CSTO"), ("European Union", "EU"), ("NATO", "NATO")]:
        assert d.forms[form].key == key, form
    assert d.people["Nikol Pashinyan"].role_on("2024-03-15").actor == "ARM"


def test_person_roles_follow_dates():
    d = default_dictionary()
    rutte = d.people["Mark Rutte"]
    assert rutte.role_on("2020-01-01").actor == "NLD"
    assert rutte.role_on("2025-01-01").actor == "NATO"


def test_malformed_actor_file_names_file_entry_and_field(tmp_path):
    (tmp_path / "states.yaml").write_text("- key: XXA\n  name: Testland\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        ActorDictionary.load([tmp_path])
    message = str(caught.value)
    assert "states.yaml" in message and "XXA" in message and "'source'" in message


def test_person_with_unknown_actor_is_refused(tmp_path):
    (tmp_path / "people.yaml").write_text(
        "- name: Nobody Known\n  roles:\n    - {actor: NOPE, title: president, start: '2020', source: 'https://example.org'}\n",
        encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown actor key 'NOPE'"):
        ActorDictionary.load([tmp_path])


def test_user_dictionary_extends_the_shipped_one(tmp_path):
    (tmp_path / "people.yaml").write_text(
        "- name: Varuzhan Testyan\n  aliases: [Testyan]\n  roles:\n"
        "    - {actor: ARM, title: ambassador, start: '2020', source: 'https://example.org'}\n", encoding="utf-8")
    d = ActorDictionary.load([tmp_path])
    assert d.forms["Testyan"].person == "Varuzhan Testyan"
    assert "Nikol Pashinyan" in d.people


def test_event_lexicon_frames_are_valid():
    lexicon = load_lexicon()
    frames = [f for table in (lexicon.verbs, lexicon.nouns, lexicon.adjectives) for fs in table.values() for f in fs]
    assert len(frames) > 150
    assert {f.type for f in frames} == set(PLOVER_TYPES), "every PLOVER type has at least one pattern"
