"""Parquet export: reads back with pyarrow, with dates, counts, coordinates and lists typed."""

from __future__ import annotations

import io
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq

from incidentwatch.analytics import Selection
from incidentwatch.exports import export
from incidentwatch.exports.rows import COLUMNS


def test_parquet_reads_back_with_the_right_types(known_store):
    out = io.BytesIO()
    with known_store.sessions() as session:
        assert export(session, Selection(), format="parquet", out=out) == 5
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.num_rows == 5 and tuple(table.column_names) == COLUMNS
    schema = table.schema
    assert schema.field("date").type == pa.date32() and schema.field("killed_total").type == pa.int32()
    assert schema.field("lat").type == pa.float64() and schema.field("evidence").type == pa.list_(pa.string())
    rows = table.to_pylist()
    assert rows[0]["date"] == date(2024, 5, 13) and rows[0]["killed_total"] == 7
    assert rows[0]["perpetrators"] == [{"name": "TTP", "status": "claimed"}]
    assert rows[1]["lat"] is None and rows[2]["killed_total"] is None  # unknown stays null, never 0
    assert rows[4]["date"] is None and rows[0]["article_ids"] == [1, 2, 3]


def test_an_empty_parquet_file_still_has_the_schema(known_store):
    from incidentwatch.analytics import resolve_selection

    out = io.BytesIO()
    with known_store.sessions() as session:
        assert export(session, resolve_selection(province="Punjab"), format="parquet", out=out) == 0
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.num_rows == 0 and tuple(table.column_names) == COLUMNS
