"""``incidentwatch report``: the report on a period as a self-contained HTML page, and a PDF of it."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from ..analytics.periods import Period, parse_period
from ..analytics.presets import parse_preset
from ..analytics.selection import resolve_selection
from ..errors import IncidentwatchError
from ..report.build import Report, build_report, latest_quarter
from ..report.pdf import chromium_path, html_to_pdf
from ..report.render import render_html, write_html
from . import cli
from .options import db_option, filter_options, open_existing_store

PDF_NEXT_TO_HTML = "-"  # --pdf without a value: the HTML's path with .pdf


def default_report_name(period: Period) -> str:
    """``incidentwatch-report-2024Q3.html``; a range's label with its dots made safe."""
    return f"incidentwatch-report-{period.label.replace('..', '_to_')}.html"


def write_report(report: Report, html_path: Path, pdf_path: Path | None = None,
                 progress: Callable[[str], None] | None = None) -> tuple[Path, Path | None]:
    """Write the report's HTML (and PDF) page; returns the paths written. ``progress`` hears
    of each step before it starts (the PDF takes seconds)."""
    say = progress or (lambda _: None)
    say(f"writing {html_path}")
    written = write_html(report, html_path)
    pdf = None
    if pdf_path is not None:
        say(f"printing {pdf_path} with Chromium")
        pdf = html_to_pdf(render_html(report), pdf_path)
    return written, pdf


def _progress(step: str) -> None:
    """One line per step on stderr, timed from the start, when a person is watching."""
    if sys.stderr.isatty():
        click.echo(f"[{time.monotonic() - _STARTED:5.1f}s] {step}", err=True)


_STARTED = time.monotonic()


@cli.command("report")
@click.option("--period", metavar="PERIOD",
              help="2024Q2, 2024-05, 2024, or a range 2024-01..2024-06 (default: the latest quarter with incidents).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The HTML file to write (default ./incidentwatch-report-PERIOD.html).")
@click.option("--pdf", "pdf", is_flag=False, flag_value=PDF_NEXT_TO_HTML, default=None, metavar="[FILE]",
              help="Also print the page to an A4 PDF (default: beside the HTML, .pdf); needs Debian's chromium.")
@filter_options("country", "province", "district", "event_type", "group", "category")
@click.option("--preset", metavar="MONITOR",
              help="Count the way a monitor does: crss, picss, pips, satp, acled or gtd (see docs/presets.md).")
@db_option
def report_cli(period: str | None, out: Path | None, pdf: str | None, country: tuple[str, ...], province: tuple[str, ...],
               district: tuple[str, ...], event_type: tuple[str, ...], group: tuple[str, ...], category: tuple[str, ...],
               preset: str | None, db: str | None) -> None:
    """Write the report on a period: a summary in plain sentences, tables by province, district,
    victim category, group and type (with the change on the period before and shares), charts,
    a map of Pakistan and Afghanistan, the deadliest incidents with their sources, the claims
    ledger, and the methods and coverage. The HTML page works offline (no script, font, image or
    stylesheet from anywhere); --pdf prints it to A4 with headless Chromium.

    A period with no matching incident gives a page that says there is no data (and a message on
    stderr); an unknown period or place is an error and writes nothing.

    Example:

        incidentwatch report --period 2024Q2 --out report.html --pdf
        incidentwatch report --period 2024-01..2024-06 --province Balochistan --out balochistan.html
        incidentwatch report --period 2024 --preset crss --out crss-2024.html

    With --preset the figures, charts, summary and deadliest incidents are counted as that
    monitor counts (as ``stats --preset``), the ledger compares every published figure with our
    count under it, and the page says which preset it used.
    """
    if pdf is not None:
        chromium_path()  # no browser: say so before anything is written
    selection = resolve_selection(country=country, province=province, district=district, event_type=event_type,
                                  group=group, category=category)
    chosen = parse_period(period) if period else None
    counting = parse_preset(preset)
    store = open_existing_store(db)
    try:
        _progress("reading the database")
        with store.sessions() as session:
            chosen = chosen or latest_quarter(session)
            if chosen is None:
                raise IncidentwatchError(f"{store.url}: the database holds no dated incident; give --period")
            report = build_report(session, chosen, selection, preset=counting)
    finally:
        store.close()
    html_path = out or Path(default_report_name(chosen))
    pdf_path = None if pdf is None else (html_path.with_suffix(".pdf") if pdf == PDF_NEXT_TO_HTML else Path(pdf))
    if report.is_empty:
        click.echo(f"no incidents match {report.selection.describe()}: the report says there is no data", err=True)
    written, printed = write_report(report, html_path, pdf_path, progress=_progress)
    click.echo(f"report: {written}")
    if printed is not None:
        click.echo(f"pdf: {printed}")
