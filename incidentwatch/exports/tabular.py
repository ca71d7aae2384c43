"""CSV: one incident a line, the columns of ``rows.COLUMNS``.

Lists are joined into one cell: perpetrators and outlets with ``"; "``, URLs, article ids and
evidence sentences with ``" | "``. A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading apostrophe, so a spreadsheet never runs article text as a
formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from .rows import COLUMNS, ExportRow

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = " | "


def safe_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula; numbers and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def flat(row: ExportRow) -> list:
    """The row's cells in ``COLUMNS`` order."""
    cells = []
    for name in COLUMNS:
        value = getattr(row, name)
        if name == "date":
            value = value.isoformat() if value else None
        elif name in ("perpetrators", "outlets"):
            value = "; ".join(str(v) for v in value)
        elif name in ("urls", "article_ids", "evidence"):
            value = LIST_SEPARATOR.join(str(v) for v in value)
        cells.append(safe_cell(value))
    return cells


def write_csv(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write a header and one line per row to ``out``; the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        writer.writerow(flat(row))
        n += 1
    return n
