"""The writer's batches (several articles to a transaction) and its statements, on SQLite and
PostgreSQL: every article still whole or not at all, the same database as one at a time."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select

from incidentwatch.models import Toll
from incidentwatch.store import Store, merged_view
from incidentwatch.store.tables import Article, AuditEntry, ClaimRow, Incident, IncidentReport
from tests.factories import make_extracted, make_incident


@pytest.fixture()
def store(db_url):
    s = Store.open(db_url)
    yield s
    s.close()


def count(store, table):
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(table))


def articles(n: int):
    """``n`` reports of one attack, the toll rising, from different outlets and days."""
    return [make_extracted(f"Report {i} of the Bannu attack.", url=f"https://outlet{i}.example/a", source_id=f"s{i}",
                           published=date(2024, 5, 13 + i // 3),
                           incidents=[make_incident(killed=Toll(total=4 + i, qualifier="exact"))])
            for i in range(n)]


def database(store):
    """What the writer left: incidents as the audit log shows them, reports and their figures, the audit trail."""
    with store.sessions() as session:
        incidents = [(merged_view.snapshot(i) | {"row_version": None}, i.toll_sources, i.merge_state)
                     for i in session.scalars(select(Incident).order_by(Incident.id))]
        reports = session.execute(select(IncidentReport.id, IncidentReport.article_id, IncidentReport.incident_id,
                                          IncidentReport.killed_total).order_by(IncidentReport.id)).all()
        audit = session.execute(select(AuditEntry.incident_id, AuditEntry.action).order_by(AuditEntry.id)).all()
    return incidents, reports, audit


def test_a_batch_stores_what_one_article_at_a_time_stores(db_url, tmp_path):
    alone = Store.open(f"sqlite:///{tmp_path}/alone.db")
    batched = Store.open(db_url)
    try:
        for item in articles(7):
            alone.writer().write(item)
        writer = batched.writer()
        with writer.batch(size=3):
            outcomes = [writer.write(item) for item in articles(7)]
        assert [o.status for o in outcomes] == ["new"] * 7
        assert [(o.incidents_new, o.incidents_merged) for o in outcomes] == [(1, 0)] + [(0, 1)] * 6
        # the toll figures name their reports, whose ids were taken before their insert
        assert database(batched) == database(alone)
        with batched.sessions() as session:
            incident = session.scalars(select(Incident)).one()
            best = incident.toll_sources["killed"]["best"]
            report = session.get(IncidentReport, best["report"])
            assert (best["value"], best["article"]) == (10, report.article_id) and report.killed_total == 10
    finally:
        alone.close()
        batched.close()


def test_a_full_batch_is_committed_and_the_rest_when_it_ends(store):
    writer = store.writer()
    items = articles(5)
    with writer.batch(size=2, seconds=3600):
        writer.write(items[0])
        assert count(store, Article) == 0  # another connection sees nothing of an open batch
        writer.write(items[1])
        assert count(store, Article) == 2
        writer.write(items[2])
        assert count(store, Article) == 2
    assert count(store, Article) == 3


def test_an_article_that_fails_in_a_batch_fails_alone(store, monkeypatch):
    writer = store.writer()
    items = articles(5)
    real = writer._add_claims

    def claims(session, article, item, outcome):  # noqa: ANN001 - the writer's own arguments
        if item is items[2]:
            raise RuntimeError("disk full")
        return real(session, article, item, outcome)

    monkeypatch.setattr(writer, "_add_claims", claims)
    with writer.batch(size=10, seconds=3600):
        writer.write(items[0])
        writer.write(items[1])
        with pytest.raises(RuntimeError, match="disk full"):
            writer.write(items[2])
        writer.write(items[3])
        writer.write(items[4])
    with store.sessions() as session:
        stored = {a.source_id for a in session.scalars(select(Article))}
        reports = session.scalar(select(func.count()).select_from(IncidentReport))
    assert stored == {"s0", "s1", "s3", "s4"} and reports == 4
    assert count(store, AuditEntry) == 4 and count(store, Incident) == 1
    again = writer.write(items[0])  # the articles stored again after the failure are stored once
    assert again.status == "duplicate"


def test_a_batch_interrupted_mid_article_leaves_nothing_half_written(store, monkeypatch):
    writer = store.writer()
    items = articles(3)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), writer.batch(size=10, seconds=3600):
        writer.write(items[0])
        monkeypatch.setattr(writer, "_add_claims", interrupted)
        writer.write(items[1])
    assert (count(store, Article), count(store, Incident), count(store, IncidentReport), count(store, AuditEntry),
            count(store, ClaimRow)) == (0, 0, 0, 0, 0)
    monkeypatch.undo()
    for item in items:  # the same command run again stores them
        assert writer.write(item).status == "new"
    assert count(store, Article) == 3


def test_every_merge_updates_an_incident_through_one_statement(store):
    """The merged columns are written whole: one UPDATE statement, prepared once, however the
    reports change the incident (the unit of work would write each combination of columns)."""
    writer = store.writer()
    updates: set[str] = set()

    def seen(conn, cursor, statement, *args):  # noqa: ANN001 - SQLAlchemy's event signature
        if statement.startswith("UPDATE incidents"):
            updates.add(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        for i, item in enumerate(articles(6)):
            if i == 4:  # a report that names the group and the injured changes other columns
                item.result.incidents[0] = make_incident(injured=Toll(total=12, qualifier="exact"))
            writer.write(item)
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    assert count(store, Incident) == 1
    assert len(updates) == 1, updates
