"""One ingest run: sources in, a database updated, a summary out."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from ..errors import IncidentwatchError, InputError, StoreError
from ..models import RawArticle
from ..pipeline.budget import DEFAULT_TIME_BUDGET
from ..store import Store
from ..store.records import ExtractedArticle, FailedArticle
from ..store.writer import Writer
from .executors import run_dask, run_local, run_processes

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    new_versions: int = 0
    duplicates: int = 0
    failed: int = 0
    stored_failed: int = 0  # of the failed: articles stored without extraction, for ``db reextract``
    failures: Counter[str] = field(default_factory=Counter)
    failure_lines: list[str] = field(default_factory=list)
    incidents_new: int = 0
    incidents_merged: int = 0
    claims: int = 0
    # incident reports stored without a date, by why: they fall in no period of stats or the report
    undated: Counter[str] = field(default_factory=Counter)

    def record_failure(self, error: IncidentwatchError | FailedArticle) -> None:
        self.failed += 1
        if isinstance(error, FailedArticle):
            self.failures[error.reason] += 1
            self.failure_lines.append(error.failure)
            return
        reason = error.reason.value if isinstance(error, InputError) else type(error).__name__
        self.failures[reason] += 1
        self.failure_lines.append(str(error))


# what the database (or the driver's conversion of a value) refuses for one article's values; a
# lost connection or a lock (``OperationalError``) is no article's fault and still stops the run
REFUSED = (IntegrityError, DataError, ProgrammingError, ValueError, TypeError, OverflowError)


def article_name(item: ExtractedArticle) -> str:
    return f"{item.path}: article {item.source_id}" if item.path else f"article {item.source_id}"


def _split(items: Iterable[RawArticle | IncidentwatchError], summary: IngestSummary) -> Iterator[RawArticle]:
    """Raw articles go on to extraction; reading errors are counted here."""
    for item in items:
        summary.read += 1
        if isinstance(item, IncidentwatchError):
            summary.record_failure(item)
        else:
            yield item


def ingest(
    items: Iterable[RawArticle | IncidentwatchError],
    *,
    store: Store,
    workers: int = 1,
    dask_address: str | object | None = None,
    on_result: Callable[[IngestSummary], None] | None = None,
    time_budget_s: float | None = DEFAULT_TIME_BUDGET,
) -> IngestSummary:
    """Extract and store every article of ``items``; return what was done.

    Args:
        items: raw articles and reading errors, as the source readers yield them.
        store: the database to write to (one writer, in this process).
        workers: extraction processes on this machine (1: in this process).
        dask_address: a Dask scheduler address (or cluster object); overrides ``workers``.
        on_result: called after every article, for progress display.
        time_budget_s: seconds one article may take (``None``: no limit); an article over it,
            or one that breaks a stage, is stored as failed (for ``db reextract``) and counted.
    """
    summary = IngestSummary()
    raws = _split(items, summary)
    if dask_address is not None:
        results = run_dask(raws, address=dask_address, time_budget_s=time_budget_s)
    elif workers > 1:
        results = run_processes(raws, workers=workers, time_budget_s=time_budget_s)
    else:
        results = run_local(raws, time_budget_s=time_budget_s)
    writer = store.writer()
    with writer.batch():  # several articles to a transaction, each stored whole or not at all
        _store_results(results, writer, summary, on_result)
    if summary.stored:
        store.refresh_statistics()
    return summary


def _store_results(results: Iterable[ExtractedArticle | FailedArticle | IncidentwatchError], writer: Writer,
                   summary: IngestSummary, on_result: Callable[[IngestSummary], None] | None) -> None:
    for result in results:
        if isinstance(result, ExtractedArticle):
            try:
                outcome = writer.write(result)
            except REFUSED as error:  # this article's values, refused: nothing of it was written
                summary.record_failure(StoreError(f"{article_name(result)}: store_error ({type(error).__name__}: "
                                                  f"{(str(error).strip().splitlines() or [''])[0][:200]})"))
                continue
            if outcome.status == "duplicate":
                summary.duplicates += 1
            else:
                summary.stored += 1
                summary.new_versions += outcome.status == "new_version"
                summary.incidents_new += outcome.incidents_new
                summary.incidents_merged += outcome.incidents_merged
                summary.claims += outcome.claims
                summary.undated.update(undated_reasons(result))
        elif isinstance(result, FailedArticle):
            try:
                if writer.write(result).status != "duplicate":  # kept for ``db reextract``
                    summary.stored_failed += 1
            except REFUSED:
                pass  # the failure is reported below all the same
            summary.record_failure(result)
        else:
            summary.record_failure(result)
        if on_result is not None:
            on_result(summary)


NO_PUBLICATION_DATE = "no publication date"
NO_DATE_IN_TEXT = "the text does not say when"


def undated_reasons(article: ExtractedArticle) -> list[str]:
    """One reason per incident report of ``article`` that has no date."""
    reason = NO_DATE_IN_TEXT if article.published or article.result.article.published else NO_PUBLICATION_DATE
    return [reason for incident in article.result.incidents if not incident.date]


def published_or_none(value) -> date | None:  # noqa: ANN001 - click passes a datetime or None
    return value.date() if value else None
