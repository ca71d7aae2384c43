"""``create_app(store, settings)``: the FastAPI application, built fresh each call (no module-level
app, engine or settings)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..store import Store
from ..store.changes import ChangeWatch, can_watch
from .body_limit import BodyLimit
from .caching import ReadCache
from .counts import CountMemo
from .csrf import NonceCookieMiddleware
from .deps import check_csrf
from .errors import install_domain_handlers, install_error_handlers
from .settings import WebSettings
from .shedding import LoadShedder
from .templating import make_environment

HERE = Path(__file__).resolve().parent


class SecurityHeaders:
    """A strict Content-Security-Policy (no inline script, nothing from other hosts unless map
    tiles are configured), and the usual hardening headers, on every response; a response that
    sets its own policy (the report page's, stricter still) keeps it."""

    def __init__(self, app: ASGIApp, *, tiles_origin: str | None) -> None:
        self.app = app
        img = "'self' data:" + (f" {tiles_origin}" if tiles_origin else "")
        policy = (f"default-src 'self'; img-src {img}; style-src 'self'; script-src 'self'; object-src 'none'; "
                  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        self.headers = [(b"content-security-policy", policy.encode()), (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = list(message.get("headers", []))
                # a page with its own policy (the self-contained report) keeps it: two policies would both apply
                has_policy = any(k.lower() == b"content-security-policy" for k, _ in own)
                message["headers"] = own + [h for h in self.headers if not (has_policy and h[0] == b"content-security-policy")]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class DropEmptyFilters:
    """The dashboard's filter form submits every field, empty ones too (``from=&to=``): on the
    pages, an empty parameter means "no filter", so it is dropped before validation."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/api") and scope.get("query_string"):
            from urllib.parse import parse_qsl, urlencode

            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v.strip()]
            if len(kept) != len(pairs):
                scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await self.app(scope, receive, send)


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{", "").replace("}", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def create_app(store: Store, settings: WebSettings) -> FastAPI:
    """The application serving ``store`` with ``settings``.

    Args:
        store: an open, migrated database.
        settings: see ``WebSettings`` (the secret must be set).
    """
    from .api import articles, claims, export, incidents, review, session, stats
    from .pages import (
        api_docs_page,
        auth_pages,
        dashboard,
        incident_page,
        ledger_page,
        report_page,
        review_pages,
        timeline_page,
    )

    app = FastAPI(
        title="incidentwatch", version="1", dependencies=[Depends(check_csrf)],
        description="Incidents of militant violence in Pakistan and Afghanistan, extracted from news, with the "
                    "evidence behind every number. Writing needs an editor's session and the X-CSRF-Token header "
                    "(GET /api/session gives it).",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.counts = CountMemo()  # a selection's count per change token (web/counts.py)
    app.state.templates = Jinja2Templates(env=make_environment(HERE / "templates", settings))
    install_error_handlers(app)
    install_domain_handlers(app)
    app.state.routers = [("/api", m.router) for m in (session, incidents, review, stats, claims, export, articles)]
    app.state.routers += [("", m.router) for m in (api_docs_page, auth_pages, dashboard, incident_page, review_pages, ledger_page,
                                                          report_page, timeline_page)]
    for prefix, router in app.state.routers:
        app.include_router(router, prefix=prefix)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # inside out: the shedder bounds what is computed, the cache answers what was (no slot needed)
    app.add_middleware(LoadShedder, max_in_flight=settings.max_in_flight, max_queued=settings.max_queued,
                       queue_wait_s=settings.queue_wait_s)
    if settings.cache_mb > 0 and can_watch(store.engine):
        app.add_middleware(ReadCache, watch=ChangeWatch(store.engine), max_bytes=settings.cache_mb * 2**20)
    # outside those: an oversized body is refused before it waits for a slot; a 413 gets the security headers
    app.add_middleware(BodyLimit)
    app.add_middleware(DropEmptyFilters)
    app.add_middleware(NonceCookieMiddleware, secure=settings.secure_cookies)
    app.add_middleware(SecurityHeaders, tiles_origin=_origin(settings.tiles_url))
    return app


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) the app's routers serve, pages and API alike (for audits and tests)."""
    from fastapi.routing import APIRoute

    out: list[tuple[str, str]] = []
    for prefix, router in app.state.routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                out.extend((method, prefix + route.path) for method in sorted(route.methods or ()))
    return out
