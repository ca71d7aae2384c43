"""``incidentwatch claims``: the claims ledger, published figures beside our own count."""

from __future__ import annotations

import csv
import io
import json
import sys

import click
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from ..analytics.ledger import (
    THIN_DAYS_SHARE,
    THIN_MIN_OUTLETS,
    Band,
    Ledger,
    LedgerEntry,
    LedgerGroup,
    entry_fields,
    ledger,
)
from ..analytics.periods import period_label
from ..analytics.selection import resolve_selection
from ..exports.tabular import safe_cell
from . import cli
from .options import db_option, filter_options, open_existing_store, read_dates

FORMATS = ("table", "csv", "json")
EXCERPT = 60  # characters of the evidence sentence in the table (all of it with --evidence)
TABLE_WIDTH = 240  # when not writing to a terminal: wide enough that the figures do not fold
CSV_COLUMNS = (
    "claim_id", "source", "region", "counted_region", "period_label", "period_start", "period_end", "metric", "unit",
    "qualifier", "value", "own", "own_incidents", "preset", "coverage_articles", "coverage_outlets", "coverage_days",
    "period_days", "difference", "percent", "band", "own_note", "own_partial_coverage", "reason", "article_id",
    "outlet", "title", "url", "published", "evidence",
)
NOTE_WIDTH = 36
PREFIX = {"at_least": "≥", "over": ">", "approx": "~"}


@cli.command("claims")
@click.option("--period", metavar="PERIOD", help="Figures whose period overlaps this one: 2024, 2024Q2, 2024-05, a range.")
@click.option("--from", "date_from", metavar="DATE", help="Figures whose period ends on or after this day.")
@click.option("--to", "date_to", metavar="DATE", help="Figures whose period starts on or before this day.")
@filter_options("country")
@click.option("--province", help="Figures about this province (or one of its districts).")
@click.option("--source", help="Only this source (CRSS, PICSS, PIPS, SATP, ISPR...; 'unattributed' for none).")
@click.option("--metric", help="Only this metric (killed, incidents, attacks, killed_civilians...).")
@click.option("--evidence", "full_evidence", is_flag=True, help="Show the whole evidence sentence in the table.")
@click.option("--min-days-share", type=click.FloatRange(0, 1), default=THIN_DAYS_SHARE, show_default=True,
              help="Compare only where reports fall on at least this share of the period's days.")
