"""The public extraction API: one raw article in, one ``ExtractionResult`` out."""

from __future__ import annotations

from .errors import IncidentwatchError
from .models import ArticleMeta, ExtractionResult, RawArticle
from .pipeline import ArticleDoc, Pipeline, default_stages
from .resources import Resources, load_resources

EXTRACTOR_VERSION = "0.1.0"


def build_pipeline(resources: Resources | None = None) -> Pipeline:
    return Pipeline(default_stages(resources or load_resources()))


def to_result(doc: ArticleDoc) -> ExtractionResult:
    clean = doc.clean
    return ExtractionResult(
        article=ArticleMeta(
            id=doc.raw.id,
            path=doc.raw.path,
            url=doc.raw.url,
            title=clean.title if clean else doc.raw.title,
            published=clean.published.isoformat() if clean and clean.published else None,
        ),
        incidents=doc.incidents,
        claims=doc.claims,
    )


def checked_result(doc: ArticleDoc) -> ExtractionResult:
    """``to_result``, with a failure to build the output (a value the contract refuses) as the
    article's ``ArticleFailure`` in stage ``output``, like a stage's."""
    try:
        return to_result(doc)
    except IncidentwatchError:
        raise
    except Exception as error:
        raise Pipeline.failure_of(doc.raw, "output", error) from error


def extract(raw: RawArticle, pipeline: Pipeline | None = None) -> ExtractionResult:
    """Extract the incidents and claims of one article.

    Raises:
        InputError: the article has no readable English text.
    """
    return to_result((pipeline or build_pipeline())(raw))
