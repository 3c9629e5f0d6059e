"""``pactwatch.clean.clean_text``: boilerplate lines go, every body sentence stays, line endings are normalised."""
from __future__ import annotations

import pytest

from pactwatch.clean import clean_text

LEAD = "Armenia asked the CSTO for help on Monday, the prime minister said."
SECOND = "Russia criticised NATO on Tuesday for holding exercises near the border."
THIRD = "The alliance did not respond to a request for comment on Wednesday."


def article(*middle: str, tail: tuple[str, ...] = ()) -> str:
    return "\n".join([LEAD, *middle, SECOND, THIRD, *tail]) + "\n"


def kept_lines(text: str) -> list[str]:
    return clean_text(text).split("\n")


@pytest.mark.parametrize("prompt", [
    "Sign up for our daily briefing",
    "Subscribe to the Caucasus Weekly newsletter:",
    "Get the Morning Digest in your inbox:",
    "Get our headlines to your inbox!",
    "Sign up now!",
    "Newsletter",
    "SUBSCRIBE",
])
def test_newsletter_prompt_lines_are_dropped(prompt):
    assert kept_lines(article(prompt)) == [LEAD, SECOND, THIRD]


@pytest.mark.parametrize("furniture", ["Source link", "source link", "  Source link  ", "Advertisement",
                                       "Read more: Armenia and the CSTO", "Share this article",
                                       "Follow us on Telegram", "4 min read",
                                       "Copyright 2024 Example News. All rights reserved."])
def test_link_and_sharing_furniture_is_dropped(furniture):
    assert kept_lines(article(tail=(furniture,))) == [LEAD, SECOND, THIRD]


@pytest.mark.parametrize("caption", [
    "The prime minister at the summit in Yerevan (Press Office, October 23, 2020)",
    "Troops on parade in the capital (Example Agency, March 4, 2024)",
    "Delegates arrive for the talks (2024-03-04)",
    "Foreign ministers before the meeting (Photo: Example Agency)",
])
def test_caption_with_parenthesised_credit_or_date_is_dropped(caption):
    assert kept_lines(article(caption)) == [LEAD, SECOND, THIRD]


def test_sentence_ending_in_parenthesised_date_is_kept():
    sentence = "The treaty was signed in Tashkent on May 15, 1992 (its text is online)."
    dated = "Armenia joined the treaty in 1992 (according to the foreign ministry, May 15, 1992)."
    assert kept_lines(article(sentence, dated)) == [LEAD, sentence, dated, SECOND, THIRD]


def test_slogan_repeated_twice_loses_both_copies():
    slogan = "Independent news from the Caucasus"
    text = "\n".join([slogan, LEAD, SECOND, slogan, THIRD])
    assert kept_lines(text) == [LEAD, SECOND, THIRD]


def test_short_repeated_line_is_not_a_slogan():
    # fewer than three words: a repeated heading such as "Analysis" is not dropped for repeating
    text = "\n".join(["Analysis", LEAD, "Analysis", SECOND])
    assert kept_lines(text) == ["Analysis", LEAD, "Analysis", SECOND]


def test_short_heading_in_the_body_is_kept():
    text = article("", "Talks stalled", "", tail=("Source link",))
    assert clean_text(text) == "\n".join([LEAD, "", "Talks stalled", "", SECOND, THIRD])


def test_heading_like_line_in_trailing_boilerplate_block_is_dropped():
    text = article(tail=("", "More from the Caucasus", "Sign up for our newsletter", "Source link", ""))
    assert kept_lines(text) == [LEAD, SECOND, THIRD]


def test_last_short_body_line_without_boilerplate_after_it_is_kept():
    text = article(tail=("Reporting by the desk",))
    assert kept_lines(text) == [LEAD, SECOND, THIRD, "Reporting by the desk"]


def test_heading_above_body_text_at_the_end_is_kept():
    text = article(tail=("Next steps", "The ministers will meet again in April.", "Source link"))
    assert kept_lines(text) == [LEAD, SECOND, THIRD, "Next steps", "The ministers will meet again in April."]


BODY_SENTENCES = [
    LEAD,
    SECOND,
    THIRD,
    '"We will not give up," the defence minister told reporters.',
    "Armenia froze its participation in the alliance (the CSTO) in February.",
    "The talks, which began in 2020, are expected to resume in May.",
    "Photographs published by the ministry showed damaged buildings.",
    "Subscribers to the treaty meet every year in Moscow.",
    "Sign language interpreters attended the session.",
    "Read the full statement, the spokeswoman urged journalists.",
    "Follow-up talks are planned for the autumn.",
    "Advertisements for the referendum were banned on Friday.",
    "Source material for the report came from the foreign ministry.",
    "The summit ended without agreement:",
    "What happens next?",
    "Analysts doubt it!",
]


def test_no_body_sentence_is_ever_dropped():
    text = "\n\n".join(BODY_SENTENCES) + "\n"
    assert clean_text(text) == "\n\n".join(BODY_SENTENCES)


@pytest.mark.parametrize("sentence", [
    "Related talks will continue in Geneva next week, the ministry said.",      # '(related|recommended)...'
    "Copyright disputes between the two countries were settled in 2019.",      # '(copyright|©).{0,120}'
    "Register to vote by Friday, the election commission told citizens.",      # '(sign up|subscribe|register)...'
    "Share this burden, the secretary general told the allies.",               # 'share (this|on).{0,60}'
])
def test_body_sentence_that_starts_like_boilerplate_is_kept(sentence):
    assert kept_lines(article(sentence)) == [LEAD, sentence, SECOND, THIRD]


def test_crlf_and_cr_are_normalised():
    text = f"{LEAD}\r\n{SECOND}\r{THIRD}\r\n"
    assert clean_text(text) == f"{LEAD}\n{SECOND}\n{THIRD}"
    assert "\r" not in clean_text(f"{LEAD}\r\nSource link\r\n\r\n\r\n{SECOND}\r\n")


def test_blank_runs_collapse_and_trailing_space_goes():
    text = f"\n\n{LEAD}   \n\n\n\n{SECOND}\u00a0\n\n\n"
    assert clean_text(text) == f"{LEAD}\n\n{SECOND}"


def test_sentences_are_never_edited():
    # whole lines only: a boilerplate phrase inside a body line does not change the line
    line = "Armenia asked for help, the minister said, adding: Source link and Advertisement were offline."
    assert clean_text(line) == line


def test_clean_text_is_idempotent():
    text = article("Sign up for our daily briefing", "Delegates arrive (Press Office, May 2, 2024)",
                   tail=("More from us", "Source link"))
    once = clean_text(text)
    assert clean_text(once) == once


def test_empty_input():
    assert clean_text("") == ""
    assert clean_text("\r\n\n  \n") == ""


def test_runs_without_spaces_are_broken_so_the_tokenizer_stays_linear():
    """spaCy's tokenizer took three minutes over 20,000 characters of "!?": it strips one mark at a
    time and copies the rest. A run longer than any word gets a space every MAX_RUN_CHARS."""
    from pactwatch.clean import MAX_RUN_CHARS

    blob = "!?" * 1000
    cleaned = clean_text(LEAD + " " + blob + "\n" + SECOND + "\n")
    first, second = cleaned.split("\n")
    assert second == SECOND and first.startswith(LEAD + " ")
    runs = first[len(LEAD) + 1:].split(" ")
    assert "".join(runs) == blob and max(map(len, runs)) == MAX_RUN_CHARS


def test_a_long_url_is_left_alone():
    url = "https://example.org/" + "a" * 150
    assert clean_text(f"{LEAD} {url}\n") == f"{LEAD} {url}"
