"""``incidentwatch report``: the report on a period as a self-contained HTML page, and a PDF of it."""

from __future__ import annotations

from pathlib import Path

import click

from ..analytics.periods import Period, parse_period
from ..analytics.selection import resolve_selection
from ..errors import IncidentwatchError
from ..report.build import Report, build_report, latest_quarter
from ..report.pdf import chromium_path, html_to_pdf
from ..report.render import render_html, write_html
from ..store import Store, database_url
from . import cli
from .options import db_option

PDF_NEXT_TO_HTML = "-"  # --pdf without a value: the HTML's path with .pdf


def default_report_name(period: Period) -> str:
    """``incidentwatch-report-2024Q3.html``; a range's label with its dots made safe."""
    return f"incidentwatch-report-{period.label.replace('..', '_to_')}.html"


def open_existing(db: str | None) -> Store:
    """The database ``db`` names; a SQLite path that does not exist is an error, not a new file."""
    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise IncidentwatchError(f"{path}: no such database (build one with incidentwatch ingest or incidentwatch run)")
    return Store.open(db)


def write_report(report: Report, html_path: Path, pdf_path: Path | None = None) -> tuple[Path, Path | None]:
    """Write the report's HTML (and PDF) page; returns the paths written."""
    written = write_html(report, html_path)
    pdf = html_to_pdf(render_html(report), pdf_path) if pdf_path is not None else None
    return written, pdf


@cli.command("report")
@click.option("--period", metavar="PERIOD",
              help="2024Q2, 2024-05, 2024, or a range 2024-01..2024-06 (default: the latest quarter with incidents).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The HTML file to write (default ./incidentwatch-report-PERIOD.html).")
@click.option("--pdf", "pdf", is_flag=False, flag_value=PDF_NEXT_TO_HTML, default=None, metavar="[FILE]",
              help="Also print the page to an A4 PDF (default: beside the HTML, .pdf); needs Debian's chromium.")
@click.option("--country", help="PK, AF, or a country name.")
@click.option("--province", help="A province as the gazetteer knows it (KP, Balochistan, Helmand...).")
@click.option("--district", help="A district (Bannu, North Waziristan...).")
@click.option("--type", "event_type", metavar="TYPE", help="An event type (bombing, suicide_bombing, armed_assault...).")
@click.option("--group", help="A perpetrator group or one of its aliases (TTP, BLA, ISKP...).")
@click.option("--category", help="Only incidents where this victim category was killed or injured.")
@db_option
def report_cli(period: str | None, out: Path | None, pdf: str | None, country: str | None, province: str | None,
               district: str | None, event_type: str | None, group: str | None, category: str | None,
               db: str | None) -> None:
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
    """
    if pdf is not None:
        chromium_path()  # no browser: say so before anything is written
    selection = resolve_selection(country=country, province=province, district=district, event_type=event_type,
                                  group=group, category=category)
    chosen = parse_period(period) if period else None
    store = open_existing(db)
    try:
        with store.sessions() as session:
            chosen = chosen or latest_quarter(session)
            if chosen is None:
                raise IncidentwatchError(f"{store.url}: the database holds no dated incident; give --period")
            report = build_report(session, chosen, selection)
    finally:
        store.close()
    html_path = out or Path(default_report_name(chosen))
    pdf_path = None if pdf is None else (html_path.with_suffix(".pdf") if pdf == PDF_NEXT_TO_HTML else Path(pdf))
    if report.is_empty:
        click.echo(f"no incidents match {report.selection.describe()}: the report says there is no data", err=True)
    written, printed = write_report(report, html_path, pdf_path)
    click.echo(f"report: {written}")
    if printed is not None:
        click.echo(f"pdf: {printed}")
