"""Reading the watcher's YAML files (sources, alerts, schedule): a mapping, or one line naming
the file and the problem, raised as the caller's error class."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import IncidentwatchError


def read_mapping(path: Path, error: type[IncidentwatchError], expected: str) -> dict:
    """The YAML mapping in ``path``; ``error`` with ``path: reason`` when there is none."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path}: cannot be read ({problem})") from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        at = f"line {mark.line + 1}: " if mark is not None else ""
        raise error(f"{path}: {at}not valid YAML ({getattr(problem, 'problem', None) or problem})") from None
    if not isinstance(data, dict):
        raise error(f"{path}: expected a mapping with {expected}")
    return data


def first_problem(problem: ValidationError) -> str:
    """``outlets[0].feeds: reason``: where the first validation error is, and what it says."""
    first = problem.errors()[0]
    where = ""
    for part in first["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return f"{where or '(top)'}: {first['msg'].removeprefix('Value error, ')}"
