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
