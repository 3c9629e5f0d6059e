"""Reading YAML: the data files that ship inside the package, and the YAML a user gives us.

Every YAML pactwatch reads goes through ``UserYamlLoader``, whether it ships with the package or comes
from a user (an article's front matter, a ``--kb`` directory, an extra dictionary): PyYAML's
``safe_load`` still expands aliases, so 356 bytes of ``&a [*b, *b, …]`` become hundreds of megabytes
once anything walks the result, and it composes nested collections recursively, so ten thousand
``[`` raise ``RecursionError``. Neither is needed in a data file, so both are refused with a
``yaml.YAMLError`` that carries the position, like any other syntax error.

Dates stay the text the author wrote (``published: 2024-13-45`` is then a bad value the caller can
report, not a ``ValueError`` from PyYAML's timestamp constructor); callers parse them with
``pactwatch.partial_date`` or ``readers.normalise_date``.
"""
from __future__ import annotations

from importlib import resources
from typing import IO, Any

import yaml
import yaml.constructor
from yaml.composer import ComposerError
from yaml.events import AliasEvent, CollectionStartEvent

from .errors import DataFileError

MAX_YAML_DEPTH = 64  # collections inside collections; our own files use four at most


class UserYamlLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases and deep nesting, and keeps timestamps as strings."""

    def __init__(self, stream: str | bytes | IO[Any]) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, "aliases (*name) are not allowed here; write the value out",
                                event.start_mark)
        nested = self.check_event(CollectionStartEvent)
        if nested:
            self._depth += 1
            if self._depth > MAX_YAML_DEPTH:
                raise ComposerError(None, None, f"nested deeper than {MAX_YAML_DEPTH} levels",
                                    self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self._depth -= 1


def _timestamp_as_text(loader: UserYamlLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


UserYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


# libyaml, where PyYAML was built with it, reads large files (an ATOP import: 1.4 MB) several
# times faster (bench/kb_load.py); its composer is C and cannot be hooked, so the alias and depth
# refusals run first over its event stream (cheap) instead.
_FastLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """UserYamlLoader's constructors on libyaml's parser."""

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _guard_events(text: str) -> None:
    from yaml.events import CollectionEndEvent

    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, "aliases (*name) are not allowed here; write the value out",
                                event.start_mark)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise ComposerError(None, None, f"nested deeper than {MAX_YAML_DEPTH} levels", event.start_mark)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def parse_yaml(source: str | bytes | IO[Any]) -> Any:
    """The one YAML entry point: a document through ``UserYamlLoader``; raises ``yaml.YAMLError``.

    A value PyYAML's constructors cannot build (an integer of 5,000 digits, past Python's limit for
    int(); a float too big for a float) raises ValueError or OverflowError from deep inside them;
    it becomes a ``yaml.YAMLError`` like any other bad value, so callers catch one thing."""
    if _FastLoader is not None and isinstance(source, str):
        _guard_events(source)  # the same refusals as UserYamlLoader, on libyaml's events
        loader = _FastLoader(source)
    else:
        loader = UserYamlLoader(source)
    try:
        return loader.get_single_data()
    except (ValueError, OverflowError, TypeError, RecursionError) as error:
        raise yaml.constructor.ConstructorError(None, None, f"cannot read a value: {error}") from error
    finally:
        loader.dispose()


def yaml_error_line(error: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, if it points anywhere."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def describe_yaml_error(error: yaml.YAMLError) -> str:
    """A YAML error as one line ("found unexpected end of stream, column 7"), without PyYAML's
    multi-line excerpt of the source, so a report stays one line per problem."""
    problem = getattr(error, "problem", None)
    if not problem:
        return " ".join(str(error).split())
    context = getattr(error, "context", None)
    mark = getattr(error, "problem_mark", None)
    text = f"{context}: {problem}" if context else problem
    return f"{text} (column {mark.column + 1})" if mark is not None else text


def data_path(relative: str):
    return resources.files("pactwatch").joinpath("data", *relative.split("/"))


def load_yaml(relative: str) -> Any:
    """A data file shipped inside the package (``lexicon/events.yaml``)."""
    path = data_path(relative)
    try:
        with path.open("r", encoding="utf-8") as fh:
            return parse_yaml(fh)
    except yaml.YAMLError as error:
        where = f" at line {yaml_error_line(error)}" if yaml_error_line(error) else ""
        raise DataFileError(str(path), f"not valid YAML{where}: {describe_yaml_error(error)}") from error
    except OSError as error:
        raise DataFileError(str(path), f"cannot read: {error}") from error


def read_yaml_list(path: Any) -> list[dict[str, Any]]:
    """A data file that is a YAML list of mappings (an empty file is an empty list).

    ``path`` may be a user's file (a ``--kb`` directory): it is read with the same guarded loader.
    """
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        where = f" at line {yaml_error_line(error)}" if yaml_error_line(error) else ""
        raise DataFileError(str(path), f"not valid YAML{where}: {describe_yaml_error(error)}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), f"cannot be read: {error}") from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError(str(path), "must be a YAML list of entries")
    for i, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise DataFileError(str(path), "must be a mapping of field: value", entry=f"#{i}")
    return data
