"""The real ``pactwatch`` command on bad, mixed and interrupted input.

Every test runs the installed console script as a subprocess with the real spaCy model. Runs that
several tests inspect are module-scoped fixtures, so the model is loaded as few times as possible.
All article text here is made up for the tests.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_helpers import PACTWATCH, REPO, pactwatch_env

ARMENIA = "Armenia asked the CSTO for help on Monday, the prime minister said."
RUSSIA = "Russia criticised NATO on Tuesday, the foreign ministry said."
TEN_MB = 10 * 1024 * 1024


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def records(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def messages(stderr: bytes) -> list[str]:
    """The per-input report lines (the summary line is not one of them)."""
    lines = stderr.decode("utf-8").splitlines()
    return [line for line in lines if line.startswith("pactwatch: ")]


def assert_no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    text = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert "Error:" not in text.replace("pactwatch: error:", ""), text  # no bare Python exception line


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


def has_event(article: dict, source: str, target: str, type_: str) -> bool:
    return any((e["source"], e["target"], e["type"]) == (source, target, type_) for e in article["events"])


# --------------------------------------------------------------------------- bad input, one run


BAD_ARGS = ["good.txt", "missing.txt", "binary.txt", "latin1.txt", "feed.jsonl", "empty.txt", "huge.txt",
            "notes.csv", "brief.md", "--out", "out/events.jsonl"]
# (file[:line], words the message must contain), in input order
BAD_EXPECTED = [
    ("missing.txt", "no such file"),
    ("binary.txt", "binary"),
    ("latin1.txt:3", "invalid UTF-8"),
    ("feed.jsonl:2", "malformed JSON"),
    ("feed.jsonl:4", "expected a JSON object"),
    ("feed.jsonl:5", "is empty"),
    ("feed.jsonl:7", "too long"),
    ("empty.txt", "is empty"),
    ("huge.txt", "too long"),
    ("notes.csv", "unsupported file type"),
]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, pactwatch):
    """good and bad inputs mixed in one invocation."""
    d = tmp_path_factory.mktemp("bad")
    (d / "good.txt").write_text(ARMENIA + "\n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    # the bad byte (Latin-1 e-acute) is on line 3
    (d / "latin1.txt").write_bytes(b"Armenia asked the CSTO for help.\n\nThe caf\xe9 talks resumed on Friday.\n")
    (d / "feed.jsonl").write_text(jsonl(
        {"id": "f1", "text": RUSSIA},
        '{"id": "f2", "text": "Russia criticised',
        {"id": "f3", "text": ARMENIA},
        '["not", "an", "object"]',
        {"id": "f5", "text": "  \n "},
        {"id": "f6", "text": "Armenia accused Russia of ignoring the treaty on Friday."},
        {"id": "f7", "text": "x" * TEN_MB},
    ), encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    sentence = (ARMENIA + "\n").encode()
    (d / "huge.txt").write_bytes(sentence * (TEN_MB // len(sentence) + 1))
    (d / "notes.csv").write_text("id,text\nn1,Armenia asked the CSTO for help.\n", encoding="utf-8")
    (d / "brief.md").write_text("---\nid: brief-1\npublished: 2024-03-05\n---\n" + RUSSIA + "\n", encoding="utf-8")
    result = pactwatch("extract", *BAD_ARGS, cwd=d)
    return d, result


def test_bad_inputs_exit_status_is_1(bad_run):
    _, result = bad_run
    assert result.returncode == 1, result.stderr.decode()


def test_bad_inputs_never_show_a_traceback(bad_run):
    assert_no_traceback(bad_run[1])


def test_each_bad_input_is_reported_with_file_and_line_in_input_order(bad_run):
    _, result = bad_run
    reported = messages(result.stderr)
    assert len(reported) == len(BAD_EXPECTED), reported
    for line, (where, words) in zip(reported, BAD_EXPECTED):
        assert line.startswith(f"pactwatch: {where}: "), (line, where)
        assert words in line, (line, words)


def test_summary_counts_the_failures(bad_run):
    _, result = bad_run
    summary = result.stderr.decode().splitlines()[-1]
    assert re.fullmatch(r"5 articles, \d+ events, \d+ quotes; 10 inputs failed -> out/events.jsonl", summary), summary


def test_good_articles_are_still_written_in_input_order(bad_run):
    d, result = bad_run
    assert result.stdout == b""
    out = records((d / "out" / "events.jsonl").read_bytes())
    assert [a["id"] for a in out] == ["good", "f1", "f3", "f6", "brief-1"]
    assert has_event(out[0], "ARM", "CSTO", "REQUEST")
    assert out[4]["published"] == "2024-03-05"
    assert leftovers(d / "out") == []


def test_each_report_is_one_line(bad_run):
    _, result = bad_run
    lines = result.stderr.decode().splitlines()
    assert any(re.fullmatch(r"pactwatch: feed\.jsonl:2: malformed JSON \(.+, column \d+\)", line) for line in lines), lines
    too_long = [line for line in lines if line.startswith("pactwatch: huge.txt: ")]
    assert too_long and too_long[0].endswith("skipped"), lines


def test_malformed_json_message_reads_cleanly(bad_run):
    _, result = bad_run
    assert " at at " not in result.stderr.decode().replace("\n", " ")


def test_bad_published_option_is_a_usage_error(tmp_path, pactwatch):
    (tmp_path / "one.txt").write_text(ARMENIA + "\n", encoding="utf-8")
    result = pactwatch("extract", "one.txt", "--published", "15/03/2024", "--out", "events.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert_no_traceback(result)
    stderr = result.stderr.decode()
    assert "--published" in stderr and "15/03/2024" in stderr, stderr
    assert result.stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.txt"]  # no output, no temp file


# --------------------------------------------------------------------------- every input type


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Alliance summit ends in Yerevan</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="promo"><a href="/subscribe">Subscribe to our weekly digest</a></div>
<article>
<h1>Alliance summit ends in Yerevan</h1>
<p>Armenia asked the CSTO for help on Monday, the prime minister told reporters after a long meeting in the capital.</p>
<p>Russia criticised NATO on Tuesday for holding exercises near the border, according to a statement from the foreign ministry.</p>
<p>The two governments agreed to meet again next month to discuss the security arrangements in more detail.</p>
</article>
<footer><a href="/contact">Contact us</a> <a href="/privacy">Privacy</a></footer>
</body></html>
"""


