"""Records at the boundary: what a JSON Lines line, a feed entry or a WARC record gives is checked
here before it becomes a ``RawArticle``.

A JSON Lines record goes through ``ArticleRecord`` (strict types: a ``text`` that is a number or
a list is the record's error, not a crash three stages later). The JSON itself is parsed with
NaN and Infinity refused and with oversized integers (over 4,300 digits), deep nesting and lone
surrogates caught: each is the record's one-line ``InputError`` naming the file and line, and
the next record goes on. ``sane_article`` bounds what every reader yields: names and text with
lone surrogates get U+FFFD, and a publication date outside 1900-2100 is dropped.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError

from ..errors import InputError
from ..models import RawArticle, RejectReason
from ..models.window import DATE_MAX, DATE_MIN, in_window
from ..textsafe import printable, printable_or_none

log = logging.getLogger(__name__)

MAX_ID_CHARS = 200  # the articles table's source_id and outlet
_SURROGATE = re.compile("[\ud800-\udfff]")


class ArticleRecord(BaseModel):
    """One JSON Lines record: an article with its text or HTML and what metadata came with it."""

    model_config = ConfigDict(strict=True, extra="ignore")

    id: StrictStr | StrictInt | None = None
    text: StrictStr | None = None
    html: StrictStr | None = None
    title: StrictStr | None = None
    url: StrictStr | None = None
    outlet: StrictStr | None = None
    published: StrictStr | None = None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json_line(line: str) -> Any:
    """The JSON value of one line; ``ValueError`` (one line of text) for anything unreadable."""
    try:
        return json.loads(line, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise ValueError("invalid JSON: nested too deeply") from None
    except ValueError as error:  # NaN / Infinity, an integer over 4,300 digits
        raise ValueError(f"invalid JSON: {(str(error).splitlines() or ['?'])[0][:120]}") from None


def _one_line(error: ValidationError) -> str:
    parts = []
    for problem in error.errors()[:3]:
        field = ".".join(str(p) for p in problem["loc"][:1]) or "record"
        parts.append(f"{field}: {problem['msg'].lower()}")
    return "; ".join(parts)


def parse_published(value: str | None, where: str) -> date | None:
    """A record's ``published``: ``YYYY-MM-DD`` (a longer timestamp is cut to its day) in the window."""
    if value in (None, ""):
        return None
    assert value is not None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(where, RejectReason.MALFORMED, f"published {value[:40]!r} is not YYYY-MM-DD") from None
    if not in_window(day):
        raise InputError(where, RejectReason.MALFORMED, f"published {day} is outside {DATE_MIN}..{DATE_MAX}")
    return day


def article_from_record(record: Any, *, where: str, default_id: str) -> RawArticle:
    """The article of one parsed JSON Lines record, or ``InputError`` naming ``where``."""
    if not isinstance(record, dict):
        raise InputError(where, RejectReason.MALFORMED, "a line must be a JSON object")
    try:
        model = ArticleRecord.model_validate(record)
    except ValidationError as error:
        raise InputError(where, RejectReason.MALFORMED, _one_line(error)) from None
    for field in ("id", "text", "html", "title", "url", "outlet", "published"):
        value = getattr(model, field)
        if isinstance(value, str) and _SURROGATE.search(value):
            raise InputError(where, RejectReason.MALFORMED, f"{field}: a lone surrogate is no character")
    if not (model.text or model.html):
        raise InputError(where, RejectReason.EMPTY, "no text or html")
    published = parse_published(model.published, where)
    article_id = str(model.id) if model.id not in (None, "") else default_id
    return sane_article(RawArticle(
        id=article_id, text=model.text or None, html=model.html if model.html and not model.text else None,
        path=where, url=model.url, title=model.title, published=published, outlet=model.outlet,
    ))


def sane_article(raw: RawArticle) -> RawArticle:
    """``raw`` fit to print and store: lone surrogates and NUL replaced, its id and outlet bounded,
    a publication date outside the window dropped (logged)."""
    published = raw.published
    if published is not None and not in_window(published):
        log.info("%s: publication date %s outside %s..%s dropped", raw.path or raw.id, published, DATE_MIN, DATE_MAX)
        published = None
    return replace(
        raw, id=printable(raw.id)[:MAX_ID_CHARS], text=printable_or_none(raw.text), html=printable_or_none(raw.html),
        path=printable_or_none(raw.path), url=printable_or_none(raw.url), title=printable_or_none(raw.title),
        outlet=printable(raw.outlet)[:MAX_ID_CHARS] if raw.outlet else raw.outlet, published=published,
    )
