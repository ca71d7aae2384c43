"""``incidentwatch extract``: print the incidents and claims of articles."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click

from ..errors import IncidentwatchError
from ..extraction import build_pipeline, checked_result
from ..models import ExtractionResult
from ..pipeline.budget import DEFAULT_TIME_BUDGET
from ..sources import read_paths
from ..textsafe import json_line, one_line
from . import cli
from .options import time_budget_option


def extract_stream(
    paths: list[Path], *, published: date | None, dump_dir: Path | None = None,
    time_budget_s: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[ExtractionResult | IncidentwatchError]:
    """Each article under ``paths`` as soon as it is extracted, or its error: a file that cannot
    be read, an article that is not one, or one that broke a stage or ran over its time budget
    (``ArticleFailure``). Nothing is raised: the next article always goes on."""
    pipeline = build_pipeline()
    pipeline.dump_dir = dump_dir
    for item in read_paths(paths, published=published):
        if isinstance(item, IncidentwatchError):
            yield item
            continue
        try:
            yield checked_result(pipeline(item, time_budget_s=time_budget_s))
        except IncidentwatchError as error:
            yield error


def extract_paths(
    paths: list[Path], *, published: date | None, dump_dir: Path | None = None,
    time_budget_s: float | None = DEFAULT_TIME_BUDGET,
) -> tuple[list[ExtractionResult], list[IncidentwatchError]]:
    """Extract every article under ``paths``; errors are collected, not raised."""
    results: list[ExtractionResult] = []
    errors: list[IncidentwatchError] = []
    for item in extract_stream(paths, published=published, dump_dir=dump_dir, time_budget_s=time_budget_s):
        (errors if isinstance(item, IncidentwatchError) else results).append(item)  # type: ignore[arg-type]
    return results, errors


def report_errors(errors: list[IncidentwatchError]) -> None:
    for error in errors:
        click.echo(one_line(f"skipped {error}"), err=True)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per article (JSON Lines), each as soon as it is done.")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date of plain files.")
@click.option("--dump-dir", type=click.Path(path_type=Path, file_okay=False), help="Write each stage's output here, per article.")
@time_budget_option
def extract_cli(paths: tuple[Path, ...], as_json: bool, published, dump_dir: Path | None, time_budget: float) -> None:
    """Extract incidents and statistical claims from text, HTML and JSON Lines files.

    Bad files, and articles that break a stage or run over the time budget, are reported one
    line each and skipped; the exit status is non-zero only if no article could be read.

    Example:

        incidentwatch extract article.txt --published 2024-05-14 --json
    """
    day = published.date() if published else None
    stream = extract_stream(list(paths), published=day, dump_dir=dump_dir, time_budget_s=time_budget or None)
    results: list[ExtractionResult] = []
    read = 0
    for item in stream:
        if isinstance(item, IncidentwatchError):
            report_errors([item])
            continue
        read += 1
        if as_json:  # written and flushed now: a run stopped midway keeps what it printed
            sys.stdout.write(json_line(item.to_json_dict()) + "\n")
            sys.stdout.flush()
        else:
            results.append(item)
    if not as_json:
        from .render import render_results

        render_results(results)
    if not read:
        sys.exit(1)
