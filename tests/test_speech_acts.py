"""The speech-act stage (pactwatch.extract.events.speech_acts) where the case tables do not reach:
its data file's checks, the statements it reads, and one event per statement.

Texts are our own; the real spaCy model and the full extractor are used."""
from __future__ import annotations

import pytest
import yaml

from pactwatch import resources
from pactwatch.errors import DataFileError
from pactwatch.extract.events import speech_acts
from pactwatch.pipeline import Extractor
from pactwatch.records import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def events(extractor: Extractor, text: str):
    return extractor.extract(Article(id="t", text=text, published="2024-03-15")).events


def test_every_group_of_the_data_file_has_a_source_and_words() -> None:
    data = yaml.safe_load(resources.data_path(speech_acts.LEXICON).read_text(encoding="utf-8"))
    assert set(data) == set(speech_acts.LISTS)
    for name, group in data.items():
        assert group["source"].strip(), name
        assert group["words"] and all(isinstance(w, str) and w == w.lower() for w in group["words"]), name


def _load_with(monkeypatch: pytest.MonkeyPatch, tmp_path, content: dict):
    path = tmp_path / "speech_acts.yaml"
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    monkeypatch.setattr(speech_acts, "data_path", lambda relative: path)
    monkeypatch.setattr(speech_acts, "load_yaml", lambda relative: yaml.safe_load(path.read_text(encoding="utf-8")))
    speech_acts.speech_act_lexicon.cache_clear()
    try:
        return speech_acts.speech_act_lexicon()
    finally:
        speech_acts.speech_act_lexicon.cache_clear()


def test_a_group_without_source_is_refused_naming_file_and_group(monkeypatch, tmp_path) -> None:
    content = {name: {"source": "ours", "words": ["x"]} for name in speech_acts.LISTS}
    content["charges"] = {"words": ["violate"]}
    with pytest.raises(DataFileError) as error:
        _load_with(monkeypatch, tmp_path, content)
    message = str(error.value)
    assert "speech_acts.yaml" in message and "charges" in message and "source" in message


def test_an_unknown_group_is_refused(monkeypatch, tmp_path) -> None:
    content = {name: {"source": "ours", "words": ["x"]} for name in speech_acts.LISTS}
    content["compliments"] = {"source": "ours", "words": ["nice"]}
    with pytest.raises(DataFileError) as error:
        _load_with(monkeypatch, tmp_path, content)
    assert "compliments" in str(error.value)


def test_a_direct_quote_is_coded_for_its_speaker(extractor: Extractor) -> None:
    # "we" inside the marks is the speaker; the charge is against the subject of the quoted clause
    found = events(extractor, '"Russia has violated our airspace again," Lithuania\'s foreign minister said.')
    assert any(e.type == "ACCUSE" and e.source == "LTU" and e.target == "RUS" for e in found), found


def test_two_charges_in_one_statement_are_one_event(extractor: Extractor) -> None:
    found = events(extractor, "Moldova said Russia had violated its airspace and had undermined the agreement.")
    accusations = [e for e in found if e.type == "ACCUSE" and e.source == "MDA" and e.target == "RUS"]
    assert len(accusations) == 1, found


def test_a_statement_restated_later_in_the_article_is_coded_once(extractor: Extractor) -> None:
    text = ("Moldova said Russia had violated its airspace.\n\n"
            "Officials in Chisinau met on Monday to discuss the harvest.\n\n"
            '"Russia has violated our airspace," the Moldovan foreign minister said.')
    accusations = [e for e in events(extractor, text) if e.type == "ACCUSE" and e.source == "MDA"]
    assert len(accusations) == 1, accusations


def test_a_reporting_verb_that_is_a_trigger_is_not_coded_twice(extractor: Extractor) -> None:
    found = events(extractor, "Poland warned that Belarus would pay a heavy price.")
    threats = [e for e in found if e.type == "THREATEN" and e.source == "POL"]
    assert len(threats) == 1 and threats[0].trigger == "warn", found


def test_a_neutral_statement_codes_no_speech_act(extractor: Extractor) -> None:
    found = events(extractor, "Spain said the talks with Morocco would resume in May.")
    assert not [e for e in found if e.type in {"ACCUSE", "THREATEN", "REJECT", "REQUEST", "SUPPORT"}], found
