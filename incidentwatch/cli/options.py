"""Options shared by several commands: the database, the dates and the filters of a selection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from ..analytics.periods import PeriodError, parse_day, parse_period
from ..analytics.selection import SelectionError
from ..errors import IncidentwatchError
from ..store import Store, database_url

db_option = click.option(
    "--db",
    envvar="INCIDENTWATCH_DB",
    default=None,
    metavar="URL|PATH",
    help="Database: a SQLite file path or postgresql://... (default ./incidentwatch.db; env INCIDENTWATCH_DB).",
)

def split_values(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """A repeated option's values, comma lists split: ``--province KP --province Sindh`` and
    ``--province KP,Sindh`` are the same two values (no province, district, group or type name
    holds a comma)."""
    return tuple(part.strip() for item in value for part in item.split(",") if part.strip())


def _several(*names: str, help: str, metavar: str) -> Callable:  # noqa: A002 - click's own keyword
    """A filter option that takes several values: repeated, or a comma list (any of them matches)."""
    return click.option(*names, multiple=True, callback=split_values, metavar=metavar,
                        help=help + " Repeat it or give a comma list for several (any of them).")


# The filters of a selection, by the name of the keyword the command receives: one wording for
# every command that takes them (stats, claims, export, report). The named filters take several
# values each, as tuples (empty: no filter).
FILTER_OPTIONS: dict[str, Callable] = {
    "country": _several("--country", metavar="COUNTRY", help="PK, AF, or a country name."),
    "province": _several("--province", metavar="PROVINCE",
                         help="A province as the gazetteer knows it (KP, Balochistan, Helmand...)."),
    "district": _several("--district", metavar="DISTRICT", help="A district (Bannu, North Waziristan...)."),
    "event_type": _several("--type", "event_type", metavar="TYPE",
                           help="An event type (bombing, suicide_bombing, armed_assault...)."),
    "group": _several("--group", metavar="GROUP", help="A perpetrator group or one of its aliases (TTP, BLA, ISKP...)."),
    "category": _several("--category", metavar="CATEGORY",
                         help="Only incidents where this victim category was killed or injured "
                              "(civilians, security, militants, foreigners)."),
    "min_killed": click.option("--min-killed", type=click.IntRange(min=0),
                               help="Only incidents with at least this many killed."),
}

DATE_OPTIONS = (
    click.option("--period", metavar="PERIOD", help="2024, 2024Q2, 2024-05, 2024-W20, a day, or a range 2024Q1..2024Q2."),
    click.option("--from", "date_from", metavar="DATE", help="First day (a day, or any period: its first day)."),
    click.option("--to", "date_to", metavar="DATE", help="Last day (a day, or any period: its last day)."),
)


def filter_options(*names: str) -> Callable:
    """A decorator adding the named filters (keys of ``FILTER_OPTIONS``) in that order."""
    def decorate(command: Callable) -> Callable:
        for name in reversed(names):
            command = FILTER_OPTIONS[name](command)
        return command

    return decorate


def date_options(command: Callable) -> Callable:
    """``--period``, ``--from`` and ``--to``, read together by ``read_dates``."""
    for option in reversed(DATE_OPTIONS):
        command = option(command)
    return command


def read_dates(period: str | None, date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    """The first and last day that ``--period`` or ``--from``/``--to`` give (either may be None).

    Raises:
        SelectionError: both ``--period`` and ``--from``/``--to`` are given.
        PeriodError: a value is no period.
    """
    if period and (date_from or date_to):
        raise SelectionError("--period", period, "give either --period or --from/--to, not both")
    if period:
        p = parse_period(period)
        return p.start, p.last
    try:
        return (parse_day(date_from) if date_from else None, parse_day(date_to, end=True) if date_to else None)
    except PeriodError as error:
        raise PeriodError(error.text, str(error).split(": ", 1)[1] + " (in --from/--to)") from None


def open_existing_store(db: str | None) -> Store:
    """The database ``db`` names; a SQLite path that does not exist is an error, not a new file."""
    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise IncidentwatchError(f"{path}: no such database (build one with incidentwatch ingest or incidentwatch run)")
    return Store.open(db)


def time_budget_option(command: Callable) -> Callable:
    """``--time-budget SECONDS``: how long one article may take (0: no limit)."""
    from ..pipeline.budget import DEFAULT_TIME_BUDGET

    return click.option(
        "--time-budget", "time_budget", type=click.FloatRange(min=0), default=DEFAULT_TIME_BUDGET, show_default=True,
        metavar="SECONDS", help="Seconds one article may take; an article over it fails as too_slow (0: no limit).",
    )(command)
