"""The merged view on SQLite and PostgreSQL: a report folded in alone gives what a recomputation
from all reports gives, its cost does not grow with the incident, tolls come with their reports."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import event, select

from incidentwatch.models import Span, Toll
from incidentwatch.store import Store, merged_view
from incidentwatch.store.lookups import Lookups
from incidentwatch.store.tables import AuditEntry, Incident
from tests.factories import make_extracted, make_incident

SOURCES = ["police said", "hospital officials said", "officials said", "the ISPR said", "residents said"]


@pytest.fixture()
def store(db_url):
    s = Store.open(db_url)
    yield s
    s.close()


def report(i: int, killed: int, source: str, *, day: int = 14, militants: int | None = None, injured: int | None = None,
           text: str | None = None, place: str | None = None):
    sentence = text or f"At least {killed} people were killed in Bannu, {source}."
    location = make_incident().location.model_copy(update={"place": place} if place else {})
    incident = make_incident(killed=Toll(total=killed + (militants or 0), militants=militants, qualifier="at_least"),
                             injured=Toll(total=injured), location=location, event_type="bombing",
                             evidence=[Span(start=0, end=len(sentence), text=sentence)])
    return make_extracted(sentence, incidents=[incident], url=f"https://o{i}.example/{i}", source_id=f"r{i}",
                          published=date(2024, 5, day))


def the_incident(session) -> Incident:
    return session.scalars(select(Incident)).one()


def test_the_toll_is_reconciled_with_the_report_behind_each_figure(store):
    writer = store.writer()
    writer.write(report(1, 9, "officials said", day=13, injured=20))
    writer.write(report(2, 12, "hospital officials said", day=13))
    writer.write(report(3, 18, "the ISPR said", day=14, militants=16, injured=31))
    writer.write(report(4, 21, "residents said", day=15))
    with store.sessions() as session:
        incident = the_incident(session)
        assert (incident.killed_low, incident.killed_best, incident.killed_high) == (9, 18, 21)
        assert (incident.militants_low, incident.militants_best, incident.militants_high) == (16, 16, 16)
        assert (incident.injured_low, incident.injured_best, incident.injured_high) == (20, 31, 31)
        assert (incident.killed_total, incident.killed_militants) == (34, 16)  # what the rollups add up
        best = incident.toll_sources["killed"]["best"]
        ispr = next(r for r in incident.reports if r.article.source_id == "r3")
        assert (best["report"], best["source"], best["published"]) == (ispr.id, "ISPR", "2024-05-14")
        assert (ispr.toll_source, ispr.toll_tier) == ("ISPR", 3)


def _with_group(extracted, status):
    from incidentwatch.models import Perpetrator

    incident = extracted.result.incidents[0].model_copy(update={"perpetrators": [Perpetrator(name="TTP", status=status)]})
    return dataclasses.replace(extracted, result=extracted.result.model_copy(update={"incidents": [incident]}))


def test_a_toll_that_falls_without_a_reason_is_kept_as_a_conflict_and_an_impossible_one_flagged(store):
    """The issue's bad input: a toll that falls with no reason, a group that both claims and
    denies, an impossible figure. All kept, and the words the API and the incident page show say so."""
    from incidentwatch.store.estimates import describe, estimates_of

    writer = store.writer()
    writer.write(_with_group(report(1, 18, "police said", day=13), "claimed"))
    writer.write(_with_group(report(2, 11, "police said", day=14), "denied"))
    writer.write(report(3, 9000, "police said", day=15))
    with store.sessions() as session:
        incident = the_incident(session)
        assert (incident.killed_low, incident.killed_best, incident.killed_high) == (11, 18, 18)
        assert [c["value"] for c in incident.toll_sources["killed"]["conflicts"]] == [11]
        assert [c["value"] for c in incident.toll_sources["killed"]["flagged"]] == [9000]
        assert merged_view.attribution_conflicts(incident) == {"TTP": ["claimed", "denied"]}
        assert describe(estimates_of(incident)["killed"], incident.date) == (
            "best 18 (police, the same day), reports ranged 11–18, conflicting: 11 (police), flagged for review: 9000")
    writer.write(report(4, 15, "police said", day=16,
                        text="The toll was revised to 15 after duplicate names were removed, police said."))
    with store.sessions() as session:
        assert the_incident(session).killed_best == 15


def test_a_higher_toll_that_two_later_reports_give_is_best_and_said_so(store):
    from incidentwatch.store.estimates import describe, estimates_of

    writer = store.writer()
    writer.write(report(1, 38, "police said", day=13))
    writer.write(report(2, 50, "officials said", day=14))
    writer.write(report(3, 50, "residents said", day=14))
    with store.sessions() as session:
        incident = the_incident(session)
        assert (incident.killed_low, incident.killed_best, incident.killed_high) == (38, 50, 50)
        assert describe(estimates_of(incident)["killed"], incident.date) == (
            "best 50 (unnamed, 2 reports agree, the next day), reports ranged 38–50")


def test_a_report_folded_in_alone_gives_what_a_recomputation_gives(store):
    writer = store.writer()
    for i in range(12):
        writer.write(report(i, 9 + (i * 7) % 11, SOURCES[i % len(SOURCES)], day=13 + i // 5,
                            militants=(i if i % 4 == 0 else None), injured=(i * 3 if i % 3 else None),
                            place="Domel" if i % 2 else None))
    with store.sessions() as session:
        incident = the_incident(session)
        folded = (merged_view.snapshot(incident), incident.toll_sources, incident.merge_state)
        merged_view.recompute(session, incident, Lookups())
        session.flush()
        again = (merged_view.snapshot(incident), incident.toll_sources, incident.merge_state)
        folded[0].pop("row_version"), again[0].pop("row_version")
        assert folded == again
        assert len(incident.reports) == 12


def test_storing_a_report_costs_the_same_however_many_reports_its_incident_has(store):
    """The statements one article's storage runs do not grow with its incident's reports."""
    writer = store.writer()
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001 - SQLAlchemy's event signature
        statements.append(statement)

    costs = []
    for i in range(40):
        statements.clear()
        event.listen(store.engine, "before_cursor_execute", count)
        writer.write(report(i, 9 + i % 5, "police said", day=14, text=f"Report {i}: at least {9 + i % 5} killed, police said."))
        event.remove(store.engine, "before_cursor_execute", count)
        costs.append(len(statements))
        # (the background mentions no incident holds, ``adoption``, are not the incident's reports)
        assert not any("FROM incident_reports" in s and "incident_id" in s.split("WHERE")[-1].replace("incident_id IS NULL", "")
                       for s in statements[1:] if "WHERE" in s), "the incident's reports were read"
    assert costs[5] == costs[39]
    with store.sessions() as session:
        assert len(the_incident(session).reports) == 40


def test_an_editors_toll_is_best_and_the_reports_still_give_the_range(store):
    from incidentwatch.web.auth import Account
    from incidentwatch.web.editing import edit_incident
    from incidentwatch.web.schemas import IncidentPatch

    writer = store.writer()
    writer.write(report(1, 9, "police said", day=13))
    with store.sessions() as session, session.begin():
        incident = the_incident(session)
        patch = IncidentPatch.model_validate({"row_version": incident.row_version, "killed": {"total": 14, "militants": 2}})
        edit_incident(session, incident_id=incident.id, patch=patch, actor=Account(id=1, name="ed", role="editor"))
    writer.write(report(2, 30, "the ISPR said", day=14))
    with store.sessions() as session:
        incident = the_incident(session)
        assert (incident.killed_low, incident.killed_best, incident.killed_high, incident.killed_total) == (9, 12, 30, 14)
        # one audit snapshot shape, machine and editor alike
        shapes = {tuple(sorted(a.after)) for a in session.scalars(select(AuditEntry)) if a.after}
        assert len(shapes) == 1


def test_an_incident_stored_before_the_merge_state_is_recomputed_when_a_report_joins(store):
    writer = store.writer()
    writer.write(report(1, 9, "police said", day=13))
    with store.sessions() as session, session.begin():
        incident = the_incident(session)
        incident.merge_state, incident.toll_sources = None, None
    writer.write(report(2, 12, "police said", day=14))
    with store.sessions() as session:
        incident = the_incident(session)
        assert (incident.killed_low, incident.killed_best, incident.merge_state["main"]) == (9, 12, 2)
