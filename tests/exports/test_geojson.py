"""GeoJSON export: a valid FeatureCollection of Points ([lon, lat]); incidents without
coordinates are kept with a null geometry and counted."""

from __future__ import annotations

import io
import json

from incidentwatch.analytics import Selection
from incidentwatch.exports import ExportContext, export


def _check_feature_collection(document: dict) -> None:
    """The parts of RFC 7946 this export uses."""
    assert document["type"] == "FeatureCollection" and isinstance(document["features"], list)
    for feature in document["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_a_feature_collection_of_points(known_store):
    out = io.BytesIO()
    context = ExportContext(selection=Selection())
    with known_store.sessions() as session:
        assert export(session, Selection(), format="geojson", out=out, context=context) == 5
    document = json.loads(out.getvalue())
    _check_feature_collection(document)
    first = document["features"][0]
    assert first["id"] == 1 and first["geometry"]["coordinates"] == [70.6, 32.99]  # lon first
    assert "lat" not in first["properties"] and first["properties"]["killed_total"] == 7
    assert document["features"][1]["geometry"] is None and context.unlocated == 1  # Quetta has no coordinates
