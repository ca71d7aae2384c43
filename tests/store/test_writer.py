"""The writer on SQLite and PostgreSQL: one article whole or not at all, idempotent, versions,
merging of reports from several articles, batches of articles to a transaction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select

from incidentwatch.models import LocationPrecision, Span, Toll
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


def test_the_same_content_twice_adds_nothing(store):
    writer = store.writer()
    assert writer.write(make_extracted()).status == "new"
    assert writer.write(make_extracted(source_id="other-id")).status == "duplicate"
    assert (count(store, Article), count(store, Incident), count(store, IncidentReport)) == (1, 1, 1)


def test_reports_of_one_attack_from_two_outlets_merge_into_one_incident(store):
    writer = store.writer()
    writer.write(make_extracted("Two soldiers were martyred in Bannu on Monday.", url="https://a.example/1"))
    second = make_extracted("Militants killed two troops in Bannu district.", url="https://b.example/2",
                            incidents=[make_incident(event_type="other", location=make_incident().location.model_copy(update={"place": None}))])
    outcome = writer.write(second)
    assert (outcome.incidents_new, outcome.incidents_merged) == (0, 1)
    with store.sessions() as session:
        incident = session.scalars(select(Incident)).one()
        assert len(incident.reports) == 2
        assert incident.event_type == "armed_assault"  # the specific type wins over "other"


def test_a_toll_that_rose_takes_the_latest_report(store):
    writer = store.writer()
    writer.write(make_extracted("Four killed in Bannu blast.", published=date(2024, 5, 13),
                                incidents=[make_incident(killed=Toll(total=4, qualifier="exact"))]))
    writer.write(make_extracted("Toll in Bannu blast rises to seven.", published=date(2024, 5, 14),
                                incidents=[make_incident(killed=Toll(total=7, qualifier="exact"))]))
    with store.sessions() as session:
        incident = session.scalars(select(Incident)).one()
        assert incident.killed_total == 7
        assert sorted(r.killed_total for r in incident.reports) == [4, 7]  # every report keeps its own figures


def test_different_attacks_on_the_same_day_in_one_district_stay_apart(store):
    writer = store.writer()
    writer.write(make_extracted("IED in Domel.", incidents=[make_incident(event_type="bombing",
                 location=make_incident().location.model_copy(update={"place": "Domel", "precision": LocationPrecision.PLACE}))]))
    writer.write(make_extracted("Policeman shot in Bannu city.", incidents=[make_incident(event_type="targeted_killing",
                 killed=Toll(total=1, security=1), location=make_incident().location.model_copy(update={"place": "Bannu city"}))]))
    assert count(store, Incident) == 2


def test_a_changed_article_at_the_same_url_is_a_new_version_and_replaces_its_reports(store):
    writer = store.writer()
    writer.write(make_extracted("Two soldiers were martyred in Bannu.", url="https://a.example/story?utm_source=x"))
    outcome = writer.write(make_extracted("Three soldiers were martyred in Bannu, officials said.", url="https://www.a.example/story/",
                                          incidents=[make_incident(killed=Toll(total=3, security=3))]))
    assert outcome.status == "new_version"
    with store.sessions() as session:
        versions = session.execute(select(Article.version, Article.is_current).order_by(Article.version)).all()
        assert versions == [(1, False), (2, True)]
        incident = session.scalars(select(Incident)).one()
        assert (incident.killed_total, len(incident.reports)) == (3, 1)


def test_claims_are_stored_with_their_evidence(store):
    from incidentwatch.models import Claim, Period, Region, Span

    claim = Claim(source="CRSS", region=Region(name="Pakistan", country="PK"), period=Period(label="Q2 2024", start="2024-04-01", end="2024-06-30"),
                  metric="killed", unit="count", value=380, qualifier="at_least", evidence=Span(start=0, end=5, text="At le"))
    store.writer().write(make_extracted(incidents=[], claims=[claim]))
    with store.sessions() as session:
        row = session.scalars(select(ClaimRow)).one()
        assert (row.source, row.value, row.period_start, row.evidence["text"]) == ("CRSS", 380, date(2024, 4, 1), "At le")


def test_a_failure_inside_an_article_leaves_nothing_of_it(store, monkeypatch):
    writer = store.writer()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "_add_claims", boom)
    with pytest.raises(RuntimeError):
        writer.write(make_extracted())
    assert (count(store, Article), count(store, Incident), count(store, IncidentReport), count(store, AuditEntry)) == (0, 0, 0, 0)


def test_every_machine_change_is_in_the_audit_log(store):
    writer = store.writer()
    writer.write(make_extracted("a"))
    writer.write(make_extracted("b", source_id="a2"))
    with store.sessions() as session:
        actions = [a for (a,) in session.execute(select(AuditEntry.action).order_by(AuditEntry.id))]
    assert actions == ["create", "merge"]


@pytest.mark.parametrize("shape", [(True, True, True, True), (True, True, True, False), (True, True, False, False),
                                   (True, False, False, False)])
def test_the_candidate_query_keeps_to_the_country_and_days_through_an_index(tmp_path, shape):
    """A province-wide scan (ix_incidents_tally_place on admin1 alone) grows with the database;
    the country and date index, or the province and date one (the incident list's, migration
    0018), reads only the report's days."""
    from incidentwatch.store.writer import _candidate_query

    s = Store.open(str(tmp_path / "plan.db"))
    compiled = _candidate_query(*shape).compile(s.engine, compile_kwargs={"render_postcompile": True})
    params = {"first": "2024-01-01", "last": "2024-01-05", "country": "PK", "admin1": "Khyber Pakhtunkhwa",
              "admin2": "Bannu", "lat0": 32.7, "lat1": 33.2, "lon0": 70.3, "lon1": 70.9}
    values = compiled.construct_params({k: v for k, v in params.items() if k in compiled.params})
    with s.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", tuple(values[name] for name in compiled.positiontup))
        plan = " ".join(str(row[-1]) for row in rows)
    s.close()
    assert ("ix_incidents_country_date (country=? AND date>? AND date<?)" in plan
            or "ix_incidents_list_place (admin1=? AND date>? AND date<?)" in plan), plan


