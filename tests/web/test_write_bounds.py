"""Every write refuses what the database cannot hold, or what no incident can be, with a 422 that
names the field: huge integers (a toll, a row version, a merge target, a report id), dates out of
range, NaN coordinates, over-long strings, unknown enum values. Nothing is changed."""

from __future__ import annotations

import pytest

BIG = 10**30


def _first(client):
    return client.get("/api/incidents", params={"limit": 1}).json()["data"][0]


@pytest.mark.parametrize(("path", "body", "field"), [
    ("", {"killed": {"total": BIG}}, "killed.total"),
    ("", {"killed": {"civilians": 2**63}}, "killed.civilians"),
    ("", {"injured": {"total": 100_001}}, "injured.total"),
    ("", {"row_version": BIG}, "row_version"),
    ("", {"row_version": 2**31}, "row_version"),
    ("", {"date": "0001-01-01"}, "date"),
    ("", {"date": "9999-12-31"}, "date"),
    ("", {"place": {"place": "x" * 201}}, "place.place"),
    ("", {"event_type": "picnic"}, "event_type"),
    ("", {"perpetrators": [{"name": "TTP", "status": "boasted"}]}, "perpetrators.0.status"),
    ("/confirm", {"row_version": BIG}, "row_version"),
    ("/merge", {"other": 2**70, "other_row_version": 1}, "other"),
    ("/merge", {"other": 2, "other_row_version": BIG}, "other_row_version"),
    ("/split", {"report_ids": [2**70]}, "report_ids.0"),
    ("/split", {"report_ids": [0]}, "report_ids.0"),
])
def test_an_out_of_range_write_is_a_422_naming_the_field(site, path, body, field):
    client, token = site.login("ed")
    incident = _first(client)
    payload = {"row_version": incident["row_version"], **body}
    method = client.patch if not path else client.post
    response = method(f"/api/incidents/{incident['id']}{path}", json=payload, headers={"X-CSRF-Token": token})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["message"].startswith(field + ":"), error
    assert client.get(f"/api/incidents/{incident['id']}").json()["row_version"] == incident["row_version"]


def test_nan_and_infinite_coordinates_are_refused(site):
    client, token = site.login("ed")
    incident = _first(client)
    for literal in ("NaN", "Infinity", "-Infinity", "1e999"):
        raw = f'{{"row_version": {incident["row_version"]}, "place": {{"lat": {literal}}}}}'
        response = client.patch(f"/api/incidents/{incident['id']}", content=raw,
                                headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
        assert response.status_code == 422, (literal, response.text)
        assert response.json()["error"]["message"].startswith("place.lat:")


def test_the_bounds_themselves_are_accepted(site):
    client, token = site.login("ed")
    incident = _first(client)
    response = client.patch(f"/api/incidents/{incident['id']}", headers={"X-CSRF-Token": token},
                            json={"row_version": incident["row_version"], "killed": {"total": 100_000},
                                  "date": "1970-01-01"})
    assert response.status_code == 200, response.text
    assert response.json()["killed"]["total"] == 100_000
    stale = client.post(f"/api/incidents/{incident['id']}/confirm", headers={"X-CSRF-Token": token},
                        json={"row_version": 2**31 - 1})
    assert stale.status_code == 409
