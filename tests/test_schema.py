"""The published JSON Schema is the one the models generate, and output validates against it."""

from __future__ import annotations

import json
from pathlib import Path

from incidentwatch.extraction import to_result
from incidentwatch.schema import extraction_schema
from tests.factories import make_article

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "schema" / "extraction-1.schema.json"


def test_the_published_schema_is_generated_from_the_models():
    assert json.loads(PUBLISHED.read_text()) == extraction_schema(), "regenerate with: incidentwatch schema > schema/extraction-1.schema.json"


def test_schema_version_is_in_the_schema_and_the_output(pipeline):
    result = to_result(pipeline(make_article("Four policemen were martyred when militants attacked a checkpost in Bannu on Monday, police said.")))
    record = result.to_json_dict()
    assert record["schema"] == extraction_schema()["$id"] == "incidentwatch.extraction/1"
    assert set(record) == {"schema", "article", "incidents", "claims"}
    assert set(record["incidents"][0]) == {"date", "date_precision", "location", "event_type", "perpetrators", "killed", "injured", "reported_as", "confidence", "evidence"}
