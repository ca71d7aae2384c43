"""incidentwatch: news reports on militant violence in, incidents and statistics out.

The public names are imported on first use (PEP 562), so that the command line starts
without loading the extraction pipeline it may not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .extraction import EXTRACTOR_VERSION, build_pipeline, extract
    from .models import SCHEMA_VERSION, ExtractionResult, RawArticle
    from .pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["EXTRACTOR_VERSION", "SCHEMA_VERSION", "ExtractionResult", "Pipeline", "RawArticle", "__version__", "build_pipeline", "extract"]

_LAZY = {
    "EXTRACTOR_VERSION": ".extraction", "build_pipeline": ".extraction", "extract": ".extraction",
    "SCHEMA_VERSION": ".models", "ExtractionResult": ".models", "RawArticle": ".models",
    "Pipeline": ".pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
