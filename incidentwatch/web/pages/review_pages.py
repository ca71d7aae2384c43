"""The review queue: unreviewed incidents, the least certain extraction first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..deps import CurrentUser, DbSession
from ..queries import review_queue
from .common import render

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/review")
def queue(request: Request, db: DbSession, account: CurrentUser,
          offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    found = review_queue(db, limit=PAGE, offset=offset)
    return render(request, "review.html", account, found=found, offset=offset, page=PAGE)
