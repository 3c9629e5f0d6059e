"""The hostile-input corpus: files a careless feed, a broken scraper or a malicious user hands pactwatch.

Every input is generated here (our own words, a few bytes on disk each) rather than stored, so the
corpus is readable in review and costs nothing in the repository. Each ``Hostile`` is one file and
says what a run must make of it: the errors it must report (where, and words of the message) and the
articles it must still code. Files are grouped into mixed runs, each with good articles beside the
hostile ones, because the promise is about the run: one bad input costs its own line of output,
never the rest.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

GOOD = "{who} asked the CSTO for help on Monday, the prime minister said in a statement about case {n}."
STATES = ("Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Belarus", "Russia")


def good_text(n: int) -> str:
    return GOOD.format(who=STATES[n % len(STATES)], n=n)


def good_line(article_id: str, n: int, **extra: object) -> str:
    return json.dumps({"id": article_id, "text": good_text(n), **extra})


@dataclass(frozen=True)
class Hostile:
    name: str  # short, unique: the test id
    path: str  # file name inside the run's input folder (may hold newlines, escapes, undecodable bytes)
    content: bytes
    errors: tuple[tuple[int | None, str], ...] = ()  # (line or None, words the message must contain)
    articles: tuple[str, ...] = ()  # ids that must be coded from this file
    group: str = "misc"

    @property
    def fs_path(self) -> bytes:
        return os.fsencode(self.path)


@dataclass
class Corpus:
    items: list[Hostile] = field(default_factory=list)
    counter: int = 1000

    def add(self, group: str, name: str, path: str, content: bytes | str, errors=(), articles=()) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.items.append(Hostile(name, path, data, tuple(errors), tuple(articles), group))

    def text(self) -> str:
        self.counter += 1
        return good_text(self.counter)

    def jsonl(self, group: str, name: str, bad_line: str | bytes, error: str | None, after_id: str | None = None,
              ok_id: str | None = None) -> None:
        """A JSONL file: a good line, the hostile line, a good line; the hostile line is line 2."""
        first, last = f"{name}-before", after_id or f"{name}-after"
        bad = bad_line.encode("utf-8", "surrogatepass") if isinstance(bad_line, str) else bad_line
        body = (good_line(first, self.counter + 1) + "\n").encode() + bad + b"\n" + \
               (good_line(last, self.counter + 2) + "\n").encode()
        self.counter += 2
        ids = (first, ok_id, last) if ok_id else (first, last)
        self.add(group, name, f"{name}.jsonl", body, errors=[(2, error)] if error else [], articles=ids)

    def front_matter(self, group: str, name: str, yaml_text: str, error: str | None, line: int | None = None,
                     article: str | None = None) -> None:
        body = f"---\n{yaml_text}\n---\n{self.text()}\n"
        self.add(group, name, f"{name}.md", body, errors=[(line, error)] if error else [],
                 articles=[article or name] if not error else [])


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\ntitle: *l{levels - 1}"


def build() -> list[Hostile]:
    c = Corpus()

    # -- front matter: YAML a user wrote or a generator mangled ----------------------------------------
    fm = "front-matter"
    c.front_matter(fm, "fm-month-13", "published: 2024-13-45", "'published' is not a date")
    c.front_matter(fm, "fm-feb-30", "published: 2024-02-30", "'published' is not a date")
    c.front_matter(fm, "fm-year-0", "published: 0000-01-01", "'published' is not a date")
    c.front_matter(fm, "fm-year-10000", "published: 10000-01-01", "'published' is not a date")
    c.front_matter(fm, "fm-date-true", "published: true", "'published' is not a date")
    c.front_matter(fm, "fm-date-list", "published: [2024-01-01]", "'published' is not a date")
    c.front_matter(fm, "fm-alias-bomb", alias_bomb(), "aliases", line=3)
    c.front_matter(fm, "fm-merge-alias", "base: &b {title: x}\n<<: *b", "aliases", line=3)
    c.front_matter(fm, "fm-deep", "title: " + "[" * 3000 + "]" * 3000, "nested deeper", line=2)
    c.front_matter(fm, "fm-python-tag", "title: !!python/object/apply:os.system [echo hi]", "bad front matter",
                   line=2)
    c.front_matter(fm, "fm-tabs", "title: a\n\tid: b", "bad front matter", line=3)
    c.front_matter(fm, "fm-unhashable-key", "? [a, b]\n: c", "bad front matter", line=2)
    c.front_matter(fm, "fm-huge-int", "id: " + "9" * 5000, "bad front matter")
    c.front_matter(fm, "fm-list", "- a\n- b", "must be a mapping", line=2)
    c.front_matter(fm, "fm-id-list", "id: [a, b]", "'id' must be a string, not a list")
    c.front_matter(fm, "fm-id-bool", "id: true", "'id' must be a string, not true/false")
    c.front_matter(fm, "fm-id-map", "id: {x: 1}", "'id' must be a string, not a mapping")
    c.front_matter(fm, "fm-id-newline", 'id: "a\\nerror: forged"', "control character")
    c.front_matter(fm, "fm-title-map", "title: {x: [1]}", "'title' must be a string, not a mapping")
    c.add(fm, "fm-unclosed", "fm-unclosed.md", "---\nid: x\n" + c.text() + "\n", errors=[(1, "never closed")])
    c.add(fm, "fm-only", "fm-only.md", "---\nid: fm-only\n---\n", errors=[(None, "is empty")])
    c.front_matter(fm, "fm-edge-first-day", "published: 0001-01-01", None)
    c.front_matter(fm, "fm-edge-last-day", "published: 9999-12-31", None)

    # -- calendar edges: dates that resolve past the calendar must give no date, not a crash --------------
    cal = "calendar"
    relative = ("Armenia asked the CSTO for help yesterday. Russia will criticise NATO next week. "
                "Russia will attack Armenia next year. Kazakhstan asked Russia for help last year. "
                "Belarus will meet Russia on Monday. Armenia asked for help 9999 years ago.")
    for day in ("0001-01-01", "0001-01-07", "9999-12-31", "9999-12-27"):
        name = f"cal-{day}"
        text = f"{relative} Published on {day}."  # distinct texts: the store keys articles by content
        c.add(cal, name, f"{name}.jsonl", json.dumps({"id": name, "published": day, "text": text}) + "\n",
              articles=[name])
    c.add(cal, "cal-html-edge", "cal-html-edge.html",
          '<html><head><meta property="article:published_time" content="9999-12-31T23:00:00Z"></head>'
          f"<body><article><p>{relative}</p></article></body></html>", articles=["cal-html-edge"])

    # -- JSON structure ---------------------------------------------------------------------------------
    js = "json"
    c.jsonl(js, "js-deep-array", '{"id": "d", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply")
    c.jsonl(js, "js-deep-object", '{"id": "d", "text": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}",
            "nested too deeply")
    c.jsonl(js, "js-huge-int", '{"id": ' + "7" * 5000 + ', "text": "Armenia asked for help."}', "malformed JSON")
    c.jsonl(js, "js-truncated", '{"id": "t", "text": "Armenia asked', "malformed JSON")
    c.jsonl(js, "js-array", '["id", "text"]', "expected a JSON object")
    c.jsonl(js, "js-string", '"just a string"', "expected a JSON object")
    c.jsonl(js, "js-number", "42", "expected a JSON object")
    c.jsonl(js, "js-null", "null", "expected a JSON object")
    c.jsonl(js, "js-trailing", '{"id": "t", "text": "Armenia asked for help."} extra', "malformed JSON")
    c.jsonl(js, "js-bom-inside", "\ufeff" + good_line("js-bom-inside-x", 1), "malformed JSON")
    c.jsonl(js, "js-nan", json.dumps({"id": "js-nan-ok", "text": c.text()})[:-1] + ', "score": NaN}', None,
            ok_id="js-nan-ok")
    c.jsonl(js, "js-duplicate-keys", '{"id": "ignored", "id": "js-dup-ok", "text": "' + c.text() + '"}', None,
            ok_id="js-dup-ok")
    c.jsonl(js, "js-no-id", json.dumps({"text": c.text()}), "has no 'id'")
    c.jsonl(js, "js-null-id", json.dumps({"id": None, "text": c.text()}), "has no 'id'")
    c.jsonl(js, "js-blank-id", json.dumps({"id": " \t ", "text": c.text()}), "has no 'id'")
    c.jsonl(js, "js-list-id", json.dumps({"id": ["a", "b"], "text": c.text()}), "'id' must be a string, not a list")
    c.jsonl(js, "js-dict-id", json.dumps({"id": {"k": 1}, "text": c.text()}), "'id' must be a string, not a mapping")
    c.jsonl(js, "js-true-id", json.dumps({"id": True, "text": c.text()}), "'id' must be a string, not true/false")
    c.jsonl(js, "js-float-id", json.dumps({"id": 2.5, "text": c.text()}), "'id' must be a string, not float")
    c.jsonl(js, "js-escape-id", json.dumps({"id": "x\u001b[2Jy", "text": c.text()}), "control character")
    c.jsonl(js, "js-text-number", json.dumps({"id": "n", "text": 12}), "'text' must be a string")
    c.jsonl(js, "js-text-list", json.dumps({"id": "n", "text": ["a"]}), "'text' must be a string")
    c.jsonl(js, "js-html-dict", json.dumps({"id": "n", "html": {"p": 1}}), "'html' must be a string")
    c.jsonl(js, "js-title-list", json.dumps({"id": "n", "text": c.text(), "title": ["a"]}), "'title' must be a string")
    c.jsonl(js, "js-url-bool", json.dumps({"id": "n", "text": c.text(), "url": False}), "'url' must be a string")
    c.jsonl(js, "js-published-junk", json.dumps({"id": "n", "text": c.text(), "published": "2024-13-45"}),
            "'published' is not a date")
    c.jsonl(js, "js-published-number", json.dumps({"id": "n", "text": c.text(), "published": 20240305}),
            "'published' is not a date")
    c.jsonl(js, "js-neither", json.dumps({"id": "n", "title": "only a title"}), "neither 'text' nor 'html'")
    c.jsonl(js, "js-our-output", json.dumps({"id": "n", "text_clean": "x", "events": []}), "looks like pactwatch output")
    c.jsonl(js, "js-empty-text", json.dumps({"id": "n", "text": " \n\t "}), "is empty")

    # -- characters: surrogates, NUL, control characters, bad bytes ---------------------------------------
    ch = "characters"
    c.jsonl(ch, "ch-lone-high", '{"id": "s", "text": "Armenia asked the CSTO \\ud800 for help."}', "surrogate")
    c.jsonl(ch, "ch-lone-low", '{"id": "s", "text": "' + c.text() + '", "title": "x\\udfff"}', "surrogate")
    c.jsonl(ch, "ch-surrogate-id", '{"id": "\\udc80", "text": "Armenia asked for help."}', "surrogate")
    c.jsonl(ch, "ch-surrogate-html", '{"id": "s", "html": "<p>Armenia \\ud83d asked.</p>"}', "surrogate")
    c.jsonl(ch, "ch-paired", '{"id": "ch-paired-ok", "text": "' + c.text() + ' \\ud83d\\ude00"}', None,
            ok_id="ch-paired-ok")
    c.jsonl(ch, "ch-nul-escape", '{"id": "ch-nul-ok", "text": "' + c.text() + ' \\u0000 end."}', None, ok_id="ch-nul-ok")
    c.jsonl(ch, "ch-invalid-utf8", b'{"id": "b", "text": "caf\xe9 talks"}', "invalid UTF-8")
    c.jsonl(ch, "ch-nul-byte", b'{"id": "b", "text": "x\x00y"}', "binary")
    c.jsonl(ch, "ch-overlong-utf8", b'{"id": "b", "text": "\xc0\xaf"}', "invalid UTF-8")
    c.jsonl(ch, "ch-encoded-surrogate", b'{"id": "b", "text": "\xed\xa0\x80"}', "invalid UTF-8")
    c.add(ch, "ch-bom", "ch-bom.txt", "\ufeff" + c.text() + "\n", articles=["ch-bom"])
    c.add(ch, "ch-bom-only", "ch-bom-only.txt", "\ufeff", errors=[(None, "is empty")])
    c.add(ch, "ch-crlf", "ch-crlf.md", ("---\r\nid: ch-crlf\r\n---\r\n" + c.text() + "\r\n").encode(), articles=["ch-crlf"])
    c.add(ch, "ch-cr-only", "ch-cr-only.txt", (c.text() + "\r" + c.text() + "\r").encode(), articles=["ch-cr-only"])
    c.add(ch, "ch-controls", "ch-controls.txt", c.text() + " \x07\x1b[31m red \x1b[0m\x0c\n", articles=["ch-controls"])
    c.add(ch, "ch-bidi", "ch-bidi.txt", c.text() + " \u202egnirts desrever\u202c\n", articles=["ch-bidi"])

    # -- bytes that are not text ------------------------------------------------------------------------
    bi = "binary"
    c.add(bi, "bin-png", "bin-png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), errors=[(None, "binary")])
    c.add(bi, "bin-latin1", "bin-latin1.txt", ("Line one.\n" + "Caf\xe9 talks on Friday.\n").encode("latin-1"),
          errors=[(2, "invalid UTF-8")])
    c.add(bi, "bin-utf16", "bin-utf16.txt", c.text().encode("utf-16"), errors=[(None, "binary")])
    c.add(bi, "bin-random", "bin-random.md", bytes((i * 7919) % 251 for i in range(4096)), errors=[(None, "binary")])
    c.add(bi, "bin-html-nul", "bin-html-nul.html", b"<html>\x00<body>x</body></html>", errors=[(None, "binary")])
    c.add(bi, "bin-empty", "bin-empty.txt", b"", errors=[(None, "is empty")])
    c.add(bi, "bin-whitespace", "bin-whitespace.txt", b" \n\t\n   \n", errors=[(None, "is empty")])
    c.add(bi, "bin-jsonl-blank", "bin-jsonl-blank.jsonl", b"\n\n   \n")

    # -- HTML -------------------------------------------------------------------------------------------
    ht = "html"
    c.add(ht, "html-blank", "html-blank.html", "<html><head><title>T</title></head><body></body></html>",
          errors=[(None, "no text in its HTML")])
    c.add(ht, "html-script-only", "html-script-only.html", "<html><body><script>var a = 1;</script></body></html>",
          errors=[(None, "no text in its HTML")])
    c.add(ht, "html-unclosed", "html-unclosed.html", f"<html><body><div><p>{c.text()}<p><b>{c.text()}",
          articles=["html-unclosed"])
    c.add(ht, "html-deep", "html-deep.html", "<div>" * 20_000 + f"<p>{c.text()}</p>" + "</div>" * 20_000,
          errors=[(None, "no text in its HTML")])  # past libxml2's depth limit: no text to be had
    c.add(ht, "html-not-html", "html-not-html.html", c.text() + "\n", articles=["html-not-html"])
    c.add(ht, "html-entities", "html-entities.html", "<p>" + "&#0;&#xD800;&#1114112;&bogus;" * 50 + "</p>",
          articles=["html-entities"])  # odd, but text
    c.add(ht, "html-huge-attr", "html-huge-attr.html", f'<p title="{"x" * 200_000}">{c.text()}</p>',
          articles=["html-huge-attr"])
    c.jsonl(ht, "html-in-json-empty", json.dumps({"id": "h", "html": "<div></div>"}), "no text in its HTML")

    # -- size and shape: what one article may cost ------------------------------------------------------
    sz = "size"
    c.add(sz, "size-over-limit", "size-over-limit.txt", ("word " * 220_000).encode(), errors=[(None, "too long")])
    c.jsonl(sz, "size-line-over-limit", json.dumps({"id": "big", "text": "y" * 1_000_001}), "too long")
    c.add(sz, "size-one-line", "size-one-line.txt", " ".join(good_text(i) for i in range(400)), articles=["size-one-line"])
    c.add(sz, "size-no-stops", "size-no-stops.txt", " ".join(good_text(i).rstrip(".") for i in range(300)).replace(",", ""),
          articles=["size-no-stops"])
    c.add(sz, "size-punctuation-run", "size-punctuation-run.txt", "!?" * 4000 + "\n" + c.text() + "\n",
          articles=["size-punctuation-run"])
    c.add(sz, "size-one-token", "size-one-token.txt", "x" * 50_000, articles=["size-one-token"])
    c.add(sz, "size-many-lines", "size-many-lines.txt", "".join(f"{good_text(i)}\n" for i in range(500)),
          articles=["size-many-lines"])
    c.add(sz, "size-open-quotes", "size-open-quotes.txt", "“Russia criticised NATO " * 500, articles=["size-open-quotes"])

    # -- file names a terminal would act on ---------------------------------------------------------------
    nm = "names"
    c.add(nm, "name-newline", "forged\npactwatch: error: all is well.txt", b"", errors=[(None, "is empty")])
    c.add(nm, "name-newline-coded", "two\nlines.txt", c.text(), errors=[(None, "control character")])
    c.add(nm, "name-escape", "red\x1b[31mtext\x1b[0m.txt", b"", errors=[(None, "is empty")])
    c.add(nm, "name-not-utf8", os.fsdecode(b"caf\xe9.txt"), c.text().encode(), errors=[(None, "file name is not UTF-8")])
    c.add(nm, "name-emoji-code", ":warning: [bold]x[bold].txt", b"", errors=[(None, "is empty")])
    c.add(nm, "name-ok-unicode", "Ереван–встреча.md", c.text(), articles=["Ереван–встреча"])
    c.add(nm, "name-hidden", ".hidden.md", c.text())  # never read from a directory
    c.add(nm, "name-unsupported", "notes.csv", "id,text\n1,Armenia asked for help.\n")  # skipped in a directory
    return c.items


CORPUS = build()
GROUPS = sorted({h.group for h in CORPUS})
