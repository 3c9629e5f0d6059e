"""PLOVER and CAMEO output: codes come from the reference crosswalk, and rows/records are stable and well formed."""
from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

from pactwatch import formats, plover

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "plover.json"


@pytest.fixture(scope="module")
def crosswalk() -> dict:
    """The CAMEO->PLOVER crosswalk; its absence is a broken checkout, so fail rather than skip."""
    if not REFERENCE.is_file():
        pytest.fail(f"reference file missing: {REFERENCE} (the tests need ../shared beside the checkout)")
    return json.loads(REFERENCE.read_text(encoding="utf-8"))["crosswalk"]["codes"]


def _event(**overrides) -> dict:
    event = {
        "source": "ARM", "target": "CSTO", "type": "REQUEST", "mode": None, "date": "2024-03-05",
        "negated": False, "hypothetical": False,
        "evidence": "Ruritania asked the alliance for help.", "evidence_span": [0, 38],
        "source_text": "Ruritania", "target_text": "the alliance", "confidence": 0.9,
    }
    event.update(overrides)
    return event


ARTICLE = {
    "id": "art-1",
    "url": "https://example.org/news/1",
    "title": "Made-up headline",
    "outlet": "Example Times",
    "published": "2024-03-06",
    "text_clean": "Ruritania asked the alliance for help.\nLater paragraph.\tThe ministry\nsaid no.",
    "events": [
        _event(),
        _event(source="CSTO", target="ARM", type="REJECT", mode="assist", date="2024-03",
               evidence="The ministry\tsaid\nno.", evidence_span=[56, 76],
               source_text="The ministry", target_text=None, negated=True),
        _event(source="ARTSAKH", target=None, type="ASSAULT", mode="heavy-weapons", date=None,
               hypothetical=True, evidence_span=[40, 55], target_text=None),
    ],
    "quotes": [],
    "actors": [
        {"key": "ARM", "name": "Armenia", "kind": "state", "mentions": 2},
        {"key": "CSTO", "name": "Collective Security Treaty Organization", "kind": "alliance", "mentions": 2},
        {"key": "ARTSAKH", "name": "Artsakh", "kind": "entity", "mentions": 1},
    ],
}


def _rows(article: dict = ARTICLE) -> list[dict[str, str]]:
    return [dict(zip(formats.CAMEO_COLUMNS, row, strict=True)) for row in formats.cameo_rows(article)]


def test_sixteen_types():
    assert len(plover.TYPES) == 16
    assert {"AGREE", "REQUEST", "ACCUSE", "REJECT", "SANCTION", "ASSAULT"} <= set(plover.TYPES)


def test_every_emitted_code_is_a_crosswalk_code_of_that_type(crosswalk):
    for event_type in plover.TYPES:
        modes = [None] + [m["name"] for m in plover.load()["types"][event_type]["modes"]]
        for mode in modes:
            code = plover.cameo_code(event_type, mode)
            assert code in crosswalk, (event_type, mode, code)
            assert crosswalk[code]["event"] == event_type, (event_type, mode, code)


def test_mode_specific_code_is_used(crosswalk):
    assert plover.cameo_code("REQUEST") == "100"
    assert plover.cameo_code("REQUEST", "assist") != "100"
    assert crosswalk[plover.cameo_code("CONSULT", "phone")]["mode"] == "phone"
    assert crosswalk[plover.cameo_code("SANCTION", "withdraw")]["mode"] == "withdraw"


def test_mode_without_crosswalk_code_falls_back_to_type_code():
    assert plover.cameo_code("CONSULT", "multilateral") == plover.cameo_code("CONSULT")


def test_unknown_type_or_mode_is_an_error():
    with pytest.raises(ValueError):
        plover.cameo_code("FIGHT")
    with pytest.raises(ValueError):
        plover.cameo_code("REQUEST", "visit")


def test_accuse_score_sign_is_corrected():
    assert plover.load()["types"]["ACCUSE"]["score"] < 0


