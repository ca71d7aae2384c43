"""``incidentwatch db``: schema migrations and re-extraction."""

from __future__ import annotations

import click

from ..store import Store
from . import cli
from .options import db_option


@cli.group("db")
def db_group() -> None:
    """Manage the database schema and stored extractions.

    Example:

        incidentwatch db upgrade --db incidentwatch.db
    """


@db_group.command("upgrade")
@db_option
def upgrade_cli(db: str | None) -> None:
    """Create the database or migrate it to the newest schema.

    Example:

        incidentwatch db upgrade --db postgresql://user@localhost/incidents
    """
    store = Store.open(db, migrate=False)
    before = store.revision
    store.upgrade()
    click.echo(f"{store.url.split('@')[-1]}: schema {before or 'empty'} -> {store.revision}")


@db_group.command("reextract")
@db_option
@click.option("--all", "everything", is_flag=True, help="Re-extract every article, not only those of older extractor versions.")
def reextract_cli(db: str | None, everything: bool) -> None:
    """Extract stored articles again with this extractor version, replacing their reports.

    Example:

        incidentwatch db reextract
    """
    from ..ingest.reextract import reextract

    store = Store.open(db)
    done = reextract(store, everything=everything)
    click.echo(f"re-extracted {done.articles} articles: {done.incidents_new} incidents new, {done.incidents_merged} merged, {done.claims} claims")
