"""Page furniture that scraped news text keeps: bylines, datelines, share buttons, captions, link lists.

Every line here is written by us in the shape such furniture takes on news sites; each rule has a
line it must drop and body sentences of a similar shape it must keep.
"""
from __future__ import annotations

import pytest

from pactwatch.clean import clean_text

BODY = "The ministers met in Geneva on Tuesday and agreed to resume talks next month."

DROPPED = [
    # bylines and datelines standing alone
    "By Newswire",
    "By Anna Petrosyan and Lev Ivanov",
    "Maria Lopez | March 3, 2024, 09:15 AM",
    "AFP, NAIROBI",
    "Reuters, Kyiv",
    "Monday, March 4, 2024",
    "On 12 March 2024 at 10:30",
    "March 12, 2024",
    "3/12/2024 March 12, 2024 Ministers agree to resume border talks",
    # share buttons and page furniture
    "Whatsapp",
    "Telegram",
    "Copy link",
    "Skip next section Ministers agree to resume border talks",
    "Scroll down for video:",
    "ALSO READ: Border talks to resume in Geneva",
    "- See full news coverage on the talks at www.example.org/talks",
    # photo captions
    "2 of 7 | Delegates arrive at the conference hall in Geneva. Photo by Staff/Newswire",
    "Delegates arrive at the conference hall in Geneva, March 12, 2024. Picture: JANE ROE/NEWSWIRE",
    "The foreign minister (left) greets her counterpart (center) in Geneva",
    "A crowd gathers outside the embassy (pictured) as talks begin",
    "Troops on parade in the capital. 6 March 2024.",
    "The ministers shake hands after signing the accord. Courtesy",
    "The ministers shake hands after the signing, Palais des Nations, Geneva, March 12, 2024.",
]


@pytest.mark.parametrize("line", DROPPED)
def test_furniture_line_is_dropped(line):
    text = f"{BODY}\n\n{line}\n\nBoth delegations said the next round would take place in April."
    cleaned = clean_text(text)
    assert line not in cleaned
    assert BODY in cleaned and "next round would take place in April" in cleaned


KEPT = [
    "By Tuesday evening, the two delegations had agreed on a text.",
    "The minister said the talks, which began on March 12, 2024, would go on.",
    "Ministers agree to resume border talks",  # a headline is body
    "- Iran's envoy given 48 hours to leave the country",  # a summary bullet is body
    "Telegram messages seen by reporters showed the order was given on Monday.",
    "The prime minister (pictured in 2023) has not commented, his office said.",
    "On March 12, 2024, the two sides signed the accord in Geneva.",
]


@pytest.mark.parametrize("line", KEPT)
def test_body_line_is_kept(line):
    text = f"{BODY}\n\n{line}\n\nBoth delegations said the next round would take place in April."
    assert line in clean_text(text)


def test_links_listed_under_a_related_heading_are_dropped():
    text = (f"{BODY}\n\nRelated:\n\n- Border talks stall over maps\n\n- Ministers trade accusations\n\n"
            "Both delegations said the next round would take place in April.")
    cleaned = clean_text(text)
    assert "Border talks stall" not in cleaned and "Ministers trade accusations" not in cleaned
    assert "next round" in cleaned


def test_bullets_without_a_related_heading_stay():
    text = f"- Ministers agree to resume talks\n\n- Next round set for April\n\n{BODY}"
    cleaned = clean_text(text)
    assert "- Ministers agree to resume talks" in cleaned and "- Next round set for April" in cleaned


def test_a_caption_repeated_with_its_credit_goes_with_it():
    caption = "Delegates arrive at the conference hall in Geneva ahead of the second round of talks."
    text = f"{caption}\n\n{caption} (Jane Roe/Newswire)\n\n{BODY}"
    cleaned = clean_text(text)
    assert "Delegates arrive" not in cleaned
    assert BODY in cleaned


def test_a_lede_repeated_after_a_dateline_stays():
    lede = "Four states have sent a list of demands to their neighbour in a bid to end the dispute."
    text = f"{lede}\n\nGENEVA (Newswire) – {lede}\n\n{BODY}"
    cleaned = clean_text(text)
    assert cleaned.count(lede) == 2


def test_a_sentence_that_repeats_a_caption_further_down_stays():
    caption = "Delegates arrive at the conference hall in Geneva ahead of the second round of talks."
    text = f"{caption} Courtesy\n\n{BODY}\n\n{caption}\n\nBoth delegations said the next round would take place in April."
    cleaned = clean_text(text)
    assert f"{caption} Courtesy" not in cleaned
    assert caption in cleaned
