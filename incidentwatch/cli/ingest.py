"""``incidentwatch ingest``: sources into the database."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click
from rich.console import Console

from ..errors import IncidentwatchError
from ..ingest import IngestSummary, ingest
from ..ingest.run import NO_DATE_IN_TEXT, NO_PUBLICATION_DATE
from ..models import RawArticle
from ..store import Store
from ..textsafe import one_line
from . import cli
from .options import db_option, time_budget_option


def render_summary(summary: IngestSummary, console: Console) -> None:
    failures = ", ".join(f"{n} {reason}" for reason, n in summary.failures.most_common())
    console.print(
        f"read {summary.read} articles: {summary.stored} stored ({summary.new_versions} new versions), "
        f"{summary.duplicates} duplicates skipped, {summary.failed} failed{f' ({failures})' if failures else ''}; "
        f"incidents: {summary.incidents_new} new, {summary.incidents_merged} merged; {summary.claims} claims",
        highlight=False,
        soft_wrap=True,  # one line, whatever the terminal's width: scripts read it
    )
    if summary.undated:
        console.print(undated_note(summary), highlight=False)


def undated_note(summary: IngestSummary) -> str:
    """Why some incident reports have no date, and how to give articles one."""
    total = sum(summary.undated.values())
    parts = []
    if summary.undated[NO_PUBLICATION_DATE]:
        parts.append(f"{summary.undated[NO_PUBLICATION_DATE]} from articles with no publication date (give one with "
                     f"--published, a date in the file name such as 2024-05-14-name.txt, or a sidecar name.meta.json)")
    if summary.undated[NO_DATE_IN_TEXT]:
        parts.append(f"{summary.undated[NO_DATE_IN_TEXT]} whose article does not say when it happened")
    noun = "incident report has" if total == 1 else "incident reports have"
    return f"note: {total} {noun} no date and will count in no period: {'; '.join(parts)}"


@cli.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Extraction processes on this machine.")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Send extraction to a Dask scheduler (tcp://host:8786).")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date of plain text and HTML files.")
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on private and loopback addresses.")
@click.option("--follow-links", is_flag=True,
              help="For feed entries that carry only a summary (under 1,500 characters), fetch and read the page each links to.")
@click.option("--quiet", is_flag=True, help="No progress display.")
@time_budget_option
def ingest_cli(sources: tuple[str, ...], db: str | None, workers: int, dask_address: str | None, published,
               allow_private: bool, follow_links: bool, quiet: bool, time_budget: float) -> None:
    """Read SOURCES (files, folders, JSON Lines, RSS/Atom feeds, WARC files, http(s) URLs of
    pages or feeds), extract them and store the articles, incidents and claims in the database.

    URLs on private, loopback or link-local addresses are refused unless --allow-private.
    The same content twice adds nothing; a changed article at the same URL is a new version.
    Bad inputs are reported one line each and skipped; the exit status is 1 if any failed.
    An article that breaks a stage or runs over --time-budget is stored as failed, without
    incidents, for `db reextract` to try again.

    Example:

        incidentwatch ingest news/ feed.xml crawl.warc.gz https://www.dawn.com/feeds/home --db incidentwatch.db
    """
    from ..sources import FetchOptions, read_sources

    store = Store.open(db)
    err = Console(stderr=True)
    fetch_options = FetchOptions(allow_private=allow_private)
    items: Iterable[RawArticle | IncidentwatchError] = read_sources(
        sources, published=published.date() if published else None, fetch_options=fetch_options)
    if follow_links:
        from ..sources.follow import follow_links as follow

        items = follow(items, fetch_options)
    show = not quiet and err.is_terminal
    if show:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task("ingesting", total=None)
            summary = ingest(items, store=store, workers=workers, dask_address=dask_address, time_budget_s=time_budget or None,
                             on_result=lambda s: bar.update(task, description=f"{s.read} read, {s.stored} stored, {s.failed} failed"))
    else:
        summary = ingest(items, store=store, workers=workers, dask_address=dask_address, time_budget_s=time_budget or None)
    for line in summary.failure_lines:
        click.echo(one_line(f"skipped {line}"), err=True)
    render_summary(summary, Console())
    if summary.failed:
        sys.exit(1)
