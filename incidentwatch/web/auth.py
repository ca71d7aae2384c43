"""Accounts, passwords, sessions and the login rate limit.

Passwords are hashed with argon2id (argon2-cffi, its default parameters). A session is a random
token in an HttpOnly, SameSite cookie; the database keeps only the token's SHA-256, so a copy of
the database logs nobody in. Failed logins are recorded; more than the allowed failures for one
account name or one client address within the window answer 429 without checking the password.

Counting the failures and checking the password must be one step, or a burst of concurrent
attempts all count before any is recorded (60 at once had 16 passwords checked against a limit
of 5). So an attempt first reserves its place: in one short transaction it counts the failures
and records itself as a failure, serialized per account name and client address (a striped
in-process lock; ``BEGIN IMMEDIATE`` on SQLite, transaction-scoped advisory locks on
PostgreSQL, so several server processes agree too), and only then is the password checked; a
right one turns the reserved row into a success.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from ..errors import IncidentwatchError
from ..store.tables import LoginAttempt, User, WebSession
from .settings import WebSettings

SESSION_COOKIE = "iw_session"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{1,80}$")
MIN_PASSWORD = 10  # characters; long passphrases beat complexity rules
MAX_PASSWORD = 1024  # argon2 would hash a megabyte; nobody types one

_hasher = PasswordHasher()
# verified against when the account does not exist, so a missing name takes as long as a wrong password
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def can_edit(self) -> bool:
        return self in (Role.EDITOR, Role.ADMIN)


class AccountError(IncidentwatchError):
    """An account cannot be created as asked (name taken or malformed, password too short)."""


class LoginFailed(IncidentwatchError):
    def __init__(self) -> None:
        super().__init__("wrong name or password")


class LoginRateLimited(IncidentwatchError):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many failed logins; try again in {retry_after} s")


@dataclass(frozen=True)
class Account:
    """The logged-in user as the app passes it around (no password hash)."""

    id: int
    name: str
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role.can_edit


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"password: at most {MAX_PASSWORD} characters")
    return password


def add_user(session: Session, *, name: str, password: str, role: Role) -> Account:
    """Create an account (the caller commits).

    Raises:
        AccountError: the name is malformed or taken, or the password too short.
    """
    if not NAME_PATTERN.match(name):
        raise AccountError(f"user name {name!r}: letters, digits and _ . @ - only, at most 80")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise AccountError(f"user name {name!r}: already taken")
    user = User(name=name, password_hash=hash_password(check_password(password)), role=Role(role).value,
                disabled=False, created_at=_now())
    session.add(user)
    session.flush()
    return Account(id=user.id, name=user.name, role=Role(user.role))


def set_password(session: Session, *, name: str, password: str) -> None:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AccountError(f"user name {name!r}: no such account")
    user.password_hash = hash_password(check_password(password))
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))


def authenticate(session: Session, *, name: str, password: str, address: str, settings: WebSettings) -> Account:
    """The account ``name`` if ``password`` is right; every attempt is recorded (the caller commits).

    Raises:
        LoginRateLimited: too many failures for this name or address within the window.
        LoginFailed: unknown name, disabled account or wrong password (the same answer for each).
    """
    name, address = name[:80], address[:64]
    attempt = _reserve_attempt(session, name=name, address=address, settings=settings)
    user = session.scalar(select(User).where(User.name == name))
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user is not None else _DUMMY_HASH, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    ok = ok and user is not None and not user.disabled
    if not ok:
        raise LoginFailed()  # the reserved row stays a failure
    attempt.success = True
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return Account(id=user.id, name=user.name, role=Role(user.role))


# striped, so that a stream of invented names cannot grow a table of locks
_LOCKS = [threading.Lock() for _ in range(64)]


def _lock_key(kind: str, value: str) -> int:
    """A signed 64-bit key for ``pg_advisory_xact_lock``, one per name or address."""
    return int.from_bytes(hashlib.sha256(f"incidentwatch.login:{kind}:{value}".encode()).digest()[:8], "big", signed=True)


def _reserve_attempt(session: Session, *, name: str, address: str, settings: WebSettings) -> LoginAttempt:
    """Count the failures and record this attempt as one, atomically, before any password is checked.

    Raises:
        LoginRateLimited: the name or the address is over its limit (nothing is recorded).
    """
    session.commit()  # whatever the session read before: the reservation is a fresh transaction
    stripe = _LOCKS[_lock_key("name", name) % len(_LOCKS)]
    with stripe:
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, so no one counts meanwhile
        elif connection.dialect.name == "postgresql":
            for key in sorted({_lock_key("name", name), _lock_key("address", address)}):  # one order: no deadlock
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        now = _now()
        since = now - timedelta(seconds=settings.login_window_s)
        failures = select(func.count(LoginAttempt.id)).where(LoginAttempt.success.is_(False), LoginAttempt.at >= since)
        by_name = session.scalar(failures.where(LoginAttempt.name == name)) or 0
        by_address = session.scalar(failures.where(LoginAttempt.address == address)) or 0
        if by_name >= settings.login_failures_per_name or by_address >= settings.login_failures_per_address:
            oldest = session.scalar(select(func.min(LoginAttempt.at)).where(
                LoginAttempt.success.is_(False), LoginAttempt.at >= since,
                (LoginAttempt.name == name) if by_name >= settings.login_failures_per_name else (LoginAttempt.address == address)))
            session.rollback()
            retry = int(((oldest or now) + timedelta(seconds=settings.login_window_s) - now).total_seconds()) + 1
            raise LoginRateLimited(max(1, retry))
        attempt = LoginAttempt(name=name, address=address, at=now, success=False)
        session.add(attempt)
        session.commit()
    return attempt


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start_session(session: Session, account: Account, settings: WebSettings) -> str:
    """A new session for ``account``; returns the token for the cookie (the caller commits)."""
    token = secrets.token_urlsafe(32)
    now = _now()
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    session.add(WebSession(token_hash=_digest(token), user_id=account.id, created_at=now,
                           expires_at=now + timedelta(hours=settings.session_hours)))
    return token


def session_account(session: Session, token: str | None) -> Account | None:
    """The account of a live session token, or None."""
    if not token or len(token) > 100:
        return None
    row = session.execute(
        select(User.id, User.name, User.role, User.disabled, WebSession.expires_at)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.token_hash == _digest(token))
    ).first()
    if row is None or row.disabled or row.expires_at < _now():
        return None
    return Account(id=row.id, name=row.name, role=Role(row.role))


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))
