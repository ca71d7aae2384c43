"""The review workflow through the API: edits lock fields and are audited, a stale version is a
409 that loses nothing, merge and split move reports, reject and confirm set the verdict, and
new reports (the machine) leave what an editor set alone."""

from __future__ import annotations

from datetime import date

from incidentwatch.ingest import ingest
from incidentwatch.models import RawArticle


def _by_place(client, place):
    return next(i for i in client.get("/api/incidents", params={"limit": 100}).json()["data"] if i["place"] == place)


def test_edit_sets_the_fields_locks_them_bumps_the_version_and_audits(site):
    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")
    response = client.patch(f"/api/incidents/{turbat['id']}", headers={"X-CSRF-Token": token},
                            json={"row_version": turbat["row_version"], "killed": {"total": 3, "security": 3},
                                  "place": {"district": "Kech", "place": "Turbat"}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["killed"]["total"] == 3 and body["killed"]["security"] == 3
    assert set(body["locked_fields"]) == {"killed", "place"} and body["review_state"] == "edited"
    assert body["row_version"] > turbat["row_version"]
    edit = body["audit"][-1]
    assert edit["actor"] == "ed" and edit["action"] == "edit"
    assert edit["before"]["killed"]["total"] == 2 and edit["after"]["killed"]["total"] == 3
    assert body["province"] == "Balochistan"  # filled from the gazetteer


LATER_TURBAT = RawArticle(
    id="web-later", outlet="Coast Courier", url="https://coast.example/turbat-toll", published=date(2024, 4, 2),
    title="Turbat blast toll rises to five",
    text="Turbat blast toll rises to five\n\nTURBAT: The death toll from Monday's roadside bomb attack on a Frontier "
         "Corps vehicle in Turbat rose to five on Tuesday, officials said. Four others were wounded.",
)


def test_the_machine_does_not_overwrite_what_an_editor_set(site):
    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")
    client.patch(f"/api/incidents/{turbat['id']}", headers={"X-CSRF-Token": token},
                 json={"row_version": turbat["row_version"], "killed": {"total": 3}})
    summary = ingest([LATER_TURBAT], store=site.store)  # a later report merges into it and recomputes
    assert summary.incidents_merged == 1
    again = client.get(f"/api/incidents/{turbat['id']}").json()
    assert again["reports"] == 2
    assert again["killed"]["total"] == 3  # the editor's figure, though the later report says five
    later = client.get(f"/api/incidents/{turbat['id']}").json()["report_list"][-1]
    assert later["article"]["outlet"] == "Coast Courier" and later["killed"]["total"] == 5


def test_a_second_editor_saving_a_stale_version_gets_409_with_both_versions(site):
    ed, ed_token = site.login("ed")
    eve, eve_token = site.login("eve")
    mastung = _by_place(ed, "Mastung")
    first = ed.patch(f"/api/incidents/{mastung['id']}", headers={"X-CSRF-Token": ed_token},
                     json={"row_version": mastung["row_version"], "killed": {"total": 2}})
    assert first.status_code == 200
    second = eve.patch(f"/api/incidents/{mastung['id']}", headers={"X-CSRF-Token": eve_token},
                       json={"row_version": mastung["row_version"], "killed": {"total": 5}})
    assert second.status_code == 409
    detail = second.json()["error"]["detail"]
    assert detail["current"]["killed"]["total"] == 2 and detail["yours"]["killed"]["total"] == 5
    assert ed.get(f"/api/incidents/{mastung['id']}").json()["killed"]["total"] == 2


def test_merge_moves_the_reports_deletes_the_other_and_audits_both(site):
    client, token = site.login("ed")
    turbat, mastung = _by_place(client, "Turbat"), _by_place(client, "Mastung")
    response = client.post(f"/api/incidents/{turbat['id']}/merge", headers={"X-CSRF-Token": token},
                           json={"row_version": turbat["row_version"], "other": mastung["id"],
                                 "other_row_version": mastung["row_version"]})
    assert response.status_code == 200, response.text
    merged = response.json()
    assert merged["reports"] == 2
    assert client.get(f"/api/incidents/{mastung['id']}").status_code == 404
    assert merged["audit"][-1]["action"] == "merge" and merged["audit"][-1]["before"]["merged"] == mastung["id"]
    assert client.get("/api/incidents").json()["count"] == 4


def test_split_moves_chosen_reports_to_a_new_incident(site):
    client, token = site.login("ed")
    bannu = _by_place(client, "Bannu")
    reports = client.get(f"/api/incidents/{bannu['id']}").json()["report_list"]
    response = client.post(f"/api/incidents/{bannu['id']}/split", headers={"X-CSRF-Token": token},
                           json={"row_version": bannu["row_version"], "report_ids": [reports[1]["id"]]})
    assert response.status_code == 201, response.text
    new = response.json()
    assert new["id"] != bannu["id"] and new["reports"] == 1 and new["killed"]["total"] == 4
    old = client.get(f"/api/incidents/{bannu['id']}").json()
    assert old["reports"] == 1 and old["killed"]["total"] == 3
    assert old["audit"][-1]["action"] == "split" and new["audit"][-1]["action"] == "split_from"


def test_split_refuses_to_take_every_report(site):
    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")
    report = client.get(f"/api/incidents/{turbat['id']}").json()["report_list"][0]
    response = client.post(f"/api/incidents/{turbat['id']}/split", headers={"X-CSRF-Token": token},
                           json={"row_version": turbat["row_version"], "report_ids": [report["id"]]})
    assert response.status_code == 422 and "at least one report" in response.json()["error"]["message"]


def test_reject_takes_the_incident_out_of_lists_and_counts_and_confirm_is_audited(site):
    client, token = site.login("ed")
    quetta, kabul = _by_place(client, "Quetta"), client.get("/api/incidents", params={"province": "Kabul"}).json()["data"][0]
    killed_before = client.get("/api/stats").json()["total"]["killed"]
    rejected = client.post(f"/api/incidents/{quetta['id']}/reject", headers={"X-CSRF-Token": token},
                           json={"row_version": quetta["row_version"]})
    assert rejected.status_code == 200 and rejected.json()["review_state"] == "rejected"
    assert client.get("/api/stats").json()["total"]["killed"] == killed_before - 6
    assert quetta["id"] not in {i["id"] for i in client.get("/api/incidents").json()["data"]}
    confirmed = client.post(f"/api/incidents/{kabul['id']}/confirm", headers={"X-CSRF-Token": token},
                            json={"row_version": kabul["row_version"]}).json()
    assert confirmed["review_state"] == "confirmed" and confirmed["audit"][-1]["action"] == "confirm"


def test_review_queue_puts_what_most_changes_the_totals_first(site):
    queue = site.client().get("/api/review/queue").json()["data"]
    priorities = [i["priority"] for i in queue]
    assert priorities == sorted(priorities, reverse=True) and len(queue) == 5
    for item in queue:  # (killed + 1) x (1 - confidence + 0.25 per reason)
        expected = ((item["killed"]["total"] or 0) + 1) * (1 - item["confidence"] + 0.25 * len(item["reasons"]))
        assert abs(item["priority"] - expected) < 0.01


def test_a_split_above_the_total_is_refused(site):
    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")
    response = client.patch(f"/api/incidents/{turbat['id']}", headers={"X-CSRF-Token": token},
                            json={"row_version": turbat["row_version"], "killed": {"total": 1, "security": 3}})
    assert response.status_code == 422 and "more than the total" in response.json()["error"]["message"]


def test_an_edit_that_loses_a_deadlock_is_a_503_to_try_again_and_changes_nothing(site, monkeypatch):
    import psycopg
    from sqlalchemy.exc import OperationalError

    from incidentwatch.web.api import incidents as api

    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")

    def deadlocked(session, **_):  # what PostgreSQL raises in the victim of a deadlock
        raise OperationalError("UPDATE rollup_place ...", {}, psycopg.errors.DeadlockDetected("deadlock detected"))

    monkeypatch.setattr(api, "edit_incident", deadlocked)
    response = client.patch(f"/api/incidents/{turbat['id']}", headers={"X-CSRF-Token": token},
                            json={"row_version": turbat["row_version"], "killed": {"total": 9}})
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert "try again" in response.json()["error"]["message"]
    assert _by_place(client, "Turbat") == turbat

    def broken(session, **_):
        raise OperationalError("UPDATE incidents ...", {}, psycopg.errors.DiskFull("no space left"))

    monkeypatch.setattr(api, "edit_incident", broken)
    response = client.patch(f"/api/incidents/{turbat['id']}", headers={"X-CSRF-Token": token},
                            json={"row_version": turbat["row_version"], "killed": {"total": 9}})
    assert response.status_code == 500
