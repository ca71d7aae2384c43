"""``incidentwatch export``: the incidents of a selection as CSV, JSON, GeoJSON, Parquet or ACLED."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy import func, select

from ..analytics import apply, resolve_selection
from ..atomic import write_atomically
from ..errors import IncidentwatchError
from ..exports import BINARY, ExportContext, ExportFormat, export
from ..store.tables import Incident
from . import cli
from .options import date_options, db_option, filter_options, open_existing_store, read_dates


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice([f.value for f in ExportFormat]), required=True,
              help="csv, json, geojson, parquet, or acled (ACLED's columns, event types and fatality counting).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (default: stdout).")
@date_options
@filter_options("country", "province", "district", "event_type", "group", "category", "min_killed")
@db_option
def export_cli(fmt: str, out: Path | None, period: str | None, date_from: str | None, date_to: str | None,
               country: tuple[str, ...], province: tuple[str, ...], district: tuple[str, ...], event_type: tuple[str, ...],
               group: tuple[str, ...], category: tuple[str, ...], min_killed: int | None, db: str | None) -> None:
    """Export the incidents of a selection, one row per incident with its place, type,
    perpetrators, killed and injured with their split, review state, confidence, sources and
    the evidence sentences behind its figures.

    The acled format uses ACLED's column names, event and sub-event types and fatality counting
    (docs/exports.md). GeoJSON keeps incidents without coordinates with a null geometry; the
    acled format leaves out incidents without a date. A file given with --out is written whole
    or not at all. When nothing matches, a message says so and the exit status is 1.

    Example:

        incidentwatch export --format csv --period 2024Q2 --province KP --out kp-2024q2.csv
        incidentwatch export --format acled --from 2024-01-01 --out acled.csv
    """
    fmt_ = ExportFormat(fmt)
    first, last = read_dates(period, date_from, date_to)
    selection = resolve_selection(date_from=first, date_to=last, country=country, province=province, district=district,
                                  event_type=event_type, group=group, category=category, min_killed=min_killed)
    if out is None and fmt_ in BINARY and sys.stdout.isatty():
        raise IncidentwatchError(f"--format {fmt}: binary output; give --out FILE or redirect stdout")
    if out is not None and not out.parent.exists():
        raise IncidentwatchError(f"--out {out}: the folder {out.parent} does not exist")
    store = open_existing_store(db)
    try:
        with store.sessions() as session:
            matching = session.scalar(apply(select(func.count()).select_from(Incident), selection))
            if not matching:
                click.echo(f"no incidents match: {selection.describe()}", err=True)
                sys.exit(1)
            context = ExportContext(selection=selection)
            if out is None:
                stream = sys.stdout.buffer  # bytes: parquet is binary; the text formats are encoded by their writers
                n = export(session, selection, format=fmt_, out=stream, context=context)
                stream.flush()
            else:
                n = write_atomically(out, lambda f: export(session, selection, format=fmt_, out=f, context=context))
    finally:
        store.close()
    click.echo(_summary(n, fmt_, out, context), err=True)


def _summary(n: int, fmt: ExportFormat, out: Path | None, context: ExportContext) -> str:
    text = f"exported {n} incident{'s' if n != 1 else ''} ({fmt.value}) to {out if out else 'stdout'}"
    if fmt is ExportFormat.GEOJSON and context.unlocated:
        text += f"; {context.unlocated} without coordinates have a null geometry"
    if fmt is ExportFormat.ACLED and context.undated:
        text += f"; {context.undated} without a date left out (ACLED events have a date)"
    return text
