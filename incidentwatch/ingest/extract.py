"""The unit of work a worker runs: one raw article in, one storable record (or an error) out.

Runs in worker processes and on Dask workers, so it takes and returns picklable values only and
builds its pipeline once per process (``_pipeline``), never per article.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import ArticleFailure, IncidentwatchError
from ..extraction import EXTRACTOR_VERSION, build_pipeline, checked_result
from ..models import RawArticle
from ..pipeline import Pipeline
from ..pipeline.budget import DEFAULT_TIME_BUDGET
from ..store.prepared import prepare
from ..store.records import ExtractedArticle, FailedArticle


@lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    return build_pipeline()


def extract_for_store(
    raw: RawArticle, time_budget_s: float | None = DEFAULT_TIME_BUDGET
) -> ExtractedArticle | FailedArticle | IncidentwatchError:
    """Extract one article for the writer. A rejected article (not English, no text) comes back as
    its error; one that broke a stage or ran over ``time_budget_s`` comes back as a
    ``FailedArticle``, which the writer stores for ``db reextract`` to try again."""
    try:
        doc = _pipeline()(raw, time_budget_s=time_budget_s)
        result = checked_result(doc)
    except ArticleFailure as error:
        return failed_article(raw, error)
    except IncidentwatchError as error:
        return error
    clean = doc.clean
    if clean is None:  # the pipeline always cleans first; kept for the type checker
        return IncidentwatchError(f"{raw.path or raw.id}: not cleaned")
    return ExtractedArticle(
        source_id=raw.id, url=raw.url, outlet=raw.outlet, path=raw.path, title=clean.title, published=clean.published,
        clean_text=clean.text, result=result, extractor_version=EXTRACTOR_VERSION,
        # the reports' payloads as the writer stores them, here in the worker: the one writer
        # stores the articles one after the other
        prepared=prepare(result, clean.title, clean.text),
    )


def failed_article(raw: RawArticle, error: ArticleFailure) -> FailedArticle:
    return FailedArticle(
        source_id=raw.id, url=raw.url, outlet=raw.outlet, path=raw.path, title=raw.title, published=raw.published,
        clean_text=raw.text or raw.html or "", failure=str(error), reason=error.reason,
        extractor_version=EXTRACTOR_VERSION,
    )
