"""The ``incidentwatch`` command: one click group, one module per command.

The one catch point: ``IncidentwatchError`` prints as one line; anything else is a bug and
shows a traceback only with ``--debug``.

A command's module is imported only when that command runs (or its own ``--help`` is asked
for): ``incidentwatch --help`` lists the commands from ``COMMANDS`` without importing the
analytics, the store or the web application, so it answers at once.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

import click

# command name -> (module in this package that defines it, one line for ``incidentwatch --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "claims": ("claims", "Other monitors' published figures beside our own count."),
    "db": ("db", "Manage the database schema and stored extractions."),
    "evaluate": ("evaluate", "Score extraction against gold labels."),
    "evaluate-merge": ("evaluate", "Score the merging of reports into incidents."),
    "evaluate-ingest": ("evaluate", "Ingest labelled reports and count incidents and victims against the truth."),
    "export": ("export", "Export the incidents of a selection (CSV, JSON, GeoJSON, Parquet, ACLED)."),
    "extract": ("extract", "Extract incidents and statistical claims from text, HTML and JSON Lines files."),
    "ingest": ("ingest", "Read, extract and store articles from files, feeds, WARC files and URLs."),
    "report": ("report", "Write the report on a period (HTML, PDF)."),
    "run": ("run", "Run the main job on the example corpus and print the latest quarter."),
    "schema": ("schema", "Print the JSON Schema of the extraction output."),
    "serve": ("serve", "Serve the dashboard, the REST API and the review pages."),
    "stats": ("stats", "Tally incidents, killed and injured by period, place, type or group."),
    "timeline": ("timeline", "The incidents of a selection day by day (Markdown or HTML)."),
    "user": ("users", "Manage the web application's accounts."),
    "watch": ("watch", "Poll news sources, store new articles as they appear, send alerts."),
    "sources": ("watch", "Check the sources file of incidentwatch watch."),
    "alerts": ("watch", "Check the alerts file of incidentwatch watch."),
}


def load_all_commands() -> None:
    """Import every command module (tests and documentation want the whole tree)."""
    for module, _ in COMMANDS.values():
        importlib.import_module(f"{__name__}.{module}")


class _Group(click.Group):
    """The top-level group: lazy commands, one-line errors."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[cmd_name][0]}")
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1] if name in COMMANDS else self.commands[name].get_short_help_str())
                for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> object:
        from ..errors import IncidentwatchError  # here, not at the top: --help needs none of the models
        from ..textsafe import one_line

        try:
            return super().invoke(ctx)
        except IncidentwatchError as error:
            click.echo(one_line(f"error: {error}"), err=True)
            sys.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader went away (``| head``): nothing to say, and no one to say it to
            _quiet_stdout()
            sys.exit(0)
        except Exception as error:  # a bug: say so in one line unless --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            first = (str(error).strip().splitlines() or [""])[0]  # a database error adds its SQL below
            click.echo(one_line(f"internal error: {type(error).__name__}: {first} (run with --debug for the traceback)"), err=True)
            sys.exit(3)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not raise again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (a test runner's buffer)
        pass
    finally:
        os.close(devnull)


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

