"""The review queue: unreviewed incidents, those whose errors would most change the totals first,
each with why it needs a look and its evidence; an editor confirms several at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..deps import CurrentUser, DbSession, EditorUser
from ..errors import ApiError
from ..review_queue import confirm_many, review_page
from .common import render, see_other

router = APIRouter(include_in_schema=False)
PAGE = 50
MAX_BULK = 200


@router.get("/review")
def queue(request: Request, db: DbSession, account: CurrentUser,
          offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
          confirmed: Annotated[int | None, Query(ge=0, le=MAX_BULK)] = None,
          stale: Annotated[int | None, Query(ge=0, le=MAX_BULK)] = None) -> Response:
    found = review_page(db, limit=PAGE, offset=offset)
    return render(request, "review.html", account, found=found, offset=offset, page=PAGE, confirmed=confirmed,
                  stale=stale)


@router.post("/review/confirm")
async def confirm_selected(request: Request, db: DbSession, account: EditorUser) -> Response:
    """The ticked rows (``confirm=ID:ROW_VERSION``) confirmed; back to the queue, saying how many."""
    form = await request.form()
    chosen = form.getlist("confirm")
    if not chosen:
        raise ApiError(400, "no incident was ticked: tick the ones to confirm")
    if len(chosen) > MAX_BULK:
        raise ApiError(400, f"at most {MAX_BULK} incidents at once")
    items = []
    for value in chosen:
        incident_id, _, version = str(value).partition(":")
        if not (incident_id.isdigit() and version.isdigit() and len(incident_id) < 16 and len(version) < 10):
            raise ApiError(400, f"confirm={str(value)[:40]!r}: expected ID:ROW_VERSION")
        items.append((int(incident_id), int(version)))
    done = confirm_many(db, items, actor=account)
    db.commit()
    return see_other(f"/review?confirmed={len(done.confirmed)}&stale={len(done.stale) + len(done.missing)}")
