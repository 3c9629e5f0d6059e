"""The event coder's closed-class words and type groups are data (data/lexicon/grammar.yaml):
the shipped file loads, and a broken list is refused with the file and the list's name."""
from __future__ import annotations

import pytest

from pactwatch import plover
from pactwatch.errors import DataFileError
from pactwatch.extract.events import default_lexicon
from pactwatch.extract.events.grammar import load_grammar, parse_grammar
from pactwatch.resources import load_yaml


def shipped() -> dict:
    return load_yaml("lexicon/grammar.yaml")


def test_the_shipped_grammar_loads_into_the_lexicon_the_coder_uses():
    grammar = load_grammar()
    assert default_lexicon().grammar == grammar
    assert grammar.number_words["three"] == 3
    assert {"will", "'ll"} <= grammar.future_auxiliaries
    for types in (grammar.threat_types, grammar.commitment_types, grammar.force_types):
        assert types and types <= set(plover.TYPES)


@pytest.mark.parametrize("name", ["future_auxiliaries", "number_words", "force_types"])
def test_a_missing_list_is_refused_with_file_and_field(name):
    data = shipped()
    del data[name]
    with pytest.raises(DataFileError, match=rf"^mine\.yaml, field '{name}': missing"):
        parse_grammar(data, "mine.yaml")


def test_an_unknown_list_is_refused():
    with pytest.raises(DataFileError, match=r"field 'futur_auxiliaries': unknown list"):
        parse_grammar({**shipped(), "futur_auxiliaries": ["will"]}, "mine.yaml")


def test_an_unquoted_yaml_boolean_word_is_refused_not_read_as_false():
    data = shipped()
    data["relative_pronouns"] = ["that", False]  # what YAML makes of an unquoted `no`
    with pytest.raises(DataFileError, match=r"field 'relative_pronouns': must be a list of words \(quote no"):
        parse_grammar(data, "mine.yaml")


def test_a_type_list_names_the_type_that_is_not_plover():
    data = shipped()
    data["threat_types"] = ["ASSAULT", "ATTACK"]
    with pytest.raises(DataFileError, match=r"field 'threat_types': 'ATTACK' is not one of the 16 PLOVER types"):
        parse_grammar(data, "mine.yaml")


def test_number_words_must_be_integers():
    data = shipped()
    data["number_words"] = {"two": "2"}
    with pytest.raises(DataFileError, match=r"field 'number_words': must map number words to integers"):
        parse_grammar(data, "mine.yaml")


def test_the_closed_class_lists_of_the_actor_rules_are_in_the_roles_lexicon():
    """They default to empty in ``Roles``: a list missing from roles.yaml would silently switch its rule off."""
    from pactwatch.actors import default_roles

    roles = default_roles()
    for name in ("honorifics", "not_name_words", "definite_determiners", "national_words",
                 "state_institution_words", "officeless_titles"):
        assert getattr(roles, name), f"roles.yaml has no {name}"
    assert {"march", "monday", "mr"} <= roles.not_name_words and "the" in roles.definite_determiners
