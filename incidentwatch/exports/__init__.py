"""Exports: the incidents of a selection as CSV, JSON, GeoJSON, Parquet or ACLED's format.

Every format reads the same stream of ``rows.ExportRow`` (``iter_rows``, bounded memory) and is
one entry of ``EXPORTERS``, the registry a plugin would add to; ``export`` picks one. The
formats and the ACLED mapping are documented in docs/exports.md.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from sqlalchemy.orm import Session

from ..analytics import Selection
from .rows import ExportRow, iter_rows


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    GEOJSON = "geojson"
    PARQUET = "parquet"
    ACLED = "acled"


@dataclass
class ExportContext:
    """What a writer may need besides the rows; writers record what they left out here."""

    selection: Selection
    undated: int = 0  # incidents a format could not hold (ACLED: no date)
    unlocated: int = 0  # GeoJSON features with a null geometry


Writer = Callable[[Iterable[ExportRow], IO[bytes], ExportContext], int]


def _text(write: Callable) -> Writer:
    """A writer of text, given a binary stream: UTF-8, newlines as written."""
    def run(rows: Iterable[ExportRow], out: IO[bytes], context: ExportContext) -> int:
        stream = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        try:
            return write(rows, stream, context)
        finally:
            stream.flush()
            stream.detach()  # the caller's stream stays open
    return run


def _csv(rows, out, context):  # noqa: ANN001, ANN202 - a Writer
    from .tabular import write_csv

    return write_csv(rows, out)


def _json(rows, out, context):  # noqa: ANN001, ANN202
    from .json_export import write_json

    return write_json(rows, out, selection=context.selection.describe())


def _geojson(rows, out, context):  # noqa: ANN001, ANN202
    from .geojson import GeoJSONCount, write_geojson

    count = GeoJSONCount()
    n = write_geojson(rows, out, count=count)
    context.unlocated = count.unlocated
    return n


def _parquet(rows, out, context):  # noqa: ANN001, ANN202
    from .parquet import write_parquet

    return write_parquet(rows, out)


def _acled(rows, out, context):  # noqa: ANN001, ANN202
    from ..resources import load_actors, load_taxonomy
    from .acled import AcledCount, write_acled

    count = AcledCount()
    n = write_acled(rows, out, taxonomy=load_taxonomy(), actors=load_actors(), count=count)
    context.undated = count.undated
    return n


EXPORTERS: dict[ExportFormat, Writer] = {
    ExportFormat.CSV: _text(_csv),
    ExportFormat.JSON: _text(_json),
    ExportFormat.GEOJSON: _text(_geojson),
    ExportFormat.PARQUET: _parquet,
    ExportFormat.ACLED: _text(_acled),
}
BINARY = frozenset({ExportFormat.PARQUET})


def export(session: Session, selection: Selection, *, format: ExportFormat | str, out: IO[bytes],
           context: ExportContext | None = None) -> int:
    """Write the incidents of ``selection`` to ``out`` (a binary stream) in ``format``.

    Args:
        session: a database session.
        selection: which incidents (see ``analytics.Selection``).
        format: an ``ExportFormat`` or its name.
        out: where the bytes go; left open.
        context: receives what the format left out (undated, unlocated incidents).

    Returns:
        The number of incidents written.

    Raises:
        ValueError: an unknown format.
    """
    fmt = ExportFormat(format)
    context = context if context is not None else ExportContext(selection=selection)
    return EXPORTERS[fmt](iter_rows(session, selection), out, context)


__all__ = ["BINARY", "EXPORTERS", "ExportContext", "ExportFormat", "ExportRow", "export", "iter_rows"]
