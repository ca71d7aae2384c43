"""Shared fixtures only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from incidentwatch.extraction import build_pipeline
from incidentwatch.resources import Resources, load_resources

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_dir() -> Path | None:
    """The project's shared folder (seeds and gold): $INCIDENTWATCH_SHARED, or beside the checkout."""
    env = os.environ.get("INCIDENTWATCH_SHARED")
    for candidate in ([Path(env)] if env else []) + [ROOT.parent / "shared", ROOT / "shared"]:
        if (candidate / "eval" / "seeds-gold.jsonl").exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def resources() -> Resources:
    """The bundled resources; read-only, so one load serves the session."""
    return load_resources()


@pytest.fixture(scope="session")
def small_resources() -> Resources:
    """A three-province gazetteer and small lexicons written for the tests."""
    return load_resources(FIXTURES / "resources")


@pytest.fixture(scope="session")
def pipeline(resources):
    return build_pipeline(resources)


@pytest.fixture(scope="session")
def shared() -> Path:
    found = shared_dir()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have the shared folder (seeds and their gold) beside the checkout")
        pytest.skip("the shared folder with the seeds is not beside this checkout")
    return found


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL for the session; skipped locally without the binaries, never in CI."""
    from tests.servers import PostgresServer, postgres_bin

    bindir = postgres_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have PostgreSQL installed (.ci/run installs Debian's postgresql)")
        pytest.skip("PostgreSQL binaries are not installed")
    server = PostgresServer(bindir)
    url = server.start()
    yield url
    server.stop()


@pytest.fixture()
def postgres_db(postgres_server):
    """A fresh database on the session's server, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("postgres_db")
