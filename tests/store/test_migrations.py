"""Migrations bring an empty database to head, and the models then match the schema exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from incidentwatch.store import Store
from incidentwatch.store.migrate import MIGRATIONS
from incidentwatch.store.tables import Base, of_dialect

HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_upgrade_builds_the_schema_and_autogenerate_finds_no_difference(db_url):
    store = Store.open(db_url)
    assert store.revision == HEAD
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": of_dialect(connection.dialect.name)})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    store.close()


def test_upgrade_twice_changes_nothing(db_url):
    Store.open(db_url).close()
    store = Store.open(db_url)
    assert store.revision == HEAD
    store.close()