def test_a_changed_article_keeps_its_incident_when_its_report_says_the_same(store):
    writer = store.writer()
    first = writer.write(make_extracted("Two soldiers were martyred in Bannu.", url="https://a.example/story"))
    second = writer.write(make_extracted("Two soldiers were martyred in Bannu district.", url="https://a.example/story"))
    assert second.status == "new_version"
    assert second.incident_ids == first.incident_ids
    assert count(store, Incident) == 1 and count(store, IncidentReport) == 1
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "delete")) == 0


def test_a_postgresql_deadlock_victim_is_worth_writing_again(postgres_db):
    """Two transactions taking the same rows in opposite orders (as two writes adding to the same
    rollup rows can): PostgreSQL fails one, and the writer counts that failure as transient."""
    import threading

    from sqlalchemy.exc import OperationalError

    from incidentwatch.store.writer import transient
    from tests.analytics.builders import add_incident

    store = Store.open(postgres_db)
    with store.sessions() as session, session.begin():
        first = add_incident(session, date(2024, 1, 1), killed=1).id
        second = add_incident(session, date(2024, 2, 1), province="Balochistan", district="Quetta", killed=1).id
    barrier = threading.Barrier(2)
    failures: list[OperationalError] = []

    def update(one: int, other: int) -> None:
        try:
            with store.engine.begin() as connection:
                connection.exec_driver_sql(f"UPDATE incidents SET killed_total = 2 WHERE id = {one}")
                barrier.wait(timeout=10)
                connection.exec_driver_sql(f"UPDATE incidents SET killed_total = 3 WHERE id = {other}")
        except OperationalError as error:
            failures.append(error)

    threads = [threading.Thread(target=update, args=pair) for pair in ((first, second), (second, first))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    store.close()
    assert len(failures) == 1 and "deadlock" in str(failures[0])
    assert transient(failures[0])
    assert not transient(OperationalError("SELECT 1", {}, Exception("disk I/O error")))


def test_a_report_with_no_date_and_a_dated_one_merge_whichever_comes_first(store):
    """The undated incident is found by its report's publication date (incidents.published)."""
    writer = store.writer()
    writer.write(make_extracted("Three soldiers were martyred in Bannu, officials said.", published=date(2024, 5, 14),
                                incidents=[make_incident(date=None, date_precision=None)]))
    outcome = writer.write(make_extracted("Two soldiers were martyred in Bannu on Monday.", source_id="a2",
                                          published=date(2024, 5, 14)))
    assert (outcome.incidents_new, outcome.incidents_merged) == (0, 1)
    with store.sessions() as session:
        incident = session.scalars(select(Incident)).one()
        assert (incident.date, incident.published, len(incident.reports)) == (date(2024, 5, 13), date(2024, 5, 14), 2)


def _timeless(text, source_id, **incident):
    """An article that gives no publication date, with a report that gives no date."""
    from dataclasses import replace

    article = make_extracted(text, source_id=source_id, incidents=[make_incident(
        date=None, date_precision=None, evidence=[Span(start=0, end=len(text), text=text)], **incident)])
    return replace(article, published=None)


def test_reports_with_no_days_to_go_by_join_their_attack_on_shared_details_whichever_comes_first(store):
    """No date and no publication date: the report joins the incident of its province that shares
    two details (the seminary's and its principal's names), before or after the dated report;
    another attack in the district that shares none stays apart (store/timeless.py)."""
    writer = store.writer()
    first = writer.write(_timeless("Nine students were killed at the Jamia Farooqia seminary, police said.", "t1"))
    dated_text = "A bomber struck the Jamia Farooqia seminary on Monday; Maulana Fazal Wadood said seven died."
    dated = writer.write(make_extracted(dated_text, source_id="t2", incidents=[make_incident(
        evidence=[Span(start=0, end=len(dated_text), text=dated_text)])]))
    last = writer.write(_timeless("Maulana Fazal Wadood buried the students of his seminary.", "t3"))
    other = writer.write(_timeless("Two policemen were killed at a checkpost, police said.", "t4"))
    assert [o.incidents_new for o in (first, dated, last, other)] == [1, 0, 0, 1]
    with store.sessions() as session:
        incidents = session.scalars(select(Incident).order_by(Incident.id)).all()
        assert [len(i.reports) for i in incidents] == [3, 1]
        assert incidents[0].date == date(2024, 5, 13)
        assert {"farooqia", "seminary", "fazal", "wadood"} <= set(incidents[0].merge_state["signature"])


def test_a_report_with_no_days_to_go_by_joins_on_one_shared_detail_only_when_no_other_incident_holds_it(store):
    """The district's only seminary attack takes the report that shares only the word; once a
    second seminary attack is stored, the word tells them apart no more (merge.UNIQUE_WEIGHT)."""
    writer = store.writer()
    writer.write(make_extracted("A bomber struck the seminary on Monday."))
    writer.write(_timeless("Two were killed at a seminary, police said.", "t2"))
    assert count(store, Incident) == 1
    writer.write(make_extracted("Gunmen stormed another seminary on Monday.", source_id="a3", published=date(2024, 5, 21),
                                incidents=[make_incident(date="2024-05-20")]))
    writer.write(_timeless("Three were killed at a seminary, police said.", "t4"))
    assert count(store, Incident) == 3


def test_two_undated_reports_of_a_district_published_days_apart_that_share_nothing_stay_apart(store):
    """Neither gives a date: the publication window alone would join them, but both have a
    signature and share no word (the candidate's signature is read from its row, which the
    days' query does not give)."""
    writer = store.writer()
    undated = [make_incident(date=None, date_precision=None, evidence=[Span(start=0, end=10, text="x")])]
    writer.write(make_extracted("Gunmen shot dead constable Gul Nawaz near Kotla Saidan.", published=date(2024, 7, 2),
                                incidents=undated))
    writer.write(make_extracted("Armed men attacked the house of councillor Sher Zaman.", source_id="a2",
                                published=date(2024, 7, 4), incidents=undated))
    writer.write(make_extracted("The funeral of constable Gul Nawaz was held.", source_id="a3", published=date(2024, 7, 3),
                                incidents=undated))
    with store.sessions() as session:
        assert [len(i.reports) for i in session.scalars(select(Incident).order_by(Incident.id))] == [2, 1]


def test_a_report_s_source_is_read_from_the_article_s_sentences_that_restate_its_toll(store):
    """The evidence says "the toll rose to seven"; a later paragraph says who gave it."""
    text = ("The toll rose to seven. Parents gathered outside the school.\n\n"
            "The deaths took the toll to seven, according to the provincial government spokesperson.")
    evidence = [Span(start=0, end=23, text="The toll rose to seven.")]
    store.writer().write(make_extracted(text, incidents=[make_incident(killed=Toll(total=7), evidence=evidence)]))
    with store.sessions() as session:
        report = session.scalars(select(IncidentReport)).one()
        assert (report.toll_source, report.toll_tier) == ("official statement", 3)
        assert report.payload["toll_context"] == [text.split("\n\n")[1]]
        assert session.scalars(select(Incident)).one().toll_sources["killed"]["best"]["source"] == "official statement"


# -- batches (several articles to a transaction) and the writer's statements -----------------


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


def test_articles_per_transaction_come_from_the_environment_or_the_default(monkeypatch):
    from incidentwatch.errors import IncidentwatchError
    from incidentwatch.store.writer import BATCH_ARTICLES, BATCH_ENV, batch_articles

    monkeypatch.delenv(BATCH_ENV, raising=False)
    assert batch_articles() == BATCH_ARTICLES
    monkeypatch.setenv(BATCH_ENV, "1")
    assert batch_articles() == 1
    for bad in ("0", "-3", "ten"):
        monkeypatch.setenv(BATCH_ENV, bad)
        with pytest.raises(IncidentwatchError, match=BATCH_ENV):
            batch_articles()


def _said(text, source_id, published, **incident):
    return make_extracted(text, source_id=source_id, published=published, incidents=[make_incident(
        evidence=[Span(start=0, end=len(text), text=text)], **incident)])


def test_reports_a_country_deep_or_a_few_days_off_join_on_shared_details_whichever_comes_first(store):
    """A wire story placed in the country only, then the district's report: one incident (the
    candidate query takes the country's incidents placed no deeper); a report dated two days late
    joins on what it shares (the writer loads the candidate's signature for it); the same district
    three days on, sharing nothing, stays apart."""
    from incidentwatch.models import Location

    country = Location(country="PK", precision=LocationPrecision.COUNTRY)
    writer = store.writer()
    writer.write(_said("Militants stormed the Shahbaz Khel checkpost, killing six policemen.", "w1", date(2024, 5, 13),
                       location=country))
    joined = writer.write(_said("Six policemen were killed at the Shahbaz Khel checkpost in Bannu.", "w2", date(2024, 5, 13)))
    late = writer.write(_said("The Shahbaz Khel checkpost attack was condemned on Wednesday.", "w3", date(2024, 5, 15),
                              date="2024-05-15"))
    other = writer.write(_said("A policeman was shot dead in a bazaar in Bannu.", "w4", date(2024, 5, 16), date="2024-05-16"))
    assert [(o.incidents_new, o.incidents_merged) for o in (joined, late, other)] == [(0, 1), (0, 1), (1, 0)]
    with store.sessions() as session:
        incidents = session.scalars(select(Incident).order_by(Incident.id)).all()
        assert [len(i.reports) for i in incidents] == [3, 1]
        assert (incidents[0].admin2, incidents[0].date) == ("Bannu", date(2024, 5, 13))
def test_the_candidate_query_keeps_to_the_types_and_days_same_incident_can_accept():
    """The candidate query narrows by the merge rules' own windows (``candidate_types``, the
    days a dated report looks, ``DETAIL_WINDOW_DAYS``): every pair ``same_incident`` joins is inside them, so
    that the narrowing never loses a merge (a change of the rules that widens them fails here)."""
    from datetime import timedelta

    from incidentwatch.store.merge import COMPATIBLE, DETAIL_WINDOW_DAYS, ReportKey, same_incident
    from incidentwatch.store.writer import candidate_types

    types = sorted(set(COMPATIBLE) | {t for kinds in COMPATIBLE.values() for t in kinds})
    day = date(2024, 5, 14)

    def key(kind: str, when: date) -> ReportKey:
        return ReportKey(date=when, published=when, place="Domel", admin2="Bannu", admin1="Khyber Pakhtunkhwa",
                         country="PK", lat=33.0, lon=70.6, event_type=kind,
                         terms=frozenset({"airbase", "training"}))  # shared words: the joins that need them too

    joined = 0
    for mine in types:
        for theirs in types:
            for shift in range(-DETAIL_WINDOW_DAYS - 2, DETAIL_WINDOW_DAYS + 3):
                if same_incident(key(mine, day), key(theirs, day + timedelta(days=shift))):
                    joined += 1
                    assert theirs in candidate_types(mine), (mine, theirs)
                    assert abs(shift) <= DETAIL_WINDOW_DAYS, (mine, theirs, shift)
    assert joined > len(types)  # the loop met the rules' joins, not only their refusals
    assert "security_operation" in candidate_types("armed_assault")  # an attack repelled: same place and day
    assert "kidnapping" not in candidate_types("bombing")
    assert "armed_assault" in candidate_types("suicide_bombing")  # a complex attack: place, day and shared words


def test_the_narrowed_candidate_query_still_reads_the_days_through_an_index(tmp_path):
    """The event types are written into the statement; SQLite must not trade the date index for
    the one on event types (which would read a type's incidents of every day)."""
    from incidentwatch.store.writer import _candidates_with_undated, candidate_types

    s = Store.open(str(tmp_path / "plan.db"))
    compiled = _candidates_with_undated(True, True, True, True, candidate_types("bombing")).compile(s.engine)
    params = {"first": "2024-01-01", "last": "2024-01-05", "dfirst": "2024-01-02", "dlast": "2024-01-04",
              "country": "PK", "admin1": "Khyber Pakhtunkhwa", "admin2": "Bannu", "lat0": 32.7, "lat1": 33.2,
              "lon0": 70.3, "lon1": 70.9}
    values = compiled.construct_params({k: v for k, v in params.items() if k in compiled.params})
    with s.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", tuple(values[name] for name in compiled.positiontup))
        plan = " ".join(str(row[-1]) for row in rows)
    s.close()
    assert "'bombing'" in str(compiled) and "POSTCOMPILE" not in str(compiled)
    assert ("ix_incidents_country_date (country=? AND date>? AND date<?)" in plan
            or "ix_incidents_list_place (admin1=? AND date>? AND date<?)" in plan), plan
    assert "ix_incidents_undated_published" in plan, plan


def test_a_failed_article_and_extracted_ones_in_one_batch_take_distinct_ids(store):
    """The writer takes ids ahead (``row_ids``); a failed article's id comes from the same
    counter, so that the next article's never meets it."""
    from incidentwatch.store.records import FailedArticle

    failed = FailedArticle(source_id="f1", url="https://f.example/1", outlet="Test Outlet", path=None, title="t",
                           published=date(2024, 5, 14), clean_text="<p>broken</p>", failure="stage x broke",
                           reason="internal_error", extractor_version="test")
    writer = store.writer()
    with writer.batch(size=10):
        outcomes = [writer.write(articles(2)[0]), writer.write(failed), writer.write(articles(2)[1])]
    assert [o.status for o in outcomes] == ["new"] * 3
    assert len({o.article_id for o in outcomes}) == 3
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 3
        assert [r.article_id for r in session.scalars(select(IncidentReport).order_by(IncidentReport.id))] == \
            [outcomes[0].article_id, outcomes[2].article_id]


def test_reports_placed_in_the_country_only_find_the_country_s_incidents(store):
    """A wire story with no date and no publication date, placed in the country only, joins the
    country's incident that shares two details (``timeless.candidates`` reads the country's); a
    headline that shares nothing joins the one suicide bombing of the country in its days
    (``merge.sole_candidate``), and a headline of another type stays alone."""
    from dataclasses import replace

    from incidentwatch.models import EventType, Location

    country = Location(country="PK", precision=LocationPrecision.COUNTRY)
    writer = store.writer()
    writer.write(_said("A bomber struck the Haqqania seminary in Akora Khattak, killing eight.", "c1", date(2024, 5, 13),
                       event_type=EventType.SUICIDE_BOMBING, killed=Toll(total=8)))
    writer.write(_said("A bomber struck a market in Quetta on Monday.", "c2", date(2024, 5, 13), date="2024-05-13",
                       event_type=EventType.BOMBING, location=Location(country="PK", admin1="Balochistan", admin2="Quetta",
                                                                       precision=LocationPrecision.ADMIN2)))
    wire = writer.write(replace(_said("The Haqqania seminary was hit by a suicide bomber, Maulana Hamid ul Haq among the dead.",
                                      "c3", None, date=None, date_precision=None, location=country,
                                      event_type=EventType.SUICIDE_BOMBING, killed=Toll()), published=None))
    headline = writer.write(_said("Suicide blast in Pakistan kills ten", "c4", date(2024, 5, 13), date=None, date_precision=None,
                                  location=country, event_type=EventType.SUICIDE_BOMBING, killed=Toll(total=10)))
    kidnap = writer.write(_said("Gunmen abduct engineers in Pakistan", "c5", date(2024, 5, 13), date=None, date_precision=None,
                                location=country, event_type=EventType.KIDNAPPING, killed=Toll()))
    assert [(o.incidents_new, o.incidents_merged) for o in (wire, headline, kidnap)] == [(0, 1), (0, 1), (1, 0)]
    with store.sessions() as session:
        assert [len(i.reports) for i in session.scalars(select(Incident).order_by(Incident.id))] == [3, 1, 1]


@pytest.mark.parametrize("order", ["attack first", "follow-up first"])
def test_a_background_mention_joins_its_attack_whichever_comes_first(store, order):
    """A funeral story recalls the attack with the official toll a day later; stored before the
    attack's own report, it waits with no incident and joins the incident that report makes
    (``store/adoption.py``), so the incident and its best are the same in both orders. A story
    two months on that dates the attack joins it too; a mention of another district does not."""
    from incidentwatch.models import ReportedAs

    attack = _said("Gunmen killed two soldiers at a checkpost in Bannu on Monday.", "attack", date(2024, 5, 13))
    funeral = _said("The funeral of the soldiers was held; the toll of Monday's attack rose to four, police said.",
                    "funeral", date(2024, 5, 15), date=None, date_precision=None, reported_as=ReportedAs.BACKGROUND,
                    killed=Toll(total=4, qualifier="exact"))
    later = _said("The May 13 checkpost attack in Bannu was recalled at the jirga.", "later", date(2024, 7, 20),
                  reported_as=ReportedAs.BACKGROUND, killed=Toll())
    other = _said("A blast in Quetta last week was recalled.", "other", date(2024, 5, 16), date=None, date_precision=None,
                  reported_as=ReportedAs.BACKGROUND, killed=Toll(), location=make_incident().location.model_copy(
                      update={"place": "Quetta", "admin2": "Quetta", "admin1": "Balochistan", "lat": 30.2, "lon": 67.0}))
    writer = store.writer()
    for item in ([attack, funeral, later, other] if order == "attack first" else [funeral, later, other, attack]):
        writer.write(item)
    with store.sessions() as session:
        incident = session.scalars(select(Incident)).one()
        assert sorted(r.article.source_id for r in incident.reports) == ["attack", "funeral", "later"]
        assert (incident.killed_low, incident.killed_best, incident.killed_high) == (2, 4, 4)
        assert (incident.date, incident.admin2) == (date(2024, 5, 13), "Bannu")
        assert session.scalar(select(func.count()).select_from(IncidentReport).where(IncidentReport.incident_id.is_(None))) == 1


def test_a_follow_up_published_weeks_later_does_not_move_an_undated_incident_s_days(store):
    """Reports with no date and no publication date make an incident; a follow-up's mention a week
    later joins it on shared details. The incident stays timeless (its ``published`` comes from
    its main reports), so the dated report of the attack still finds it."""
    from dataclasses import replace

    from incidentwatch.models import ReportedAs

    text = "A bomber struck the Haqqania seminary in Akora Khattak; Maulana Hamidul Haq was among the dead."
    writer = store.writer()
    writer.write(replace(_said(text, "s1", None, date=None, date_precision=None), published=None))
    writer.write(_said("The Haqqania seminary reopened after Maulana Hamidul Haq's funeral.", "s2", date(2024, 5, 27),
                       date="2024-05-20", reported_as=ReportedAs.BACKGROUND, killed=Toll()))
    dated = writer.write(_said("A suicide bomber killed five at the Haqqania seminary on Monday, Maulana Hamidul Haq among them.",
                               "s3", date(2024, 5, 13), killed=Toll(total=5)))
    assert (dated.incidents_new, dated.incidents_merged) == (0, 1)
    with store.sessions() as session:
        incident = session.scalars(select(Incident)).one()
        assert (incident.date, incident.published, len(incident.reports)) == (date(2024, 5, 13), date(2024, 5, 13), 3)


@pytest.mark.parametrize("reviewed", [False, True])
def test_a_report_that_fits_two_incidents_of_one_attack_folds_them_into_one(store, reviewed):
    """Reports in an unlucky order make two incidents of one attack: "suicide bombers storm the
    air base" placed in the province only, then the operation that foiled it in the district
    (a bombing and an operation join only in one district). The next report, a suicide bombing at
    the base in the district, fits both: the second is folded into the first, its reports moved,
    the audit log keeping both sides (``store/folding.py``). An incident an editor confirmed is
    never folded away."""
    from incidentwatch.models import EventType, Location

    punjab = Location(country="PK", admin1="Punjab", iso3166_2="PK-PB", precision=LocationPrecision.ADMIN1)
    mianwali = Location(place="Mianwali", admin2="Mianwali", admin1="Punjab", country="PK", iso3166_2="PK-PB",
                        lat=32.58, lon=71.54, precision=LocationPrecision.ADMIN2)
    writer = store.writer()
    writer.write(_said("Suicide bombers stormed the Kalabagh Training Air Base on Saturday.", "b1", date(2024, 5, 13),
                       location=punjab, event_type=EventType.SUICIDE_BOMBING, killed=Toll(total=3, militants=3)))
    writer.write(_said("Troops foiled an attack on the Kalabagh Training Air Base at Mianwali, killing three.", "b2",
                       date(2024, 5, 13), location=mianwali, event_type=EventType.SECURITY_OPERATION,
                       killed=Toll(total=3, militants=3)))
    assert count(store, Incident) == 2
    if reviewed:
        with store.sessions() as session, session.begin():
            session.scalars(select(Incident).where(Incident.event_type == "security_operation")).one().review_state = "confirmed"
    outcome = writer.write(_said("A suicide bombing struck the Kalabagh Training Air Base at Mianwali; nine attackers died.", "b3",
                                 date(2024, 5, 14), location=mianwali, event_type=EventType.SUICIDE_BOMBING,
                                 killed=Toll(total=9, militants=9)))
    assert (outcome.incidents_new, outcome.incidents_merged) == (0, 1)
    if reviewed:  # the editor's incident stays
        assert count(store, Incident) == 2
        return
    with store.sessions() as session:
        incident = session.scalars(select(Incident)).one()
        assert (len(incident.reports), incident.admin2, incident.militants_best) == (3, "Mianwali", 9)
        actions = sorted(a for (a,) in session.execute(select(AuditEntry.action)))
        assert actions.count("merged_into") == 1 and "merge" in actions


def test_two_main_reports_of_one_article_that_the_rules_tell_apart_never_join_one_stored_incident(store):
    """A stored report of the day says only "an attack in Bannu" (type other: it fits anything).
    A round-up then tells a suicide bombing at a checkpost and the next day's operation in
    Janikhel: the bombing joins the stored incident; the operation, which the merge rules tell
    apart from the bombing, makes its own instead of joining it too."""
    from incidentwatch.models import EventType

    writer = store.writer()
    writer.write(_said("An attack took place in Bannu, officials said.", "o1", date(2024, 5, 13), date=None, date_precision=None,
                       event_type=EventType.OTHER, killed=Toll()))
    text = "A suicide bomber struck the Mandan checkpost in Bannu on Monday. On Tuesday troops killed six militants in Janikhel."
    roundup = make_extracted(text, source_id="o2", published=date(2024, 5, 14), incidents=[
        make_incident(event_type=EventType.SUICIDE_BOMBING, killed=Toll(total=4), evidence=[Span(start=0, end=63, text=text[:63])]),
        make_incident(date="2024-05-14", event_type=EventType.SECURITY_OPERATION, killed=Toll(total=6, militants=6),
                      evidence=[Span(start=64, end=len(text), text=text[64:])]),
    ])
    outcome = writer.write(roundup)
    assert (outcome.incidents_new, outcome.incidents_merged) == (1, 1)
    with store.sessions() as session:
        assert sorted(i.event_type for i in session.scalars(select(Incident))) == ["security_operation", "suicide_bombing"]


def test_an_article_that_tells_one_attack_by_its_province_and_by_its_district_makes_one_incident(store):
    """A wire story's lead places the attack in the province ("kills 16 in Khyber Pakhtunkhwa"),
    its body in Bannu, with the same toll: the extractor made two reports of them. The province's
    report, though it comes first, takes the incident the district's makes (merge.restated), and
    another outlet's report of the attack joins it."""
    from incidentwatch.models import EventType

    writer = store.writer()
    sixteen = Toll(total=16, security=16, qualifier="exact")
    province = make_incident().location.model_copy(update={"place": None, "admin2": None, "lat": None, "lon": None,
                                                           "precision": LocationPrecision.ADMIN1})
    lead = make_incident(location=province, event_type=EventType.OTHER, killed=Toll(total=16, qualifier="exact"))
    first = writer.write(make_extracted("An attack kills 16 in Khyber Pakhtunkhwa. Sixteen soldiers died in Bannu.",
                                        url="https://b.example/2", source_id="b2", incidents=[lead, make_incident(killed=sixteen)]))
    second = writer.write(make_extracted("Sixteen soldiers were martyred in Bannu on Monday.", url="https://a.example/1",
                                         incidents=[make_incident(killed=sixteen)]))
    assert (first.incidents_new, second.incidents_merged) == (1, 1)
    with store.sessions() as session:
        incident = session.scalars(select(Incident)).one()
        assert (len(incident.reports), incident.admin2, incident.killed_best) == (3, "Bannu", 16)


def test_a_mention_that_shares_only_a_rare_word_is_taken_whichever_comes_first(store):
    """A funeral story with no date recalls "the seminary" attack; the district's only seminary
    attack holds the word: the mention joins it when it comes second (merge.UNIQUE_WEIGHT), and
    is taken by it when it came first (adoption._on_a_rare_word)."""
    from dataclasses import replace

    from incidentwatch.models import ReportedAs

    def mention(source_id):
        text = "Mourners buried two victims of the seminary attack, relatives said."
        article = make_extracted(text, source_id=source_id, incidents=[make_incident(
            date=None, date_precision=None, reported_as=ReportedAs.BACKGROUND, place=None,
            evidence=[Span(start=0, end=len(text), text=text)])])
        return replace(article, published=None)

    for order in ("mention first", "attack first"):
        with store.sessions() as session:
            for table in (IncidentReport, AuditEntry, Incident, Article):
                session.query(table).delete()
        writer = store.writer()
        attack = make_extracted("A bomber struck the seminary on Monday.", source_id=f"a-{order}")
        steps = [mention(f"m-{order}"), attack] if order == "mention first" else [attack, mention(f"m-{order}")]
        for step in steps:
            writer.write(step)
        with store.sessions() as session:
            incident = session.scalars(select(Incident)).one()
            assert len(incident.reports) == 2, order