def test_cameo_columns_and_codes():
    rows = _rows()
    assert len(rows) == 3
    first, second, third = rows
    assert "GoldsteinScale" not in formats.CAMEO_COLUMNS
    assert first["EventCode"] == "100" and first["EventRootCode"] == "10" and first["QuadClass"] == "3"
    assert second["EventCode"] == plover.cameo_code("REJECT", "assist")
    assert second["EventBaseCode"] == second["EventCode"][:3]
    assert first["Actor1Name"] == "Armenia" and first["Actor1CountryCode"] == "ARM"
    assert first["Actor2Code"] == "CSTO" and first["Actor2CountryCode"] == ""
    assert third["Actor1CountryCode"] == "" and third["Actor2Code"] == ""
    assert first["PloverScore"] == "0"
    # the score everywhere is plover.event_score: a hypothetical or negated act counts 0
    assert third["PloverScore"] == "0" and second["PloverScore"] == "0"
    counted = copy.deepcopy(ARTICLE)
    counted["events"][2]["hypothetical"] = False
    assert _rows(counted)[2]["PloverScore"] == "-9.5"
    assert first["DATEADDED"] == "20240306" and first["SOURCEURL"] == ARTICLE["url"]
    assert (first["IsRootEvent"], second["IsRootEvent"]) == ("1", "0")
    assert (second["Negated"], third["Hypothetical"], first["Negated"]) == ("1", "1", "0")


def test_partial_dates():
    first, second, third = _rows()
    assert (first["Day"], first["MonthYear"], first["Year"]) == ("20240305", "202403", "2024")
    assert first["FractionDate"].startswith("2024.")
    assert (second["Day"], second["MonthYear"], second["Year"], second["FractionDate"]) == ("", "202403", "2024", "")
    assert (third["Day"], third["MonthYear"], third["Year"]) == ("", "", "")
    records = formats.plover_records(ARTICLE)
    # PLOVER's date is always YYYY-MM-DD: a month is its first day, with enddate its last
    assert [(r["date"], r.get("enddate"), r["date_precision"]) for r in records] == [
        ("2024-03-05", None, "day"), ("2024-03-01", "2024-03-31", "month"), (None, None, "unknown")]
    assert "enddate" not in records[0]
    year_only = copy.deepcopy(ARTICLE)
    year_only["events"] = [_event(date="2023"), _event(date="2024-02")]
    year, leap_february = formats.plover_records(year_only)
    assert (year["date"], year["enddate"], year["date_precision"]) == ("2023-01-01", "2023-12-31", "year")
    assert (leap_february["date"], leap_february["enddate"]) == ("2024-02-01", "2024-02-29")
    assert _rows(year_only)[0]["MonthYear"] == "" and _rows(year_only)[0]["Year"] == "2023"


def test_dates_at_the_calendar_edge():
    edge = copy.deepcopy(ARTICLE)
    edge["events"] = [_event(date="9999-12-31"), _event(date="0001-01-01")]
    last, first = _rows(edge)
    assert (last["Day"], last["FractionDate"]) == ("99991231", "9999.9973")
    assert (first["Day"], first["FractionDate"]) == ("00010101", "1.0000")
    assert formats.plover_records(edge)[0]["date"] == "9999-12-31"


def test_malformed_date_is_an_error():
    bad = copy.deepcopy(ARTICLE)
    bad["events"] = [_event(date="5 March 2024")]
    with pytest.raises(ValueError):
        formats.cameo_rows(bad)
    bad["events"] = [_event(date="2024-02-30")]
    with pytest.raises(ValueError):
        formats.plover_records(bad)


def test_global_event_id_stable_and_distinct():
    ids = [row["GlobalEventID"] for row in _rows()]
    assert ids == [row["GlobalEventID"] for row in _rows(copy.deepcopy(ARTICLE))]
    assert len(set(ids)) == len(ids)
    assert all(int(i) > 0 for i in ids)
    other = copy.deepcopy(ARTICLE)
    other["id"] = "art-2"
    assert not set(ids) & {row["GlobalEventID"] for row in _rows(other)}


def test_tabs_and_newlines_in_evidence_do_not_break_rows():
    out = io.StringIO()
    formats.write_cameo([ARTICLE, ARTICLE], out)
    lines = out.getvalue().splitlines()
    assert lines[0].split("\t") == list(formats.CAMEO_COLUMNS)
    assert len(lines) == 1 + 2 * len(ARTICLE["events"])
    assert all(len(line.split("\t")) == len(formats.CAMEO_COLUMNS) for line in lines)
    assert _rows()[1]["Evidence"] == "The ministry said no."
    no_header = io.StringIO()
    formats.write_cameo([ARTICLE], no_header, header=False)
    assert no_header.getvalue().splitlines() == lines[1:4]


