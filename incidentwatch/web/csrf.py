"""CSRF protection for every request that can change something (POST, PUT, PATCH, DELETE).

The token is an HMAC of the app's secret and a binding: the session token for a logged-in
browser, else a random nonce kept in the ``iw_csrf`` cookie (for the login form). Forms carry it
in the ``csrf_token`` field, API calls in the ``X-CSRF-Token`` header (``GET /api/session`` gives
it). A cross-site page can neither read the cookies nor compute the HMAC, and the cookies are
SameSite=Lax besides.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import SESSION_COOKIE

NONCE_COOKIE = "iw_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_for(secret: str, binding: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{binding}".encode(), hashlib.sha256).hexdigest()


def binding_of(request: Request) -> str:
    """What the request's token is bound to: its session, else its nonce cookie."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        return f"s:{session}"
    nonce = request.cookies.get(NONCE_COOKIE) or request.scope.get("state", {}).get("csrf_nonce") or ""
    return f"n:{nonce}"


def request_token(request: Request, secret: str) -> str:
    """The token the pages and ``GET /api/session`` hand out for this request."""
    return token_for(secret, binding_of(request))


def token_is_valid(request: Request, secret: str, submitted: str | None) -> bool:
    binding = binding_of(request)
    if not submitted or binding in ("n:", "s:"):
        return False
    return hmac.compare_digest(token_for(secret, binding), submitted)


class NonceCookieMiddleware:
    """Gives a browser without one a CSRF nonce cookie (so the login form has a binding)."""

    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.cookies.get(NONCE_COOKIE):
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(24)
        scope.setdefault("state", {})["csrf_nonce"] = nonce
        cookie = f"{NONCE_COOKIE}={nonce}; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if self.secure else "")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, send_with_cookie)
