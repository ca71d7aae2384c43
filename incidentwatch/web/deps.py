"""Dependencies of the routes: the database session, the logged-in account, the CSRF check and
the incident filters (``Filters`` -> ``Selection``), as ``Annotated`` aliases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from pydantic import StringConstraints
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
MAX_VALUES = 50  # values of one filter (repeated parameters): more is a 422

_SEVERAL = " Repeat the parameter for several values (an incident matches any of them)."


# a filter that takes several names, each at most so many characters
_Names20 = list[Annotated[str, StringConstraints(max_length=20)]] | None
_Names40 = list[Annotated[str, StringConstraints(max_length=40)]] | None
_Names60 = list[Annotated[str, StringConstraints(max_length=60)]] | None
_Names120 = list[Annotated[str, StringConstraints(max_length=120)]] | None


def filters(
    date_from: Annotated[date | None, Query(alias="from", description="first day, YYYY-MM-DD")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="last day, YYYY-MM-DD")] = None,
    country: Annotated[_Names60, Query(max_length=MAX_VALUES, description="PK, AF or a name." + _SEVERAL)] = None,
    province: Annotated[_Names120, Query(max_length=MAX_VALUES, description="a province (admin1)." + _SEVERAL)] = None,
    district: Annotated[_Names120, Query(max_length=MAX_VALUES, description="a district (admin2)." + _SEVERAL)] = None,
    event_type: Annotated[_Names40, Query(alias="type", max_length=MAX_VALUES,
                                            description="an event type (bombing, armed_assault...)." + _SEVERAL)] = None,
    group: Annotated[_Names120, Query(max_length=MAX_VALUES,
                                        description="a perpetrator group or alias (TTP, BLA...)." + _SEVERAL)] = None,
    category: Annotated[_Names20, Query(max_length=MAX_VALUES, description="victims: civilians, security, militants, "
                                                                             "foreigners." + _SEVERAL)] = None,
    min_killed: Annotated[int | None, Query(ge=0, le=100_000)] = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description="text in place names and titles")] = None,
) -> Selection:
    """The incident filters every listing, tally and export shares (names made canonical); a named
    filter given more than once (``province=Balochistan&province=Sindh``) holds all its values."""
    given: dict[str, list[str]] = {"country": country or [], "province": province or [], "district": district or [],
                                   "event_type": event_type or [], "group": group or [], "category": category or [],
                                   "q": [q] if q is not None else []}
    for name, values in given.items():
        for value in values:
            if any(ord(c) < 32 for c in value):
                raise SelectionError(name, value, "control characters are not allowed")
    if date_from and date_to and date_to < date_from:
        raise ApiError(400, f"to {date_to} is before from {date_from}")
    return resolve_selection(date_from=date_from, date_to=date_to, country=given["country"], province=given["province"],
                             district=given["district"], event_type=given["event_type"], group=given["group"],
                             category=given["category"], min_killed=min_killed, text=q or None)


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
