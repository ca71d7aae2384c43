"""Opening the database: SQLite by default, PostgreSQL for teams.

The URL comes from ``--db``, then ``INCIDENTWATCH_DB``, then ``./incidentwatch.db``. A plain
path is a SQLite file. SQLite runs in WAL mode with a busy timeout so that concurrent ingests
into one file wait for each other instead of failing or corrupting it.

Pools: ``Pool`` sizes the engine's connection pool. SQLite readers each have a connection of
their own (WAL lets them read while one writer writes), so the pool is as large as the requests a
server serves at once; for PostgreSQL each process gets ``size`` connections (``serve`` sizes it
to its admitted requests, so that workers x size stays under the server's ``max_connections``).
A request that still finds no free connection within ``timeout`` seconds is a 503, not a wait.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
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


@dataclass(frozen=True)
class Pool:
    """A connection pool's size: ``size`` kept open, ``overflow`` more when needed, and the
    longest wait for a free one in seconds; ``busy_ms`` is SQLite's busy timeout (how long a
    write waits for another process's write to finish)."""

    size: int = 5
    overflow: int = 10
    timeout: float = 30.0
    busy_ms: int = SQLITE_BUSY_MS


def json_dumps(value: Any) -> str:
    """The JSON columns' serializer: orjson (a tenth of the json module's time on the writer's
    report payloads, audit snapshots and toll sources), or the json module for what orjson does
    not take (an integer beyond 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value)


def json_loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def make_engine(url: str, pool: Pool | None = None) -> Engine:
    pool = pool or Pool()
    sizes = {"pool_size": pool.size, "max_overflow": pool.overflow, "pool_timeout": pool.timeout}
    json_options = {"json_serializer": json_dumps, "json_deserializer": json_loads}
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(url, connect_args={"timeout": pool.busy_ms / 1000}, **json_options,
                               **({} if in_memory else sizes))

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API connection
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={pool.busy_ms}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **json_options, **sizes)


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, expire_on_commit=False)
