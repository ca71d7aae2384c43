"""``incidentwatch timeline``: the incidents of a selection day by day, in Markdown or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..analytics.selection import resolve_selection
from ..atomic import write_bytes_atomically
from ..report.timeline import build_timeline, render_markdown, render_timeline_html
from . import cli
from .options import date_options, db_option, filter_options, open_existing_store, read_dates


@cli.command("timeline")
@date_options
@filter_options("country", "province", "district", "event_type", "group", "category", "min_killed")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True, help="Output format.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file (default: stdout).")
@db_option
def timeline_cli(period: str | None, date_from: str | None, date_to: str | None, country: tuple[str, ...],
                 province: tuple[str, ...], district: tuple[str, ...], event_type: tuple[str, ...], group: tuple[str, ...],
                 category: tuple[str, ...], min_killed: int | None, fmt: str, out: Path | None, db: str | None) -> None:
    """Print the incidents of a selection day by day, one line per incident: its place, type,
    groups, killed and injured, a one-sentence note and links to its sources (Markdown, or a
    self-contained HTML page). Incidents with no date come last, under "Date unknown".

    Example:

        incidentwatch timeline --period 2024Q2 --province KP
        incidentwatch timeline --period 2024-05 --format html --out may.html
    """
    first, last = read_dates(period, date_from, date_to)
    selection = resolve_selection(date_from=first, date_to=last, country=country, province=province, district=district,
                                  event_type=event_type, group=group, category=category, min_killed=min_killed)
    store = open_existing_store(db)
    try:
        with store.sessions() as session:
            timeline = build_timeline(session, selection)
    finally:
        store.close()
    if timeline.is_empty:
        click.echo(f"no incidents match: {timeline.selection}", err=True)
        sys.exit(1)
    text = render_timeline_html(timeline) if fmt == "html" else render_markdown(timeline)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_bytes_atomically(out, text.encode("utf-8"))
        click.echo(f"timeline of {timeline.incidents} incidents written to {out}", err=True)
