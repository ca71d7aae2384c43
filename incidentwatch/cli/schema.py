"""``incidentwatch schema``: print the JSON Schema of the output contract."""

from __future__ import annotations

import json

import click

from ..schema import extraction_schema
from . import cli


@cli.command("schema")
def schema_cli() -> None:
    """Print the JSON Schema of one line of ``extract --json`` output.

    Example:

        incidentwatch schema > extraction.schema.json
    """
    click.echo(json.dumps(extraction_schema(), indent=2, sort_keys=True))
