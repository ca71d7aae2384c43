"""A strict JSON parser: Python's json module accepts ``Infinity``, ``-Infinity`` and ``NaN``,
which are not JSON (RFC 8259) and which other parsers refuse."""

from __future__ import annotations

import json
from typing import Any


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def strict_loads(text: str) -> Any:
    return json.loads(text, parse_constant=_refuse)
