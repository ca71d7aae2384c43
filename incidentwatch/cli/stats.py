"""``incidentwatch stats``: tallies of the incidents in the database, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence

import click

from ..analytics.incident_tally import ESTIMATES
from ..analytics.preset_stats import preset_stats
from ..analytics.presets import parse_preset
from ..analytics.selection import resolve_selection
from ..analytics.stats import Dimension, StatsRow, StatsTable, parse_dimensions, stats
from . import cli
from .layout import Column, Layout, Row, fits, output_width, render
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
@click.option("--preset", metavar="MONITOR",
              help="Count the way a monitor does: crss, picss, pips, satp, acled or gtd (see docs/presets.md).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@click.option("--estimate", type=click.Choice(ESTIMATES), default="best", show_default=True,
              help="Which toll of each incident to add up: the low or high end of what its reports gave, or best.")
@db_option
def stats_cli(by: tuple[str, ...], period: str | None, date_from: str | None, date_to: str | None, country: tuple[str, ...],
              province: tuple[str, ...], district: tuple[str, ...], event_type: tuple[str, ...], group: tuple[str, ...],
              category: tuple[str, ...], preset: str | None, fmt: str, estimate: str, db: str | None) -> None:
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
        incidentwatch stats --period 2024 --by quarter --preset picss
        incidentwatch stats --period 2024 --estimate high
    """
    dims = parse_dimensions([part for value in by for part in value.split(",") if part.strip()])
    first, last = read_dates(period, date_from, date_to)
    selection = resolve_selection(date_from=first, date_to=last, country=country, province=province, district=district,
                                  event_type=event_type, group=group, category=category)
    counting = parse_preset(preset)
    store = open_existing_store(db)
    try:
        with store.sessions() as session:
            table = (preset_stats(session, selection, dims, counting, estimate=estimate) if counting
                     else stats(session, selection, dims, estimate=estimate))
    finally:
        store.close()
    if table.is_empty:
        click.echo(f"no incidents match: {selection.describe()}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(table.as_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    elif fmt == "csv":
        click.echo(table_csv(table), nl=False)
        if table.undated:
            click.echo(f"note: {undated_line(table.undated)}", err=True)
    else:
        click.echo(render_table(table), nl=False)


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


FIGURE_COLUMNS = ("incidents", "killed", *SPLIT, "injured", "vs prev", "%", "share %")
MAIN_COLUMNS = ("incidents", "killed", "injured", "vs prev", "%", "share %")


def render_table(table: StatsTable, width: int | None = None) -> str:
    """The tally as text: one column per dimension, then the figures, the total last. Where the
    figures do not fit the width side by side, the split of the killed by victim category
    follows in a second table, so that no figure is ever cut."""
    width = width or output_width()
    title = f"Incidents: {table.selection.describe()}" + (f", by {', '.join(map(_dimension_name, table.by))}" if table.by else "")
    whole = _layout(table, title, FIGURE_COLUMNS, _caption(table).splitlines())
    if fits(whole, width):
        return render(whole, width)
    main = _layout(table, title, MAIN_COLUMNS, [])
    split = _layout(table, "Killed by victim category", SPLIT, _caption(table).splitlines())
    return render(main, width) + "\n" + render(split, width)


def _layout(table: StatsTable, title: str, figures: Sequence[str], footer: list[str]) -> Layout:
    keys = [_dimension_name(d) for d in table.by] or [""]
    columns = [Column(k) for k in keys] + [Column(f, numeric=True) for f in figures]
    rows = []
    for row in table.rows if table.by else []:
        labels = [f"{k}*" if row.partial and dim.granularity else k for dim, k in zip(table.by, row.keys, strict=True)]
        rows.append(Row([*labels, *_pick(_cells(row, table), figures)]))
    rows.append(Row(["total", *([""] * (len(keys) - 1)), *_pick(_cells(None, table), figures)], bold=bool(table.by)))
    return Layout(title, columns, rows, footer=footer)


def _pick(cells: list[str], figures: Sequence[str]) -> list[str]:
    return [cells[FIGURE_COLUMNS.index(f)] for f in figures]


def _caption(table: StatsTable) -> str:
    t = table.total
    estimate = "" if table.estimate == "best" else f" (the {table.estimate} estimate of each incident's toll)"
    lines = [f"total{estimate}: {_plural(t.incidents, 'incident')}, {t.killed} killed ({t.killed_civilians} civilians, "
             f"{t.killed_security} security, {t.killed_militants} militants, {t.killed_foreigners} foreigners, "
             f"{t.killed_unspecified} unspecified), {t.injured} injured"]
    if table.previous_total is not None and table.previous_period is not None:
        p = table.previous_total
        lines.append(f"{table.previous_period.label}: {_plural(p.incidents, 'incident')}, {p.killed} killed, {p.injured} injured")
    lines.append("vs prev, %: killed, change on the previous period; share %: of the killed")
    if any(r.partial for r in table.rows):
        lines.append("* the selection covers only part of this period")
    if table.time is not None and len(table.by) > 1:
        lines.append("shares are of each period's total")
    if Dimension.GROUP in table.by or Dimension.CATEGORY in table.by:
        lines.append("an incident can be in more than one group or category row: rows may add up to more than the total")
    if table.undated:
        lines.append(undated_line(table.undated))
    counting = parse_preset(table.preset) if table.preset else None
    if counting is not None:
        lines.append(f"counted under the {counting.describe()}")
    return "\n".join(lines)


def undated_line(n: int) -> str:
    """The note on incidents that have no date and so fall in no period."""
    return (f"{_plural(n, 'incident')} matching the other filters {'has' if n == 1 else 'have'} no date and "
            f"{'is' if n == 1 else 'are'} in no period (see incidentwatch ingest --published)")


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

