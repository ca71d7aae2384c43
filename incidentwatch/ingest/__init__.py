"""Ingest: read sources, extract articles (here, in worker processes, or on a Dask cluster),
and store them through the one writer."""

from .extract import extract_for_store
from .run import IngestSummary, ingest

__all__ = ["IngestSummary", "extract_for_store", "ingest"]
