"""JSON: one object, ``{"schema", "selection", "incidents": [...], "count"}``, written as the
incidents stream in (never built whole in memory). Each incident is ``rows.record``: lists stay
lists, perpetrators are ``{"name", "status"}``, the evidence sentences are listed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from .rows import ExportRow, record

SCHEMA = "incidentwatch.export/1"


def write_json(rows: Iterable[ExportRow], out: TextIO, *, selection: str = "") -> int:
    """Write the rows as one JSON document to ``out``; the number of rows."""
    out.write(f'{{"schema": {json.dumps(SCHEMA)}, "selection": {json.dumps(selection)}, "incidents": [')
    n = 0
    for row in rows:
        out.write(("," if n else "") + "\n" + json.dumps(record(row), ensure_ascii=False, allow_nan=False))
        n += 1
    out.write(f'\n], "count": {n}}}\n')
    return n
