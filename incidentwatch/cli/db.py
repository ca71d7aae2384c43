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


@db_group.command("check")
@db_option
@click.option("--rebuild", is_flag=True, help="Recount the rollups from the incidents (after a repair by hand, say).")
def check_cli(db: str | None, rebuild: bool) -> None:
    """Recount the monthly rollups from the incidents and show any row that differs.

    ``stats``, the report and the dashboard read the rollups, which triggers keep in step with
    the incidents; this proves they are. Exits with status 1 when a row differs.

    Example:

        incidentwatch db check --db incidentwatch.db
    """
    from ..store import rollups
    from .options import open_existing_store

    store = open_existing_store(db)
    with store.engine.begin() as connection:
        if rebuild:
            rollups.rebuild(connection)
        drifts = rollups.check(connection)
        incidents = connection.exec_driver_sql("SELECT count(*) FROM incidents").scalar_one()
    store.close()
    for drift in drifts[:20]:
        click.echo(str(drift))
    if drifts:
        more = " (the first 20 shown)" if len(drifts) > 20 else ""
        click.echo(f"{len(drifts)} rollup rows differ from the {incidents:,} incidents{more}; "
                   "`incidentwatch db check --rebuild` recounts them", err=True)
        raise SystemExit(1)
    click.echo(f"rollups {'recounted and ' if rebuild else ''}in step with the {incidents:,} incidents")
