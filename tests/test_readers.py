"""``pactwatch.readers.read_articles`` on real files: articles, errors with path and line, dates, BOMs."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from pactwatch.errors import InputError
from pactwatch.readers import FileSelection, count_articles, normalise_date, read_articles
from pactwatch.records import Article

BODY = "Armenia asked the CSTO for help on Monday, the prime minister said.\n"


def read(*inputs: Path | str, **kwargs) -> list[Article | InputError]:
    return list(read_articles([str(i) for i in inputs], **kwargs))


def write_jsonl(path: Path, *lines: object) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


def where(item: Article | InputError) -> tuple[str, int | None] | str:
    """(path, line) for an error, the id for an article."""
    return (item.path, item.line) if isinstance(item, InputError) else item.id


# --------------------------------------------------------------------------- errors carry path and line


def test_missing_file(tmp_path):
    missing = tmp_path / "gone.txt"
    [error] = read(missing)
    assert isinstance(error, InputError)
    assert (error.path, error.line) == (str(missing), None)
    assert "no such file" in error.message
    assert str(error) == f"{missing}: no such file or directory"


def test_binary_file(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    [error] = read(path)
    assert isinstance(error, InputError)
    assert (error.path, error.line) == (str(path), None)
    assert "binary" in error.message


def test_invalid_utf8_in_text_file_names_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(b"Armenia asked the CSTO for help.\n\nThe minister said \x93no\x94 on Friday.\n")
    [error] = read(path)
    assert isinstance(error, InputError)
    assert (error.path, error.line) == (str(path), 3)
    assert "invalid UTF-8" in error.message and "0x93" in error.message
    assert str(error).startswith(f"{path}:3: ")


def test_invalid_utf8_in_jsonl_names_the_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "fine"}\n{"id": "b", "text": "caf\xe9"}\n{"id": "c", "text": "fine"}\n')
    items = read(path)
    assert [where(i) for i in items] == ["a", (str(path), 2), "c"]


def test_binary_line_in_jsonl(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "fine"}\n\x00\x00\x00\n')
    items = read(path)
    assert [where(i) for i in items] == ["a", (str(path), 2)]
    assert "binary" in items[1].message


def test_unsupported_file_named_explicitly_is_an_error(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("id,text\n", encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, InputError)
    assert (error.path, error.line) == (str(path), None)
    assert "unsupported file type '.csv'" in error.message


def test_directory_recursion_skips_unsupported_files_silently(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "z.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b" / "y.MD").write_text(BODY, encoding="utf-8")  # suffixes are matched case-insensitively
    write_jsonl(tmp_path / "b" / "c" / "x.ndjson", {"id": "nd", "text": BODY})
    (tmp_path / "b" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "b" / "c" / "LICENSE").write_text("MIT\n", encoding="utf-8")
    (tmp_path / "b" / "c" / "feed.json").write_text("{}\n", encoding="utf-8")
    assert [where(i) for i in read(tmp_path)] == ["nd", "y", "z"]


# --------------------------------------------------------------------------- JSONL records


def test_jsonl_bad_records_each_give_an_error_with_the_line(tmp_path):
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        {"id": "ok-1", "text": BODY},                      # 1
        {"text": BODY},                                    # 2 no id
        {"id": "  ", "text": BODY},                        # 3 blank id
        {"id": "no-body", "title": "Only a title"},         # 4 neither text nor html
        '["a", "list"]',                                   # 5 not an object
        '"a string"',                                      # 6 not an object
        "42",                                              # 7 not an object
        {"id": "num-text", "text": 42},                    # 8 text not a string
        {"id": "list-text", "text": ["a", "b"]},           # 9 text not a string
        {"id": "dict-html", "html": {"p": "x"}},           # 10 html not a string
        "",                                                # 11 blank: skipped, still counted
        '{"id": "broken", "text": ',                       # 12 malformed JSON
        {"id": "ok-13", "text": BODY},                     # 13
    )
    items = read(path)
    name = str(path)
    assert [where(i) for i in items] == [
        "ok-1", (name, 2), (name, 3), (name, 4), (name, 5), (name, 6), (name, 7), (name, 8), (name, 9), (name, 10),
        (name, 12), "ok-13",
    ]
    messages = [i.message for i in items if isinstance(i, InputError)]
    assert messages[0] == messages[1] == "article has no 'id'"
    assert messages[2] == "article 'no-body' has neither 'text' nor 'html'"
    assert messages[3] == messages[4] == messages[5] == "expected a JSON object per line"
    assert messages[6] == messages[7] == "'text' must be a string"
    assert messages[8] == "'html' must be a string"
    assert messages[9].startswith("malformed JSON (")
    assert (items[-1].origin, items[-1].origin_line) == (name, 13)


def test_jsonl_fields(tmp_path):
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        {"id": 7, "text": BODY, "url": "https://example.org/7", "title": "Help", "outlet": "Example Wire",
         "published": "2024-03-05"},
        {"id": "h", "html": "<p>Armenia asked the CSTO for help.</p>"},
        {"id": "both", "text": BODY, "html": "<p>ignored</p>"},
    )
    first, html, both = read(path)
    assert (first.id, first.text, first.url, first.title, first.outlet, first.published) == (
        "7", BODY, "https://example.org/7", "Help", "Example Wire", "2024-03-05")
    assert (html.text, html.html) == ("Armenia asked the CSTO for help.", None)  # the reader extracts the text
    assert (both.text, both.html) == (BODY, None)


@pytest.mark.parametrize("value", [
    "2024-03-05", "2024-03-05T08:15:00Z", "2024-03-05T23:30:00-05:00", "2024-03-05T08:15:00.123+04:00",
    "2024-03-05 08:15:00", " 2024-03-05 ",
])
def test_iso_published_values_become_the_date(tmp_path, value):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": BODY, "published": value})
    [article] = read(path)
    assert isinstance(article, Article), article
    assert article.published == "2024-03-05"


@pytest.mark.parametrize("value", ["05/03/2024", "March 5, 2024", "2024-02-30", "2024", 20240305, "yesterday"])
def test_bad_published_value_is_an_error_with_the_line(tmp_path, value):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": BODY}, {"id": "b", "text": BODY, "published": value})
    items = read(path)
    assert [where(i) for i in items] == ["a", (str(path), 2)]
    assert items[1].message.startswith("'published' is not a date")


@pytest.mark.parametrize("value", ["2024-03-05junk", "2024-03-051", "2024-03-05 or 06"])
def test_published_with_trailing_junk_is_rejected(value):
    assert normalise_date(value) is None


def test_published_default_applies_only_where_none_is_given(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl",
                       {"id": "own", "text": BODY, "published": "2024-02-20T10:00:00Z"},
                       {"id": "none", "text": BODY},
                       {"id": "empty", "text": BODY, "published": ""},
                       {"id": "null", "text": BODY, "published": None})
    items = read(path, published="2024-03-01")
    assert [(a.id, a.published) for a in items] == [
        ("own", "2024-02-20"), ("none", "2024-03-01"), ("empty", "2024-03-01"), ("null", "2024-03-01")]
    assert [a.published for a in read(path)] == ["2024-02-20", None, None, None]


def test_bad_published_default_raises(tmp_path):
    with pytest.raises(InputError) as raised:
        read(tmp_path, published="March 2024")
    assert raised.value.path == "--published"
    assert "'March 2024'" in raised.value.message


# --------------------------------------------------------------------------- empty and over-long articles


def test_empty_and_too_long_articles_in_files(tmp_path):
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-blank.md").write_text("\n   \n\t\n", encoding="utf-8")
    (tmp_path / "c-long.txt").write_text("word " * 30, encoding="utf-8")
    (tmp_path / "d-fits.txt").write_text("x" * 100, encoding="utf-8")
    items = read(tmp_path, max_chars=100)
    assert [where(i) for i in items] == [
        (str(tmp_path / "a-empty.txt"), None), (str(tmp_path / "b-blank.md"), None),
        (str(tmp_path / "c-long.txt"), None), "d-fits"]
    assert items[0].message == "article 'a-empty' is empty"
    assert items[2].message.startswith("article 'c-long' is too long (150 characters; the limit is 100)")


def test_front_matter_only_md_is_empty(tmp_path):
    path = tmp_path / "stub.md"
    path.write_text("---\nid: stub\ntitle: Nothing yet\n---\n", encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, InputError) and error.message == "article 'stub' is empty"


def test_empty_and_too_long_jsonl_articles_carry_path_and_line(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": BODY}, {"id": "b", "text": " \n "},
                       {"id": "c", "text": "y" * 200})
    items = read(path, max_chars=100)
    assert [where(i) for i in items] == ["a", (str(path), 2), (str(path), 3)]


def test_empty_jsonl_article_message_names_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": BODY}, {"id": "b", "text": ""})
    items = read(path)
    assert str(items[1]) == f"{path}:2: article 'b' is empty"


# --------------------------------------------------------------------------- .txt / .md / .html


def test_md_front_matter(tmp_path):
    path = tmp_path / "2024-03-05-summit.md"
    path.write_text("---\nid: summit-1\npublished: 2024-03-05\ntitle: 'Summit: day one'\nurl: https://example.org/s\n"
                    "outlet: Example Daily\n---\n" + BODY, encoding="utf-8")
    [article] = read(path)
    assert (article.id, article.published, article.title, article.url, article.outlet, article.text) == (
        "summit-1", "2024-03-05", "Summit: day one", "https://example.org/s", "Example Daily", BODY)
    assert article.origin == str(path)


def test_md_front_matter_datetime_and_defaults(tmp_path):
    (tmp_path / "timed.md").write_text("---\npublished: 2024-03-05 22:10:00\n---\n" + BODY, encoding="utf-8")
    (tmp_path / "plain.md").write_text("# Heading\n\n" + BODY, encoding="utf-8")
    plain, timed = read(tmp_path)
    assert (timed.id, timed.published, timed.text) == ("timed", "2024-03-05", BODY)
    assert (plain.id, plain.published, plain.text) == ("plain", None, "# Heading\n\n" + BODY)


def test_md_bad_front_matter(tmp_path):
    (tmp_path / "a-unclosed.md").write_text("---\nid: x\n" + BODY, encoding="utf-8")
    (tmp_path / "b-yaml.md").write_text("---\nid: x\ntitle: [unclosed\n---\n" + BODY, encoding="utf-8")
    (tmp_path / "c-list.md").write_text("---\n- a\n- b\n---\n" + BODY, encoding="utf-8")
    (tmp_path / "d-date.md").write_text("---\npublished: soon\n---\n" + BODY, encoding="utf-8")
    items = read(tmp_path)
    assert all(isinstance(i, InputError) for i in items), items
    assert [i.path for i in items] == [str(tmp_path / n) for n in ("a-unclosed.md", "b-yaml.md", "c-list.md", "d-date.md")]
    assert items[0].line == 1 and "never closed" in items[0].message
    assert items[1].line is not None and items[1].message.startswith("bad front matter")
    assert items[2].message == "front matter must be a mapping of field: value"
    assert items[3].message.startswith("'published' is not a date")


def test_md_front_matter_with_crlf(tmp_path):
    path = tmp_path / "windows.md"
    path.write_bytes(b"---\r\nid: win-1\r\npublished: 2024-03-05\r\n---\r\n" + BODY.encode().replace(b"\n", b"\r\n"))
    [article] = read(path)
    assert (article.id, article.published) == ("win-1", "2024-03-05")
    assert "---" not in article.text


def test_md_empty_front_matter(tmp_path):
    path = tmp_path / "bare.md"
    path.write_text("---\n---\n" + BODY, encoding="utf-8")
    [article] = read(path)
    assert isinstance(article, Article), article
    assert article.text == BODY


def test_bom_is_stripped_in_every_format(tmp_path):
    bom = "\ufeff".encode()
    (tmp_path / "a.txt").write_bytes(bom + BODY.encode())
    (tmp_path / "b.md").write_bytes(bom + b"---\nid: bom-md\npublished: 2024-03-05\n---\n" + BODY.encode())
    (tmp_path / "c.jsonl").write_bytes(bom + json.dumps({"id": "bom-jsonl", "text": BODY}).encode() + b"\n")
    (tmp_path / "d.html").write_bytes(bom + b"<html><body><p>Armenia asked the CSTO for help.</p></body></html>")
    txt, md, jsonl, html = read(tmp_path)
    assert txt.text == BODY
    assert (md.id, md.published, md.text) == ("bom-md", "2024-03-05", BODY)
    assert (jsonl.id, jsonl.text) == ("bom-jsonl", BODY)
    assert html.html is None and html.text  # BOM stripped, text extracted


def test_html_file_becomes_its_main_text(tmp_path):
    path = tmp_path / "Page.HTM"
    markup = "<html><head><title>T</title></head><body><article><p>Armenia asked the CSTO for help.</p></article></body></html>"
    path.write_text(markup, encoding="utf-8")
    [article] = read(path)
    assert (article.id, article.text, article.html, article.origin, article.title) == (
        "Page", "Armenia asked the CSTO for help.", None, str(path), "T")


def test_crlf_text_is_normalised(tmp_path):
    path = tmp_path / "dos.txt"
    path.write_bytes(b"Line one.\r\nLine two.\r\n")
    [article] = read(path)
    assert article.text == "Line one.\nLine two.\n"  # line endings normalised on reading


def test_normalise_date_accepts_date_objects():
    assert normalise_date(dt.date(2024, 3, 5)) == "2024-03-05"
    assert normalise_date(dt.datetime(2024, 3, 5, 23, 59)) == "2024-03-05"
    assert normalise_date("2024-3-5") is None


# --------------------------------------------------------------------------- hostile input (issue 7)


def test_impossible_front_matter_date_is_an_error_not_a_crash(tmp_path):
    """PyYAML's timestamp constructor raised ValueError for 2024-13-45 before the reader could say a word."""
    (tmp_path / "a.md").write_text("---\nid: a\npublished: 2024-13-45\n---\n" + BODY, encoding="utf-8")
    (tmp_path / "b.md").write_text("---\npublished: 2024-03-05\n---\n" + BODY, encoding="utf-8")
    bad, good = read(tmp_path)
    assert isinstance(bad, InputError) and bad.path == str(tmp_path / "a.md")
    assert bad.message == "'published' is not a date: '2024-13-45' (expected YYYY-MM-DD)"
    assert good.published == "2024-03-05"


