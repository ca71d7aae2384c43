"""One error shape for every API endpoint, and the HTML error page for the others.

Every ``/api`` error answers ``{"error": {"status": ..., "message": ..., "detail": ...}}`` with
the status in the HTTP line too: 400 a filter names something unknown, 401 no session, 403 not
allowed or a bad CSRF token, 404 not found, 409 a stale row version (``detail`` holds both
versions), 422 a malformed request, 429 too many logins, 503 busy (too many requests at once, no
free database connection, or a write that lost a lock: nothing was changed; ``Retry-After`` says
when to try again).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..analytics import PeriodError, SelectionError
from .auth import SESSION_COOKIE, session_account

log = logging.getLogger(__name__)


class ErrorInfo(BaseModel):
    status: int
    message: str
    detail: Any = None


class ErrorBody(BaseModel):
    error: ErrorInfo


class ApiError(Exception):
    """An error with its HTTP status, raised anywhere in the app."""

    def __init__(self, status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.detail, self.headers = status, message, detail, headers


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each status documented with the error shape."""
    words = {400: "Unknown name in a filter", 401: "Not logged in", 403: "Not allowed, or a bad CSRF token",
             404: "Not found", 409: "Changed by someone else meanwhile", 422: "Malformed request",
             429: "Too many failed logins"}
    return {s: {"model": ErrorBody, "description": words.get(s, "Error")} for s in statuses}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"


def _account_of(request: Request) -> Any:
    """Who is logged in, for the error page's header: known already when the route's
    dependencies ran, else read from the session cookie (an error may come before them)."""
    known = getattr(request.state, "account", None)
    if known is not None or not request.cookies:
        return known
    try:
        with request.app.state.store.sessions() as session:
            return session_account(session, request.cookies.get(SESSION_COOKIE))
    except Exception:  # the database itself may be why this is an error page
        log.warning("could not read the account for an error page", exc_info=True)
        return None


def _respond(request: Request, status: int, message: str, detail: Any = None,
             headers: dict[str, str] | None = None) -> Response:
    if _wants_html(request):
        templates = request.app.state.templates
        context = {"status": status, "message": message, "detail": detail, "account": _account_of(request)}
        try:
            return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)
        except Exception:  # the error page itself failed: say so plainly rather than not at all
            log.exception("the error page failed")
    body = ErrorBody(error=ErrorInfo(status=status, message=message, detail=detail))
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors()[:3]:
        where = ".".join(str(x) for x in item.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "malformed request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> Response:
        return _respond(request, error.status, error.message, error.detail, error.headers)

    @app.exception_handler(SelectionError)
    async def _selection_error(request: Request, error: SelectionError) -> Response:
        return _respond(request, 400, str(error), {"field": error.field})

    @app.exception_handler(PeriodError)
    async def _period_error(request: Request, error: PeriodError) -> Response:
        return _respond(request, 400, str(error))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, error: RequestValidationError) -> Response:
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in error.errors()[:10]]
        return _respond(request, 422, _validation_message(error), detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else "error"
        if error.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return _respond(request, error.status_code, message, headers=getattr(error, "headers", None))

    @app.exception_handler(OperationalError)
    async def _database_error(request: Request, error: OperationalError) -> Response:
        from ..store.writer import transient

        if transient(error):  # a deadlock's victim or a busy SQLite: nothing was written
            log.warning("transient database error on %s %s: %s", request.method, request.url.path, error.orig)
            return _respond(request, 503, "the database was busy with another write; nothing was changed, try again",
                            headers={"Retry-After": "1"})
        log.exception("database error on %s %s", request.method, request.url.path)
        return _respond(request, 500, "internal error (OperationalError)")

    @app.exception_handler(PoolTimeout)
    async def _no_connection(request: Request, error: PoolTimeout) -> Response:
        log.warning("no free database connection for %s %s", request.method, request.url.path)
        return _respond(request, 503, "the server is busy: no database connection was free; try again in a moment",
                        headers={"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, error: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _respond(request, 500, f"internal error ({type(error).__name__})")



def install_domain_handlers(app: FastAPI) -> None:
    """Statuses of the errors the editing and login code raise."""
    from .auth import AccountError, LoginFailed, LoginRateLimited
    from .editing import EditError, NotFound, ReviewConflict

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, error: NotFound) -> Response:
        return _respond(request, 404, str(error))

    @app.exception_handler(EditError)
    async def _edit_error(request: Request, error: EditError) -> Response:
        return _respond(request, 422, str(error), {"field": error.field})

    @app.exception_handler(ReviewConflict)
    async def _conflict(request: Request, error: ReviewConflict) -> Response:
        return _respond(request, 409, str(error), {"incident": error.incident_id, "seen_version": error.seen,
                                                   "current": error.current, "yours": error.yours})

    @app.exception_handler(LoginFailed)
    async def _login_failed(request: Request, error: LoginFailed) -> Response:
        return _respond(request, 401, str(error))

    @app.exception_handler(LoginRateLimited)
    async def _rate_limited(request: Request, error: LoginRateLimited) -> Response:
        return _respond(request, 429, str(error), headers={"Retry-After": str(error.retry_after)})

    @app.exception_handler(AccountError)
    async def _account_error(request: Request, error: AccountError) -> Response:
        return _respond(request, 400, str(error))
