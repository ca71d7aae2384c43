"""The toll's low / best / high in every export: CSV, JSON, GeoJSON and Parquet carry the same
figures, and who gave best."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq

from incidentwatch.analytics import Selection
from incidentwatch.exports import export

# Bannu: 4 (05-13), then 7 and 6 (05-14, no reason for the fall), unnamed sources alike
BANNU = {"killed_low": 4, "killed_best": 7, "killed_high": 7, "militants_best": None, "injured_best": None}


def exported(store, fmt: str) -> bytes:
    out = io.BytesIO()
    with store.sessions() as session:
        export(session, Selection(), format=fmt, out=out)
    return out.getvalue()


def test_every_format_carries_the_estimates(known_store):
    rows = list(csv.DictReader(io.StringIO(exported(known_store, "csv").decode("utf-8"))))
    assert {k: (int(rows[0][k]) if rows[0][k] else None) for k in BANNU} == BANNU
    assert rows[0]["killed_best_source"] == "unnamed, 2024-05-14"
    document = json.loads(exported(known_store, "json"))
    assert {k: document["incidents"][0][k] for k in BANNU} == BANNU
    features = json.loads(exported(known_store, "geojson"))["features"]
    assert {k: features[0]["properties"][k] for k in BANNU} == BANNU
    table = pq.read_table(io.BytesIO(exported(known_store, "parquet"))).to_pylist()
    assert {k: table[0][k] for k in BANNU} == BANNU
    # the operation's militants: a toll of militants only
    waziristan = document["incidents"][3]
    assert (waziristan["killed_best"], waziristan["militants_best"], waziristan["killed_total"]) == (0, 5, 5)
