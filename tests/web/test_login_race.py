"""The login rate limit holds under a concurrent burst: with a limit of 5 failures per account,
60 logins at once check exactly 5 passwords (the attack had 16 checked), over HTTP on loopback
and directly on SQLite and PostgreSQL with one database session per thread.

The password checks are counted by a hasher that counts its calls and then does the real
argon2 verification."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2 import PasswordHasher

from incidentwatch.store import Store
from incidentwatch.web import auth
from incidentwatch.web.auth import LoginFailed, LoginRateLimited, Role, add_user, authenticate
from tests.web.conftest import PASSWORDS, settings

BURST = 60
LIMIT = 5


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__()
        self.checks = 0
        self._lock = threading.Lock()

    def verify(self, hash, password):  # noqa: A002, ANN001, ANN201 - argon2's signature
        with self._lock:
            self.checks += 1
        return super().verify(hash, password)


@pytest.fixture()
def counting(monkeypatch) -> CountingHasher:
    hasher = CountingHasher()
    monkeypatch.setattr(auth, "_hasher", hasher)
    return hasher


def test_a_burst_of_60_logins_over_http_checks_exactly_the_limit(make_site, counting):
    # every attempt must reach the login (none shed as too many at once): the race is in count-and-check
    site = make_site(login_failures_per_name=LIMIT, login_failures_per_address=1000, max_in_flight=BURST,
                     max_queued=BURST, queue_wait_s=60.0)
    clients = [site.client() for _ in range(BURST)]
    tokens = [c.get("/api/session").json()["csrf_token"] for c in clients]
    start = threading.Barrier(BURST)

    def attempt(i: int) -> int:
        start.wait()
        return clients[i].post("/api/session", json={"name": "ed", "password": f"wrong-password-{i}"},
                               headers={"X-CSRF-Token": tokens[i]}).status_code

    with ThreadPoolExecutor(BURST) as pool:
        statuses = list(pool.map(attempt, range(BURST)))
    assert counting.checks == LIMIT
    assert sorted(statuses) == [401] * LIMIT + [429] * (BURST - LIMIT)
    # the right password is refused now too, without a check
    right = site.client()
    token = right.get("/api/session").json()["csrf_token"]
    assert right.post("/api/session", json={"name": "ed", "password": PASSWORDS["ed"]},
                      headers={"X-CSRF-Token": token}).status_code == 429
    assert counting.checks == LIMIT


def test_a_burst_on_the_database_checks_exactly_the_limit(db_url, counting):
    store = Store.open(db_url)
    try:
        with store.sessions() as session, session.begin():
            add_user(session, name="ed", password=PASSWORDS["ed"], role=Role.EDITOR)
        limits = settings(login_failures_per_name=LIMIT, login_failures_per_address=1000)
        start = threading.Barrier(BURST)

        def attempt(i: int) -> str:
            with store.sessions() as session:
                start.wait()
                try:
                    authenticate(session, name="ed", password=f"wrong-{i}", address=f"10.0.0.{i}", settings=limits)
                except LoginFailed:
                    return "failed"
                except LoginRateLimited:
                    return "limited"
                finally:
                    session.commit()
                return "in"

        with ThreadPoolExecutor(BURST) as pool:
            outcomes = list(pool.map(attempt, range(BURST)))
        assert counting.checks == LIMIT
        assert sorted(outcomes) == ["failed"] * LIMIT + ["limited"] * (BURST - LIMIT)
    finally:
        store.close()


def test_a_right_password_within_the_limit_still_logs_in_and_counts_as_no_failure(db_url, counting):
    store = Store.open(db_url)
    try:
        with store.sessions() as session, session.begin():
            add_user(session, name="ed", password=PASSWORDS["ed"], role=Role.EDITOR)
        limits = settings(login_failures_per_name=2)
        for _ in range(3):  # three successes in a row: none is a failure
            with store.sessions() as session:
                assert authenticate(session, name="ed", password=PASSWORDS["ed"], address="10.0.0.1", settings=limits).name == "ed"
                session.commit()
        with store.sessions() as session:
            with pytest.raises(LoginFailed):
                authenticate(session, name="ed", password="wrong-password", address="10.0.0.1", settings=limits)
            session.commit()
    finally:
        store.close()
