"""``/api/session``: who is logged in and the CSRF token; log in and out; ``/api/health`` and ``/api/live``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from ...watch.health import SourceHealth, last_refreshed, source_health
from .. import csrf
from ..auth import SESSION_COOKIE, authenticate, end_session, start_session
from ..deps import CurrentUser, DbSession, SettingsDep
from ..errors import error_responses
from ..schemas import LoginIn, SessionPublic

router = APIRouter(tags=["session"])


class Health(BaseModel):
    status: str
    last_refreshed: datetime | None = None  # when an article was last stored (UTC)
    sources: list[SourceHealth] = []  # see docs/watch.md


@router.get("/live", response_model=Health)
def live() -> Health:
    """Liveness only, without the database: the baseline of the API benchmark."""
    return Health(status="ok")


@router.get("/health", response_model=Health)
def health(db: DbSession) -> Health:
    """Liveness; when the data was last refreshed; each watched source's last poll, last new
    article, errors in a row, lag from publication to storage, and flags (silent, failing, stale)."""
    def utc(value: datetime | None) -> datetime | None:  # stored naive, in UTC
        return value.replace(tzinfo=UTC) if value is not None else None

    return Health(status="ok", last_refreshed=utc(last_refreshed(db)), sources=[
        replace(row, last_poll_at=utc(row.last_poll_at), last_new_at=utc(row.last_new_at)) for row in source_health(db)])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def set_session_cookie(response: Response, token: str, settings: SettingsDep) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=int(settings.session_hours * 3600), httponly=True,
                        samesite="lax", secure=settings.secure_cookies, path="/")


@router.get("/session", response_model=SessionPublic)
def get_session(request: Request, account: CurrentUser, settings: SettingsDep) -> SessionPublic:
    """The logged-in account (or nulls) and the CSRF token to send with writes."""
    return SessionPublic(user=account.name if account else None, role=account.role.value if account else None,
                         csrf_token=csrf.request_token(request, settings.secret))


@router.post("/session", response_model=SessionPublic, responses=error_responses(401, 403, 422, 429))
def login(body: LoginIn, request: Request, response: Response, db: DbSession, settings: SettingsDep) -> SessionPublic:
    """Log in: sets the HttpOnly session cookie and answers the session's CSRF token."""
    try:
        account = authenticate(db, name=body.name, password=body.password, address=client_address(request),
                               settings=settings)
    finally:
        db.commit()  # the attempt is recorded whatever the outcome
    token = start_session(db, account, settings)
    db.commit()
    set_session_cookie(response, token, settings)
    return SessionPublic(user=account.name, role=account.role.value,
                         csrf_token=csrf.token_for(settings.secret, f"s:{token}"))


@router.delete("/session", status_code=204, responses=error_responses(403))
def logout(request: Request, db: DbSession) -> Response:
    """Log out: the session ends on the server and the cookie is cleared."""
    end_session(db, request.cookies.get(SESSION_COOKIE))
    db.commit()
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
