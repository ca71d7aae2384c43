"""``incidentwatch extract``: print the incidents and claims of articles."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from ..errors import IncidentwatchError
from ..extraction import build_pipeline, to_result
from ..models import ExtractionResult
from ..sources import read_paths
from . import cli


def extract_paths(
    paths: list[Path], *, published: date | None, dump_dir: Path | None = None
) -> tuple[list[ExtractionResult], list[IncidentwatchError]]:
    """Extract every article under ``paths``; errors are collected, not raised."""
    pipeline = build_pipeline()
    pipeline.dump_dir = dump_dir
    results: list[ExtractionResult] = []
    errors: list[IncidentwatchError] = []
    for item in read_paths(paths, published=published):
        if isinstance(item, IncidentwatchError):
            errors.append(item)
            continue
        try:
            results.append(to_result(pipeline(item)))
        except IncidentwatchError as error:
            errors.append(error)
    return results, errors


def report_errors(errors: list[IncidentwatchError]) -> None:
    for error in errors:
        click.echo(f"skipped {error}", err=True)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per article (JSON Lines).")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date of plain files.")
@click.option("--dump-dir", type=click.Path(path_type=Path, file_okay=False), help="Write each stage's output here, per article.")
def extract_cli(paths: tuple[Path, ...], as_json: bool, published, dump_dir: Path | None) -> None:
    """Extract incidents and statistical claims from text, HTML and JSON Lines files.

    Bad files are reported one line each and skipped; the exit status is non-zero only if
    no article could be read.

    Example:

        incidentwatch extract article.txt --published 2024-05-14 --json
    """
    day = published.date() if published else None
    results, errors = extract_paths(list(paths), published=day, dump_dir=dump_dir)
    report_errors(errors)
    if as_json:
        for r in results:
            sys.stdout.write(json.dumps(r.to_json_dict(), ensure_ascii=False, allow_nan=False) + "\n")
    else:
        from .render import render_results

        render_results(results)
    if not results:
        sys.exit(1)