def test_plover_record_fields():
    records = formats.plover_records(ARTICLE)
    for record in records:
        assert {"id", "date", "actor", "event"} <= set(record)
        assert record["context"] == [] and record["coder"].startswith("pactwatch ")
    first, second, third = records
    assert first["id"] == "art-1-000" and third["id"] == "art-1-002"
    assert first["actor"] == [{"code": "ARM", "entity_text": "Ruritania"}]
    assert first["recipient"] == [{"code": "CSTO", "entity_text": "the alliance"}]
    assert third["recipient"] == []
    assert first["event"] == ["REQUEST"] and first["mode"] == [] and first["quad_code"] == 3
    assert second["mode"] == ["assist", "negation"]
    assert third["mode"] == ["heavy-weapons", "hypothetical"]
    assert first["link"] == ARTICLE["url"] and first["event_text"] == ARTICLE["events"][0]["evidence"]
    assert second["cite_info"] == {"article_id": "art-1", "outlet": "Example Times",
                                   "title": "Made-up headline", "evidence_span": [56, 76]}


def test_write_plover_is_json_lines():
    out = io.StringIO()
    formats.write_plover([ARTICLE], out)
    parsed = [json.loads(line) for line in out.getvalue().splitlines()]
    assert parsed == formats.plover_records(ARTICLE)


# --- modes come from the ontology only ------------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "seeds" / "gold.jsonl"


@pytest.fixture(scope="module")
def seeds() -> Path:
    if not SEEDS.is_file():
        pytest.fail(f"seed articles missing: {SEEDS} (the tests need ../shared beside the checkout)")
    return SEEDS


@pytest.mark.parametrize("fmt", ["cameo", "plover"])
def test_the_seeds_export_in_both_formats(seeds, tmp_path, pactwatch, fmt):
    out = tmp_path / f"seeds.{fmt}"
    result = pactwatch("extract", seeds, "--format", fmt, "--out", out, "-q", cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    if fmt == "cameo":
        rows = [dict(zip(formats.CAMEO_COLUMNS, line.split("\t"))) for line in lines[1:]]
        assert len(rows) > 20 and all(r["EventCode"] for r in rows)
        modes = [(r["PloverType"], r["PloverMode"]) for r in rows]
    else:
        records = [json.loads(line) for line in lines]
        assert len(records) > 20
        auxiliary = {m["name"] for m in plover.load()["auxiliary_modes"]}
        modes = [(r["event"][0], m) for r in records for m in r["mode"] if m not in auxiliary]
    assert all(plover.is_mode(t, m) for t, m in modes if m), [tm for tm in modes if tm[1] and not plover.is_mode(*tm)]


def test_every_shipped_frame_mode_is_a_plover_mode():
    from pactwatch.extract.events import load_lexicon

    lexicon = load_lexicon()
    frames = [f for table in (lexicon.verbs, lexicon.nouns, lexicon.adjectives) for fs in table.values() for f in fs]
    assert [(f.lemma, f.type, f.mode) for f in frames if f.mode and not plover.is_mode(f.type, f.mode)] == []


def test_a_lexicon_frame_with_an_invented_mode_is_refused_with_file_entry_and_field():
    from pactwatch.extract.events import lexicon
    from pactwatch.errors import DataFileError

    with pytest.raises(DataFileError) as caught:
        lexicon._frame("/data/lexicon/mine.yaml", "verbs", "sever", "verb",
                      {"type": "REJECT", "mode": "reduce_relations", "target": ["prep:with"]})
    message = str(caught.value)
    assert message.startswith("/data/lexicon/mine.yaml, entry verbs.sever, field 'mode':")
    assert "reduce_relations" in message and "assist, change, yield, meet" in message
    # a type without modes says so
    with pytest.raises(DataFileError, match="leave mode out"):
        lexicon._frame("mine.yaml", "verbs", "pledge", "verb", {"type": "AGREE", "mode": "promise"})
