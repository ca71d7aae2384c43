"""Fixtures of the web tests: a database built by the real ingest (pipeline and writer) from
articles written for these tests, accounts, and a live uvicorn server on a free loopback port."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from incidentwatch.ingest import ingest
from incidentwatch.sources import read_sources
from incidentwatch.store import Store
from incidentwatch.web import WebSettings, create_app
from incidentwatch.web.auth import Role, add_user
from tests.servers import free_port

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SECRET = "test-secret-" + "0123456789abcdef" * 3
PASSWORDS = {"ed": "editor-password-1", "eve": "editor-password-2", "ada": "admin-password-1", "vic": "viewer-password-1"}
ROLES = {"ed": Role.EDITOR, "eve": Role.EDITOR, "ada": Role.ADMIN, "vic": Role.VIEWER}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """The test corpus ingested once (real pipeline, real writer), with the accounts; copied per test."""
    path = tmp_path_factory.mktemp("web-template") / "web.db"
    store = Store.open(str(path))
    sources = [FIXTURES / "articles.jsonl", FIXTURES / "hostile.jsonl", FIXTURES / "claims.jsonl"]
    summary = ingest(read_sources(sources), store=store)
    if summary.stored != 7:
        raise RuntimeError(f"the web test corpus did not ingest: {summary}")
    with store.sessions() as session, session.begin():
        for name, password in PASSWORDS.items():
            add_user(session, name=name, password=password, role=ROLES[name])
    store.close()
    return path


@pytest.fixture()
def web_store(template_db, tmp_path) -> Iterator[Store]:
    """A fresh copy of the test database for one test."""
    path = tmp_path / "web.db"
    shutil.copy(template_db, path)
    store = Store.open(str(path))
    yield store
    store.close()


def settings(**overrides: object) -> WebSettings:
    return WebSettings(secret=SECRET, **overrides)


class LiveServer:
    """uvicorn in a thread on a free 127.0.0.1 port, serving ``app``."""

    def __init__(self, app) -> None:  # noqa: ANN001 - an ASGI app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class Site:
    url: str
    store: Store
    app: object
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self) -> httpx.Client:
        """A new HTTP client (its own cookies), closed when the test ends."""
        client = httpx.Client(base_url=self.url, timeout=20, follow_redirects=False)
        self.clients.append(client)
        return client

    def login(self, name: str, client: httpx.Client | None = None) -> tuple[httpx.Client, str]:
        """A client logged in as ``name`` (API login) and its session's CSRF token."""
        client = client or self.client()
        token = client.get("/api/session").json()["csrf_token"]
        response = client.post("/api/session", json={"name": name, "password": PASSWORDS[name]},
                               headers={"X-CSRF-Token": token})
        if response.status_code != 200:
            raise RuntimeError(f"login as {name} failed: {response.status_code} {response.text}")
        return client, response.json()["csrf_token"]


@pytest.fixture()
def make_site(web_store) -> Iterator[Callable[..., Site]]:
    made: list[tuple[LiveServer, Site]] = []

    def make(**overrides: object) -> Site:
        app = create_app(web_store, settings(**overrides))
        server = LiveServer(app).start()
        site = Site(url=server.url, store=web_store, app=app)
        made.append((server, site))
        return site

    yield make
    for server, site in made:
        for client in site.clients:
            client.close()
        server.stop()


@pytest.fixture()
def site(make_site) -> Site:
    return make_site()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright; skipped locally when it is missing, never in CI.

    Module scope: Playwright's sync API runs an event loop while it is open, and other test
    modules start their own."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {CHROMIUM} (.ci/run installs Debian's chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
