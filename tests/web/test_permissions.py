"""Viewers and anonymous visitors cannot change anything: every writing route of the app
(found by walking its routes, so a new one cannot be forgotten) is tried as each."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from incidentwatch.store.tables import AuditEntry, Incident, User
from incidentwatch.web.app import app_routes

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# routes anyone may call: logging in and out changes no data
OPEN_ROUTES = {("POST", "/api/session"), ("DELETE", "/api/session"), ("POST", "/login"), ("POST", "/logout")}


def writing_routes(app) -> list[tuple[str, str]]:
    return [(m, p) for m, p in app_routes(app) if m in WRITE_METHODS and (m, p) not in OPEN_ROUTES]


def _state(store):
    with store.sessions() as session:
        rows = session.execute(select(Incident.id, Incident.row_version, Incident.review_state, Incident.killed_total)
                               .order_by(Incident.id)).all()
        return rows, session.scalar(select(func.count(AuditEntry.id))), session.scalar(select(func.count(User.id)))


def _call(client, method, path, token, incident_id):
    url = re.sub(r"\{[a-z_]+\}", str(incident_id), path)
    headers = {"X-CSRF-Token": token}
    if path.startswith("/api"):
        body = {"row_version": 1, "other": incident_id + 1, "other_row_version": 1, "report_ids": [1],
                "killed": {"total": 99}}
        return client.request(method, url, json=body, headers=headers)
    return client.request(method, url, data={"row_version": "1", "other": str(incident_id + 1), "report_id": "1",
                                             "killed_total": "99", "csrf_token": token}, headers=headers)


def test_the_route_list_is_what_the_app_serves(site):
    served = {(m, getattr(r, "path", None)) for r in site.app.router.routes for m in getattr(r, "methods", ()) or ()}
    listed = set(app_routes(site.app))
    assert ("GET", "/openapi.json") in served and listed  # the app's own routes plus ours
    for method, path in listed:  # every listed route answers something other than 404/405
        url = path.replace("{incident_id}", "1").replace("{article_id}", "1")
        assert site.client().request(method, url).status_code not in (404, 405) or method == "GET", (method, path)


def test_the_app_has_writing_routes_to_try(site):
    routes = writing_routes(site.app)
    assert ("PATCH", "/api/incidents/{incident_id}") in routes and ("POST", "/incidents/{incident_id}/merge") in routes
    assert len(routes) >= 10


def test_the_ledger_export_and_report_routes_only_read(site):
    routes = app_routes(site.app)
    for path in ("/api/claims", "/api/export", "/claims", "/report"):
        assert {m for m, p in routes if p == path} == {"GET"}, path  # served, and never among the writing routes


@pytest.mark.parametrize("who", ["viewer", "anonymous"])
def test_every_writing_route_refuses_viewers_and_anonymous_visitors(site, who):
    if who == "viewer":
        client, token = site.login("vic")
        expected = 403
    else:
        client = site.client()
        token = client.get("/api/session").json()["csrf_token"]  # a valid token: the refusal is about the account
        expected = 401
    before = _state(site.store)
    incident_id = before[0][0].id
    answers = {(m, p): _call(client, m, p, token, incident_id).status_code for m, p in writing_routes(site.app)}
    assert {k: v for k, v in answers.items() if v != expected} == {}
    assert _state(site.store) == before
