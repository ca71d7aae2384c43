"""Ingest the articles a gold file names into a fresh SQLite database, one at a time, and read
back what the database made of them (for ``counting``)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy import select

from ..errors import GoldError, IncidentwatchError
from ..models import RawArticle
from .counting import CountingScores, StoredIncident, StoredReport, load_events, score_counting
from .gold import GoldArticle, find_article_file, load_gold


def _raw(gold: GoldArticle, gold_path: Path, articles_dir: Path | None) -> RawArticle:
    from ..sources import read_path

    path = find_article_file(gold, gold_path=gold_path, articles_dir=articles_dir)
    if path is None:
        raise GoldError(str(gold_path), None, f"no article file for {gold.id!r}")
    published = date.fromisoformat(gold.published) if gold.published else None
    first = next(iter(read_path(path, published=published)))
    if isinstance(first, IncidentwatchError):
        raise GoldError(str(gold_path), None, f"{gold.id}: {first}")
    outlet = urlparse(gold.url).hostname if gold.url else None
    return RawArticle(id=gold.id, text=first.text, html=first.html, path=first.path, url=gold.url, published=published, outlet=outlet)


def evaluate_counting(
    gold_path: Path,
    *,
    articles_dir: Path | None = None,
    ids: set[str] | None = None,
    events_path: Path | None = None,
) -> CountingScores:
    """Ingest the gold's articles (those in ``ids`` when given) into a fresh database and score
    how it counts their attacks. ``gold_path`` is a gold file, or a folder of self-written
    clusters (``articles.jsonl`` and ``clusters.json``). An article whose ingest raises is that
    article's failure: it is listed, and the others go on.

    Raises:
        GoldError: the gold file is malformed, or an article it names cannot be found.
    """
    if gold_path.is_dir():
        from ..sources import read_paths
        from .clusters import golds_from_clusters

        golds = [g for g in golds_from_clusters(gold_path) if ids is None or g.id in ids]
        wanted = {g.id for g in golds}
        raws = [r for r in read_paths([gold_path / "articles.jsonl"]) if isinstance(r, RawArticle) and r.id in wanted]
    else:
        golds = [g for g in load_gold(gold_path) if ids is None or g.id in ids]
        raws = [_raw(g, gold_path, articles_dir) for g in golds]
    events = load_events(events_path) if events_path is not None and events_path.exists() else None
    return count_ingested(golds, raws, events=events)


def count_ingested(golds: list[GoldArticle], raws: list[RawArticle], *, events: dict[str, dict] | None = None) -> CountingScores:
    """Ingest ``raws`` one by one into a fresh SQLite database and score it against ``golds``."""
    from ..ingest import ingest
    from ..store import Store
    from ..store.tables import Article, Incident, IncidentReport

    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "counting.db"))
        try:
            for raw in raws:
                try:
                    summary = ingest([raw], store=store)
                except Exception as error:  # noqa: BLE001 - one article's failure, not the run's
                    failures.append(f"{raw.id}: {type(error).__name__}: {error}")
                    continue
                if summary.failed:
                    failures.append(f"{raw.id}: rejected")
            with store.sessions() as session:
                incidents = [
                    StoredIncident(id, total, militants)
                    for id, total, militants in session.execute(select(Incident.id, Incident.killed_total, Incident.killed_militants))
                ]
                reports = [
                    StoredReport(source, incident_id, day, admin1, admin2, total, militants)
                    for source, incident_id, day, admin1, admin2, total, militants in session.execute(
                        select(Article.source_id, IncidentReport.incident_id, IncidentReport.date, IncidentReport.admin1,
                               IncidentReport.admin2, IncidentReport.killed_total, IncidentReport.killed_militants)
                        .join(Article, Article.id == IncidentReport.article_id)
                    )
                ]
        finally:
            store.close()
    return score_counting(golds, incidents, reports, events=events, failures=failures)
