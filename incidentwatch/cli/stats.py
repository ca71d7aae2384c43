"""``incidentwatch stats``: tallies of the incidents in the database, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import sys

import click
from rich.console import Console
from rich.table import Table

from ..analytics.incident_tally import ESTIMATES
from ..analytics.selection import resolve_selection
from ..analytics.stats import Dimension, StatsRow, StatsTable, parse_dimensions, stats
from . import cli
from .options import date_options, db_option, filter_options, open_existing_store, read_dates

FORMATS = ("table", "csv", "json")
SPLIT = ("civilians", "security", "militants", "foreigners", "unspecified")
FIGURES = ("incidents", "killed", *(f"killed_{c}" for c in SPLIT), "injured", *(f"injured_{c}" for c in SPLIT))
TABLE_WIDTH = 200  # when not writing to a terminal: wide enough that no column folds


@cli.command("stats")
@click.option("--by", "by", multiple=True, metavar="DIM",
              help="Group by year, quarter, month, week, country, province, district, type, group or category; "
                   "repeat it or give a comma-separated list (at most one time dimension).")
@date_options
@filter_options("country", "province", "district", "event_type", "group", "category")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@click.option("--estimate", type=click.Choice(ESTIMATES), default="best", show_default=True,
              help="Which toll of each incident to add up: the low or high end of what its reports gave, or best.")
@db_option
def stats_cli(by: tuple[str, ...], period: str | None, date_from: str | None, date_to: str | None, country: str | None,
              province: str | None, district: str | None, event_type: str | None, group: str | None,
              category: str | None, fmt: str, estimate: str, db: str | None) -> None:
    """Tally the incidents in the database: incidents, killed and injured (with the split into
    civilians, security forces, militants, foreigners and unspecified), the change on the
    previous period and each row's share of the total.

    Time rows cover the selection without gaps and compare each period with the one before;
    other rows are compared with the period before the selection when it has a start and an end.
    An incident claimed by two groups is in both groups' rows. Rejected incidents never count.
    When nothing matches, a message says so on stderr and the exit status is 1.

    Example:

        incidentwatch stats --period 2024Q2 --by province
        incidentwatch stats --from 2023-01-01 --to 2024-12-31 --by quarter --province KP --format csv
        incidentwatch stats --period 2024 --estimate high
    """
    dims = parse_dimensions([part for value in by for part in value.split(",") if part.strip()])
    first, last = read_dates(period, date_from, date_to)
    selection = resolve_selection(date_from=first, date_to=last, country=country, province=province, district=district,
                                  event_type=event_type, group=group, category=category)
    store = open_existing_store(db)
    try:
        with store.sessions() as session:
            table = stats(session, selection, dims, estimate=estimate)
    finally:
        store.close()
    if table.is_empty:
        click.echo(f"no incidents match: {selection.describe()}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(table.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(table_csv(table), nl=False)
    else:
        console = Console(width=None if sys.stdout.isatty() else TABLE_WIDTH)
        console.print(render_table(table))


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def _percent(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def _cells(figures_row: StatsRow | None, table: StatsTable) -> list[str]:
    """Figures, change and share of one row (``None``: the total line)."""
    f = figures_row.figures if figures_row is not None else table.total
    change = figures_row.change("killed") if figures_row is not None else table.total_change("killed")
    share = figures_row.share.get("killed") if figures_row is not None else (100.0 if table.total.killed else None)
    return [
        str(f.incidents), str(f.killed), *(str(getattr(f, f"killed_{c}")) for c in SPLIT), str(f.injured),
        "-" if change is None else _signed(change.delta), "-" if change is None else _percent(change.percent, signed=True),
        _percent(share),
    ]


def render_table(table: StatsTable) -> Table:
    """The tally as a rich table: one column per dimension, then the figures; the total last."""
    title = f"Incidents: {table.selection.describe()}" + (f", by {', '.join(map(_dimension_name, table.by))}" if table.by else "")
    out = Table(title=title, caption=_caption(table), caption_justify="left")
    for name in [_dimension_name(d) for d in table.by] or [""]:
        out.add_column(name, no_wrap=True)
    for name in ("incidents", "killed", *SPLIT, "injured", "killed vs prev", "%", "share of killed %"):
        out.add_column(name, justify="right")
    if table.by:
        for index, row in enumerate(table.rows):
            keys = [f"{k}*" if row.partial and dim.granularity else k for dim, k in zip(table.by, row.keys, strict=True)]
            out.add_row(*keys, *_cells(row, table), end_section=index == len(table.rows) - 1)
    out.add_row("total", *([""] * (len(table.by) - 1)), *_cells(None, table), style="bold")
    return out


def _caption(table: StatsTable) -> str:
    t = table.total
    estimate = "" if table.estimate == "best" else f" (the {table.estimate} estimate of each incident's toll)"
    lines = [f"total{estimate}: {_plural(t.incidents, 'incident')}, {t.killed} killed ({t.killed_civilians} civilians, "
             f"{t.killed_security} security, {t.killed_militants} militants, {t.killed_foreigners} foreigners, "
             f"{t.killed_unspecified} unspecified), {t.injured} injured"]
    if table.previous_total is not None and table.previous_period is not None:
        p = table.previous_total
        lines.append(f"{table.previous_period.label}: {_plural(p.incidents, 'incident')}, {p.killed} killed, {p.injured} injured")
    if any(r.partial for r in table.rows):
        lines.append("* the selection covers only part of this period")
    if table.time is not None and len(table.by) > 1:
        lines.append("shares are of each period's total")
    if Dimension.GROUP in table.by or Dimension.CATEGORY in table.by:
        lines.append("an incident can be in more than one group or category row: rows may add up to more than the total")
    return "\n".join(lines)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _dimension_name(dim: Dimension) -> str:
    return {Dimension.EVENT_TYPE: "type"}.get(dim, str(dim))


def table_csv(table: StatsTable) -> str:
    """One line per row: its keys, period, every figure, the previous period's figures, changes
    and shares (the total is in the JSON output, not here, so that columns add up)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    keys = [_dimension_name(d) for d in table.by]
    header = [*keys, "period_start", "period_end", "partial", *FIGURES, *(f"previous_{f}" for f in FIGURES)]
    for metric in ("incidents", "killed", "injured"):
        header += [f"change_{metric}", f"change_{metric}_percent"]
    header += ["share_incidents_percent", "share_killed_percent", "share_injured_percent"]
    writer.writerow(header)
    rows = table.rows if table.by else table.rows[:1]
    for row in rows:
        figures = row.figures.as_dict()
        previous = row.previous.as_dict() if row.previous is not None else None
        line: list = [*row.keys]
        line += [row.period.start.isoformat() if row.period else "", row.period.last.isoformat() if row.period else "",
                 "yes" if row.partial else ""]
        line += [figures[f] for f in FIGURES]
        line += [previous[f] if previous else "" for f in FIGURES]
        for metric in ("incidents", "killed", "injured"):
            change = row.change(metric)
            line += ["", ""] if change is None else [change.delta, _round(change.percent)]
        line += [_round(row.share.get(m)) for m in ("incidents", "killed", "injured")]
        writer.writerow(line)
    return buffer.getvalue()


def _round(value: float | None) -> str | float:
    return "" if value is None else round(value, 2)

