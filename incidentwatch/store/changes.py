"""``ChangeWatch``: a token that changes whenever any connection, of this process or another,
commits a write to the database. Caches key what they keep by it, so that nothing older than
the last committed write is ever served.

- SQLite: ``PRAGMA data_version`` on a connection of its own that never writes. The value is
  per connection: it changes when *another* connection has committed since the last call, never
  for the connection's own writes, and values of two connections cannot be compared. Hence one
  dedicated, read-only connection per process, asked under a lock (microseconds, no file read).
- PostgreSQL: ``pg_current_snapshot()``, on a connection of its own in autocommit. Two equal
  snapshots (xmin, xmax and the transactions in progress) see exactly the same committed
  transactions: a commit removes its transaction from the list in progress or moves xmin, and
  a new writer moves xmax. Read-only transactions take no transaction id, so readers leave it
  alone.

A page computed after ``token()`` answered ``t`` reflects at least every write committed before
``t``; it may be stored under ``t``: a later write changes the token, so that page is never
served under the new one.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import Engine
from sqlalchemy.pool import PoolProxiedConnection


def can_watch(engine: Engine) -> bool:
    """Whether the database has a change token (an in-memory SQLite has no other connection)."""
    return engine.dialect.name == "postgresql" or (engine.dialect.name == "sqlite"
                                                  and engine.url.database not in (None, "", ":memory:"))


class ChangeWatch:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._sqlite: sqlite3.Connection | None = None
        self._connection: PoolProxiedConnection | None = None

    @property
    def is_local(self) -> bool:
        """Whether ``token()`` is quick enough for an event loop (no network round trip)."""
        return self.engine.dialect.name == "sqlite"

    def token(self) -> str:
        with self._lock:
            if self.engine.dialect.name == "sqlite":
                return self._sqlite_token()
            try:
                return self._snapshot()
            except Exception:  # a dropped connection (server restart): open a new one, once
                self._close_connection(broken=True)
                return self._snapshot()

    def _sqlite_token(self) -> str:
        if self._sqlite is None:
            path = self.engine.url.database
            if not path or path == ":memory:":
                raise ValueError("an in-memory SQLite database has no other connections to watch")
            self._sqlite = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        return str(self._sqlite.execute("PRAGMA data_version").fetchone()[0])

    def _snapshot(self) -> str:
        if self._connection is None:  # the driver's own connection, in autocommit: one round trip a call
            self._connection = self.engine.raw_connection()
            self._connection.driver_connection.autocommit = True
        cursor = self._connection.driver_connection.execute("SELECT pg_current_snapshot()::text")
        return str(cursor.fetchone()[0])

    def _close_connection(self, *, broken: bool = False) -> None:
        if self._connection is not None:
            try:
                if broken:
                    self._connection.invalidate()
                else:
                    self._connection.close()
            except Exception:  # already gone
                pass
            self._connection = None

    def close(self) -> None:
        with self._lock:
            if self._sqlite is not None:
                self._sqlite.close()
                self._sqlite = None
            self._close_connection()
