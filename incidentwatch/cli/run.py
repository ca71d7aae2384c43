"""``incidentwatch run``: the main job on the bundled example corpus."""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path

import click
from rich.console import Console

from . import cli
from .extract import extract_paths, report_errors
from .render import render_results


def example_corpus() -> Path:
    return Path(str(importlib_resources.files("incidentwatch").joinpath("examples")))


@cli.command("run")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def run_cli(paths: tuple[Path, ...]) -> None:
    """Run the main job: extract the example corpus (or PATHS) and print a table.

    Example:

        incidentwatch run
    """
    targets = list(paths) or [example_corpus()]
    results, errors = extract_paths(targets, published=None)
    report_errors(errors)
    console = Console()
    render_results(results, console)
    n_inc = sum(len(r.incidents) for r in results)
    n_main = sum(1 for r in results for i in r.incidents if i.reported_as.value == "main")
    n_claims = sum(len(r.claims) for r in results)
    console.print(f"{len(results)} articles: {n_inc} incidents ({n_main} main), {n_claims} claims; {len(errors)} skipped")
