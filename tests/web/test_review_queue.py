"""The review queue: deaths times uncertainty first, the reasons each incident needs a look, its
evidence (escaped), and confirming several at once in the API and the page."""

from __future__ import annotations

from datetime import date

from incidentwatch.models import EventType, Toll
from incidentwatch.web.review_queue import Reason, review_page
from tests.report.known import BALOCHISTAN, KP, article, build_known, incident, place


def _queue_db(tmp_path):
    """Three unreviewed incidents: a sure one with two reports that disagree (8 then 12 killed),
    a doubtful one with one source and 1 killed, and a sure one with one source and 0 killed."""
    quetta, bannu = place("Quetta", BALOCHISTAN, lat=30.18, lon=67.0), place("Bannu", KP, lat=32.99, lon=70.6)
    sure = {"confidence": 1.0}
    return build_known(str(tmp_path / "q.db"), [
        article("b1", published=date(2024, 5, 3), sentence="Eight killed in Quetta <script>x()</script>.",
                incidents=[incident("2024-05-03", quetta, EventType.SUICIDE_BOMBING, Toll(total=8), **sure)]),
        article("b2", published=date(2024, 5, 4), sentence="The Quetta toll rose to 12.",
                incidents=[incident("2024-05-03", quetta, EventType.SUICIDE_BOMBING, Toll(total=12), **sure)]),
        article("a1", published=date(2024, 4, 11), sentence="One policeman was shot in Bannu.",
                incidents=[incident("2024-04-10", bannu, EventType.OTHER, Toll(total=1), confidence=0.4)]),
        article("c1", published=date(2024, 6, 1), sentence="A blast in Bannu hurt no one.",
                incidents=[incident("2024-05-30", bannu, EventType.BOMBING, Toll(total=0), **sure)]),
    ])


def test_a_confident_incident_whose_reports_disagree_comes_first(tmp_path):
    store = _queue_db(tmp_path)
    with store.sessions() as session:
        page = review_page(session)
    store.close()
    assert page.count == 3
    first, second, third = page.items
    # Quetta: (12 + 1) x (1 - 1.0 + 0.25 x 1: conflicting tolls) = 3.25
    assert first.incident.place == "Quetta" and first.reasons == (Reason.CONFLICTING_TOLLS,) and first.priority == 3.25
    # Bannu, other, 0.4: (1 + 1) x (0.6 + 0.25 x 3: one source, low-confidence type, low confidence) = 2.7
    assert second.priority == 2.7 and set(second.reasons) == {Reason.ONE_SOURCE, Reason.DOUBTFUL_TYPE, Reason.LOW_CONFIDENCE}
    # the blast: (0 + 1) x (0 + 0.25: one source) = 0.25
    assert third.priority == 0.25 and third.reasons == (Reason.ONE_SOURCE,)
    assert first.evidence == "Eight killed in Quetta <script>x()</script>." and first.reports == 2


