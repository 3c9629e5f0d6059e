"""``pactwatch.errors``: every report is one printable line, whatever the file name holds."""
from __future__ import annotations

import os

import pytest

from pactwatch.errors import DataFileError, InputError, printable


@pytest.mark.parametrize("raw, shown", [
    ("a\nerror: forged", "a\\nerror: forged"),
    ("red\x1b[31m.txt", "red\\x1b[31m.txt"),
    ("tab\there\r", "tab\\there\\r"),
    ("rtl\u202eeulav", "rtl\\u202eeulav"),  # a bidi override would reorder the rest of the line
    (os.fsdecode(b"caf\xe9"), "caf\\xe9"),  # a file name that is not UTF-8: the byte it stands for
    ("\ud800", "\\ud800"),
    ("Ünïcode – fine 😀", "Ünïcode – fine 😀"),
])
def test_printable_escapes_what_a_terminal_would_act_on(raw, shown):
    assert printable(raw) == shown
    printable(raw).encode("utf-8")


def test_input_error_renders_one_line_but_keeps_the_raw_path():
    error = InputError("x\nerror: y.txt", "bad\nthing", 3)
    assert str(error) == "x\\nerror: y.txt:3: bad\\nthing"
    assert error.path == "x\nerror: y.txt"


def test_data_file_error_is_printable_too():
    assert "\n" not in str(DataFileError("k\nb.yaml", "oops", entry="e\x1b"))
