"""Shared helpers of the resource loaders: reading a bundled file and reporting a bad entry."""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import ResourceError

PACKAGE = "incidentwatch.resources"


def _read(name: str, directory: Path | None) -> str:
    if directory is not None:
        return (directory / name).read_text(encoding="utf-8")
    return importlib_resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _yaml(name: str, directory: Path | None) -> dict[str, Any]:
    try:
        data = yaml.safe_load(_read(name, directory))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ResourceError(name, mark.line + 1 if mark else None, str(error).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise ResourceError(name, None, "expected a mapping at the top level")
    return data


def _validate(model: type[BaseModel], entry: Any, file: str, where: str) -> Any:
    try:
        return model.model_validate(entry)
    except ValidationError as error:
        first = error.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ResourceError(file, None, f"{where}: {loc}: {first['msg']}") from None
