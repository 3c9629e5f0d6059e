"""Tests for the gold-standard scorer: every rule in the scoring spec gets a tiny made-up case."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactwatch.errors import InputError
from pactwatch.evaluate import (
    PRF,
    EvalReport,
    evaluate,
    format_report,
    read_jsonl,
    score_files,
)

SEED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "seeds" / "gold.jsonl"


def ev(source, target, type_, **extra) -> dict:
    return {"source": source, "target": target, "type": type_, "evidence": f"{source} {type_} {target}", **extra}


def quote(text: str, speaker: str = "Jan Kowal", actor: str = "POL") -> dict:
    return {"speaker": speaker, "speaker_actor": actor, "text": text, "direct": True}


def article(id_: str = "a1", events=(), quotes=(), **extra) -> dict:
    return {"id": id_, "events": list(events), "quotes": list(quotes), **extra}


def score(gold_events=(), pred_events=(), gold_quotes=(), pred_quotes=()) -> EvalReport:
    return evaluate(
        [article(events=gold_events, quotes=gold_quotes)],
        [article(events=pred_events, quotes=pred_quotes)],
    )


def counts(prf: PRF) -> tuple[int, int, int]:
    return prf.tp, prf.fp, prf.fn


# --------------------------------------------------------------------------- PRF


def test_prf_arithmetic_and_zero_cases():
    prf = PRF(tp=2, fp=2, fn=0)
    assert prf.precision == 0.5
    assert prf.recall == 1.0
    assert prf.f1 == pytest.approx(2 / 3)
    assert PRF().f1 == 0.0
    assert PRF().to_dict() == {"tp": 0, "fp": 0, "fn": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}


# --------------------------------------------------------------------------- events


def test_exact_scalar_match():
    report = score([ev("FRA", "DEU", "CONSULT")], [ev("FRA", "DEU", "CONSULT")])
    assert counts(report.events_loose) == (1, 0, 0)
    assert report.events_loose.f1 == 1.0


def test_list_valued_gold_fields_accept_any_listed_value():
    gold = [ev(["FRA", "EU"], ["DEU", "POL"], ["REQUEST", "ACCUSE"])]
    for pred in (ev("FRA", "POL", "ACCUSE"), ev("EU", "DEU", "REQUEST")):
        assert counts(score(gold, [pred]).events_loose) == (1, 0, 0)
    assert counts(score(gold, [ev("FRA", "ITA", "REQUEST")]).events_loose) == (0, 1, 1)


def test_scalar_gold_value_needs_exact_value():
    report = score([ev("FRA", "DEU", "CONSULT")], [ev("FRA", "DEU", "COOPERATE")])
    assert counts(report.events_loose) == (0, 1, 1)
    assert report.events_loose.precision == 0.0


def test_null_gold_target_matches_only_null_prediction():
    gold = [ev("FRA", None, "MOBILIZE")]
    assert counts(score(gold, [ev("FRA", None, "MOBILIZE")]).events_loose) == (1, 0, 0)
    assert counts(score(gold, [ev("FRA", "DEU", "MOBILIZE")]).events_loose) == (0, 1, 1)
    # A predicted null target does not match a gold target that does not list null ...
    assert counts(score([ev("FRA", ["DEU", "POL"], "MOBILIZE")], [ev("FRA", None, "MOBILIZE")]).events_loose) == (
        0,
        1,
        1,
    )
    # ... but does when the list contains null.
    assert counts(score([ev("FRA", ["DEU", None], "MOBILIZE")], [ev("FRA", None, "MOBILIZE")]).events_loose) == (
        1,
        0,
        0,
    )


def test_maximum_matching_beats_greedy():
    # Greedy in listed order would pair the broad gold with the first prediction (target DEU)
    # and leave the narrow gold, which accepts only DEU, unmatched.
    gold = [ev("FRA", ["DEU", "POL"], "ACCUSE"), ev("FRA", "DEU", "ACCUSE")]
    pred = [ev("FRA", "DEU", "ACCUSE"), ev("FRA", "POL", "ACCUSE")]
    report = score(gold, pred)
    assert counts(report.events_loose) == (2, 0, 0)


def test_maximum_matching_needs_a_longer_augmenting_path():
    gold = [
        ev("FRA", ["DEU", "POL"], "ACCUSE"),
        ev("FRA", ["POL", "ITA"], "ACCUSE"),
        ev("FRA", "DEU", "ACCUSE"),
    ]
    pred = [ev("FRA", "DEU", "ACCUSE"), ev("FRA", "POL", "ACCUSE"), ev("FRA", "ITA", "ACCUSE")]
    assert counts(score(gold, pred).events_loose) == (3, 0, 0)


def test_matching_is_one_to_one():
    report = score([ev("FRA", "DEU", "CONSULT")], [ev("FRA", "DEU", "CONSULT"), ev("FRA", "DEU", "CONSULT")])
    assert counts(report.events_loose) == (1, 1, 0)


def test_optional_gold_is_not_a_miss_and_absorbs_a_prediction():
    gold = [ev("FRA", "DEU", "CONSULT"), ev("FRA", "DEU", "SUPPORT", optional=True)]
    # Unmatched optional: not a miss.
    report = score(gold, [ev("FRA", "DEU", "CONSULT")])
    assert counts(report.events_loose) == (1, 0, 0)
    # Matched optional: the prediction is neither a true nor a false positive.
    report = score(gold, [ev("FRA", "DEU", "CONSULT"), ev("FRA", "DEU", "SUPPORT")])
    assert counts(report.events_loose) == (1, 0, 0)
    assert report.events_loose.precision == 1.0
    assert report.articles[0]["events_absorbed_by_optional"] == 1


def test_required_gold_is_matched_before_optional():
    # The optional gold is listed first and accepts the only prediction; the required one must get it.
    gold = [ev("FRA", "DEU", "CONSULT", optional=True), ev("FRA", "DEU", "CONSULT")]
    report = score(gold, [ev("FRA", "DEU", "CONSULT")])
    assert counts(report.events_loose) == (1, 0, 0)


def test_optional_absorbs_without_costing_required_matches():
    # Matching the required gold to its first candidate would leave the second prediction a false
    # positive; re-pairing lets the optional gold absorb it while the required one stays matched.
    gold = [ev("FRA", ["DEU", "POL"], "REQUEST"), ev("FRA", "DEU", "REQUEST", optional=True)]
    pred = [ev("FRA", "DEU", "REQUEST"), ev("FRA", "POL", "REQUEST")]
    assert counts(score(gold, pred).events_loose) == (1, 0, 0)


def test_strict_requires_equal_flags_with_missing_flags_false():
    gold = [ev("FRA", "DEU", "THREATEN", hypothetical=True), ev("FRA", "DEU", "SANCTION")]
    pred = [ev("FRA", "DEU", "THREATEN"), ev("FRA", "DEU", "SANCTION", negated=False, hypothetical=False)]
    report = score(gold, pred)
    assert counts(report.events_loose) == (2, 0, 0)
    assert counts(report.events_strict) == (1, 1, 1)
    mismatches = report.articles[0]["flag_mismatches"]
    assert [m["gold"]["type"] for m in mismatches] == ["THREATEN"]


def test_strict_is_its_own_maximum_matching():
    # Loosely the two preds could pair either way; strictly only the crossed pairing works.
    gold = [ev("FRA", "DEU", "REJECT", negated=True), ev("FRA", "DEU", "REJECT")]
    pred = [ev("FRA", "DEU", "REJECT"), ev("FRA", "DEU", "REJECT", negated=True)]
    report = score(gold, pred)
    assert counts(report.events_strict) == (2, 0, 0)


def test_dates_prefix_scoring_on_loose_matches():
    gold = [
        ev("FRA", "DEU", "CONSULT", date="2023-05"),
        ev("FRA", "POL", "CONSULT", date="2023-05-14"),
        ev("FRA", "ITA", "CONSULT", date="2023"),
        ev("FRA", "ESP", "CONSULT", date=None),
        ev("FRA", "AUT", "CONSULT", date="2023-06"),
    ]
    pred = [
        ev("FRA", "DEU", "CONSULT", date="2023-05-14"),  # more precise: right
        ev("FRA", "POL", "CONSULT", date="2023-05"),  # less precise: wrong
        ev("FRA", "ITA", "CONSULT", date=None),  # null: wrong
        ev("FRA", "ESP", "CONSULT", date="2023-01-01"),  # gold null: not scored
        ev("FRA", "AUT", "CONSULT", date="2023-06", negated=True),  # strict mismatch still scores the date
    ]
    report = score(gold, pred)
    assert (report.dates_correct, report.dates_scored) == (2, 4)
    assert report.date_accuracy == 0.5
    assert {w["gold"] for w in report.articles[0]["wrong_dates"]} == {"2023-05-14", "2023"}


def test_dates_prefer_the_pairing_with_matching_dates():
    gold = [ev("FRA", "DEU", "ACCUSE", date="2023-01"), ev("FRA", "DEU", "ACCUSE", date="2023-02")]
    pred = [ev("FRA", "DEU", "ACCUSE", date="2023-02"), ev("FRA", "DEU", "ACCUSE", date="2023-01")]
    report = score(gold, pred)
    assert (report.dates_correct, report.dates_scored) == (2, 2)


def test_missed_and_false_positive_events_are_listed_with_evidence():
    gold = [ev("FRA", "DEU", "CONSULT"), ev("FRA", "POL", "AID")]
    pred = [ev("FRA", "DEU", "CONSULT"), ev("ITA", "POL", "AID")]
    detail = score(gold, pred).articles[0]
    assert [e["evidence"] for e in detail["missed_events"]] == ["FRA AID POL"]
    assert [e["evidence"] for e in detail["false_positive_events"]] == ["ITA AID POL"]
    assert len(detail["matched_events"]) == 1


# --------------------------------------------------------------------------- quotes


# Ten distinct words; Jaccard with a prefix of k words is k/10.
TEN = "one two three four five six seven eight nine ten"


def test_quote_jaccard_threshold_just_above_and_below():
    gold = [quote(TEN)]
    cases = {
        "one two three four five six seven eight extra": True,  # 8/11 ~ 0.727
        "one two three four five six seven": True,  # 7/10 = 0.7 exactly
        "one two three four five six seven eight nine x y z": False,  # 9/13 ~ 0.692
    }
    for text, matches in cases.items():
        expected = (1, 0, 0) if matches else (0, 1, 1)
        assert counts(score(gold_quotes=gold, pred_quotes=[quote(text)]).quotes) == expected, text


def test_quote_words_ignore_case_punctuation_and_curly_apostrophes():
    gold = [quote("We don\u2019t accept these TERMS, at all.")]
    pred = [quote("we don't accept these terms at all")]
    assert counts(score(gold_quotes=gold, pred_quotes=pred).quotes) == (1, 0, 0)


def test_speaker_needs_same_actor_and_a_shared_non_stopword():
    text = "we will not sign the treaty this year"
    cases = [
        (quote(text, "Jan Kowal", "POL"), quote(text, "Kowal", "POL"), True),
        (quote(text, "Jan Kowal", "POL"), quote(text, "KOWAL", "POL"), True),
        (quote(text, "Jan Kowal", "POL"), quote(text, "Kowal", "DEU"), False),
        (quote(text, "the minister of defence", "POL"), quote(text, "the head of state", "POL"), False),
        (quote(text, "an unnamed official", "POL"), quote(text, "a spokesman", "POL"), False),
        (quote(text, "an unnamed official", "POL"), quote(text, "a senior official", "POL"), True),
        (quote(text, "Jan Kowal", "POL"), quote(text, None, "POL"), False),
    ]
    for gold_q, pred_q, right in cases:
        report = score(gold_quotes=[gold_q], pred_quotes=[pred_q])
        assert (report.speakers_correct, report.speakers_scored) == (int(right), 1), (gold_q, pred_q)


def test_speakers_scored_only_on_matched_quotes():
    report = score(gold_quotes=[quote(TEN)], pred_quotes=[quote("something else entirely")])
    assert (report.speakers_correct, report.speakers_scored) == (0, 0)
    assert report.speaker_accuracy is None


# --------------------------------------------------------------------------- boilerplate


def test_boilerplate_removed_and_body_kept():
    gold = article(
        text="Subscribe to our newsletter\nThe minister arrived in Oslo.\n\nTalks   lasted two days.\nShare this\n",
        boilerplate=["Subscribe to our newsletter", "Share this"],
    )
    pred = article(text_clean="The minister arrived in Oslo. Talks lasted\ntwo days.\n  Share this  ")
    report = evaluate([gold], [pred])
    assert (report.boilerplate_removed, report.boilerplate_total) == (1, 2)
    assert (report.body_kept, report.body_total) == (2, 2)
    assert report.articles[0]["boilerplate_remaining"] == ["Share this"]


def test_lost_body_lines_are_listed_truncated():
    long_line = "A very long body line " + "x" * 120
    gold = article(text=f"Kept line.\n{long_line}\n", boilerplate=[])
    report = evaluate([gold], [article(text_clean="Kept line.")])
    assert (report.body_kept, report.body_total) == (1, 2)
    (lost,) = report.articles[0]["lost_body_lines"]
    assert len(lost) == 80 and lost.startswith("A very long body line")


# --------------------------------------------------------------------------- articles


def test_missing_pred_article_counts_misses_and_extra_pred_articles_are_counted():
    gold = [
        article("a1", events=[ev("FRA", "DEU", "CONSULT")]),
        article("a2", events=[ev("FRA", "DEU", "AID"), ev("FRA", "POL", "AID", optional=True)],
                quotes=[quote(TEN)], text="Body line.", boilerplate=[]),
    ]
    pred = [article("a1", events=[ev("FRA", "DEU", "CONSULT")]), article("zz", events=[ev("FRA", "DEU", "AID")])]
    report = evaluate(gold, pred)
    assert counts(report.events_loose) == (1, 0, 1)
    assert counts(report.quotes) == (0, 0, 1)
    assert (report.body_kept, report.body_total) == (0, 1)
    assert report.unmatched_pred_articles == 1
    assert report.missing_pred_articles == 1
    assert [a["predicted"] for a in report.articles] == [True, False]


def test_micro_average_sums_over_articles():
    gold = [article("a1", events=[ev("FRA", "DEU", "AID")]), article("a2", events=[ev("FRA", "DEU", "AID")] * 3)]
    pred = [article("a1", events=[ev("FRA", "DEU", "AID")]), article("a2", events=[ev("FRA", "DEU", "AID")])]
    report = evaluate(gold, pred)
    assert counts(report.events_loose) == (2, 0, 2)
    assert report.events_loose.recall == 0.5


def test_duplicate_article_ids_are_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        evaluate([article("a1"), article("a1")], [])


def test_report_serialises_and_formats():
    gold = [article(events=[ev("FRA", "DEU", "CONSULT"), ev("FRA", "POL", "AID")], text="Body.", boilerplate=[])]
    pred = [article(events=[ev("FRA", "DEU", "CONSULT"), ev("ITA", "POL", "AID")], text_clean="Body.")]
    report = evaluate(gold, pred)
    json.dumps(report.to_dict())
    short = format_report(report)
    for label in ("events (loose)", "events (strict)", "dates", "quotes", "speakers", "boilerplate removed",
                  "body lines kept"):
        assert label in short
    assert "missed" not in short
    verbose = format_report(report, verbose=True)
    assert "missed      AID FRA->POL: FRA AID POL" in verbose
    assert "extra       AID ITA->POL: ITA AID POL" in verbose


# --------------------------------------------------------------------------- files


def test_read_jsonl_skips_blank_lines(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a"}\n\n   \n{"id": "b"}\n', encoding="utf-8")
    assert [r["id"] for r in read_jsonl(path)] == ["a", "b"]


def test_read_jsonl_malformed_line_reports_line_number(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a"}\n\n{"id": "b",\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_jsonl(path)
    assert info.value.line == 3
    assert info.value.path == str(path)
    assert f"{path}:3" in str(info.value)


def test_read_jsonl_non_object_line_and_missing_file(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text('{"id": "a"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_jsonl(path)
    assert info.value.line == 2
    with pytest.raises(InputError):
        read_jsonl(tmp_path / "nope.jsonl")


def test_score_files_reports_duplicate_ids_against_the_file(tmp_path):
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(article("a1", events=[ev("FRA", "DEU", "AID")])) + "\n", encoding="utf-8")
    pred.write_text((json.dumps(article("a1")) + "\n") * 2, encoding="utf-8")
    with pytest.raises(InputError) as info:
        score_files(gold, pred)
    assert info.value.path == str(pred)
    pred.write_text(json.dumps(article("a1", events=[ev("FRA", "DEU", "AID")])) + "\n", encoding="utf-8")
    assert score_files(gold, pred).events_loose.f1 == 1.0


def _first(value):
    return value[0] if isinstance(value, list) else value


def test_seed_gold_scored_against_itself_is_perfect(tmp_path):
    assert SEED_GOLD.is_file(), f"seed gold file missing: {SEED_GOLD}"
    gold = read_jsonl(SEED_GOLD)
    assert gold, "seed gold file is empty"
    pred = []
    for g in gold:
        boilerplate = {b.strip() for b in g.get("boilerplate") or []}
        pred.append({
            "id": g["id"],
            "events": [
                {**e, "source": _first(e["source"]), "target": _first(e["target"]), "type": _first(e["type"])}
                for e in g["events"]
            ],
            "quotes": g["quotes"],
            "text_clean": "\n".join(line for line in g["text"].splitlines() if line.strip() not in boilerplate),
        })
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred), encoding="utf-8")
    report = score_files(SEED_GOLD, pred_path)
    assert report.events_loose.f1 == 1.0
    assert report.events_strict.f1 == 1.0
    assert report.quotes.f1 == 1.0
    assert report.dates_scored > 0 and report.date_accuracy == 1.0
    assert report.speaker_accuracy == 1.0
    assert report.body_kept == report.body_total > 0
    assert report.boilerplate_removed == report.boilerplate_total
    assert report.missing_pred_articles == report.unmatched_pred_articles == 0
