"""Accounts and sessions: argon2 hashes, HttpOnly SameSite cookies, the login rate limit."""

from __future__ import annotations

from sqlalchemy import select

from incidentwatch.store.tables import User, WebSession
from tests.web.conftest import PASSWORDS


def _token(client):
    return client.get("/api/session").json()["csrf_token"]


def test_passwords_are_stored_as_argon2id_hashes(site):
    with site.store.sessions() as session:
        hashes = list(session.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(p in h for h in hashes for p in PASSWORDS.values())


def test_login_sets_an_httponly_samesite_cookie_and_only_its_hash_is_stored(site):
    client = site.client()
    response = client.post("/api/session", json={"name": "ed", "password": PASSWORDS["ed"]},
                           headers={"X-CSRF-Token": _token(client)})
    assert response.status_code == 200 and response.json()["role"] == "editor"
    cookie = response.headers["set-cookie"]
    assert "iw_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    token = client.cookies["iw_session"]
    with site.store.sessions() as session:
        stored = list(session.scalars(select(WebSession.token_hash)))
    assert stored and token not in stored
    assert client.get("/api/session").json()["user"] == "ed"


def test_wrong_password_is_401_and_does_not_say_which_part_was_wrong(site):
    client = site.client()
    wrong = client.post("/api/session", json={"name": "ed", "password": "nope-nope-nope"}, headers={"X-CSRF-Token": _token(client)})
    nobody = client.post("/api/session", json={"name": "nobody", "password": "nope-nope-nope"}, headers={"X-CSRF-Token": _token(client)})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json()["error"]["message"] == nobody.json()["error"]["message"]


def test_login_attempts_are_rate_limited_even_with_the_right_password(make_site):
    site = make_site(login_failures_per_name=3)
    client = site.client()
    for _ in range(3):
        assert client.post("/api/session", json={"name": "ed", "password": "wrong-password"},
                           headers={"X-CSRF-Token": _token(client)}).status_code == 401
    limited = client.post("/api/session", json={"name": "ed", "password": PASSWORDS["ed"]},
                          headers={"X-CSRF-Token": _token(client)})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert client.get("/api/session").json()["user"] is None
    # another account from elsewhere is not locked out by it
    other = site.client()
    assert other.post("/api/session", json={"name": "eve", "password": PASSWORDS["eve"]},
                      headers={"X-CSRF-Token": _token(other)}).status_code == 200


def test_login_form_is_rate_limited_too(make_site):
    site = make_site(login_failures_per_name=2)
    client = site.client()
    for expected in (401, 401, 429):
        page = client.post("/login", data={"name": "vic", "password": "wrong-password", "csrf_token": _token(client)})
        assert page.status_code == expected


def test_logout_ends_the_session_on_the_server(site):
    client, token = site.login("ed")
    old_cookie = client.cookies["iw_session"]
    assert client.delete("/api/session", headers={"X-CSRF-Token": token}).status_code == 204
    replay = site.client()
    replay.cookies.set("iw_session", old_cookie)
    assert replay.get("/api/session").json()["user"] is None
