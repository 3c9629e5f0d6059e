"""``pactwatch summary`` reads every format ``extract`` writes, and says what it expected otherwise."""
from __future__ import annotations

import io
import json

import pytest

from pactwatch import formats

ARTICLE = {
    "id": "ruritania-1", "url": None, "title": None, "outlet": None, "published": "2024-03-06",
    "text_clean": "Ruritania asked the alliance for help [sic].\nThe alliance did not answer.",
    "events": [
        {"source": "RUR", "target": "CSTO", "type": "REQUEST", "mode": None, "date": "2024-03",
         "negated": False, "hypothetical": False, "evidence": "Ruritania asked the alliance for help [sic].",
         "evidence_span": [0, 44], "source_text": "Ruritania", "target_text": "the alliance", "confidence": 0.9},
        {"source": "CSTO", "target": "RUR", "type": "CONSULT", "mode": "phone", "date": "2024-03-05",
         "negated": True, "hypothetical": False, "evidence": "The alliance did not answer.",
         "evidence_span": [45, 73], "source_text": "The alliance", "target_text": None, "confidence": 0.8},
    ],
    "quotes": [{"speaker": "Anna Example", "text": "help", "direct": True, "span": [0, 4], "cue": "said"}],
    "actors": [{"key": "RUR", "name": "Ruritania", "kind": "state", "mentions": 1}],
}


def _write(tmp_path, name: str, write) -> str:
    out = io.StringIO()
    write(out)
    (tmp_path / name).write_text(out.getvalue(), encoding="utf-8")
    return name


@pytest.fixture
def files(tmp_path):
    native = _write(tmp_path, "events.jsonl", lambda fh: fh.write(json.dumps(ARTICLE) + "\n"))
    plover = _write(tmp_path, "events.plover.jsonl", lambda fh: formats.write_plover([ARTICLE], fh))
    cameo = _write(tmp_path, "events.tsv", lambda fh: formats.write_cameo([ARTICLE], fh))
    return {"jsonl": native, "plover": plover, "cameo": cameo}


@pytest.mark.parametrize("fmt", ["jsonl", "plover", "cameo"])
def test_summary_reads_every_extract_format(files, tmp_path, pactwatch, fmt):
    result = pactwatch("summary", files[fmt], cwd=tmp_path)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err and err == ""
    assert "ruritania-1" in out and "2024-03-06" in out
    # the month-precise date reads as a month in every format (PLOVER stores its first day)
    assert "2024-03 " in out and "2024-03-05" in out
    assert "REQUEST" in out and "CONSULT (negated)" in out
    assert "[sic]" in out  # evidence is text, not console markup


def test_an_unrecognised_file_says_what_was_expected(tmp_path, pactwatch):
    (tmp_path / "gold.jsonl").write_text(json.dumps({"id": "g", "events": [{"source": ["ARM"], "type": "REQUEST"}]})
                                         + "\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("some notes\n", encoding="utf-8")
    for name, why in (("gold.jsonl", "gold.jsonl:1: event 0: field 'source' must be a string"),
                      ("notes.txt", "notes.txt:1: neither JSON nor a CAMEO table")):
        result = pactwatch("summary", name, cwd=tmp_path)
        err = result.stderr.decode()
        assert result.returncode == 2, err
        assert why in err and "expected pactwatch output" in err and "PLOVER" in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_bad_line_is_reported_with_file_and_line_and_the_rest_is_shown(tmp_path, pactwatch, files):
    good = (tmp_path / files["jsonl"]).read_text(encoding="utf-8")
    second = json.dumps({**ARTICLE, "id": "ruritania-2"})
    (tmp_path / "mixed.jsonl").write_text(good + '{"id": "broken", "events": [\n\n' + second + "\n", encoding="utf-8")
    result = pactwatch("summary", "mixed.jsonl", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "mixed.jsonl:2: malformed JSON" in err and "Traceback" not in err
    out = result.stdout.decode()
    assert "ruritania-1" in out and "ruritania-2" in out


def test_a_bad_plover_or_cameo_line_names_its_line(tmp_path, pactwatch, files):
    plover = (tmp_path / files["plover"]).read_text(encoding="utf-8").splitlines()
    (tmp_path / "bad.plover.jsonl").write_text("\n".join([plover[0], '{"id": "x", "event": ["AID"]}', plover[1]]) + "\n",
                                               encoding="utf-8")
    cameo = (tmp_path / files["cameo"]).read_text(encoding="utf-8").splitlines()
    (tmp_path / "bad.tsv").write_text("\n".join([cameo[0], cameo[1], "only\tthree\tcells", cameo[2]]) + "\n",
                                      encoding="utf-8")
    for name, why in (("bad.plover.jsonl", "bad.plover.jsonl:2: not a PLOVER record: missing field 'actor'"),
                      ("bad.tsv", f"bad.tsv:3: expected {len(formats.CAMEO_COLUMNS)} tab-separated columns, found 3")):
        result = pactwatch("summary", name, cwd=tmp_path)
        assert result.returncode == 1 and why in result.stderr.decode(), result.stderr.decode()
        assert "CONSULT (negated)" in result.stdout.decode()
