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


def test_a_password_with_characters_a_url_escapes_does_not_stop_the_migrations(postgres_db):
    # "@", "/", ":", " " and "#" are %-escaped in the URL, and "%" is special to the Alembic
    # config; the test server trusts loopback, so any password is accepted once it is parsed
    from urllib.parse import quote

    from sqlalchemy.engine import make_url

    from incidentwatch.store.migrate import alembic_config

    url = postgres_db.replace("postgres@", "postgres:" + quote("p@ss/w:rd #1%", safe="") + "@")
    assert make_url(url).password == "p@ss/w:rd #1%"
    store = Store.open(url)
    assert store.revision == HEAD
    assert make_url(alembic_config(store.engine).get_main_option("sqlalchemy.url")).password == "p@ss/w:rd #1%"
    store.close()
