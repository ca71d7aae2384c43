"""RSS and Atom feeds (a file, or bytes a URL served) to ``RawArticle``s, with feedparser.

Each entry becomes one article: its link as the URL, its title, its publication date as the
outlet wrote it (the local date, not the UTC one), the feed's title as the outlet, and its
content (or, failing that, its summary) as HTML or text. feedparser sanitises the HTML.

A document that is not a feed, or a feed that is not well-formed XML, is reported once with the
reason; entries that could still be read from a broken feed are kept. Entry links are not
fetched: a feed's own content is what is read.

At most ``MAX_FEED_ENTRIES`` entries are taken from one feed per run; a longer feed is read that
far and says so in one line (a ``too_large`` error naming the feed). An entry date outside
1900-2100 is dropped (``records.sane_article``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import feedparser

from ..errors import InputError
from ..models import RawArticle, RejectReason
from ..models.window import window_date
from .files import MAX_ARTICLE_CHARS, MAX_FILE_BYTES
from .records import sane_article

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
# where the root element of RSS 2.0 / 0.9x, RSS 1.0 (RDF) and Atom begins, after any XML
# declaration, comments, processing instructions and doctype in the first 2 kB
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>/]", re.IGNORECASE)
_BEFORE_ROOT = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.IGNORECASE)
# bozo exceptions that say nothing about the feed being broken
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
# entries taken from one feed per run: a news feed holds tens; thousands is a hostile or broken feed
MAX_FEED_ENTRIES = 500


_ENTRY_START = re.compile(rb"<(?:item|entry)[\s>]", re.IGNORECASE)
_ENTRY_END = re.compile(rb"</(?:item|entry)\s*>", re.IGNORECASE)


def first_entries(data: bytes, limit: int) -> tuple[bytes, int]:
    """``data`` cut after its ``limit``-th entry (feedparser's cost grows with the whole document,
    so the rest is not even parsed), and how many entries the document holds."""
    starts = [m.start() for m in _ENTRY_START.finditer(data)]
    if len(starts) <= limit:
        return data, len(starts)
    end = _ENTRY_END.search(data, starts[limit - 1])
    stop = end.end() if end is not None and end.end() <= starts[limit] else starts[limit]
    return data[:stop], len(starts)


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` starts (after the XML prologue) with an RSS, RDF or Atom root element."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    prologue = _BEFORE_ROOT.match(head)
    rest = head[prologue.end():] if prologue else head
    return bool(_FEED_ROOT.match(rest))


def entry_date(entry: Any) -> date | None:
    """The date the entry was published (else updated), in the timezone the feed wrote it in."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return parsedate_to_datetime(raw).date()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        try:
            return datetime.fromisoformat(raw.strip()).date()  # Atom: RFC 3339
        except (ValueError, OverflowError):
            pass
        parsed = entry.get(f"{key}_parsed")  # feedparser's reading of other formats, in UTC
        if parsed:
            return window_date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _body(entry: Any) -> tuple[str | None, str | None]:
    """(html, text) of the entry: its longest content, else its summary."""
    candidates = [c for c in entry.get("content", []) if c.get("value")]
    if candidates:
        best = max(candidates, key=lambda c: len(c["value"]))
        value, kind = best["value"], best.get("type", "text/html")
    elif entry.get("summary"):
        value, kind = entry["summary"], entry.get("summary_detail", {}).get("type", "text/html")
    else:
        return None, None
    return (None, value) if kind == "text/plain" else (value, None)


def _bozo_detail(error: BaseException) -> str:
    line = getattr(error, "getLineNumber", None)
    where = f"line {line()}, column {error.getColumnNumber()}: " if callable(line) else ""  # type: ignore[attr-defined]
    message = getattr(error, "getMessage", None)
    return where + (message() if callable(message) else str(error))


def read_feed_bytes(
    data: bytes, *, where: str, base_url: str | None = None, content_type: str = "application/xml", entry_paths: bool = True
) -> Iterator[RawArticle | InputError]:
    """Articles of one feed document.

    Args:
        data: the feed as bytes (feedparser finds the encoding).
        where: the file or URL, for messages and article ids.
        base_url: what relative links are resolved against.
        content_type: the Content-Type it was served with.
        entry_paths: give each article ``path`` ``where:entry N`` (a file); else only its URL.
    """
    headers = {"content-type": content_type}
    if base_url:
        headers["content-location"] = base_url
    # a file-like object: feedparser never takes it for a URL or a file name to open
    data, entries = first_entries(data, MAX_FEED_ENTRIES)
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and (isinstance(problem, _BENIGN) or entries > MAX_FEED_ENTRIES):
        problem = None  # (a feed cut after its last entry read is not well-formed: no news)
    if not parsed.get("version") and not parsed.entries:
        detail = _bozo_detail(problem) if problem is not None else "no rss, rdf or feed element"
        yield InputError(where, RejectReason.MALFORMED, f"not an RSS or Atom feed ({detail})")
        return
    outlet = parsed.feed.get("title") or None
    read = 0
    if entries > MAX_FEED_ENTRIES:
        yield InputError(where, RejectReason.TOO_LARGE, f"{entries} entries: the first {MAX_FEED_ENTRIES} "
                                                         "are read (the limit per feed per run)")
    for number, entry in enumerate(parsed.entries[:MAX_FEED_ENTRIES], start=1):
        link, title = entry.get("link") or None, entry.get("title") or None
        html, text = _body(entry)
        entry_where = f"{where}:entry {number}"
        if html is None and text is None:
            if link or title:
                yield InputError(entry_where, RejectReason.EMPTY, "no content or summary")
            continue  # nothing at all: debris of a broken feed, reported with the feed below
        if len(html or text or "") > MAX_ARTICLE_CHARS:
            yield InputError(entry_where, RejectReason.TOO_LARGE, f"entry over {MAX_ARTICLE_CHARS} characters")
            continue
        read += 1
        yield sane_article(RawArticle(
            id=str(entry.get("id") or link or entry_where), html=html, text=text,
            path=entry_where if entry_paths or not link else None, url=link, title=title,
            published=entry_date(entry), outlet=outlet,
        ))
    if problem is not None:
        yield InputError(where, RejectReason.MALFORMED,
                         f"not well-formed ({_bozo_detail(problem)}); {read} of {min(len(parsed.entries), MAX_FEED_ENTRIES)} entries read")


def read_feed_file(path: Path) -> Iterator[RawArticle | InputError]:
    """Articles of a feed file; errors are yielded, not raised."""
    try:
        size = path.stat().st_size
    except OSError:
        yield InputError(str(path), RejectReason.NOT_FOUND)
        return
    if size == 0:
        yield InputError(str(path), RejectReason.EMPTY)
        return
    if size > MAX_FILE_BYTES:
        yield InputError(str(path), RejectReason.TOO_LARGE, f"{size} bytes, limit {MAX_FILE_BYTES}")
        return
    yield from read_feed_bytes(path.read_bytes(), where=str(path))