def test_front_matter_aliases_are_refused(tmp_path):
    """A 200-byte alias bomb in front matter made a title of hundreds of megabytes."""
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefg", "bcdefgh")]
    path = tmp_path / "bomb.md"
    path.write_text("---\n" + "\n".join(levels) + "\ntitle: *h\n---\n" + BODY, encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, InputError), error
    assert error.line == 3  # the first alias: line 2 of the front matter, line 3 of the file
    assert "aliases" in error.message and "\n" not in str(error)


def test_deeply_nested_front_matter_is_refused(tmp_path):
    path = tmp_path / "deep.md"
    path.write_text("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n" + BODY, encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, InputError) and "nested deeper" in error.message


def test_deeply_nested_json_is_an_error_for_its_line(tmp_path):
    """json.loads raised RecursionError, which nothing caught."""
    path = write_jsonl(tmp_path / "feed.jsonl", '{"id": "deep", "text": ' + "[" * 200_000 + "]" * 200_000 + "}",
                       {"id": "after", "text": BODY})
    error, after = read(path)
    assert where(error) == (str(path), 1) and "nested too deeply" in error.message
    assert after.id == "after"


@pytest.mark.parametrize("field", ["text", "title", "id"])
def test_lone_surrogate_in_json_is_an_error_for_that_article(tmp_path, field):
    """A "\\ud800" escape decodes to a str that spaCy, the output file and the store cannot encode."""
    record = {"id": "s", "text": BODY}
    path = tmp_path / "feed.jsonl"
    line = json.dumps(record)[:-1] + f', "{field}": "caf\\ud800"}}'  # the escape as a feed writes it
    path.write_text(line + "\n" + json.dumps({"id": "ok", "text": BODY}) + "\n", encoding="utf-8")
    error, ok = read(path)
    assert where(error) == (str(path), 1), error
    assert "surrogate" in error.message and f"'{field}'" in error.message
    assert ok.id == "ok"


