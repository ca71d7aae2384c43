"""Every write refuses what the database cannot hold, or what no incident can be, with a 422 that
names the field: huge integers (a toll, a row version, a merge target, a report id), dates out of
range, NaN coordinates, over-long strings, unknown enum values. Nothing is changed."""

from __future__ import annotations

import json

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


# -- every bound of every writing route, from the OpenAPI schema ---------------------------------

HUGE = [10**30, -(10**30), 2**63, 2**70]


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return _resolve(options[0], spec) if options else schema


def _leaves(schema: dict, spec: dict, path: tuple = ()):
    """(path, schema) of every scalar a body holds (array items at index 0)."""
    schema = _resolve(schema, spec)
    if schema.get("type") == "object" or "properties" in schema:
        for name, sub in schema.get("properties", {}).items():
            yield from _leaves(sub, spec, (*path, name))
    elif schema.get("type") == "array":
        yield from _leaves(schema["items"], spec, (*path, 0))
    else:
        yield path, schema


def _boundary_values(schema: dict) -> list[tuple[object, bool]]:
    """(value, within the bounds) at and past each bound the schema gives."""
    kind = schema.get("type")
    out: list[tuple[object, bool]] = []
    if kind in ("integer", "number"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None:
            out += [(int(low), True), (int(low) - 1, False)]
        if high is not None:
            out += [(int(high), True), (int(high) + 1, False)]
        out += [(v, False) for v in HUGE] if high is not None and low is not None else []
    elif kind == "string":
        if "maxLength" in schema:
            out += [("x" * schema["maxLength"], True), ("x" * (schema["maxLength"] + 1), False)]
        if "enum" in schema:
            out += [("not-" + schema["enum"][0], False)]
        if schema.get("format") == "date":
            out += [("0001-01-01", None), ("9999-12-31", None), ("2024-02-30", False)]
    elif "enum" in schema:
        out += [("not-a-member", False)]
    return out


def _with(body: dict, path: tuple, value: object) -> dict:
    body = json.loads(json.dumps(body))
    node = body
    for step, following in zip(path, (*path[1:], None), strict=True):
        if following is None:
            if isinstance(node, list):
                node[:] = [value]
            else:
                node[step] = value
        else:
            if isinstance(node, list):
                node[:] = node[:1] or [{} if isinstance(following, str) else []]
                node = node[0]
            else:
                node = node.setdefault(step, [] if isinstance(following, int) else {})
    return body


def test_every_bound_of_every_writing_route_answers_without_a_server_error(site):
    client, token = site.login("ed")
    spec = client.get("/openapi.json").json()
    incidents = client.get("/api/incidents", params={"limit": 100}).json()["data"]
    sent = 0
    for route, operations in spec["paths"].items():
        for method, operation in operations.items():
            body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if method not in ("post", "patch", "put", "delete") or body_schema is None or route == "/api/session":
                continue
            for path, leaf in _leaves(body_schema, spec):
                for value, within in _boundary_values(leaf):
                    target = next(i for i in incidents if client.get(f"/api/incidents/{i['id']}").status_code == 200)
                    current = client.get(f"/api/incidents/{target['id']}").json()
                    base = {"row_version": current["row_version"]}
                    if "merge" in route:
                        base |= {"other": 2**31 - 1, "other_row_version": 0}
                    if "split" in route:
                        base |= {"report_ids": [current["report_list"][0]["id"]]}
                    url = route.replace("{incident_id}", str(target["id"]))
                    response = client.request(method.upper(), url, json=_with(base, path, value),
                                              headers={"X-CSRF-Token": token})
                    sent += 1
                    where = f"{method.upper()} {route} {'.'.join(map(str, path))}={str(value)[:30]}"
                    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
                    if within is False:
                        assert response.status_code == 422, f"{where}: {response.status_code}"
    assert sent > 60
