"""Alembic environment: runs migrations on the connection ``store.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from incidentwatch.errors import StoreError
from incidentwatch.store.tables import Base, of_dialect

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        url = config.get_main_option("sqlalchemy.url")
        if not url:
            raise StoreError("migrations: no connection given and no sqlalchemy.url set")
        engine = create_engine(url)
        with engine.begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                              include_object=of_dialect(conn.dialect.name))
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      include_object=of_dialect(connection.dialect.name))
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
