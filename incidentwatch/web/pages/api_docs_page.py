"""``/api/docs``: the API's reference, made from the app's OpenAPI schema (see ``web.apidocs``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..apidocs import build_docs
from ..deps import CurrentUser
from .common import render

router = APIRouter(include_in_schema=False)


@router.get("/api/docs")
def api_docs_page(request: Request, account: CurrentUser) -> Response:
    docs = getattr(request.app.state, "api_docs", None)
    if docs is None:  # the schema does not change while the app runs: build the page's model once
        docs = request.app.state.api_docs = build_docs(request.app.openapi())
    return render(request, "api_docs.html", account, docs=docs)
