"""The unit of work a worker runs: one raw article in, one storable record (or an error) out.

Runs in worker processes and on Dask workers, so it takes and returns picklable values only and
builds its pipeline once per process (``_pipeline``), never per article.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import IncidentwatchError
from ..extraction import EXTRACTOR_VERSION, build_pipeline, to_result
from ..models import RawArticle
from ..pipeline import Pipeline
from ..store.records import ExtractedArticle


@lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    return build_pipeline()


def extract_for_store(raw: RawArticle) -> ExtractedArticle | IncidentwatchError:
    """Extract one article for the writer; a rejected article comes back as its error."""
    try:
        doc = _pipeline()(raw)
    except IncidentwatchError as error:
        return error
    clean = doc.clean
    if clean is None:  # the pipeline always cleans first; kept for the type checker
        return IncidentwatchError(f"{raw.path or raw.id}: not cleaned")
    return ExtractedArticle(
        source_id=raw.id, url=raw.url, outlet=raw.outlet, path=raw.path, title=clean.title, published=clean.published,
        clean_text=clean.text, result=to_result(doc), extractor_version=EXTRACTOR_VERSION,
    )
