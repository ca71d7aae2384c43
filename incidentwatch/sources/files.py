"""Read plain-text, HTML and JSON Lines files of articles.

Every problem is an ``InputError`` naming the file (and line) and a ``RejectReason``:
empty, binary, not UTF-8, too large, malformed. A folder is read recursively.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..models import RawArticle, RejectReason
from ..textsafe import printable
from .dating import file_meta
from .paths import leads_outside, not_a_regular_file, outside_error
from .records import article_from_record, parse_json_line, sane_article

MAX_FILE_BYTES = 5 * 1024 * 1024  # the extraction issue's limit: files over 5 MB are refused
MAX_ARTICLE_CHARS = 1_000_000  # one article's text inside a JSON Lines file
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def _decode(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), RejectReason.EMPTY)
    if size > MAX_FILE_BYTES:
        raise InputError(str(path), RejectReason.TOO_LARGE, f"{size} bytes, limit {MAX_FILE_BYTES}")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(str(path), RejectReason.BINARY)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(str(path), RejectReason.NOT_UTF8, f"byte {error.start}") from None
    if not text.strip():
        raise InputError(str(path), RejectReason.EMPTY)
    return text


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head or "<article" in head


def read_jsonl(path: Path, text: str) -> Iterator[RawArticle | InputError]:
    """One article per line; a bad line is that line's error (``records.py`` says what is checked)."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{printable(str(path))}:{lineno}"
        if len(line) > MAX_ARTICLE_CHARS + 10_000:  # its text alone would be over the limit
            yield InputError(where, RejectReason.TOO_LARGE, f"article over {MAX_ARTICLE_CHARS} characters")
            continue
        try:
            record = parse_json_line(line)
        except ValueError as error:
            yield InputError(where, RejectReason.MALFORMED, str(error))
            continue
        try:
            article = article_from_record(record, where=where, default_id=f"{printable(path.stem)}-{lineno}")
        except InputError as error:
            yield error
            continue
        if len(article.text or article.html or "") > MAX_ARTICLE_CHARS:
            yield InputError(where, RejectReason.TOO_LARGE, f"article over {MAX_ARTICLE_CHARS} characters")
            continue
        yield article


def read_path(path: Path, *, published: date | None = None) -> Iterator[RawArticle | InputError]:
    """Articles of one file or folder; errors are yielded, not raised, so a batch goes on."""
    if path.is_dir():
        # inside a folder only article files count: a README.md beside them is not an article
        readable = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
        for child in sorted(p for p in path.rglob("*") if not p.name.startswith(".") and p.suffix.lower() in readable):
            if child.is_symlink() and leads_outside(child, path):
                yield outside_error(child, path)
            elif not child.is_dir() and child.exists():
                yield from read_path(child, published=published)
        return
    refused = not_a_regular_file(path)  # a FIFO would block the read below; a device never ends
    if refused is not None:
        yield refused
        return
    try:
        text = _decode(path)
    except InputError as error:
        yield error
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, text)
        return
    try:
        meta = file_meta(path, published)  # a sidecar or a date in the name beats the batch's date
    except InputError as error:
        yield error
        return
    body = {"html": text} if suffix in HTML_SUFFIXES or looks_like_html(text) else {"text": text}
    yield sane_article(RawArticle(id=path.stem, path=str(path), published=meta.published, url=meta.url,
                                  title=meta.title, outlet=meta.outlet, **body))


def read_paths(paths: list[Path], *, published: date | None = None) -> Iterator[RawArticle | InputError]:
    for path in paths:
        yield from read_path(path, published=published)
