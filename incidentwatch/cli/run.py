"""``incidentwatch run``: the main job on the bundled example corpus."""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path

import click
from rich.console import Console
from sqlalchemy import select

from ..analytics.periods import parse_period
from ..ingest import ingest
from ..report.build import build_report
from ..report.render import write_html
from ..sources import read_sources
from ..store import Store
from ..store.summary import latest_quarter_situation
from ..store.tables import Incident, IncidentReport
from . import cli
from .ingest import render_summary
from .layout import Column, Layout, Row, render
from .options import db_option
from .report import default_report_name


def example_corpus() -> Path:
    return Path(str(importlib_resources.files("incidentwatch").joinpath("examples")))


@cli.command("run")
@click.argument("paths", nargs=-1)
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the report on the latest quarter (default: beside the SQLite database, else .).")
@db_option
def run_cli(paths: tuple[str, ...], report_dir: Path | None, db: str | None) -> None:
    """Run the main job: ingest the example corpus (or PATHS) into the database, print the
    situation in the latest quarter it holds, by province, with the incidents behind it, and
    write the report on that quarter (HTML, see incidentwatch report).

    Example:

        incidentwatch run --db incidentwatch.db
    """
    store = Store.open(db)
    summary = ingest(read_sources(list(paths) or [example_corpus()]), store=store)  # paths or URLs
    for line in summary.failure_lines:
        click.echo(f"skipped {line}", err=True)
    console = Console()
    render_summary(summary, console)
    with store.sessions() as session:
        situation = latest_quarter_situation(session)
        if situation.quarter is None:
            console.print("The database holds no dated incident yet.")
            return
        rows = [Row([r.province, str(r.incidents), str(r.killed), str(r.militants_killed), str(r.injured)])
                for r in situation.rows]
        click.echo(render(Layout(f"Situation in {situation.quarter} ({situation.start} to the end of the quarter)",
                                 SITUATION_COLUMNS, rows)))
        incidents = session.scalars(
            select(Incident).where(Incident.date >= situation.start, Incident.date < situation.end).order_by(Incident.date, Incident.id)
        ).all()
        detail = []
        for incident in incidents:
            reports = session.scalars(select(IncidentReport).where(IncidentReport.incident_id == incident.id)).all()
            evidence = next((e["text"] for r in reports for e in r.payload.get("evidence", [])), "")
            victims = None if incident.killed_total is None else incident.killed_total - (incident.killed_militants or 0)
            detail.append(Row([
                str(incident.id), str(incident.date), incident.place or incident.admin2 or incident.admin1 or "-",
                incident.event_type, "-" if victims is None else str(victims),
                "-" if incident.injured_total is None else str(incident.injured_total), str(len(reports)),
            ], note=evidence or None))
        click.echo(render(Layout("Incidents behind these figures, with the sentence each toll comes from",
                                 DETAIL_COLUMNS, detail)))
        quarter = parse_period(situation.quarter)
        report_path = (report_dir or _beside_database(store.url)) / default_report_name(quarter)
        write_html(build_report(session, quarter), report_path)
    console.print(f"database: {store.url}", highlight=False, markup=False)
    click.echo(f"report: {report_path}")  # one line, never wrapped: scripts read it


SITUATION_COLUMNS = [Column("province"), *(Column(n, numeric=True) for n in ("incidents", "killed", "militants killed", "injured"))]
DETAIL_COLUMNS = [Column("id", numeric=True), Column("date"), Column("place"), Column("type"),
                  *(Column(n, numeric=True) for n in ("killed", "injured", "sources"))]


def _beside_database(url: str) -> Path:
    """The SQLite file's folder, or the working directory for a server database."""
    return Path(url.removeprefix("sqlite:///")).parent if url.startswith("sqlite:///") else Path()
