"""Tests for the gold-standard scorer: every rule in the scoring spec gets a tiny made-up case."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactwatch.errors import InputError
from pactwatch.evaluate import (
    PRF,
    EvalReport,
    check_floors,
    evaluate,
    figures as eval_figures,
    format_gate,
    format_report,
    lowered_floors,
    parse_floors,
    read_floors,
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
        ev("FRA", "ESP", "CONSULT", date="2023-01-01"),  # gold null accepts anything: right
        ev("FRA", "AUT", "CONSULT", date="2023-06", negated=True),  # strict mismatch still scores the date
    ]
    report = score(gold, pred)
    # CONVENTIONS.md: "Dates are scored on matched events ... null gold accepts anything".
    assert (report.dates_correct, report.dates_scored) == (3, 5)
    assert report.date_accuracy == 0.6
    assert report.dates_null_gold == 1
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


def test_a_source_list_is_one_joint_act_that_matches_one_prediction():
    # CONVENTIONS.md, Lists: the quartet is one act; a prediction per member gives one match, the rest extra.
    gold = [ev(["SAU", "ARE", "BHR", "EGY"], "QAT", "SANCTION")]
    pred = [ev(member, "QAT", "SANCTION") for member in ("SAU", "ARE", "BHR", "EGY")]
    assert counts(score(gold, pred).events_loose) == (1, 3, 0)


# Joint acts (CONVENTIONS.md: "CONSULT, AGREE and COOPERATE are joint acts").


def test_joint_acts_match_in_either_direction():
    for type_ in ("CONSULT", "AGREE", "COOPERATE"):
        assert counts(score([ev("FRA", "DEU", type_)], [ev("DEU", "FRA", type_)]).events_loose) == (1, 0, 0), type_
    # Other types keep their direction.
    assert counts(score([ev("FRA", "DEU", "ACCUSE")], [ev("DEU", "FRA", "ACCUSE")]).events_loose) == (0, 1, 1)


def test_joint_direction_follows_the_predicted_type_within_a_gold_type_list():
    gold = [ev("FRA", "DEU", ["SUPPORT", "AGREE"])]
    assert counts(score(gold, [ev("DEU", "FRA", "AGREE")]).events_loose) == (1, 0, 0)
    assert counts(score(gold, [ev("DEU", "FRA", "SUPPORT")]).events_loose) == (0, 1, 1)


def test_joint_reverse_direction_still_needs_accepted_keys():
    gold = [ev("FRA", ["DEU", "POL"], "CONSULT")]
    assert counts(score(gold, [ev("POL", "FRA", "CONSULT")]).events_loose) == (1, 0, 0)
    assert counts(score(gold, [ev("POL", "ITA", "CONSULT")]).events_loose) == (0, 1, 1)


def joint_pair(type_, evidence="France and Germany agreed to cooperate.", **extra):
    return [
        {**ev("FRA", "DEU", type_, **extra), "evidence": evidence},
        {**ev("DEU", "FRA", type_, **extra), "evidence": evidence},
    ]


def test_joint_pair_from_one_sentence_is_one_prediction():
    report = score([ev("FRA", "DEU", "AGREE")], joint_pair("AGREE"))
    assert counts(report.events_loose) == (1, 0, 0)
    assert counts(report.events_strict) == (1, 0, 0)
    assert report.articles[0]["joint_pairs_merged"] == 1
    # With no gold to match, the pair is still one false positive, not two.
    assert counts(score([], joint_pair("COOPERATE")).events_loose) == (0, 1, 0)


def test_joint_pair_merging_needs_same_type_same_sentence_and_a_joint_type():
    gold = [ev("FRA", "DEU", "AGREE")]
    different_sentences = [
        {**ev("FRA", "DEU", "AGREE"), "evidence": "France agreed."},
        {**ev("DEU", "FRA", "AGREE"), "evidence": "Germany agreed too."},
    ]
    assert counts(score(gold, different_sentences).events_loose) == (1, 1, 0)
    different_types = [joint_pair("AGREE")[0], joint_pair("CONSULT")[1]]
    assert counts(score(gold, different_types).events_loose) == (1, 1, 0)
    # ACCUSE is not a joint act: "accused each other" is two events (A7), so two predictions.
    assert counts(score([ev("FRA", "DEU", "ACCUSE")], joint_pair("ACCUSE")).events_loose) == (1, 1, 0)


def test_joint_pair_same_sentence_by_span_when_predictions_carry_spans():
    pair = joint_pair("CONSULT")
    pair[0]["evidence_span"], pair[1]["evidence_span"] = [0, 40], [100, 140]  # the same words twice in the text
    assert counts(score([ev("FRA", "DEU", "CONSULT")], pair).events_loose) == (1, 1, 0)
    pair[1]["evidence_span"] = [0, 40]
    assert counts(score([ev("FRA", "DEU", "CONSULT")], pair).events_loose) == (1, 0, 0)


def test_joint_pair_matches_strictly_when_either_direction_has_the_gold_flags():
    pair = joint_pair("AGREE")
    pair[1]["hypothetical"] = True
    report = score([ev("FRA", "DEU", "AGREE", hypothetical=True)], pair)
    assert counts(report.events_strict) == (1, 0, 0)


def test_each_joint_direction_pairs_with_one_reverse_only():
    # Two FRA->DEU and one DEU->FRA from one sentence: one pair plus one left-over prediction.
    pair = joint_pair("AGREE")
    report = score([ev("FRA", "DEU", "AGREE")], pair + [dict(pair[0])])
    assert counts(report.events_loose) == (1, 1, 0)


# Non-standard keys (CONVENTIONS.md: "Gold whose source or target holds a non-standard key is treated as optional").


def test_gold_with_a_non_standard_key_is_optional():
    gold = [ev("PROTESTERS", "FRA", "PROTEST"), ev(["SYR", "ASSAD"], "RUS", "REQUEST")]
    report = score(gold, [])
    assert counts(report.events_loose) == (0, 0, 0)
    assert report.articles[0]["events_optional_by_key"] == 2
    # A prediction matching one is absorbed, not a false positive.
    report = score(gold, [ev("SYR", "RUS", "REQUEST")])
    assert counts(report.events_loose) == (0, 0, 0)
    assert report.articles[0]["events_absorbed_by_optional"] == 1


def test_standard_keys_are_three_letter_codes_and_the_listed_names():
    for key in ("NGO", "TTP", "XKX", "HEZBOLLAH", "ARAB_LEAGUE", "G7", "M23"):
        assert counts(score([ev(key, "FRA", "ACCUSE")], []).events_loose) == (0, 0, 1), key
    for key in ("GLAS", "Fra", "FR", "EMPIRE_NAVIGATION"):
        assert counts(score([ev(key, "FRA", "ACCUSE")], []).events_loose) == (0, 0, 0), key
    # A null target is no key at all, so the event stays required.
    assert counts(score([ev("FRA", None, "MOBILIZE")], []).events_loose) == (0, 0, 1)


# Dates (CONVENTIONS.md: "the prediction must start with the gold date").


def test_dates_compare_as_dates_not_strings():
    gold = [ev("FRA", "DEU", "CONSULT", date="2023-05"), ev("FRA", "POL", "CONSULT", date="2023")]
    pred = [ev("FRA", "DEU", "CONSULT", date="2023-05-xx"), ev("FRA", "POL", "CONSULT", date="2023-13")]
    report = score(gold, pred)
    assert (report.dates_correct, report.dates_scored) == (0, 2)


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


def test_quote_matching_is_one_to_one():
    report = score(gold_quotes=[quote(TEN)], pred_quotes=[quote(TEN), quote(TEN)])
    assert counts(report.quotes) == (1, 1, 0)


def test_speaker_needs_same_actor_and_a_shared_non_stopword():
    text = "we will not sign the treaty this year"
    cases = [
        (quote(text, "Jan Kowal", "POL"), quote(text, "Kowal", "POL"), True),
        (quote(text, "Jan Kowal", "POL"), quote(text, "KOWAL", "POL"), True),
        (quote(text, "Jan Kowal", "POL"), quote(text, "Kowal", "DEU"), False),
        # Named gold speakers: "of" and "the" are not a shared name.
        (quote(text, "Office of the President", "POL"), quote(text, "the head of the army", "POL"), False),
        (quote(text, "Minister Jan Kowal", "POL"), quote(text, "the minister", "POL"), True),
        (quote(text, "Jan Kowal", "POL"), quote(text, None, "POL"), False),
    ]
    for gold_q, pred_q, right in cases:
        report = score(gold_quotes=[gold_q], pred_quotes=[pred_q])
        assert (report.speakers_correct, report.speakers_scored) == (int(right), 1), (gold_q, pred_q)


def test_speakers_scored_only_on_matched_quotes():
    report = score(gold_quotes=[quote(TEN)], pred_quotes=[quote("something else entirely")])
    assert (report.speakers_correct, report.speakers_scored) == (0, 0)
    assert report.speaker_accuracy is None


def quote_kind(text, direct, **extra):
    return {**quote(text, **extra), "direct": direct}


REPORTED = "the treaty would not be signed before the elections next spring"


def test_reported_quotes_are_not_judged_where_gold_lists_none():
    gold = [quote(TEN)]
    pred = [quote(TEN), quote_kind(REPORTED, False)]
    report = score(gold_quotes=gold, pred_quotes=pred)
    assert counts(report.quotes) == (1, 0, 0)
    assert report.reported_not_judged == 1
    assert report.articles[0]["reported_quotes_not_judged"] == 1


def test_reported_quotes_count_where_gold_lists_some():
    gold = [quote(TEN), quote_kind(REPORTED, False)]
    pred = [quote(TEN), quote_kind("an unrelated reported clause about grain exports", False)]
    report = score(gold_quotes=gold, pred_quotes=pred)
    assert counts(report.quotes) == (1, 1, 1)
    assert report.reported_not_judged == 0


def test_quote_recall_is_reported_per_kind_and_both_kinds_count():
    other = "nothing about this quote resembles any other quote here"
    gold = [quote(TEN), quote(other), quote_kind(REPORTED, False)]
    # The reported gold is found by a prediction flagged direct: matching is by words alone.
    pred = [quote(TEN), quote(REPORTED)]
    report = score(gold_quotes=gold, pred_quotes=pred)
    assert counts(report.quotes) == (2, 0, 1)
    assert (report.quotes_direct.found, report.quotes_direct.gold, report.quotes_direct.recall) == (1, 2, 0.5)
    assert (report.quotes_reported.found, report.quotes_reported.gold, report.quotes_reported.recall) == (1, 1, 1.0)
    # No reported gold at all: its recall is not measured rather than zero.
    assert score(gold_quotes=[quote(TEN)]).quotes_reported.recall is None


def test_speaker_actor_list_in_gold_accepts_any_listed_key():
    text = "we will not sign the treaty this year"
    gold = [quote(text, "Jan Kowal", ["CSTO", "POL"])]
    for actor, right in (("CSTO", True), ("POL", True), ("DEU", False), (None, False)):
        report = score(gold_quotes=gold, pred_quotes=[quote(text, "Kowal", actor)])
        assert report.speakers_correct == int(right), actor
    # A predicted list is right only if every key it gives is accepted.
    for actor, right in ((["POL", "CSTO"], True), (["POL", "DEU"], False), ([], False)):
        report = score(gold_quotes=gold, pred_quotes=[quote(text, "Kowal", actor)])
        assert report.speakers_correct == int(right), actor


def test_unnamed_gold_speaker_needs_only_the_actor():
    text = "we will not sign the treaty this year"
    for description in ("an unnamed Kremlin source", "the ministry", "A senior official", "some officials",
                        "officials (on the Polish side)"):
        right = score(gold_quotes=[quote(text, description, "POL")], pred_quotes=[quote(text, "Jan Kowal", "POL")])
        assert right.speakers_correct == 1, description
        wrong = score(gold_quotes=[quote(text, description, "POL")], pred_quotes=[quote(text, "Jan Kowal", "DEU")])
        assert wrong.speakers_correct == 0, description
    # A named gold speaker still needs a shared name.
    named = score(gold_quotes=[quote(text, "Polish officials", "POL")], pred_quotes=[quote(text, "Kowal", "POL")])
    assert named.speakers_correct == 0


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


def test_boilerplate_inside_a_body_line_must_be_cut_from_it():
    body = "The minister arrived in Oslo on Monday."
    gold = article(text=f"{body} (More stories.)\nTalks lasted two days.\n", boilerplate=["(More stories.)"])
    kept = evaluate([gold], [article(text_clean=f"{body} (More stories.)\nTalks lasted two days.")])
    assert (kept.boilerplate_removed, kept.boilerplate_total) == (0, 1)
    assert (kept.body_kept, kept.body_total) == (2, 2)
    cut = evaluate([gold], [article(text_clean=f"{body}\nTalks lasted two days.")])
    assert (cut.boilerplate_removed, cut.body_kept, cut.body_total) == (1, 2, 2)
    # Losing the whole line removes the boilerplate but loses the body it carried.
    lost = evaluate([gold], [article(text_clean="Talks lasted two days.")])
    assert (lost.boilerplate_removed, lost.body_kept) == (1, 1)


def test_whole_line_boilerplate_is_judged_as_a_line():
    # A caption line and a gallery line that repeats it: each is judged on its own line.
    caption = "The minister arrives in Oslo."
    gallery = f"1 of 5 | {caption}"
    gold = article(text=f"{gallery}\n{caption}\nTalks lasted two days.\n", boilerplate=[caption, gallery])
    report = evaluate([gold], [article(text_clean=f"{gallery}\nTalks lasted two days.")])
    assert (report.boilerplate_removed, report.boilerplate_total) == (1, 2)
    assert report.articles[0]["boilerplate_remaining"] == [gallery]


def test_boilerplate_glued_to_a_body_line_is_still_present():
    gold = article(text="Share this\nTalks lasted two days.\n", boilerplate=["Share this"])
    report = evaluate([gold], [article(text_clean="Share this Talks lasted two days.")])
    assert (report.boilerplate_removed, report.boilerplate_total) == (0, 1)


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


# --------------------------------------------------------------------------- per type


def test_by_type_counts_gold_under_each_listed_type_and_predictions_under_their_type():
    gold = [
        ev("FRA", "DEU", ["SUPPORT", "AGREE"]),
        ev("FRA", "POL", "ACCUSE"),
        ev("FRA", "ITA", "ACCUSE"),
        ev("FRA", "ESP", "SANCTION", optional=True),
    ]
    pred = [ev("FRA", "DEU", "AGREE"), ev("FRA", "POL", "ACCUSE"), ev("FRA", "AUT", "ACCUSE"),
            ev("FRA", "ESP", "SANCTION")]
    by_type = score(gold, pred).by_type
    assert (by_type["ACCUSE"].gold, by_type["ACCUSE"].found) == (2, 1)
    assert (by_type["ACCUSE"].predicted, by_type["ACCUSE"].correct) == (2, 1)
    assert by_type["ACCUSE"].precision == 0.5 and by_type["ACCUSE"].recall == 0.5 and by_type["ACCUSE"].f1 == 0.5
    # A gold that accepts SUPPORT or AGREE is a SUPPORT event and an AGREE event, found by the AGREE prediction.
    assert (by_type["SUPPORT"].gold, by_type["SUPPORT"].found, by_type["SUPPORT"].predicted) == (1, 1, 0)
    assert (by_type["AGREE"].gold, by_type["AGREE"].found, by_type["AGREE"].predicted) == (1, 1, 1)
    assert by_type["SUPPORT"].precision is None  # nothing predicted: not measured
    # A prediction absorbed by optional gold counts nowhere; optional gold is no type's event.
    assert "SANCTION" not in by_type


def test_by_type_sums_over_articles_and_serialises():
    gold = [article("a1", events=[ev("FRA", "DEU", "AID")]), article("a2", events=[ev("FRA", "POL", "AID")])]
    pred = [article("a1", events=[ev("FRA", "DEU", "AID")]), article("a2", events=[])]
    report = evaluate(gold, pred)
    assert (report.by_type["AID"].gold, report.by_type["AID"].found) == (2, 1)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["by_type"]["AID"] == {"gold": 2, "found": 1, "predicted": 1, "correct": 1,
                                      "precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}
    assert data["quotes_direct"]["recall"] is None and data["dates"]["null_gold"] == 1  # ev() gives no date
    assert "AID" in format_report(report, by_type=True)
    assert "AID" not in format_report(report)


def test_by_type_table_lists_types_in_plover_order_with_gold_n():
    gold = [ev("FRA", "DEU", "ASSAULT"), ev("FRA", "DEU", "AGREE")]
    text = format_report(score(gold, [ev("FRA", "DEU", "ASSAULT")]), by_type=True)
    lines = [line for line in text.splitlines() if line.split()[:1] in (["AGREE"], ["ASSAULT"])]
    assert [line.split()[0] for line in lines] == ["AGREE", "ASSAULT"]  # PLOVER order: AGREE before ASSAULT
    assert lines[1].split()[1:5] == ["1", "1.000", "1.000", "1.000"]


# --------------------------------------------------------------------------- gold checks


def test_gold_errors_name_the_file_line_and_field(tmp_path):
    cases = [
        ({"type": "ATTACK"}, "events[0].type", "ATTACK"),
        ({"type": ["ACCUSE", "BLAME"]}, "events[0].type", "BLAME"),
        ({"date": "2023-02-30"}, "events[0].date", "2023-02-30"),
        ({"source": 7}, "events[0].source", "7"),
        ({"negated": "no"}, "events[0].negated", "'no'"),
    ]
    pred = tmp_path / "pred.jsonl"
    pred.write_text("", encoding="utf-8")
    for change, field, shown in cases:
        gold = tmp_path / "gold.jsonl"
        record = article("a2", events=[{**ev("FRA", "DEU", "ACCUSE"), **change}])
        gold.write_text(json.dumps(article("a1")) + "\n\n" + json.dumps(record) + "\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            score_files(gold, pred)
        assert info.value.line == 3, change
        assert field in info.value.message and shown in info.value.message, info.value.message


def test_gold_boilerplate_must_be_in_the_text(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(article(text="Body.", boilerplate=["Subscribe"])) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:1: .*boilerplate\[0\].*not in the text"):
        score_files(gold, tmp_path / "pred.jsonl")


def test_prediction_shape_errors_name_the_file_and_line(tmp_path):
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(article()) + "\n", encoding="utf-8")
    for bad in ({"events": {"type": "AID"}}, {"quotes": ["text"]}, {"text_clean": 3}):
        pred.write_text(json.dumps(article(**{"events": [], **bad})) + "\n", encoding="utf-8")
        with pytest.raises(InputError) as info:
            score_files(gold, pred)
        assert (info.value.path, info.value.line) == (str(pred), 1), bad


# --------------------------------------------------------------------------- figures and floors


def test_figures_name_every_gated_number():
    gold = [article(events=[ev("FRA", "DEU", "AID")] * 5 + [ev("FRA", "DEU", "ACCUSE")] * 4,
                    quotes=[quote(TEN)], text="Body.", boilerplate=[])]
    pred = [article(events=[ev("FRA", "DEU", "AID")] * 3, quotes=[quote(TEN)], text_clean="Body.")]
    figures = eval_figures(evaluate(gold, pred))
    assert figures["events_loose.recall"] == pytest.approx(3 / 9)
    assert figures["events_strict.precision"] == 1.0
    assert figures["quotes.f1"] == 1.0 and figures["quotes.direct_recall"] == 1.0
    assert figures["quotes.reported_recall"] is None  # no reported gold: not measured
    assert figures["speakers.accuracy"] == 1.0 and figures["body.rate"] == 1.0
    assert figures["boilerplate.rate"] is None
    # Per-type recall only where the gold has at least five (required) events of the type.
    assert figures["types.AID.recall"] == 0.6
    assert "types.ACCUSE.recall" not in figures


def write_floors(path, text):
    path.write_text(text, encoding="utf-8")
    return path


FLOORS = """\
# floors rise only
sets:
  dev:
    gold: gold.jsonl
    floors:
      events_loose.f1: 0.50
      quotes.f1: 0.90
      quotes.reported_recall: 0.10
