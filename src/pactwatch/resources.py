"""Access to the data files that ship inside the package (lexicons, actors, PLOVER)."""
from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from .errors import DataFileError


def data_path(relative: str):
    return resources.files("pactwatch").joinpath("data", *relative.split("/"))


def load_yaml(relative: str) -> Any:
    path = data_path(relative)
    try:
        with path.open("r", encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as error:
        raise DataFileError(str(path), f"not valid YAML: {error}") from error
    except OSError as error:
        raise DataFileError(str(path), f"cannot read: {error}") from error


def read_yaml_list(path: Any) -> list[dict[str, Any]]:
    """A data file that is a YAML list of mappings (an empty file is an empty list)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DataFileError(str(path), f"cannot be read as YAML: {error}") from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError(str(path), "must be a YAML list of entries")
    for i, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise DataFileError(str(path), "must be a mapping of field: value", entry=f"#{i}")
    return data
