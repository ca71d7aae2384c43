"""Opening the database: SQLite by default, PostgreSQL for teams.

The URL comes from ``--db``, then ``INCIDENTWATCH_DB``, then ``./incidentwatch.db``. A plain
path is a SQLite file. SQLite runs in WAL mode with a busy timeout so that concurrent ingests
into one file wait for each other instead of failing or corrupting it.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

DEFAULT_DB = "incidentwatch.db"
SQLITE_BUSY_MS = 30_000


def database_url(value: str | None = None) -> str:
    """The SQLAlchemy URL for a ``--db`` value, the environment, or the default file."""
    value = value or os.environ.get("INCIDENTWATCH_DB") or DEFAULT_DB
    if "://" in value:
        if value.startswith("postgresql://"):
            return "postgresql+psycopg://" + value[len("postgresql://"):]
        if value.startswith("postgres://"):
            return "postgresql+psycopg://" + value[len("postgres://"):]
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API connection
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, expire_on_commit=False)