"""


def test_floors_pass_fail_and_unmeasured(tmp_path):
    sets = read_floors(write_floors(tmp_path / "floors.yaml", FLOORS))
    assert sets["dev"].gold == tmp_path / "gold.jsonl"
    checks = check_floors({"events_loose.f1": 0.5, "quotes.f1": 0.899, "quotes.reported_recall": None},
                          sets["dev"].floors)
    assert [(c.name, c.passed) for c in checks] == [
        ("events_loose.f1", True), ("quotes.f1", False), ("quotes.reported_recall", False)]
    assert "not measured" in format_gate(checks, "dev")
    assert "1/3 floors pass" in format_gate(checks, "dev")


@pytest.mark.parametrize("text, message", [
    ("sets: {dev: {floors: {events_loose.f1: 1.5}}}", "sets.dev.floors.events_loose.f1"),
    ("sets: {dev: {floors: {events_loose.f1: high}}}", "sets.dev.floors.events_loose.f1"),
    ("sets: {dev: {floors: {events_loose.f1: 0.505}}}", "two decimals"),
    ("sets: {dev: {floors: {no_such.figure: 0.5}}}", "no_such.figure"),
    ("sets: {dev: {flors: {}}}", "sets.dev"),
    ("sets: [1, 2]", "sets"),
    ("{{{", "not valid YAML"),
])
def test_bad_floors_file_is_one_clear_error(tmp_path, text, message):
    with pytest.raises(InputError) as info:
        read_floors(write_floors(tmp_path / "floors.yaml", text))
    assert message in str(info.value) and str(tmp_path / "floors.yaml") in str(info.value)


def test_lowered_or_removed_floors_are_found():
    old = parse_floors(FLOORS, "old")
    raised = parse_floors(FLOORS.replace("0.50", "0.55"), "new")
    assert lowered_floors(old, raised) == []
    lowered = parse_floors(FLOORS.replace("0.90", "0.89"), "new")
    assert lowered_floors(old, lowered) == ["dev: quotes.f1 lowered from 0.9 to 0.89"]
    removed = parse_floors(FLOORS.replace("      quotes.f1: 0.90\n", ""), "new")
    assert lowered_floors(old, removed) == ["dev: quotes.f1 removed (was 0.9)"]
    assert lowered_floors(old, parse_floors("sets: {}", "new")) == ["dev: set removed"]


# --------------------------------------------------------------------------- command line


def _cli_files(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(article(events=[ev("FRA", "DEU", "AID"), ev("FRA", "POL", "ACCUSE")],
                                       quotes=[quote(TEN)], text="Body.", boilerplate=[])) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(article(events=[ev("FRA", "DEU", "AID")], quotes=[quote(TEN)],
                                       text_clean="Body.")) + "\n", encoding="utf-8")
    return gold, pred


def test_cli_by_type_and_json_carry_per_type_scores(tmp_path, pactwatch):
    gold, pred = _cli_files(tmp_path)
    run = pactwatch("eval", gold, pred, "--by-type", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    rows = {line.split()[0]: line.split()[1:5] for line in run.stdout.decode().splitlines() if line.strip()}
    assert rows["AID"] == ["1", "1.000", "1.000", "1.000"]
    assert rows["ACCUSE"] == ["1", "-", "0.000", "-"]
    data = json.loads(pactwatch("eval", gold, pred, "--json", cwd=tmp_path).stdout)
    assert data["by_type"]["ACCUSE"]["recall"] == 0.0
    assert data["figures"]["events_loose.recall"] == 0.5


def test_cli_gate_prints_each_floor_and_exits_1_below_a_floor(tmp_path, pactwatch):
    gold, pred = _cli_files(tmp_path)
    floors = write_floors(tmp_path / "floors.yaml", FLOORS.replace("0.50", "0.70").replace(
        "quotes.reported_recall: 0.10", "quotes.direct_recall: 1.00"))
    run = pactwatch("eval", gold, pred, "--gate", floors, cwd=tmp_path)
    out = run.stdout.decode()
    assert run.returncode == 1, run.stderr
    assert "FAIL  events_loose.f1" in out and "pass  quotes.f1" in out and "2/3 floors pass" in out
    write_floors(floors, FLOORS.replace("0.50", "0.66").replace("      quotes.reported_recall: 0.10\n", ""))
    run = pactwatch("eval", gold, pred, "--gate", floors, "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    gate = json.loads(run.stdout)["gate"]
    assert gate["set"] == "dev" and gate["passed"] is True
    assert [c["name"] for c in gate["floors"]] == ["events_loose.f1", "quotes.f1"]


def test_cli_gate_set_is_chosen_by_gold_path_or_by_name(tmp_path, pactwatch):
    gold, pred = _cli_files(tmp_path)
    floors = write_floors(tmp_path / "floors.yaml", FLOORS.replace("gold: gold.jsonl", "gold: other.jsonl"))
    run = pactwatch("eval", gold, pred, "--gate", floors, cwd=tmp_path)
    assert run.returncode == 2
    err = run.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "--gate-set" in err and "dev" in err
    run = pactwatch("eval", gold, pred, "--gate", floors, "--gate-set", "dev", cwd=tmp_path)
    assert run.returncode == 1 and b"floors pass" in run.stdout
    run = pactwatch("eval", gold, pred, "--gate", floors, "--gate-set", "nope", cwd=tmp_path)
    assert run.returncode == 2 and b"nope" in run.stderr and b"Traceback" not in run.stderr


def test_cli_bad_gold_is_one_line_exit_2(tmp_path, pactwatch):
    gold, pred = _cli_files(tmp_path)
    gold.write_text(json.dumps(article(events=[ev("FRA", "DEU", "ATTACK")])) + "\n", encoding="utf-8")
    run = pactwatch("eval", gold, pred, cwd=tmp_path)
    assert run.returncode == 2
    err = run.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and f"{gold}:1:" in err and "events[0].type" in err


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