def test_paired_surrogate_escapes_are_ordinary_text(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "emoji", "text": "Armenia asked the CSTO for help \\ud83d\\ude00."}\n', encoding="utf-8")
    [article] = read(path)
    assert isinstance(article, Article) and "\U0001f600" in article.text


@pytest.mark.parametrize("value, kind", [(["a", "b"], "a list"), ({"x": 1}, "a mapping"), (True, "true/false"),
                                         (False, "true/false"), (1.5, "float")])
def test_non_string_ids_are_refused_not_stringified(tmp_path, value, kind):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": value, "text": BODY}, {"id": 12, "text": BODY})
    error, numbered = read(path)
    assert where(error) == (str(path), 1)
    assert error.message == f"'id' must be a string, not {kind}"
    assert numbered.id == "12"  # a whole number is still an id


def test_non_string_front_matter_id_is_refused(tmp_path):
    (tmp_path / "a.md").write_text("---\nid: [one, two]\n---\n" + BODY, encoding="utf-8")
    [error] = read(tmp_path)
    assert isinstance(error, InputError) and error.message == "front matter 'id' must be a string, not a list"


def test_id_with_a_control_character_is_refused(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a\nb", "text": BODY}, {"id": "a\tb", "text": BODY})
    items = read(path)
    assert [where(i) for i in items] == [(str(path), 1), (str(path), 2)]
    assert all("control character" in i.message for i in items)


@pytest.mark.parametrize("field", ["title", "url", "outlet"])
def test_non_string_metadata_is_refused(tmp_path, field):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": BODY, field: {"nested": ["x"]}})
    [error] = read(path)
    assert isinstance(error, InputError) and error.message == f"'{field}' must be a string, not a mapping"


def test_numeric_front_matter_title_is_its_text(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: 1984\n---\n" + BODY, encoding="utf-8")
    [article] = read(tmp_path)
    assert article.title == "1984"


def test_file_name_that_is_not_utf8_is_reported_escaped(tmp_path):
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as fh:
        fh.write(BODY.encode())
    [error] = read(tmp_path)
    assert isinstance(error, InputError) and "file name is not UTF-8" in error.message
    assert str(error).startswith(f"{tmp_path}/caf\\xe9.txt: ")
    str(error).encode("utf-8")  # printable on any terminal


# --------------------------------------------------------------------------- choosing files in a directory


def tree(tmp_path: Path) -> Path:
    for name in ("2024-a.md", "2023-b.md", "SOURCES.md", "drafts/2024-c.md", "sub/2024-d.txt", ".hidden/e.md",
                 ".f.md", "sub/feed.jsonl"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BODY if path.suffix != ".jsonl" else json.dumps({"id": "g", "text": BODY}) + "\n\n",
                        encoding="utf-8")
    return tmp_path


def ids(root: Path, **selection) -> list[str]:
    items = read(root, selection=FileSelection(**selection))
    assert all(isinstance(i, Article) for i in items), items
    return [i.id for i in items]


def test_hidden_files_and_folders_are_never_read_from_a_directory(tmp_path):
    assert ids(tree(tmp_path)) == ["2023-b", "2024-a", "SOURCES", "2024-c", "2024-d", "g"]


def test_exclude_names_a_file_or_a_folder(tmp_path):
    root = tree(tmp_path)
    assert ids(root, exclude=("SOURCES.md", "drafts")) == ["2023-b", "2024-a", "2024-d", "g"]
    assert ids(root, exclude=("sub/*.txt",)) == ["2023-b", "2024-a", "SOURCES", "2024-c", "g"]


def test_glob_keeps_only_matching_files(tmp_path):
    root = tree(tmp_path)
    assert ids(root, include=("2024-*",)) == ["2024-a", "2024-c", "2024-d"]
    assert ids(root, include=("*.md",), exclude=("drafts",)) == ["2023-b", "2024-a", "SOURCES"]
    assert ids(root, include=("sub/*",)) == ["2024-d", "g"]


def test_selection_does_not_apply_to_files_named_explicitly(tmp_path):
    root = tree(tmp_path)
    items = read(root / "SOURCES.md", selection=FileSelection(exclude=("SOURCES.md",)))
    assert [i.id for i in items] == ["SOURCES"]


def test_skip_keeps_the_runs_own_output_out(tmp_path):
    root = tree(tmp_path)
    assert "g" not in ids(root, skip=frozenset({(root / "sub" / "feed.jsonl").resolve()}))


def test_count_articles_counts_files_and_jsonl_lines(tmp_path):
    root = tree(tmp_path)
    write_jsonl(tmp_path / "more.jsonl", {"id": 1, "text": BODY}, "", "not json", {"id": 3, "text": BODY})
    total = count_articles([str(root), str(tmp_path / "missing.txt")])
    assert total == len(read(root, tmp_path / "missing.txt")) == 10
    assert count_articles([str(root), "-"]) is None  # standard input: unknown until read


def peak_bytes_reading(*inputs: Path, **kwargs) -> tuple[list, int]:
    import tracemalloc

    tracemalloc.start()
    try:
        items = read(*inputs, **kwargs)
        return items, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_enormous_file_is_refused_without_reading_it(tmp_path):
    """read_bytes() took the whole file into memory before its length was checked."""
    path = tmp_path / "dump.txt"
    with open(path, "wb") as fh:
        fh.truncate(64 * 2**20)  # sparse: 64 MiB of nothing on disk
    items, peak = peak_bytes_reading(path, max_chars=1000)
    assert [where(i) for i in items] == [(str(path), None)] and "too long" in items[0].message
    assert peak < 2**20


def test_an_enormous_jsonl_line_is_skipped_a_megabyte_at_a_time(tmp_path):
    """Iterating a file's lines held a whole 64 MiB "line" in memory."""
    path = tmp_path / "feed.jsonl"
    with open(path, "wb") as fh:
        fh.write(json.dumps({"id": "a", "text": BODY}).encode() + b"\n")
        fh.seek(64 * 2**20, 1)  # a line of 64 MiB of NUL bytes, without a newline till the end
        fh.write(b"\n" + json.dumps({"id": "c", "text": BODY}).encode() + b"\n")
    items, peak = peak_bytes_reading(path, max_chars=1000)
    assert [where(i) for i in items] == ["a", (str(path), 2), "c"]
    assert "line is too long" in items[1].message
    assert peak < 4 * 2**20


def test_a_parser_failure_on_one_page_is_that_pages_error(tmp_path, monkeypatch):
    """trafilatura and lxml run on whatever a page holds; should one of them raise (a bug we cannot
    provoke on purpose, so it is stood in for here), that page is reported and the rest is read."""
    import trafilatura  # the readers import it when a page is read, so the patch is what they get

    real = trafilatura.bare_extraction

    def fragile(html, **kwargs):
        if "boom" in html:
            raise AssertionError("lxml tree in an impossible state")
        return real(html, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", fragile)
    (tmp_path / "a.html").write_text("<p>boom</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<p>{BODY}</p>", encoding="utf-8")
    bad, good = read(tmp_path)
    assert isinstance(bad, InputError) and bad.message == (
        "article 'a': its HTML could not be read (AssertionError: lxml tree in an impossible state)")
    assert good.id == "b"
