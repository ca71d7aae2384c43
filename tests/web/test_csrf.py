"""Every request that can change something needs the CSRF token of its own session."""

from __future__ import annotations

from tests.web.conftest import PASSWORDS


def _first_incident(client):
    return client.get("/api/incidents").json()["data"][0]


def test_api_write_without_the_token_is_refused(site):
    client, _ = site.login("ed")
    incident = _first_incident(client)
    response = client.post(f"/api/incidents/{incident['id']}/confirm", json={"row_version": incident["row_version"]})
    assert response.status_code == 403 and "CSRF" in response.json()["error"]["message"]
    assert _first_incident(client)["review_state"] == "unreviewed"


def test_a_token_of_another_session_is_refused(site):
    client, _ = site.login("ed")
    _, other_token = site.login("eve")
    incident = _first_incident(client)
    response = client.post(f"/api/incidents/{incident['id']}/confirm", json={"row_version": incident["row_version"]},
                           headers={"X-CSRF-Token": other_token})
    assert response.status_code == 403


def test_form_post_without_the_token_is_refused(site):
    client, _ = site.login("ed")
    incident = _first_incident(client)
    response = client.post(f"/incidents/{incident['id']}/confirm", data={"row_version": incident["row_version"]})
    assert response.status_code == 403 and "CSRF" in response.text


def test_login_form_without_the_token_is_refused(site):
    client = site.client()
    client.get("/login")
    response = client.post("/login", data={"name": "ed", "password": PASSWORDS["ed"]})
    assert response.status_code == 403 and "iw_session" not in response.headers.get("set-cookie", "")


def test_form_post_with_the_token_goes_through(site):
    client, token = site.login("ed")
    incident = _first_incident(client)
    response = client.post(f"/incidents/{incident['id']}/confirm",
                           data={"row_version": incident["row_version"], "csrf_token": token})
    assert response.status_code == 303
    assert client.get(f"/api/incidents/{incident['id']}").json()["review_state"] == "confirmed"