def write_corpus(d: Path) -> None:
    (d / "in" / "sub" / "deeper").mkdir(parents=True)
    (d / "in" / "story.txt").write_text(ARMENIA + "\nThe alliance did not reply on Tuesday.\n", encoding="utf-8")
    (d / "in" / "brief.md").write_text(
        "---\nid: brief-42\npublished: 2024-03-05\ntitle: Yerevan asks for help\n---\n" + RUSSIA + "\n",
        encoding="utf-8")
    (d / "in" / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (d / "in" / "sub" / "feed.jsonl").write_text(jsonl(
        {"id": "feed-1", "text": ARMENIA, "published": "2024-03-07T08:15:00+04:00", "url": "https://example.org/1",
         "title": "Armenia asks", "outlet": "Example Wire"},
        {"id": "feed-2", "text": RUSSIA},
    ), encoding="utf-8")
    (d / "in" / "sub" / "deeper" / "more.ndjson").write_text(jsonl({"id": "nd-1", "text": RUSSIA}), encoding="utf-8")
    # unsupported files inside a directory are skipped without a word
    (d / "in" / "sub" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (d / "in" / "data.json").write_text('{"id": "x", "text": "Armenia asked the CSTO for help."}\n', encoding="utf-8")
    (d / "in" / "README").write_text("Armenia asked the CSTO for help.\n", encoding="utf-8")


TYPES_ARGS = ["extract", "in", "--published", "2024-03-01", "--out", "events.jsonl"]


@pytest.fixture(scope="module")
def types_run(tmp_path_factory, pactwatch):
    d = tmp_path_factory.mktemp("types")
    write_corpus(d)
    result = pactwatch(*TYPES_ARGS, cwd=d)
    return d, result


@pytest.fixture(scope="module")
def by_id(types_run) -> dict[str, dict]:
    d, _ = types_run
    return {a["id"]: a for a in records((d / "events.jsonl").read_bytes())}


def test_directory_run_succeeds_silently(types_run):
    d, result = types_run
    assert result.returncode == 0, result.stderr.decode()
    assert_no_traceback(result)
    assert messages(result.stderr) == []  # skipped .csv/.json/no-extension files are not reported
    assert re.fullmatch(r"6 articles, \d+ events, \d+ quotes -> events\.jsonl\n", result.stderr.decode())
    assert leftovers(d) == []


def test_directory_is_read_recursively_in_sorted_order(types_run):
    d, _ = types_run
    ids = [a["id"] for a in records((d / "events.jsonl").read_bytes())]
    assert ids == ["brief-42", "page", "story", "nd-1", "feed-1", "feed-2"]


def test_txt_input(by_id):
    story = by_id["story"]
    assert story["text_clean"] == ARMENIA + "\nThe alliance did not reply on Tuesday."
    assert story["published"] == "2024-03-01"  # the --published default: the file carries no date
    assert has_event(story, "ARM", "CSTO", "REQUEST")


def test_md_front_matter_gives_id_date_and_title(by_id):
    brief = by_id["brief-42"]
    assert brief["published"] == "2024-03-05"  # its own date wins over --published
    assert brief["title"] == "Yerevan asks for help"
    assert brief["text_clean"] == RUSSIA
    assert has_event(brief, "RUS", "NATO", "ACCUSE")


def test_html_body_is_extracted_without_navigation(by_id):
    page = by_id["page"]
    assert page["title"] == "Alliance summit ends in Yerevan"
    text = page["text_clean"]
    for fragment in ("Armenia asked the CSTO for help on Monday", "Russia criticised NATO on Tuesday",
                     "agreed to meet again next month"):
        assert fragment in text
    for junk in ("Home", "Sport", "Subscribe", "Contact us", "Privacy"):
        assert junk not in text, junk
    assert page["published"] == "2024-03-01"
    assert has_event(page, "ARM", "CSTO", "REQUEST")


def test_jsonl_and_ndjson_inputs(by_id):
    first, second, nd = by_id["feed-1"], by_id["feed-2"], by_id["nd-1"]
    assert first["published"] == "2024-03-07"  # ISO date-time cut to the date, not replaced by --published
    assert (first["url"], first["title"], first["outlet"]) == ("https://example.org/1", "Armenia asks", "Example Wire")
    assert second["published"] == "2024-03-01"
    assert nd["text_clean"] == RUSSIA
    assert has_event(nd, "RUS", "NATO", "ACCUSE")


def test_rerun_gives_byte_identical_output(types_run, pactwatch):
    d, _ = types_run
    first = (d / "events.jsonl").read_bytes()
    again = pactwatch(*TYPES_ARGS, cwd=d)  # same target: replaced whole
    assert again.returncode == 0, again.stderr.decode()
    assert (d / "events.jsonl").read_bytes() == first
    assert leftovers(d) == []


def test_output_file_permissions_follow_umask(types_run):
    d, _ = types_run
    umask = os.umask(0)
    os.umask(umask)
    assert (d / "events.jsonl").stat().st_mode & 0o777 == 0o666 & ~umask


def test_stdin_jsonl_with_published_default(tmp_path, pactwatch):
    """Nothing fails: exit 0, results on stdout, nothing on stderr with -q."""
    feed = jsonl({"id": "s1", "text": ARMENIA, "published": "2024-02-20"},
                 "",
                 {"id": "s2", "text": RUSSIA})
    result = pactwatch("extract", "-", "--published", "2024-03-01", "-q", cwd=tmp_path, stdin=feed.encode())
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    out = records(result.stdout)
    assert [(a["id"], a["published"]) for a in out] == [("s1", "2024-02-20"), ("s2", "2024-03-01")]
    assert out[0]["text_clean"] == ARMENIA
    assert has_event(out[0], "ARM", "CSTO", "REQUEST")


def test_stdin_invalid_utf8_is_reported_not_a_traceback(tmp_path, pactwatch):
    feed = (jsonl({"id": "s1", "text": ARMENIA}).encode()
            + b'{"id": "s2", "text": "The caf\xe9 talks resumed."}\n'
            + jsonl({"id": "s3", "text": RUSSIA}).encode())
    result = pactwatch("extract", "-", "-q", cwd=tmp_path, stdin=feed)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert messages(result.stderr)[0].startswith("pactwatch: <stdin>:2: invalid UTF-8")
    assert [a["id"] for a in records(result.stdout)] == ["s1", "s3"]


def test_stdin_bom_is_accepted(tmp_path, pactwatch):
    feed = "\ufeff".encode() + jsonl({"id": "s1", "text": ARMENIA}).encode()
    result = pactwatch("extract", "-", "-q", cwd=tmp_path, stdin=feed)
    assert result.returncode == 0, result.stderr.decode()
    assert [a["id"] for a in records(result.stdout)] == ["s1"]


# --------------------------------------------------------------------------- HTML dates and empty pages


@pytest.fixture(scope="module")
def html_run(tmp_path_factory, pactwatch):
    d = tmp_path_factory.mktemp("html")
    footer = "<footer>&copy; 2019 Example News. All rights reserved.</footer>"
    (d / "copyright.html").write_text(HTML_PAGE.replace("<footer>", footer + "<footer>"), encoding="utf-8")
    (d / "blank.html").write_text("<html><head><title>Nothing here</title></head><body></body></html>",
                                  encoding="utf-8")
    return d, pactwatch("extract", "copyright.html", "blank.html", "-q", cwd=d)


def test_html_copyright_year_is_not_a_publication_date(html_run):
    _, result = html_run
    out = records(result.stdout)
    assert out and out[0]["id"] == "copyright"
    assert out[0]["published"] is None


def test_html_without_text_is_reported_as_empty(html_run):
    _, result = html_run
    assert result.returncode == 1
    assert [m for m in messages(result.stderr) if m.startswith("pactwatch: blank.html")], result.stderr.decode()
    assert "blank" not in [a["id"] for a in records(result.stdout)]


def test_published_default_does_not_override_html_date(tmp_path, pactwatch):
    page = HTML_PAGE.replace("<title>", '<meta property="article:published_time" content="2024-03-05T09:00:00Z">'
                                        "<title>")
    (tmp_path / "dated.html").write_text(page, encoding="utf-8")
    result = pactwatch("extract", "dated.html", "--published", "2020-06-01", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert records(result.stdout)[0]["published"] == "2024-03-05"


# --------------------------------------------------------------------------- output formats


@pytest.fixture(scope="module")
def format_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("formats")
    (d / "story.txt").write_text(ARMENIA + "\n", encoding="utf-8")
    (d / "feed.jsonl").write_text(jsonl({"id": "f1", "text": RUSSIA}), encoding="utf-8")
    return d


def test_plover_format(format_dir, pactwatch):
    result = pactwatch("extract", "story.txt", "feed.jsonl", "--format", "plover", "--published", "2024-03-04",
                       "-q", cwd=format_dir)
    assert result.returncode == 0, result.stderr.decode()
    out = records(result.stdout)
    assert out, "no PLOVER records"
    for record in out:
        assert {"id", "date", "actor", "event"} <= record.keys()
        assert re.fullmatch(r"\d{4}(-\d\d){0,2}", record["date"]), record["date"]
    by_article = {r["cite_info"]["article_id"]: r for r in out}
    story = by_article["story"]
    assert story["id"] == "story-000"
    assert story["actor"][0]["code"] == "ARM" and story["recipient"][0]["code"] == "CSTO"
    assert story["event"] == ["REQUEST"]
    assert by_article["f1"]["event"] == ["ACCUSE"]


def test_cameo_format(format_dir, pactwatch):
    args = ["extract", "story.txt", "feed.jsonl", "--format", "cameo", "--published", "2024-03-04",
            "--out", "events.tsv", "-q"]
    result = pactwatch(*args, cwd=format_dir)
    assert result.returncode == 0, result.stderr.decode()
    data = (format_dir / "events.tsv").read_bytes()
    lines = data.decode("utf-8").splitlines()
    header = lines[0].split("\t")
    assert header[0] == "GlobalEventID"
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    assert all(len(line.split("\t")) == len(header) for line in lines[1:])
    assert [(r["ArticleID"], r["Actor1Code"], r["Actor2Code"], r["PloverType"]) for r in rows] == [
        ("story", "ARM", "CSTO", "REQUEST"), ("f1", "RUS", "NATO", "ACCUSE")]
    assert all(r["GlobalEventID"].isdigit() and r["EventCode"] for r in rows)
    # a rerun gives the same bytes (GlobalEventID is derived from the article id, not random)
    assert pactwatch(*args, cwd=format_dir).returncode == 0
    assert (format_dir / "events.tsv").read_bytes() == data


# --------------------------------------------------------------------------- eval


def test_eval_malformed_gold_reports_file_and_line(tmp_path, pactwatch):
    (tmp_path / "gold.jsonl").write_text(jsonl({"id": "a1", "events": [], "quotes": []}, "",
                                               '{"id": "a2", "events": [}'), encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(jsonl({"id": "a1", "events": [], "quotes": []}), encoding="utf-8")
    result = pactwatch("eval", "gold.jsonl", "pred.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stderr.decode().startswith("pactwatch: error: gold.jsonl:3: malformed JSON"), result.stderr
    assert result.stdout == b""


def test_eval_non_object_line_and_missing_file(tmp_path, pactwatch):
    (tmp_path / "gold.jsonl").write_text(jsonl({"id": "a1", "events": [], "quotes": []}, "[1, 2]"),
                                         encoding="utf-8")
    result = pactwatch("eval", "gold.jsonl", "missing.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stderr.decode().startswith("pactwatch: error: gold.jsonl:2: expected a JSON object")
    (tmp_path / "gold.jsonl").write_text(jsonl({"id": "a1", "events": [], "quotes": []}), encoding="utf-8")
    result = pactwatch("eval", "gold.jsonl", "missing.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stderr.decode().startswith("pactwatch: error: missing.jsonl: no such file")


# --------------------------------------------------------------------------- interrupted runs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    (d / "tmp").mkdir()
    subprocess.run([sys.executable, str(REPO / "bench" / "make_corpus.py"), "--articles", "300",
                    "--out", "tmp/corpus.jsonl"], cwd=d, check=True, capture_output=True, timeout=60)
    return d / "tmp" / "corpus.jsonl"


def interrupted_run(corpus: Path, out_dir: Path, sig: signal.Signals) -> tuple[int, str]:
    """Start an extraction to out_dir/events.jsonl, signal it once output is being written, wait for it."""
    out_dir.mkdir()
    proc = subprocess.Popen([str(PACTWATCH), "extract", str(corpus), "--out", str(out_dir / "events.jsonl"),
                             "--batch-size", "4", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=pactwatch_env())
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            parts = list(out_dir.glob("*.part"))
            if parts and parts[0].stat().st_size > 0:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the run ended or produced no output before it could be interrupted")
        assert proc.poll() is None, "the run finished before it could be interrupted; make the corpus bigger"
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def sigint_run(corpus, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("sigint") / "out"
    returncode, stderr = interrupted_run(corpus, out_dir, signal.SIGINT)
    return out_dir, returncode, stderr


def test_sigint_leaves_no_partial_output(sigint_run):
    out_dir, returncode, stderr = sigint_run
    assert returncode == 130, stderr
    assert "Traceback" not in stderr
    assert not (out_dir / "events.jsonl").exists()
    assert sorted(p.name for p in out_dir.iterdir()) == []  # no *.part either


def test_sigint_says_it_was_interrupted(sigint_run):
    _, _, stderr = sigint_run
    assert "interrupted" in stderr


def test_sigterm_leaves_no_partial_output(corpus, tmp_path):
    out_dir = tmp_path / "out"
    returncode, stderr = interrupted_run(corpus, out_dir, signal.SIGTERM)
    assert "Traceback" not in stderr
    assert not (out_dir / "events.jsonl").exists()
    assert sorted(p.name for p in out_dir.iterdir()) == []
    assert returncode != 0


# --------------------------------------------------------------------------- choosing files (issue 7)


def test_examples_folder_holds_articles_only(tmp_path, pactwatch):
    """`extract examples/` coded examples/SOURCES.md as an article."""
    result = pactwatch("extract", REPO / "examples", "--out", "events.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    ids = [a["id"] for a in records((tmp_path / "events.jsonl").read_bytes())]
    assert len(ids) == 10 and all(re.fullmatch(r"\d\d-[a-z0-9-]+", i) for i in ids), ids
    articles = sorted(p.relative_to(REPO / "examples").as_posix() for p in (REPO / "examples").rglob("*") if p.is_file())
    assert all(re.fullmatch(r"articles/\d\d-[a-z0-9-]+\.md", a) for a in articles), articles


@pytest.fixture(scope="module")
def notes_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("notes")
    (d / "notes" / "drafts").mkdir(parents=True)
    (d / "notes" / "2024-01-armenia.md").write_text(ARMENIA + "\n", encoding="utf-8")
    (d / "notes" / "2023-12-russia.md").write_text(RUSSIA + "\n", encoding="utf-8")
    (d / "notes" / "SOURCES.md").write_text("Written by us; see the README.\n", encoding="utf-8")
    (d / "notes" / "drafts" / "2024-02-draft.md").write_text("Armenia accused Russia on Friday.\n", encoding="utf-8")
    return d


def test_glob_and_exclude_choose_the_files_of_a_folder(notes_dir, pactwatch):
    result = pactwatch("extract", "notes", "--glob", "2024-*", "--exclude", "drafts", "--published", "2024-03-01",
                       "-q", cwd=notes_dir)
    assert result.returncode == 0, result.stderr.decode()
    assert [a["id"] for a in records(result.stdout)] == ["2024-01-armenia"]
    result = pactwatch("extract", "notes", "--exclude", "SOURCES.md", "--published", "2024-03-01", "-q", cwd=notes_dir)
    assert [a["id"] for a in records(result.stdout)] == ["2023-12-russia", "2024-01-armenia", "2024-02-draft"]


def test_the_output_file_is_not_read_back_as_input(notes_dir, pactwatch):
    """A rerun that writes into its own input folder used to read its last output as articles."""
    args = ("extract", "notes", "--exclude", "SOURCES.md", "--published", "2024-03-01", "-o", "notes/events.jsonl")
    first = pactwatch(*args, cwd=notes_dir)
    second = pactwatch(*args, cwd=notes_dir)
    assert first.returncode == second.returncode == 0, second.stderr.decode()
    assert messages(second.stderr) == []
    assert len(records((notes_dir / "notes" / "events.jsonl").read_bytes())) == 3


# --------------------------------------------------------------------------- warnings and help


def test_relative_dates_without_a_publication_date_are_named_once(tmp_path, pactwatch):
    """They became null without a word."""
    (tmp_path / "feed.jsonl").write_text(jsonl(
        {"id": "dated", "text": ARMENIA, "published": "2024-03-01"},
        {"id": "undated", "text": ARMENIA},
        {"id": "absolute", "text": "Armenia asked the CSTO for help on 5 March 2024."},
    ), encoding="utf-8")
    result = pactwatch("extract", "feed.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stderr.decode().splitlines()
    assert lines[0] == ("warning: 1 article has relative dates but no publication date, so those dates are null "
                        "(give --published or a 'published' field): feed.jsonl:2 ('on Monday')"), lines
    assert len(lines) == 2 and messages(result.stderr) == []
    quiet = pactwatch("extract", "feed.jsonl", "--published", "2024-03-01", "-q", cwd=tmp_path)
    assert quiet.stderr == b""  # the default date resolves them: nothing to say


@pytest.mark.parametrize("verb, usage", [
    ("extract", "Usage: pactwatch extract [OPTIONS] INPUT..."),
    ("ingest", "Usage: pactwatch ingest [OPTIONS] INPUT..."),
    ("eval", "Usage: pactwatch eval [OPTIONS] GOLD PRED"),
    ("summary", "Usage: pactwatch summary [OPTIONS] RESULTS"),
])
def test_help_uses_plain_metavars(verb, usage, tmp_path, pactwatch):
    """Typer wrote `{INPUT...}...` and `<list[str]>`."""
    result = pactwatch(verb, "--help", cwd=tmp_path)
    text = result.stdout.decode()
    assert result.returncode == 0 and text.splitlines()[0] == usage, text
    assert not re.search(r"[{}]|<[a-z][a-z \[\]|]*>", text.split("Arguments:")[1]), text


# --------------------------------------------------------------------------- progress on a terminal


def run_on_a_terminal(args: list[str], cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """Run pactwatch with stderr on a pseudo-terminal (the progress bar shows only there)."""
    import pty
    import select

    leader, follower = pty.openpty()
    env = {**pactwatch_env(), "COLUMNS": "160", "TERM": "xterm"}
    proc = subprocess.Popen([str(PACTWATCH), *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=follower, env=env)
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    data = os.read(leader, 65536)
                except OSError:  # the child closed its side
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    screen = b"".join(chunks).decode("utf-8", "replace")
    return proc.returncode, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)  # colours and cursor moves


def test_progress_shows_the_total_rate_and_eta(tmp_path):
    """It showed "288/?": the total is counted up front (files and JSONL lines)."""
    (tmp_path / "feed.jsonl").write_text(jsonl(*[{"id": f"a{i}", "text": f"{ARMENIA} Case {i}."}
                                                 for i in range(150)]), encoding="utf-8")
    (tmp_path / "one.txt").write_text(RUSSIA + "\n", encoding="utf-8")
    returncode, screen = run_on_a_terminal(["extract", "feed.jsonl", "one.txt", "--published", "2024-03-01",
                                            "--batch-size", "4", "-o", "out.jsonl"], tmp_path)
    assert returncode == 0, screen
    assert re.search(r"\b\d+/151\b", screen), screen
    assert "/?" not in screen
    assert re.search(r"[\d.]+ articles/s", screen), screen
    assert re.search(r"eta \d+:\d\d", screen), screen
