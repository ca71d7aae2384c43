"""Request bodies bounded per route, before the application reads them (pure ASGI middleware).

FastAPI reads a route's whole body before its dependencies run, so an anonymous 1 GiB POST was
held in memory before the CSRF check refused it. ``BodyLimit`` runs first, for every request that
can change something (POST, PUT, PATCH, DELETE):

1. a declared ``Content-Length`` over the route's limit is a 413 at once, nothing read; one
   that is not a number is a 400;
2. a write to an incident without a session cookie cannot be allowed whatever its body says: the
   application gets an empty body instead, and refuses it (403 without a CSRF token, 401
   without a session) before one byte of the real body is read;
3. otherwise the body is read here, up to the limit (a chunked body without ``Content-Length``
   too): one byte more is a 413, and the application is handed the bytes read.

The limits (``route_limit``): a login 8 KiB (a name and a password of at most 1,024 characters,
JSON-escaped), other writes 32 KiB (at most 500 report ids, 20 perpetrators). The server stops
reading a body nobody asked for (uvicorn pauses the socket), so what is unread costs nothing.
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOGIN_LIMIT = 8 * 1024
WRITE_LIMIT = 32 * 1024
LOGIN_PATHS = frozenset({"/login", "/api/session"})
# routes that only an editor's session can use: without a session cookie the body is never read
_EDITOR_ONLY = re.compile(r"^(?:/api)?/incidents/")
SESSION_COOKIE = "iw_session"  # auth.SESSION_COOKIE, not imported: this module stands before the app


def route_limit(method: str, path: str) -> int:
    """The most bytes a request body may have on this route."""
    return LOGIN_LIMIT if path in LOGIN_PATHS else WRITE_LIMIT


def _has_session_cookie(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"cookie" and any(part.strip().startswith(SESSION_COOKIE.encode() + b"=") and part.strip() != SESSION_COOKIE.encode() + b"="
                                     for part in value.split(b";")):
            return True
    return False


def _declared_length(scope: Scope) -> bytes | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return value.strip()
    return None


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    if scope["path"].startswith("/api"):
        body = json.dumps({"error": {"status": status, "message": message, "detail": None}}).encode()
        kind = b"application/json"
    else:
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{message}</p>".encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` in one message, then what the server says (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class BodyLimit:
    """See the module docstring; ``limit_for`` picks a route's limit (default ``route_limit``)."""

    def __init__(self, app: ASGIApp, *, limit_for=route_limit) -> None:  # noqa: ANN001 - a function
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["method"], scope["path"])
        declared = _declared_length(scope)
        if declared is not None:
            if not declared.isdigit() or len(declared) > 18:
                await _refuse(scope, send, 400, "Content-Length is not a number")
                return
            if int(declared) > limit:
                await _refuse(scope, send, 413, f"request body over {limit} bytes")
                return
        if _EDITOR_ONLY.match(scope["path"]) and not _has_session_cookie(scope):
            await self.app(scope, _replay(b"", receive), send)  # refused for want of a session, unread
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(scope, send, 413, f"request body over {limit} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)
