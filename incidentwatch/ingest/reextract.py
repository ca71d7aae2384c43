"""Re-extraction: run the current extractor again over stored articles (one command after an
upgrade of the rules), replacing their reports and claims. Human edits survive: incidents with
locked fields keep those fields. Articles whose extraction failed (``articles.failure``) are
tried again too; one that fails again keeps its new failure line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..errors import IncidentwatchError, StoreError
from ..extraction import EXTRACTOR_VERSION
from ..models import RawArticle
from ..sources.files import looks_like_html
from ..store import Store
from ..store.records import ExtractedArticle, FailedArticle
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
                       Article.outlet, Article.path, Article.failure).where(Article.is_current.is_(True))
        if not everything:
            query = query.where(or_(Article.extractor_version != EXTRACTOR_VERSION, Article.failure.is_not(None)))
        rows = list(session.execute(query.order_by(Article.id)))
    writer = store.writer()
    for article_id, source_id, text, title, url, published, outlet, path, failure in rows:
        # a failed article keeps the text it came with, HTML included: it was never cleaned
        html = text if failure is not None and looks_like_html(text) else None
        raw = RawArticle(id=source_id, text=None if html else text, html=html, title=title or "", url=url,
                         published=published, outlet=outlet, path=path)
        item = extract_for_store(raw)
        if isinstance(item, FailedArticle):
            with store.sessions() as session, session.begin():
                session.execute(update(Article).where(Article.id == article_id).values(failure=item.failure))
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
