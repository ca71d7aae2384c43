"""incidentwatch: news reports on militant violence in, incidents and statistics out."""

from .extraction import EXTRACTOR_VERSION, build_pipeline, extract
from .models import SCHEMA_VERSION, ExtractionResult, RawArticle
from .pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["EXTRACTOR_VERSION", "SCHEMA_VERSION", "ExtractionResult", "Pipeline", "RawArticle", "__version__", "build_pipeline", "extract"]
