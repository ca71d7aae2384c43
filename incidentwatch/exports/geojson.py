"""GeoJSON (RFC 7946): a FeatureCollection of Points, ``[lon, lat]`` in WGS 84, one Feature per
incident with the incident's fields as properties (``rows.record`` less ``lat`` and ``lon``).

An incident without coordinates is kept, with ``"geometry": null`` (RFC 7946 section 3.2), so
the file holds the same incidents as the CSV; a map shows only the located ones, and
``unlocated`` counts the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from .rows import ExportRow, record


@dataclass
class GeoJSONCount:
    features: int = 0
    unlocated: int = 0  # features with a null geometry


def feature(row: ExportRow) -> dict:
    properties = record(row)
    properties.pop("lat")
    properties.pop("lon")
    geometry = ({"type": "Point", "coordinates": [row.lon, row.lat]}
                if row.lat is not None and row.lon is not None else None)
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": properties}


def write_geojson(rows: Iterable[ExportRow], out: TextIO, *, count: GeoJSONCount | None = None) -> int:
    """Write the rows as a FeatureCollection to ``out``; the number of features."""
    count = count if count is not None else GeoJSONCount()
    out.write('{"type": "FeatureCollection", "features": [')
    for row in rows:
        item = feature(row)
        out.write(("," if count.features else "") + "\n" + json.dumps(item, ensure_ascii=False, allow_nan=False))
        count.features += 1
        count.unlocated += item["geometry"] is None
    out.write("\n]}\n")
    return count.features
