"""The reports' payloads and attributions prepared with the extraction (``store/prepared.py``):
what the writer stores from them is what it stores when it prepares them itself."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select

from incidentwatch.ingest.extract import extract_for_store
from incidentwatch.models import Span, Toll
from incidentwatch.store import Store, signature, toll_context
from incidentwatch.store.prepared import prepare
from incidentwatch.store.tables import Incident, IncidentReport
from tests.factories import make_article, make_extracted, make_incident

TEXT = ("Bomb blast at Kabuli Bazaar\n\nA bomb hit the Kabuli Bazaar in Bannu on Monday, killing nine people. "
        "Later the death toll rose to nine, police said.")


def _extracted():
    evidence = [Span(start=0, end=40, text="A bomb hit the Kabuli Bazaar in Bannu on Monday, killing nine people.")]
    return make_extracted(TEXT, published=date(2024, 5, 14),
                          incidents=[make_incident(event_type="bombing", killed=Toll(total=9, qualifier="exact"),
                                                   evidence=evidence)])


def test_prepare_gives_the_payload_signature_toll_context_and_attribution():
    item = _extracted()
    prepared = prepare(item.result, item.title, item.clean_text)
    payload = prepared.payloads[0]
    assert payload["event_type"] == "bombing"
    assert "kabuli" in payload[signature.KEY] and "9 killed" in payload[signature.KEY]
    assert toll_context.of_payload(payload) == ["Later the death toll rose to nine, police said."]
    found = prepared.attributions[0]
    assert found is not None and found.source == "police" and found.tier == 3  # named only in the toll's context


def test_a_report_without_figures_has_no_attribution():
    item = make_extracted(incidents=[make_incident(killed=Toll(), injured=Toll())])
    assert prepare(item.result, item.title, item.clean_text).attributions == (None,)


def test_extraction_hands_the_writer_its_prepared_reports():
    text = ("Two soldiers were martyred when militants attacked a check post in Bannu district on Monday, "
            "police said.")
    item = extract_for_store(make_article(text, published=date(2024, 5, 14)))
    assert item.prepared is not None
    assert item.prepared == prepare(item.result, item.title, item.clean_text)


@pytest.mark.parametrize("prepared_by", ["extraction", "writer"])
def test_the_writer_stores_the_same_from_prepared_reports_as_without(tmp_path, prepared_by):
    item = _extracted()
    if prepared_by == "extraction":
        item = dataclasses.replace(item, prepared=prepare(item.result, item.title, item.clean_text))
    store = Store.open(f"sqlite:///{tmp_path}/db.sqlite")
    store.writer().write(item)
    with store.sessions() as session:
        report = session.scalars(select(IncidentReport)).one()
        incident = session.scalars(select(Incident)).one()
        stored = (report.payload, report.toll_source, report.toll_tier, report.toll_reason, incident.killed_best,
                  incident.toll_sources["killed"]["best"]["source"])
    store.close()
    expected_payload = prepare(item.result, item.title, item.clean_text).payloads[0]
    assert stored == (expected_payload, "police", 3, None, 9, "police")
