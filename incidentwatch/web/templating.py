"""The Jinja2 environment of the pages: autoescape on for every template, and the few helpers
the templates share (numbers, URLs that keep the filters, the CSRF token)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import jinja2
from starlette.requests import Request

from ..exports.notes import note_of
from . import csrf
from .audit_view import changes
from .settings import WebSettings


def fmt_int(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def safe_href(url: object) -> str | None:
    """The URL if it is plain http(s), else None: an article's link never becomes javascript:."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def with_query(request: Request, **changes: object) -> str:
    """This page's URL with some query parameters changed (None removes one); offset resets."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes and k != "offset"]
    params += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def make_environment(directory: Path, settings: WebSettings) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(directory)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["int"] = fmt_int
    env.filters["safe_href"] = safe_href
    env.globals["with_query"] = with_query
    env.globals["audit_changes"] = changes
    env.globals["note_of"] = note_of
    env.globals["csrf_token"] = lambda request: csrf.request_token(request, settings.secret)
    env.globals["csrf_field"] = csrf.FIELD
    return env
