"""Dependencies of the routes: the database session, the logged-in account, the CSRF check and
the incident filters (``Filters`` -> ``Selection``), as ``Annotated`` aliases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy.orm import Session

from ..analytics import Selection, SelectionError, resolve_selection
from ..analytics.periods import parse_period, period_label
from ..store import Store
from . import csrf
from .auth import SESSION_COOKIE, Account, session_account
from .errors import ApiError
from .settings import WebSettings


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> WebSettings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    """One session per request; the route commits what it writes."""
    with request.app.state.store.sessions() as session:
        yield session


DbSession = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[WebSettings, Depends(get_settings)]


def current_account(request: Request, db: DbSession) -> Account | None:
    if not hasattr(request.state, "account"):  # looked up once per request, even when it is None
        request.state.account = session_account(db, request.cookies.get(SESSION_COOKIE))
    account: Account | None = request.state.account
    return account


CurrentUser = Annotated[Account | None, Depends(current_account)]


def editor_account(account: CurrentUser) -> Account:
    if account is None:
        raise ApiError(401, "log in to change anything")
    if not account.can_edit:
        raise ApiError(403, f"{account.name} is a {account.role.value}: only editors and admins change incidents")
    return account


def admin_account(account: CurrentUser) -> Account:
    if account is None:
        raise ApiError(401, "log in first")
    if account.role.value != "admin":
        raise ApiError(403, "only admins")
    return account


EditorUser = Annotated[Account, Depends(editor_account)]
AdminUser = Annotated[Account, Depends(admin_account)]


async def check_csrf(request: Request) -> None:
    """Every unsafe request carries the CSRF token (header, or form field for forms)."""
    if request.method in csrf.SAFE_METHODS:
        return
    submitted = request.headers.get(csrf.HEADER)
    if submitted is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(csrf.FIELD)
        submitted = value if isinstance(value, str) else None
    if not csrf.token_is_valid(request, request.app.state.settings.secret, submitted):
        raise ApiError(403, "missing or invalid CSRF token (reload the page and try again)")


MAX_TEXT = 200


def filters(
    date_from: Annotated[date | None, Query(alias="from", description="first day, YYYY-MM-DD")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="last day, YYYY-MM-DD")] = None,
    country: Annotated[str | None, Query(max_length=60, description="PK, AF or a name")] = None,
    province: Annotated[str | None, Query(max_length=120)] = None,
    district: Annotated[str | None, Query(max_length=120)] = None,
    event_type: Annotated[str | None, Query(alias="type", max_length=40)] = None,
    group: Annotated[str | None, Query(max_length=120, description="a perpetrator group or alias (TTP, BLA...)")] = None,
    category: Annotated[str | None, Query(max_length=20, description="victims: civilians, security, militants, foreigners")] = None,
    min_killed: Annotated[int | None, Query(ge=0, le=100_000)] = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description="text in place names and titles")] = None,
) -> Selection:
    """The incident filters every listing, tally and export shares (names made canonical)."""
    given = {"country": country, "province": province, "district": district, "event_type": event_type,
             "group": group, "category": category, "q": q}
    for name, value in given.items():
        if value is not None and any(ord(c) < 32 for c in value):
            raise SelectionError(name, value, "control characters are not allowed")
    blank = {k: (v or None) for k, v in given.items()}
    if date_from and date_to and date_to < date_from:
        raise ApiError(400, f"to {date_to} is before from {date_from}")
    return resolve_selection(date_from=date_from, date_to=date_to, country=blank["country"], province=blank["province"],
                             district=blank["district"], event_type=blank["event_type"], group=blank["group"],
                             category=blank["category"], min_killed=min_killed, text=blank["q"])


Filters = Annotated[Selection, Depends(filters)]

PeriodText = Annotated[str | None, Query(max_length=60, description="2024, 2024Q2, 2024-05, 2024-W20, a day, or A..B")]


def period_param(first: date, last: date) -> str:
    """The ``period`` parameter for these days: ``2024Q2`` when they are a quarter (or a year,
    month or week), else ``2024-04-03..2024-05-20``."""
    label = period_label(first, last)
    return f"{first.isoformat()}..{last.isoformat()}" if " to " in label else label


def narrow_to_period(selection: Selection, period: str | None) -> Selection:
    """The selection within ``period`` (and within its own dates).

    Raises:
        PeriodError: the period cannot be read (a 400).
        ApiError: the period does not overlap the ``from``/``to`` dates (a 400).
    """
    if not period or not period.strip():
        return selection
    narrowed = selection.within(parse_period(period))
    if narrowed.date_from and narrowed.date_to and narrowed.date_to < narrowed.date_from:
        raise ApiError(400, f"period {period!r} does not overlap the from/to dates")
    return narrowed


IncidentId = Annotated[int, Path(ge=1, le=2**53, description="an incident's id")]
ArticleId = Annotated[int, Path(ge=1, le=2**53, description="an article's id")]
