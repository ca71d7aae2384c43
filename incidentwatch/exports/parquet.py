"""Parquet (pyarrow): the columns of ``rows.COLUMNS`` with their types: ``date`` a date32,
counts int32 (null when unknown), coordinates and confidence float64, lists as list<string>
(``article_ids`` list<int64>), perpetrators a list of ``{name, status}`` structs. Rows are
written ``ROW_GROUP`` at a time, so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from .rows import COLUMNS, ESTIMATES, ExportRow, record

ROW_GROUP = 10_000

_COUNT = pa.int32()
_TEXT = pa.string()
TYPES = {
    "id": pa.int64(), "date": pa.date32(), "lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(),
    "sources": _COUNT, "perpetrators": pa.list_(pa.struct([("name", _TEXT), ("status", _TEXT)])),
    "outlets": pa.list_(_TEXT), "urls": pa.list_(_TEXT), "article_ids": pa.list_(pa.int64()),
    "evidence": pa.list_(_TEXT),
    **{f"{kind}_{part}": _COUNT for kind in ("killed", "injured")
       for part in ("total", "civilians", "security", "militants", "foreigners")},
    **{name: _COUNT for name in ESTIMATES},
}
SCHEMA = pa.schema([(name, TYPES.get(name, _TEXT)) for name in COLUMNS])


def _batch(rows: list[ExportRow]) -> pa.RecordBatch:
    records = [record(r) for r in rows]
    for r, row in zip(records, rows, strict=True):
        r["date"] = row.date
    return pa.RecordBatch.from_pylist(records, schema=SCHEMA)


def write_parquet(rows: Iterable[ExportRow], out: IO[bytes]) -> int:
    """Write the rows as a Parquet file to ``out``; the number of rows."""
    n = 0
    pending: list[ExportRow] = []
    with pq.ParquetWriter(out, SCHEMA, compression="zstd") as writer:
        for row in rows:
            pending.append(row)
            if len(pending) >= ROW_GROUP:
                writer.write_batch(_batch(pending))
                n += len(pending)
                pending = []
        if pending or n == 0:
            writer.write_batch(_batch(pending))
            n += len(pending)
    return n
