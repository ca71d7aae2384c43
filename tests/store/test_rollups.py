"""The rollups follow the incidents through every kind of write, on SQLite and PostgreSQL:
after each step ``rollups.check`` recounts them from the incidents and finds no difference."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from incidentwatch.ingest import ingest
from incidentwatch.ingest.reextract import reextract
from incidentwatch.sources import read_sources
from incidentwatch.store import Store, rollups
from incidentwatch.store.tables import Actor, Incident, IncidentPerpetrator, IncidentReport
from incidentwatch.web.auth import Account, Role
from incidentwatch.web.editing import edit_incident, merge_incidents, set_review_state, split_incident
from incidentwatch.web.schemas import IncidentPatch, PerpetratorIn, PlaceIn, TollIn
from tests.analytics.builders import add_incident

WEB_FIXTURES = Path(__file__).resolve().parent.parent / "web" / "fixtures"
EDITOR = Account(id=1, name="ed", role=Role.EDITOR)
STAMP = datetime(2024, 7, 2)


@pytest.fixture()
def store(db_url):
    s = Store.open(db_url)
    yield s
    s.close()


def drift(store: Store) -> list[str]:
    with store.engine.connect() as connection:
        return [str(d) for d in rollups.check(connection)]


def rows(store: Store, table: str) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(r) for r in connection.exec_driver_sql(f"SELECT * FROM {table} WHERE incidents <> 0 ORDER BY 1, 2, 3, 4, 5")]


def test_an_incident_lands_in_each_rollup_by_month_place_type_and_group(store):
    with store.sessions() as session, session.begin():
        add_incident(session, date(2024, 4, 30), killed=5, civilians=2, security=1, injured=3, groups=("TTP", "HGB"))
        add_incident(session, None, province=None, district=None, country=None, killed=1)
    place = rows(store, "rollup_place")
    # month, rejected, country, province, type, then incidents, the ten tolls, the five hit counts
    assert place == [(0, 0, "", "", "bombing", 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
                     (202404, 0, "PK", "Khyber Pakhtunkhwa", "bombing", 1, 5, 2, 1, 0, 0, 3, 0, 0, 0, 0, 1, 1, 0, 0, 1)]
    with store.engine.connect() as connection:
        groups = connection.execute(text(
            "SELECT a.name, g.incidents, g.killed_total FROM rollup_group g LEFT JOIN actors a ON a.id = g.actor_id "
            "WHERE g.month = 202404 AND g.incidents <> 0 ORDER BY a.name")).all()
    assert [tuple(g) for g in groups] == [("HGB", 1, 5), ("TTP", 1, 5)]  # the attack counts for each group
    with store.engine.connect() as connection:
        hits = connection.execute(text(
            "SELECT a.name, g.category, g.incidents, g.killed_total FROM rollup_category_group g "
            "LEFT JOIN actors a ON a.id = g.actor_id WHERE g.incidents <> 0 ORDER BY a.name, g.category")).all()
    # once per group and per category killed or injured (civilians and security; the undated one hit none)
    assert [tuple(h) for h in hits] == [("HGB", "civilians", 1, 5), ("HGB", "security", 1, 5),
                                        ("TTP", "civilians", 1, 5), ("TTP", "security", 1, 5)]
    assert drift(store) == []


def test_orm_updates_moves_and_deletes_keep_the_rollups_exact(store):
    with store.sessions() as session, session.begin():
        a = add_incident(session, date(2024, 3, 31), killed=4, security=3, groups=("TTP",))
        b = add_incident(session, date(2024, 4, 1), province="Balochistan", district="Quetta", killed=2, injured=7)
        c = add_incident(session, date(2024, 5, 9), killed=0, injured=1, groups=("BLA", "BLF"))
    def add_group(session, incident_id, name):
        incident = session.get(Incident, incident_id)
        incident.perpetrators.append(IncidentPerpetrator(actor_id=_actor(session, name), status="suspected"))

    def clear_groups(session, incident_id):
        incident = session.get(Incident, incident_id)
        incident.perpetrators.clear()

    steps = [
        lambda s: setattr(s.get(Incident, a.id), "killed_total", 9),  # a toll revised upward
        lambda s: setattr(s.get(Incident, a.id), "date", date(2024, 4, 2)),  # into the next month
        lambda s: setattr(s.get(Incident, b.id), "admin1", None),  # a province unknown now
        lambda s: setattr(s.get(Incident, b.id), "review_state", "rejected"),
        lambda s: setattr(s.get(Incident, c.id), "place", "renamed"),  # a column no rollup reads
        lambda s: add_group(s, b.id, "TTP"),
        lambda s: clear_groups(s, c.id),  # c becomes unattributed
        lambda s: clear_groups(s, a.id),
        lambda s: s.delete(s.get(Incident, b.id)),  # the ORM deletes the groups first, then the incident
    ]
    for step in steps:
        with store.sessions() as session, session.begin():
            step(session)
        assert drift(store) == []


def _actor(session, name: str) -> int:
    return session.scalar(select(Actor.id).where(Actor.name == name))


def test_plain_sql_multi_row_statements_and_cascades_keep_the_rollups_exact(store):
    with store.sessions() as session, session.begin():
        ids = [add_incident(session, date(2024, 1, day), killed=day, groups=("TTP",) if day % 2 else ()).id
               for day in range(1, 9)]
        add_incident(session, date(2024, 2, 1), groups=("BLA", "HGB"))
        ttp, bla, hgb = (_actor(session, name) for name in ("TTP", "BLA", "HGB"))
    statements = [
        # two groups for an unattributed incident in one statement (PostgreSQL: one INSERT, two rows)
        f"INSERT INTO incident_perpetrators (incident_id, actor_id, status) VALUES ({ids[1]}, {bla}, 'claimed'), "
        f"({ids[1]}, {hgb}, 'claimed')",
        f"UPDATE incident_perpetrators SET actor_id = {hgb} WHERE incident_id = {ids[0]}",  # another group
        f"UPDATE incident_perpetrators SET incident_id = {ids[3]} WHERE incident_id = {ids[2]}",  # moved away
        f"UPDATE incidents SET killed_total = killed_total + 1, admin2 = NULL WHERE id IN ({ids[3]}, {ids[4]})",
        f"DELETE FROM incident_perpetrators WHERE incident_id = {ids[1]}",  # both groups at once
        f"DELETE FROM incidents WHERE id IN ({ids[3]}, {ids[5]})",  # groups go by the cascade
        f"UPDATE incidents SET review_state = 'rejected' WHERE id = {ids[6]}",
        f"UPDATE incident_perpetrators SET incident_id = {ids[7]}, actor_id = {ttp} WHERE actor_id = {bla}",
    ]
    for statement in statements:
        with store.engine.begin() as connection:
            connection.exec_driver_sql(statement)
        assert drift(store) == [], statement


def test_ingest_reextract_and_an_editors_edit_merge_split_and_reject_keep_the_rollups_exact(store):
    summary = ingest(read_sources([WEB_FIXTURES / "articles.jsonl", WEB_FIXTURES / "claims.jsonl"]), store=store)
    assert summary.stored >= 5
    assert drift(store) == []
    reextract(store, everything=True)
    assert drift(store) == []

    def incidents(session):
        return session.scalars(select(Incident).order_by(Incident.id)).all()

    with store.sessions() as session, session.begin():
        first = incidents(session)[0]
        edit_incident(session, incident_id=first.id, actor=EDITOR, patch=IncidentPatch(
            row_version=first.row_version, date=date(2024, 6, 30), killed=TollIn(total=12, civilians=4, security=8),
            place=PlaceIn(district="Quetta", province="Balochistan"),
            perpetrators=[PerpetratorIn(name="BLA", status="claimed"), PerpetratorIn(name="TTP", status="suspected")]))
    assert drift(store) == []
    with store.sessions() as session, session.begin():
        one, two = incidents(session)[:2]
        merge_incidents(session, survivor_id=one.id, row_version=one.row_version, other_id=two.id,
                        other_row_version=two.row_version, actor=EDITOR)
    assert drift(store) == []
    with store.sessions() as session, session.begin():
        many = next(i for i in incidents(session) if len(i.reports) > 1)
        report = session.scalars(select(IncidentReport.id).where(IncidentReport.incident_id == many.id)).first()
        split_incident(session, incident_id=many.id, row_version=many.row_version, report_ids=[report], actor=EDITOR)
    assert drift(store) == []
    with store.sessions() as session, session.begin():
        last = incidents(session)[-1]
        set_review_state(session, incident_id=last.id, row_version=last.row_version, state="rejected", actor=EDITOR)
    assert drift(store) == []
    reextract(store, everything=True)  # the machine again, over the locked and merged incidents
    assert drift(store) == []


def test_a_bulk_load_goes_around_the_triggers_and_recounts_once(store):
    with store.bulk_load() as connection:
        connection.execute(Incident.__table__.insert(), [
            {"id": n, "date": date(2023, 12, 31) if n % 2 else None, "admin1": "Sindh", "country": "PK",
             "event_type": "bombing", "killed_total": n, "confidence": 0.5, "review_state": "unreviewed",
             "locked_fields": [], "row_version": 1, "created_at": STAMP, "updated_at": STAMP} for n in range(1, 101)])
    assert drift(store) == []
    assert sum(r[6] for r in rows(store, "rollup_place")) == sum(range(1, 101))
    with store.sessions() as session, session.begin():  # and the triggers are back
        add_incident(session, date(2024, 1, 1), killed=1000)
    assert drift(store) == []
    assert sum(r[6] for r in rows(store, "rollup_place")) == sum(range(1, 101)) + 1000


def test_check_reports_a_rollup_that_was_tampered_with(store):
    with store.sessions() as session, session.begin():
        add_incident(session, date(2024, 4, 30), killed=5)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE rollup_district SET killed_total = 6")
    found = drift(store)
    assert len(found) == 1
    assert found[0].startswith("rollup_district (month=202404, rejected=0, country='PK', admin1='Khyber Pakhtunkhwa'")
    assert "holds (1, 6," in found[0] and "add up to (1, 5," in found[0]
    with store.engine.begin() as connection:
        rollups.rebuild(connection)
    assert drift(store) == []
