"""Re-extraction: run the current extractor again over stored articles (one command after an
upgrade of the rules), replacing their reports and claims. Human edits survive: incidents with
locked fields keep those fields."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import IncidentwatchError, StoreError
from ..extraction import EXTRACTOR_VERSION
from ..models import RawArticle
from ..store import Store
from ..store.records import ExtractedArticle
from ..store.tables import Article


@dataclass
class ReextractSummary:
    articles: int = 0
    failed: int = 0
    incidents_new: int = 0
    incidents_merged: int = 0
    claims: int = 0


def reextract(store: Store, *, everything: bool = False) -> ReextractSummary:
    """Re-extract the current versions of stored articles (all, or those of another extractor
    version), each in its own transaction. Raises ``StoreError`` naming the article when the
    database refuses one; the articles before it stay re-extracted."""
    from .extract import extract_for_store

    summary = ReextractSummary()
    with store.sessions() as session:
        query = select(Article.id, Article.source_id, Article.clean_text, Article.title, Article.url, Article.published,
                       Article.outlet, Article.path).where(Article.is_current.is_(True))
        if not everything:
            query = query.where(Article.extractor_version != EXTRACTOR_VERSION)
        rows = list(session.execute(query.order_by(Article.id)))
    writer = store.writer()
    for article_id, source_id, text, title, url, published, outlet, path in rows:
        raw = RawArticle(id=source_id, text=text, title=title or "", url=url, published=published, outlet=outlet, path=path)
        item = extract_for_store(raw)
        if isinstance(item, IncidentwatchError) or not isinstance(item, ExtractedArticle):
            summary.failed += 1
            continue
        try:
            outcome = writer.replace_extraction(article_id, item)
        except SQLAlchemyError as error:
            cause = getattr(error, "orig", None) or error
            reason = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
            raise StoreError(f"article {article_id} ({source_id}): re-extraction failed and left the article as it was: "
                             f"{type(cause).__name__}: {reason}") from error
        summary.articles += 1
        summary.incidents_new += outcome.incidents_new
        summary.incidents_merged += outcome.incidents_merged
        summary.claims += outcome.claims
    return summary
