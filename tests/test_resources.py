"""``pactwatch.resources``: the one YAML loader, for the files we ship and the files users give us."""
from __future__ import annotations

import pytest
import yaml

from pactwatch.errors import DataFileError
from pactwatch.resources import describe_yaml_error, parse_yaml, read_yaml_list

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"


def test_aliases_are_refused_with_their_position():
    with pytest.raises(yaml.YAMLError) as raised:
        parse_yaml(BOMB)
    assert "aliases" in describe_yaml_error(raised.value)
    assert raised.value.problem_mark.line == 1


def test_anchors_without_aliases_are_harmless():
    assert parse_yaml("a: &a [x]\n") == {"a": ["x"]}


def test_deep_nesting_is_refused_not_a_recursion_error():
    with pytest.raises(yaml.YAMLError):
        parse_yaml("[" * 20_000 + "]" * 20_000)
    assert parse_yaml("[[[[x]]]]") == [[[["x"]]]]


def test_dates_stay_the_text_written():
    assert parse_yaml("a: 2024-13-45\nb: 2024-03-05\nc: 2024-03-05 10:00:00\n") == {
        "a": "2024-13-45", "b": "2024-03-05", "c": "2024-03-05 10:00:00"}


def test_yaml_error_description_is_one_line():
    with pytest.raises(yaml.YAMLError) as raised:
        parse_yaml("title: [unclosed\n")
    text = describe_yaml_error(raised.value)
    assert "\n" not in text and "column" in text


def test_a_users_kb_file_with_aliases_is_a_data_file_error(tmp_path):
    """``--kb`` directories are read by read_yaml_list; PyYAML's safe_load expanded the bomb."""
    path = tmp_path / "memberships.yaml"
    path.write_text("- &m {treaty: csto, member: ARM}\n- *m\n", encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        read_yaml_list(path)
    assert str(raised.value).startswith(f"{path}: not valid YAML at line 2: aliases")
    assert "\n" not in str(raised.value)


def test_an_eval_floors_file_with_aliases_is_refused():
    """``pactwatch eval --gate FLOORS`` reads a user's YAML too."""
    from pactwatch.errors import InputError
    from pactwatch.evaluate import parse_floors

    with pytest.raises(InputError) as raised:
        parse_floors("sets:\n  dev: &d {floors: {events.loose.f1: 0.5}}\n  copy: *d\n", "floors.yaml")
    assert raised.value.path == "floors.yaml" and raised.value.line == 3
