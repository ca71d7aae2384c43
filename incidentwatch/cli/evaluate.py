"""``incidentwatch evaluate``: score the extraction against gold labels, and gate on floors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..evaluation import evaluate_gold
from ..extraction import build_pipeline, to_result
from . import cli


@cli.command("evaluate")
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--articles", type=click.Path(path_type=Path, file_okay=False), help="Folder of the articles' texts.")
@click.option("--floors", type=click.Path(path_type=Path, dir_okay=False), help="JSON of minimum scores per gold file; fail below.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="List every missed and spurious incident and claim.")
@click.option("--split", type=click.Choice(["tune", "test"]), help="Score one half of a set with a manifest beside its gold (realset/).")
def evaluate_cli(gold: tuple[Path, ...], articles: Path | None, floors: Path | None, as_json: bool, details: bool, split: str | None) -> None:
    """Score extraction on the articles GOLD files name (the shared/eval format).

    Precision, recall and F1 of main incidents (matched on date within two days and province)
    and of claims (matched on metric, unit and value); accuracy of killed, injured, province,
    district, event type and perpetrator on matched incidents.

    Example:

        incidentwatch evaluate devset/gold.jsonl --floors evaluation/floors.json

    On the real-pages set, the texts are in its cache (``$INCIDENTWATCH_REALSET_CACHE``):

        incidentwatch evaluate realset/gold.jsonl --articles "$INCIDENTWATCH_REALSET_CACHE" --split tune
    """
    from ..evaluation.realset import manifest_for, split_ids

    pipeline = build_pipeline()
    summaries = {}
    console = Console()
    failed = []
    floor_data = json.loads(floors.read_text()) if floors else {}
    for path in gold:
        ids = split_ids(manifest_for(path), split) if split else None
        scores = evaluate_gold(path, extract=lambda raw: to_result(pipeline(raw)), articles_dir=articles, ids=ids)
        summary = scores.summary()
        summaries[path.name] = summary
        if details and not as_json:
            for r in scores.reports:
                lines = [f"  failed: {r.error}"] if r.error else []
                lines += [f"  missed incident: {x}" for x in r.missed_incidents] + [f"  spurious incident: {x}" for x in r.spurious_incidents]
                lines += [f"  field {x}" for x in r.field_errors]
                lines += [f"  missed claim: {x}" for x in r.missed_claims] + [f"  spurious claim: {x}" for x in r.spurious_claims]
                if lines:
                    console.print(f"[bold]{r.id}[/bold]", highlight=False)
                    for line in lines:
                        console.print(line, highlight=False, markup=False)
        for key, minimum in floor_data.get(path.name, {}).items():
            if summary.get(key, 0) < minimum:
                failed.append(f"{path.name}: {key} {summary.get(key)} < floor {minimum}")
    if as_json:
        click.echo(json.dumps(summaries, indent=2))
    else:
        table = Table(title="Extraction scores")
        table.add_column("score")
        for name in summaries:
            table.add_column(name, justify="right")
        keys = list(next(iter(summaries.values())).keys())
        for key in keys:
            table.add_row(key, *(f"{s[key]:g}" for s in summaries.values()))
        console.print(table)
    for line in failed:
        click.echo(f"below floor: {line}", err=True)
    if failed:
        sys.exit(1)


@cli.command("evaluate-merge")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--details", is_flag=True, help="List the pairs merged wrongly and split wrongly.")
@click.option("--min-f1", type=float, help="Fail when the pairwise F1 is below this.")
def evaluate_merge_cli(directory: Path, details: bool, min_f1: float | None) -> None:
    """Score the merging of reports into incidents on a folder of multi-source clusters
    (``articles.jsonl`` and ``clusters.json``): pairwise precision and recall.

    Example:

        incidentwatch evaluate-merge devset/merge --details
    """
    from ..evaluation.merging import evaluate_merge

    scores = evaluate_merge(directory)
    click.echo(json.dumps(scores.summary(), indent=2))
    if details:
        for pair in scores.wrongly_merged:
            click.echo(f"merged but distinct: {pair}")
        for pair in scores.wrongly_split:
            click.echo(f"split but one incident: {pair}")
    if min_f1 is not None and scores.f1 < min_f1:
        click.echo(f"below floor: pairwise_f1 {scores.f1:.3f} < {min_f1}", err=True)
        sys.exit(1)


@cli.command("evaluate-ingest")
@click.argument("gold", type=click.Path(path_type=Path, exists=True))
@click.option("--articles", type=click.Path(path_type=Path, file_okay=False), help="Folder of the articles' texts (<id>.txt).")
@click.option("--split", type=click.Choice(["tune", "test"]), help="Ingest one half of a set with a manifest beside its gold (realset/).")
@click.option("--events", "events_path", type=click.Path(path_type=Path, dir_okay=False), help="Events file with each attack's killed_best (default: events.jsonl beside the gold, if any).")
@click.option("--min-reports", type=int, help="Only the articles about attacks with at least this many main reports (multi-outlet attacks).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON only.")
@click.option("--details", is_flag=True, help="List each attack with the incidents that hold its reports, and the failures.")
def evaluate_ingest_cli(gold: Path, articles: Path | None, split: str | None, events_path: Path | None, min_reports: int | None, as_json: bool, details: bool) -> None:
    """Ingest the labelled reports GOLD names (a gold file, or a folder of self-written clusters
    as ``evaluate-merge`` reads) into a fresh database and count as a user would:
    the database's incidents / true attacks (the gold's distinct ``event`` ids), its victims /
    the attacks' best tolls, the share of attacks that end as one incident, and the incidents
    made from articles where the attack is only background.

    Example:

        incidentwatch evaluate-ingest realset/gold.jsonl --articles "$INCIDENTWATCH_REALSET_CACHE" --split test --min-reports 4
    """
    from ..evaluation.counting import articles_of_attacks, load_events, true_attacks
    from ..evaluation.gold import load_gold
    from ..evaluation.ingested import evaluate_counting
    from ..evaluation.realset import manifest_for, split_ids

    ids = split_ids(manifest_for(gold), split) if split else None
    if min_reports and not gold.is_dir():
        chosen = [g for g in load_gold(gold) if ids is None or g.id in ids]
        ids = articles_of_attacks(chosen, min_reports)
    events_path = events_path or (gold / "events.jsonl" if gold.is_dir() else gold.with_name("events.jsonl"))
    scores = evaluate_counting(gold, articles_dir=articles, ids=ids, events_path=events_path)
    click.echo(json.dumps(scores.summary(), indent=2))
    if details and not as_json:
        from ..evaluation.clusters import golds_from_clusters

        events = load_events(events_path) if events_path.exists() else None
        golds = golds_from_clusters(gold) if gold.is_dir() else load_gold(gold)
        attacks = true_attacks([g for g in golds if ids is None or g.id in ids], events)
        for event, found in sorted(scores.incidents_of.items()):
            attack = attacks[event]
            click.echo(f"{event}: {len(attack.articles)} reports -> incidents {found or 'none'} (killed_best {attack.killed_best})")
        for line in scores.failures:
            click.echo(f"failed: {line}")
