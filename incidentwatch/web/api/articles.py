"""``/api/articles``: the stored articles (every version), and one with its text, reports and claims."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from ...models.claim import is_usable_value
from ..deps import ArticleId, DbSession
from ..editing import NotFound
from ..errors import error_responses
from ..queries import get_article, list_articles
from ..schemas import ArticleDetail, ArticlePage, ArticlePublic, article_ref_of, claim_of, report_of
from .incidents import Limit, Offset, next_url

router = APIRouter(tags=["articles"])


@router.get("/articles", response_model=ArticlePage, responses=error_responses(422))
def articles(request: Request, db: DbSession, q: Annotated[str | None, Query(max_length=200)] = None,
             outlet: Annotated[str | None, Query(max_length=200)] = None, current: bool = True, limit: Limit = 50,
             offset: Offset = 0) -> ArticlePage:
    """Articles, newest first; ``q`` searches titles; ``current=false`` lists older versions too."""
    found = list_articles(db, text=q, outlet=outlet, current_only=current, limit=limit, offset=offset)
    data = [ArticlePublic(**article_ref_of(a).model_dump(), source_id=a.source_id, extractor_version=a.extractor_version,
                          reports=found.counts[a.id][0], claims=found.counts[a.id][1]) for a in found.rows]
    return ArticlePage(data=data, count=found.count, limit=limit, offset=offset,
                       next=next_url(request, offset=offset, limit=limit, count=found.count))


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=error_responses(404, 422))
def article(article_id: ArticleId, db: DbSession) -> ArticleDetail:
    """One article: its clean text, what was extracted from it (reports with evidence, claims)."""
    found = get_article(db, article_id)
    if found is None:
        raise NotFound(f"article {article_id}")
    reports = sorted(found.reports, key=lambda r: r.position)
    claims = sorted(found.claims, key=lambda c: c.id)
    return ArticleDetail(**article_ref_of(found).model_dump(), source_id=found.source_id,
                         extractor_version=found.extractor_version, reports=len(reports), claims=len(claims),
                         clean_text=found.clean_text, report_list=[report_of(r) for r in reports],
                         claim_list=[claim_of(c) for c in claims if c.value is not None and is_usable_value(c.value)])
