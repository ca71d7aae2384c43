"""Log in and out (forms)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from ..api.session import client_address, set_session_cookie
from ..auth import SESSION_COOKIE, LoginFailed, LoginRateLimited, authenticate, end_session, start_session
from ..deps import CurrentUser, DbSession, SettingsDep
from .common import render, safe_next, see_other

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request, account: CurrentUser, next: str | None = None) -> Response:
    return render(request, "login.html", account, next=safe_next(next), message=None)


@router.post("/login")
def login(request: Request, db: DbSession, settings: SettingsDep, name: Annotated[str, Form(max_length=80)],
          password: Annotated[str, Form(max_length=1024)], next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    try:
        account = authenticate(db, name=name, password=password, address=client_address(request), settings=settings)
    except LoginRateLimited as error:
        db.commit()
        response = render(request, "login.html", None, status_code=429, next=safe_next(next), message=str(error))
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    except LoginFailed as error:
        db.commit()
        return render(request, "login.html", None, status_code=401, next=safe_next(next), message=str(error))
    token = start_session(db, account, settings)
    db.commit()
    response = see_other(safe_next(next))
    set_session_cookie(response, token, settings)
    return response


@router.post("/logout")
def logout(request: Request, db: DbSession) -> Response:
    end_session(db, request.cookies.get(SESSION_COOKIE))
    db.commit()
    response = see_other("/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