@click.option("--min-outlets", type=click.IntRange(0), default=THIN_MIN_OUTLETS, show_default=True,
              help="Compare only where at least this many outlets reported on the period and region.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@db_option
def claims_cli(period: str | None, date_from: str | None, date_to: str | None, country: tuple[str, ...],
               province: str | None, source: str | None, metric: str | None, full_evidence: bool,
               min_days_share: float, min_outlets: int, fmt: str, db: str | None) -> None:
    """List the figures other monitors and officials published (source, region, period, metric,
    value, the article that reported it and its evidence sentence), figures from different
    sources for the same region, period and metric side by side, beside our own count of the
    incidents in the database, with the difference and whether they agree (within 10%).

    Each figure is compared with our count under its publisher's counting preset (CRSS counts
    operations and militants, PICSS militant attacks only...; see docs/presets.md). Where the
    database covers too little of the period and region (reports on fewer than --min-days-share
    of its days, or from fewer than --min-outlets outlets) the figure is "not comparable (thin
    coverage)"; a figure whose period cannot be placed is "period unknown", never compared.

    Figures we cannot count (arrests, operations, percentages, no period, a region that is no
    district, province or country) are listed with the reason. With dates, figures whose period
    overlaps them are listed. When nothing matches, a message says so and the exit status is 1.

    Example:

        incidentwatch claims --period 2024Q2
        incidentwatch claims --from 2024-01-01 --to 2024-12-31 --metric killed --source CRSS --format csv
    """
    first, last = read_dates(period, date_from, date_to)
    selection = resolve_selection(date_from=first, date_to=last, country=country, province=province)
    store = open_existing_store(db)
    try:
        with store.sessions() as session:
            result = ledger(session, selection, source=source, metric=metric, min_days_share=min_days_share,
                            min_outlets=min_outlets)
    finally:
        store.close()
    if result.is_empty:
        click.echo(f"no published figures match: {result.describe()}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(ledger_json(result), indent=2, ensure_ascii=False, allow_nan=False))
    elif fmt == "csv":
        click.echo(ledger_csv(result), nl=False)
    else:
        Console(width=None if sys.stdout.isatty() else TABLE_WIDTH).print(
            render_ledger(result, full_evidence=full_evidence))


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _published(entry: LedgerEntry) -> str:
    unit = "" if entry.unit == "count" else "%"
    return f"{PREFIX.get(entry.qualifier, '')}{_number(entry.value)}{unit}"


def _period(group: LedgerGroup) -> str:
    """``2024Q2`` for a quarter's days (likewise a year, month, week), else the two days."""
    if group.period_start is None or group.period_end is None:
        return "no period" + (f" ({group.period_label})" if group.period_label else "")
    return period_label(group.period_start, group.period_end)


BAND_STYLE = {Band.AGREES: "green", Band.CLOSE: "yellow", Band.DIFFERS: "red", Band.NO_COUNT: "dim", Band.THIN: "dim",
              Band.PERIOD_UNKNOWN: "dim"}


def render_ledger(result: Ledger, *, full_evidence: bool = False) -> Table:
    """The ledger as a rich table: one section per (region, period, metric); article text goes
    in as plain ``Text``, never as markup."""
    table = Table(title=f"Published figures beside our count: {result.describe()}", caption=_caption(result),
                  caption_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("region", "left"), ("period", "left"), ("metric", "left"), ("source", "left"), ("published", "right"),
        ("ours", "right"), ("diff", "right"), ("%", "right"), ("agreement", "left"), ("article", "left"),
        ("evidence", "left"), ("our count", "left"))
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold",
                         max_width=NOTE_WIDTH if name == "our count" else
                         None if name != "evidence" or full_evidence else EXCERPT + 2,
                         no_wrap=name in ("published", "ours", "diff", "%"))
    for index, group in enumerate(result.groups):
        how = group.own.note if group.own else (group.reason or "")
        if group.own and group.own.coverage:
            how = f"{how}; coverage: {group.own.coverage.describe()}"
        for position, entry in enumerate(group.entries):
            first = position == 0
            evidence = entry.evidence if full_evidence or len(entry.evidence) <= EXCERPT else entry.evidence[:EXCERPT - 1] + "…"
            table.add_row(
                Text(group.region if first else ""), Text(_period(group) if first else ""),
                Text((group.metric + ("" if group.unit == "count" else f" ({group.unit})")) if first else ""),
                Text(entry.source or "unattributed"), Text(_published(entry)),
                Text(_number(entry.own) + ("*" if group.own and group.own.partial_coverage else "")), Text("-" if entry.difference is None else f"{entry.difference:+,.0f}"),
                Text("-" if entry.percent is None else f"{entry.percent:+.1f}"),
                Text(entry.band.label, style=BAND_STYLE[entry.band]),
                Text(f"#{entry.article.id} {entry.article.outlet or ''}".strip()), Text(evidence),
                Text(how if first else ""),
                end_section=position == len(group.entries) - 1 and index < len(result.groups) - 1,
            )
    return table


def _caption(result: Ledger) -> str:
    entries = result.entries
    counted = [e for e in entries if e.band is not Band.NO_COUNT]
    bands = {b: sum(1 for e in counted if e.band is b) for b in (Band.AGREES, Band.CLOSE, Band.DIFFERS)}
    lines = [f"{len(entries)} published figures in {len(result.groups)} groups; of the {len(counted)} we count: "
             f"{bands[Band.AGREES]} agree (within 10%), {bands[Band.CLOSE]} close (within 25%), "
             f"{bands[Band.DIFFERS]} differ, {sum(1 for e in entries if e.band is Band.THIN)} not comparable (thin coverage)",
             "diff and % are ours minus the published figure; ≥ at least, > over, ~ about"]
    if any(g.own and g.own.partial_coverage for g in result.groups):
        held = f"{result.coverage[0]} to {result.coverage[1]}" if result.coverage else "no days"
        lines.append(f"* the period reaches beyond the articles held (published {held}): our count covers part of it")
    return "\n".join(lines)


def ledger_json(result: Ledger) -> dict:
    """The ledger as JSON: the groups, each with our count and its published figures."""
    return {
        "ledger": result.describe(),
        "coverage": [d.isoformat() for d in result.coverage] if result.coverage else None,
        "groups": [{
            "region": g.region, "period_label": g.period_label,
            "period_start": g.period_start.isoformat() if g.period_start else None,
            "period_end": g.period_end.isoformat() if g.period_end else None,
            "metric": g.metric, "unit": g.unit,
            "own": None if g.own is None else {"value": g.own.value, "incidents": g.own.incidents, "scope": g.own.scope,
                                               "note": g.own.note, "partial_coverage": g.own.partial_coverage,
                                               "coverage": None if g.own.coverage is None else {
                                                   "articles": g.own.coverage.articles, "outlets": g.own.coverage.outlets,
                                                   "days": g.own.coverage.days, "period_days": g.own.coverage.period_days,
                                                   "thin": g.own.coverage.thin}},
            "reason": g.reason, "sources": g.sources, "spread": g.spread,
            "published": [entry_fields(g, e) for e in g.entries],
        } for g in result.groups],
    }


def ledger_csv(result: Ledger) -> str:
    """One line per published figure, with our count and the difference beside it."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for group in result.groups:
        for entry in group.entries:
            row = {k: v for k, v in entry_fields(group, entry).items() if k in CSV_COLUMNS}
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()
