"""``pactwatch.pipeline.Extractor`` with the real model: bounded cost, segments put back together, and
one failing article never sinking the others. Long texts are synthetic wire copy from
``bench/make_corpus.py`` (our own words)."""
from __future__ import annotations

import cProfile
import importlib.util
import pstats

import pytest

from cli_helpers import REPO
from pactwatch.errors import InputError
from pactwatch.nlp import MAX_SENTENCE_TOKENS
from pactwatch.pipeline import Extractor, segment_bounds
from pactwatch.records import Article, ArticleResult

ARMENIA = "Armenia asked the CSTO for help on Monday, the prime minister said."
RUSSIA = "Russia criticised NATO on Tuesday, the foreign ministry said."


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


long_article = _bench("article_cost").long_article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    extractor = Extractor()
    # warm: the first article loads lexicons and compiles patterns, a million calls of its own
    extractor.extract(Article(id="warm", text=ARMENIA + ' "We need help now," he said.', published="2024-03-01"))
    return extractor


# --------------------------------------------------------------------------- segments


def test_segments_cover_the_text_and_respect_the_limit():
    text = " ".join([ARMENIA] * 400)
    bounds = segment_bounds(text, limit=100)
    assert "".join(text[a:b] for a, b in bounds) == text
    assert all(len(text[a:b].split()) <= 100 for a, b in bounds)
    assert all(text[b - 2:b] == ". " for _, b in bounds[:-1])  # cut after a sentence, not inside one


def test_segments_prefer_a_paragraph_break():
    paragraph = " ".join([ARMENIA] * 3)
    text = "\n".join([paragraph] * 40)
    bounds = segment_bounds(text, limit=200)
    assert len(bounds) > 1 and all(text[b - 1] == "\n" for _, b in bounds[:-1])


def test_segments_of_text_without_spaces_are_cut_at_the_limit():
    assert segment_bounds("!" * 1000, limit=300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]


def test_short_text_is_one_segment():
    assert segment_bounds(ARMENIA, limit=100) == [(0, len(ARMENIA))]


def test_a_segmented_article_reads_like_a_whole_one(extractor):
    paragraphs = [ARMENIA, RUSSIA, '"We will not wait any longer," the prime minister said on Friday.'] * 12
    article = Article(id="seg", text="\n".join(paragraphs), published="2024-03-15")
    whole = extractor.extract(article)
    small = Extractor(nlp=extractor.nlp, segment_tokens=60).extract(article)
    assert small.text_clean == whole.text_clean
    for event in small.events:
        start, end = event.evidence_span
        assert small.text_clean[start:end] == event.evidence
    for quote in small.quotes:
        assert quote.text in small.text_clean[quote.span[0] - 1:quote.span[1] + 1]
    assert [(e.source, e.type, e.target, e.date) for e in small.events] == \
        [(e.source, e.type, e.target, e.date) for e in whole.events]
    assert [(a.key, a.mentions) for a in small.actors] == [(a.key, a.mentions) for a in whole.actors]


# --------------------------------------------------------------------------- linear cost


def calls(extractor: Extractor, text: str) -> int:
    """Python-level function calls (spaCy's Cython ones included) spent on one article."""
    profile = cProfile.Profile()
    profile.enable()
    extractor.extract(Article(id="long", text=text, published="2024-03-01"))
    profile.disable()
    return pstats.Stats(profile).total_calls


@pytest.mark.parametrize("shape", ["one-line", "no-stops"])
def test_work_grows_linearly_with_the_article(extractor, shape):
    """Function calls (not seconds) at 12k and 36k characters: 3x the text, about 3x the work.

    Before, Doc.text was rebuilt per quote and event, and a one-sentence article walked its whole
    sentence per word: the ratio was 6.9 (one line) and 6.8 (no full stops); now 2.9 and 3.3."""
    small, large = calls(extractor, long_article(12_000, shape)), calls(extractor, long_article(36_000, shape))
    assert large / small < 3.6, (small, large)


def test_no_sentence_is_longer_than_the_bound(extractor):
    doc = extractor.nlp(long_article(8_000, "no-stops"))
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS


def test_the_bound_leaves_ordinary_paragraphs_alone(extractor):
    text = "\n".join([" ".join([ARMENIA, RUSSIA] * 6)] * 3)  # paragraphs of about 170 tokens
    bounded = [s.text for s in extractor.nlp(text).sents]
    assert all(s.rstrip().endswith(".") for s in bounded), bounded


# --------------------------------------------------------------------------- one article fails, the rest goes on


def test_an_article_spacy_cannot_encode_fails_alone(extractor):
    """A lone surrogate that got past the reader (the Python API takes Articles directly) made
    spaCy's string store raise for the whole batch."""
    items = [Article(id="a", text=ARMENIA), Article(id="bad", text="Armenia \ud800 asked.", origin="feed.jsonl",
                                                     origin_line=2),
             InputError("feed.jsonl", "malformed JSON", 3), Article(id="c", text=RUSSIA)]
    out = list(extractor.stream(items))
    assert [type(o).__name__ for o in out] == ["ArticleResult", "InputError", "InputError", "ArticleResult"]
    assert (out[1].path, out[1].line) == ("feed.jsonl", 2)
    assert "article 'bad' could not be coded (UnicodeEncodeError" in out[1].message
    assert (out[0].id, out[3].id) == ("a", "c")
    assert out[2].message == "malformed JSON"


class BrokenStage(Extractor):
    """A stand-in for a bug in a stage after the parser: the one thing a real input cannot provoke
    on purpose once every known crash is fixed."""

    def analyse(self, doc, article):
        if article.id == "bug":
            raise ZeroDivisionError("division by zero")
        return super().analyse(doc, article)


def test_an_unexpected_exception_is_that_articles_error(extractor):
    broken = BrokenStage(nlp=extractor.nlp, batch_size=2)
    items = [Article(id=str(i), text=ARMENIA, origin="in.jsonl", origin_line=i) for i in range(1, 4)]
    items.insert(1, Article(id="bug", text=RUSSIA, origin="in.jsonl", origin_line=9))
    out = list(broken.stream(items))
    assert [o.id if isinstance(o, ArticleResult) else str(o) for o in out] == [
        "1", "in.jsonl:9: article 'bug' could not be coded (ZeroDivisionError: division by zero); "
             "this is a bug in pactwatch, please report it", "2", "3"]


def test_extract_many_raises_the_error_extract_stream_reports(extractor):
    with pytest.raises(InputError):
        list(BrokenStage(nlp=extractor.nlp).extract_many([Article(id="bug", text=RUSSIA)]))


def test_ingest_stores_the_good_articles_around_one_that_cannot_be_coded(extractor, tmp_path):
    """``pactwatch.ingest`` reads results from ``Extractor.stream``: the failure is counted and
    reported, the batch around it is written."""
    import duckdb

    from pactwatch.ingest import ingest_articles

    items = [Article(id="a", text=ARMENIA), Article(id="bug", text="Armenia accused Russia.", origin="f.jsonl",
                                                     origin_line=2), Article(id="c", text=RUSSIA)]
    summary = ingest_articles(items, tmp_path / "s.duckdb", extractor=BrokenStage(nlp=extractor.nlp))
    assert (summary.added, summary.failed) == (2, 1)
    assert summary.errors[0].startswith("f.jsonl:2: article 'bug' could not be coded")
    with duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True) as con:
        assert sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall()) == ["a", "c"]