def test_bulk_confirm_in_the_api_skips_a_stale_one_and_names_it(site):
    client, token = site.login("ed")
    queue = client.get("/api/review/queue").json()["data"]
    items = [{"id": queue[0]["id"], "row_version": queue[0]["row_version"]},
             {"id": queue[1]["id"], "row_version": queue[1]["row_version"] + 7},
             {"id": 999999, "row_version": 1}]
    response = client.post("/api/review/confirm", json={"items": items}, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
    assert response.json() == {"confirmed": [queue[0]["id"]], "stale": [queue[1]["id"]], "missing": [999999]}
    left = {i["id"] for i in client.get("/api/review/queue").json()["data"]}
    assert queue[0]["id"] not in left and queue[1]["id"] in left
    audit = client.get(f"/api/incidents/{queue[0]['id']}").json()["audit"]
    assert audit[-1]["action"] == "confirm"


def test_bulk_confirm_needs_an_editor(site):
    client, token = site.login("vic")
    response = client.post("/api/review/confirm", json={"items": [{"id": 1, "row_version": 1}]},
                           headers={"X-CSRF-Token": token})
    assert response.status_code == 403


def test_the_page_shows_why_and_the_evidence_and_confirms_the_ticked_rows(site):
    client, token = site.login("ed")
    html = client.get("/review").text
    assert "Why review" in html and 'class="tag reason"' in html and "<q>" in html
    assert "<script>window" not in html  # evidence is escaped (the hostile fixture)
    queue = client.get("/api/review/queue").json()["data"]
    ticked = [f"{i['id']}:{i['row_version']}" for i in queue[:2]]
    response = client.post("/review/confirm", data={"confirm": ticked, "csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/review?confirmed=2&stale=0"
    assert "2 confirmed" in client.get(response.headers["location"]).text
    bad = client.post("/review/confirm", data={"confirm": ["1:x"], "csrf_token": token})
    assert bad.status_code == 400


def test_an_impossible_figure_a_claim_and_its_denial_and_a_toll_that_fell_come_forward(tmp_path):
    """Bad input is kept and shown: a 5,000-killed figure is flagged (never best), a group that
    claims in one report and denies in another, and a toll that fell the next day with no reason
    given each bring a sure, multi-source incident forward with its reason."""
    from incidentwatch.models import Perpetrator

    kech, quetta = place("Kech", BALOCHISTAN, lat=26.0, lon=63.05), place("Quetta", BALOCHISTAN, lat=30.18, lon=67.0)
    bannu = place("Bannu", KP, lat=32.99, lon=70.6)
    sure = {"confidence": 1.0}
    claimed = [Perpetrator(name="BLA", status="claimed")]
    denied = [Perpetrator(name="BLA", status="denied")]
    store = build_known(str(tmp_path / "d.db"), [
        article("i1", published=date(2024, 5, 3), sentence="Two were killed in Kech, police said.",
                incidents=[incident("2024-05-03", kech, EventType.BOMBING, Toll(total=2), **sure)]),
        article("i2", published=date(2024, 5, 3), sentence="5000 were killed in Kech, police said.",
                incidents=[incident("2024-05-03", kech, EventType.BOMBING, Toll(total=5000), **sure)]),
        article("c1", published=date(2024, 5, 10), sentence="Two were killed in Quetta; the BLA claimed it, police said.",
                incidents=[incident("2024-05-10", quetta, EventType.ARMED_ASSAULT, Toll(total=2), perpetrators=claimed, **sure)]),
        article("c2", published=date(2024, 5, 10), sentence="Two were killed in Quetta; the BLA denied it, police said.",
                incidents=[incident("2024-05-10", quetta, EventType.ARMED_ASSAULT, Toll(total=2), perpetrators=denied, **sure)]),
        article("f1", published=date(2024, 5, 20), sentence="Nine were killed in Bannu, police said.",
                incidents=[incident("2024-05-20", bannu, EventType.BOMBING, Toll(total=9), **sure)]),
        article("f2", published=date(2024, 5, 21), sentence="Six were killed in Bannu, police said.",
                incidents=[incident("2024-05-20", bannu, EventType.BOMBING, Toll(total=6), **sure)]),
        article("s1", published=date(2024, 5, 25), sentence="Four were killed in Bannu, police said.",
                incidents=[incident("2024-05-25", bannu, EventType.ARMED_ASSAULT, Toll(total=4), **sure)]),
        article("s2", published=date(2024, 5, 25), sentence="Police said four died in Bannu.",
                incidents=[incident("2024-05-25", bannu, EventType.ARMED_ASSAULT, Toll(total=4), **sure)]),
    ])
    with store.sessions() as session:
        page = review_page(session)
    store.close()
    reasons = {item.incident.place: set(item.reasons) for item in page.items}
    assert Reason.IMPOSSIBLE_FIGURE in reasons["Kech"]
    assert reasons["Quetta"] == {Reason.CLAIMED_AND_DENIED}
    by_day = {item.incident.date: item for item in page.items}
    assert Reason.TOLL_FELL in set(by_day[date(2024, 5, 20)].reasons) and by_day[date(2024, 5, 20)].incident.killed_best == 9
    assert by_day[date(2024, 5, 25)].reasons == ()  # two sure reports agreeing: nothing to see
    assert page.items[-1].incident.date == date(2024, 5, 25)
    assert next(i for i in page.items if i.incident.place == "Kech").incident.killed_best == 2
