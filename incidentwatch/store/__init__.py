"""Storage: the schema, migrations, the one writer, merging, and queries over the database.

``Store`` is the entry point: ``Store.open(url)`` then ``store.upgrade()`` and ``store.writer``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import sessionmaker

from . import rollups
from .database import Pool, database_url, make_engine, session_factory
from .migrate import current_revision, upgrade
from .records import ExtractedArticle, canonical_url, content_hash
from .writer import WriteOutcome, Writer

# rows SQLite samples per index in ANALYZE: enough for the planner, bounded whatever the size
ANALYSIS_LIMIT = 400


@dataclass
class Store:
    url: str
    engine: Engine
    sessions: sessionmaker

    @classmethod
    def open(cls, db: str | None = None, *, migrate: bool = True, pool: Pool | None = None) -> Store:
        """Open the database ``db`` names (see ``database_url``), migrating it to the newest schema;
        ``pool`` sizes its connection pool (the default suits the command line)."""
        url = database_url(db)
        engine = make_engine(url, pool)
        store = cls(url=url, engine=engine, sessions=session_factory(engine))
        if migrate:
            store.upgrade()
        return store

    def upgrade(self) -> None:
        """Migrate to the newest schema; when a migration ran, refresh the planner's statistics."""
        before = current_revision(self.engine)
        upgrade(self.engine)
        if current_revision(self.engine) != before:
            self.refresh_statistics()

    def refresh_statistics(self) -> None:
        """SQLite: ``ANALYZE`` under ``PRAGMA analysis_limit`` (a few milliseconds even over a
        million incidents), so that the planner knows, for example, that a quarter's incidents
        are few and reads them through the date index. Run after migrations and after each
        ingest batch. PostgreSQL's autovacuum keeps its own statistics: nothing to do there."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            connection.exec_driver_sql("ANALYZE")

    @contextmanager
    def bulk_load(self) -> Iterator[Connection]:
        """A transaction for loading many incidents at once with plain INSERTs or COPY: the
        rollup triggers are dropped inside it, and put back and the rollups recounted once at
        the end, in the same transaction (nothing half-counted is ever seen; on an error
        everything rolls back, triggers included). Rows may come with their own ids: on
        PostgreSQL the incidents' id sequence is moved past the highest afterwards."""
        with self.engine.begin() as connection:
            rollups.drop(connection)
            yield connection
            rollups.install(connection)
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SELECT setval(pg_get_serial_sequence('incidents', 'id'), "
                                           "coalesce((SELECT max(id) FROM incidents), 0) + 1, false)")
        self.refresh_statistics()

    @property
    def revision(self) -> str | None:
        return current_revision(self.engine)

    def writer(self) -> Writer:
        return Writer(self.sessions)

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["ExtractedArticle", "Pool", "Store", "WriteOutcome", "Writer", "canonical_url", "content_hash", "database_url"]
