"""``/api/session``: who is logged in and the CSRF token; log in and out; ``/api/health``."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from .. import csrf
from ..auth import SESSION_COOKIE, authenticate, end_session, start_session
from ..deps import CurrentUser, DbSession, SettingsDep
from ..errors import error_responses
from ..schemas import LoginIn, SessionPublic

router = APIRouter(tags=["session"])


class Health(BaseModel):
    status: str


@router.get("/health", response_model=Health)
def health() -> Health:
    """Liveness, and the baseline of the API benchmark (no database)."""
    return Health(status="ok")


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
