"""JSON export: one document that loads, with the incidents, their lists and their evidence."""

from __future__ import annotations

import io
import json

from incidentwatch.analytics import resolve_selection
from incidentwatch.exports import export


def test_json_loads_with_every_incident_and_its_evidence(known_store):
    out = io.BytesIO()
    selection = resolve_selection(province="Khyber Pakhtunkhwa")
    with known_store.sessions() as session:
        n = export(session, selection, format="json", out=out)
    document = json.loads(out.getvalue())
    assert document["schema"] == "incidentwatch.export/1" and document["count"] == n == 4
    assert document["selection"] == "country PK, province Khyber Pakhtunkhwa"
    first = document["incidents"][0]
    assert first["perpetrators"] == [{"name": "TTP", "status": "claimed"}]
    assert first["article_ids"] == [1, 2, 3] and len(first["evidence"]) == 3
    assert [i["id"] for i in document["incidents"]] == [1, 3, 4, 5]


def test_json_of_an_empty_selection_is_still_a_document(known_store):
    out = io.BytesIO()
    with known_store.sessions() as session:
        assert export(session, resolve_selection(province="Punjab"), format="json", out=out) == 0
    assert json.loads(out.getvalue())["incidents"] == []
