"""The ``incidentwatch`` command: one click group, one module per command.

The one catch point: ``IncidentwatchError`` prints as one line; anything else is a bug and
shows a traceback only with ``--debug``.
"""

from __future__ import annotations

import logging
import sys

import click

from ..errors import IncidentwatchError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except IncidentwatchError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # a bug: say so in one line unless --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            first = (str(error).strip().splitlines() or [""])[0]  # a database error adds its SQL below
            click.echo(f"internal error: {type(error).__name__}: {first} (run with --debug for the traceback)", err=True)
            sys.exit(3)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.version_option(package_name="incidentwatch")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """incidentwatch: incidents and statistics of militant violence, extracted from news.

    Example:

        incidentwatch run
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    cli(prog_name="incidentwatch")


# the commands register themselves on ``cli`` when imported
from . import claims, db, evaluate, export, extract, ingest, report, run, schema, serve, stats, users, watch  # noqa: E402,F401
