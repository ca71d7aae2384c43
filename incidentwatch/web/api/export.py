"""``/api/export``: the incidents of the filters as CSV, JSON, GeoJSON, Parquet or ACLED's
format, written by ``incidentwatch.exports.export`` (the function behind ``incidentwatch
export``) into a spooled temporary file (memory up to ``SPOOL_BYTES``, disk beyond) and
streamed from there in chunks, so neither a large export nor a slow client holds the rows in
memory or the database session open."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from ...analytics import Selection
from ...exports import ExportContext, ExportFormat, export
from ..deps import DbSession, Filters, PeriodText, narrow_to_period
from ..errors import error_responses

router = APIRouter(tags=["export"])

SPOOL_BYTES = 8 * 1024 * 1024  # an export this small stays in memory; a larger one rolls over to a temporary file
CHUNK = 64 * 1024

MEDIA_TYPE = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.JSON: "application/json",
    ExportFormat.GEOJSON: "application/geo+json",
    ExportFormat.PARQUET: "application/vnd.apache.parquet",
    ExportFormat.ACLED: "text/csv; charset=utf-8",
}
EXTENSION = {ExportFormat.CSV: "csv", ExportFormat.JSON: "json", ExportFormat.GEOJSON: "geojson",
             ExportFormat.PARQUET: "parquet", ExportFormat.ACLED: "csv"}


def export_filename(selection: Selection, fmt: ExportFormat) -> str:
    """``incidentwatch-2024-04-01_2024-06-30-balochistan.csv``: the dates and the place of the
    selection, ASCII letters, digits and dashes only (``-acled`` for ACLED's format)."""
    parts = ["incidentwatch"]
    if selection.date_from or selection.date_to:
        parts.append(f"{selection.date_from or 'start'}_{selection.date_to or 'end'}")
    for values in (selection.country, selection.province, selection.district):
        parts.extend(values)
    if fmt is ExportFormat.ACLED:
        parts.append("acled")
    slug = "-".join(re.sub(r"[^a-z0-9_]+", "-", p.lower()).strip("-") for p in parts)
    return f"{slug[:120]}.{EXTENSION[fmt]}"


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()


_CONTENT: dict[str, dict[str, Any]] = {media: {} for media in dict.fromkeys(MEDIA_TYPE.values())}


@router.get("/export", response_class=StreamingResponse, responses={
    200: {"description": "the export file (Content-Disposition names it)", "content": _CONTENT},
    **error_responses(400, 422)})
def export_incidents(selection: Filters, db: DbSession,
                     format: Annotated[ExportFormat, Query(description="csv, json, geojson, parquet or acled")],
                     period: PeriodText = None) -> StreamingResponse:
    """The incidents of the filters (rejected ones never), one row or feature per incident with
    its place, type, perpetrators, tolls with their split, review state, confidence, sources and
    evidence sentences (docs/exports.md). No match gives a file with no rows, and
    ``X-Incidentwatch-Count: 0``."""
    selection = narrow_to_period(selection, period)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by _chunks
    try:
        context = ExportContext(selection=selection)
        n = export(db, selection, format=format, out=spool, context=context)
    except BaseException:
        spool.close()
        raise
    headers = {"Content-Disposition": f'attachment; filename="{export_filename(selection, format)}"',
               "X-Incidentwatch-Count": str(n)}
    return StreamingResponse(_chunks(spool), media_type=MEDIA_TYPE[format], headers=headers)
