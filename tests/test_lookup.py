"""pactwatch.lookup: names, keys and aliases to the one actor, treaty or place they name."""
from __future__ import annotations

import pytest

from pactwatch.errors import InputError
from pactwatch.kb import default_kb
from pactwatch.lookup import NotFound, resolve_actor, resolve_place, resolve_treaty


@pytest.fixture(scope="module")
def kb():
    return default_kb()


@pytest.mark.parametrize("text", ["ARM", "arm", "Armenia", "armenia", "  Republic of Armenia "])
def test_an_actor_by_key_or_name_in_any_case(text):
    ref = resolve_actor(text)
    assert (ref.key, ref.name, ref.kind) == ("ARM", "Armenia", "state")


def test_organisations_and_entities_resolve_with_their_kind():
    assert resolve_actor("otan").key == "NATO" and resolve_actor("otan").kind == "alliance"
    assert resolve_actor("Artsakh").kind == "entity"


def test_an_unknown_actor_is_an_input_error_with_close_matches():
    with pytest.raises(NotFound) as caught:
        resolve_actor("Armenie", field="--attacked")
    error = caught.value
    assert isinstance(error, InputError)
    assert error.suggestions[0] == "ARM"
    assert str(error).startswith("--attacked: no actor 'Armenie'") and "ARM (Armenia)" in str(error)


def test_a_person_is_not_an_actor():
    with pytest.raises(NotFound):
        resolve_actor("Nikol Pashinyan")


@pytest.mark.parametrize("text, treaty", [("csto", "csto"), ("CSTO", "csto"), ("ODKB", "csto"), ("OTAN", "nato"),
                                          ("north atlantic treaty", "nato"), ("European Union", "eu_42_7"),
                                          ("us_japan", "us_japan")])
def test_a_treaty_by_id_organisation_or_name(kb, text, treaty):
    assert resolve_treaty(kb, text).id == treaty


def test_a_state_given_as_an_alliance_suggests_its_treaties(kb):
    with pytest.raises(NotFound) as caught:
        resolve_treaty(kb, "Armenia", field="--alliance")
    assert set(caught.value.suggestions) >= {"csto", "armenia_russia_1997"}
    assert "is a state" in str(caught.value)


def test_an_unknown_treaty_suggests_close_ones(kb):
    with pytest.raises(NotFound) as caught:
        resolve_treaty(kb, "NATOO")
    assert caught.value.suggestions[:1] == ["nato"]


def test_a_place_by_name_or_alias_in_any_case(kb):
    assert resolve_place(kb, "jermuk").name == "Jermuk"
    with pytest.raises(NotFound) as caught:
        resolve_place(kb, "Jermukk", field="--where")
    assert caught.value.suggestions == ["Jermuk"] and str(caught.value).startswith("--where: ")
