"""What every page shares: the template response with the account and navigation."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from ..auth import Account


def render(request: Request, name: str, account: Account | None, status_code: int = 200, **context: Any) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, {"account": account, **context}, status_code=status_code)


def safe_next(target: str | None) -> str:
    """A redirect target on this site only ('/...' but not '//host' or '/\\host')."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and len(target) < 2000:
        return target
    return "/"


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
