"""Options shared by several commands."""

from __future__ import annotations

import click

db_option = click.option(
    "--db",
    envvar="INCIDENTWATCH_DB",
    default=None,
    metavar="URL|PATH",
    help="Database: a SQLite file path or postgresql://... (default ./incidentwatch.db; env INCIDENTWATCH_DB).",
)
