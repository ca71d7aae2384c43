"""Defences that held when the app was attacked from outside, kept by tests: the security
headers on every answer, no open redirect after login, no session fixation."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.web.conftest import PASSWORDS


def _token(client) -> str:
    return client.get("/api/session").json()["csrf_token"]


@pytest.mark.parametrize("path", ["/", "/api/incidents", "/login", "/no-such-page", "/api/no-such-route"])
def test_every_answer_carries_the_security_headers(site, path):
    headers = site.client().get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\\evil.example", "https://evil.example/", "http:evil.example", "/\t/evil.example",
    "\\\\evil.example", "javascript:alert(1)", " //evil.example", "%2F%2Fevil.example", "/%2F/evil.example",
])
def test_the_login_form_never_redirects_off_the_site(site, target):
    client = site.client()
    response = client.post("/login", data={"name": "ed", "password": PASSWORDS["ed"], "csrf_token": _token(client),
                                           "next": target})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert urlsplit(location).netloc == "" and urlsplit(location.replace("\t", "")).netloc == ""


def test_a_session_cookie_planted_before_login_is_not_the_session_after_it(site):
    client = site.client()
    client.cookies.set("iw_session", "planted-by-the-attacker-0123456789")
    token = _token(client)
    response = client.post("/api/session", json={"name": "ed", "password": PASSWORDS["ed"]}, headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    assert response.cookies["iw_session"] != "planted-by-the-attacker-0123456789"
    attacker = site.client()
    attacker.cookies.set("iw_session", "planted-by-the-attacker-0123456789")
    assert attacker.get("/api/session").json()["user"] is None
