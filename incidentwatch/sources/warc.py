"""WARC files (``.warc``, ``.warc.gz``) to ``RawArticle``s, with warcio.

Only ``response`` records of HTTP 2xx with an HTML or plain-text payload are articles (the URL is
the record's WARC-Target-URI); every other record (warcinfo, request, metadata, revisit, a
redirect, an image) is skipped without a word. A malformed or truncated record is reported with
its offset in the file (``crawl.warc.gz:offset 938: malformed (...)``), and reading goes on at the next record that can be found
(the next gzip member of a ``.warc.gz``, the next ``WARC/1.x`` line of a ``.warc``).

The file is streamed: one record's payload (at most ``MAX_FILE_BYTES``) is in memory at a time.
What a compressed file may make warcio hold is bounded (``warc_bounds.py``: a header line, a
header block, the whole file's inflation); a payload is de-chunked and decoded here, with its
inflated size capped (``inflate.py``), not by warcio, which would inflate a chunk whole. A record
that declares more than ``MAX_RECORD_BYTES`` (a Content-Length of 9999…9), or a file's end it
cannot reach, is that record's error, and reading goes on at the next record found.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..models import RawArticle, RejectReason
from .decode import decode_body
from .files import MAX_FILE_BYTES
from .inflate import InflateLimit, UnsupportedEncoding, encodings_of, inflate
from .records import sane_article
from .warc_bounds import MAX_HEADER_BYTES, BoundedArchiveIterator, BudgetSpent, InflateBudget

WARC_SUFFIXES = (".warc", ".warc.gz")
ARTICLE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_LINE = b"\nWARC/1."
SCAN_CHUNK = 1 << 20
# a damaged stretch can hold many false starts; after this many reported problems the rest of
# the file is given up, so one bad file cannot flood the run's report
MAX_PROBLEMS = 20
MAX_RECORD_BYTES = 1 << 30  # a record declaring more is refused unread, and skipped
# an article's record: headers and a payload as stored (perhaps gzipped, so no larger than the text)
MAX_ARTICLE_RECORD_BYTES = MAX_FILE_BYTES + MAX_HEADER_BYTES
# what warcio and the decompressor raise on a damaged record: besides its own ArchiveLoadFailed,
# warcio trips over missing headers with AttributeError/TypeError (a response without a
# WARC-Target-URI) and over bad numbers with ValueError
_DAMAGE = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError, AttributeError, TypeError, KeyError, IndexError)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _next_start(fh: BinaryIO, after: int, *, gzipped: bool) -> int | None:
    """Offset of the next record start after ``after``: a gzip member, or a WARC version line."""
    marker = GZIP_MAGIC if gzipped else WARC_LINE
    position = after + 1
    fh.seek(position)
    carry = b""
    while chunk := fh.read(SCAN_CHUNK):
        data = carry + chunk
        found = data.find(marker)
        if found >= 0:
            start = position - len(carry) + found
            return start if gzipped else start + 1  # past the newline
        carry = data[-(len(marker) - 1):]
        position += len(chunk)
    return None


def _printable(message: str, limit: int = 100) -> str:
    """An error message fit for one terminal line: warcio quotes the damaged bytes it read."""
    return "".join(c if c.isprintable() and c.isascii() else "?" for c in " ".join(message.split()))[:limit]


def _article(record, *, where: str) -> RawArticle | InputError | None:  # noqa: ANN001 - warcio's ArcWarcRecord
    """The article of one record, its error, or None for a record that is not an article."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    kind = content_type.split(";", 1)[0].strip().lower()
    if not status.startswith("2") or kind not in ARTICLE_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if isinstance(record.length, int) and record.length > MAX_ARTICLE_RECORD_BYTES:
        return InputError(where, RejectReason.TOO_LARGE, f"record of {record.length} bytes, limit {MAX_ARTICLE_RECORD_BYTES}")
    try:
        payload = _payload(record)
    except InflateLimit:
        return InputError(where, RejectReason.TOO_LARGE, f"payload inflates past {MAX_FILE_BYTES} bytes")
    if len(payload) > MAX_FILE_BYTES:
        return InputError(where, RejectReason.TOO_LARGE, f"payload over {MAX_FILE_BYTES} bytes")
    if not payload.strip():
        return InputError(where, RejectReason.EMPTY)
    try:
        text = decode_body(payload, content_type, where=where)
    except InputError as error:
        return error
    record_id = record.rec_headers.get_header("WARC-Record-ID") or where
    html = kind != "text/plain"
    return sane_article(RawArticle(id=url or record_id, html=text if html else None, text=None if html else text, path=where, url=url))


def _dechunk(raw: bytes) -> bytes:
    """A chunked transfer coding undone; the bytes as they are if they are not chunked after all."""
    out: list[bytes] = []
    at = 0
    while True:
        end = raw.find(b"\r\n", at, at + 64)
        size_text = raw[at:end].split(b";", 1)[0].strip() if end >= 0 else b""
        if not size_text or len(size_text) > 16 or any(c not in b"0123456789abcdefABCDEF" for c in size_text):
            # cut short after whole chunks: what they hold; not chunked at all (as warcio reads
            # it: served with a chunked header but not chunked): the bytes as they are
            return b"".join(out) if out else raw
        size = int(size_text, 16)
        if size == 0:
            return b"".join(out)
        out.append(raw[end + 2:end + 2 + size])
        at = end + 2 + size + 2


def _payload(record) -> bytes:  # noqa: ANN001 - warcio's ArcWarcRecord
    """The HTTP payload, de-chunked and decoded, at most ``MAX_FILE_BYTES`` + 1 bytes.

    Raises:
        InflateLimit: it inflates past ``MAX_FILE_BYTES``.
    """
    raw = record.raw_stream.read(MAX_ARTICLE_RECORD_BYTES)
    if "chunked" in (record.http_headers.get_header("Transfer-Encoding") or "").lower():
        raw = _dechunk(raw)
    try:
        codings = encodings_of(record.http_headers.get_header("Content-Encoding"))
    except UnsupportedEncoding:
        return raw[:MAX_FILE_BYTES + 1]  # as warcio does: a coding it cannot undo is left as stored
    try:
        return inflate(raw, codings, MAX_FILE_BYTES) if codings else raw[:MAX_FILE_BYTES + 1]
    except zlib.error:
        return raw[:MAX_FILE_BYTES + 1]  # as warcio does: many crawlers store the payload decoded


class _RecordRefused(ValueError):
    """A record refused from its headers alone; reading goes on at the next record found."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def _declared_length(record, *, where: str, offset: int, size: int, gzipped: bool) -> None:  # noqa: ANN001
    """Refuse a record whose Content-Length no file of this size can hold."""
    length = record.length if isinstance(record.length, int) else 0
    shown = str(length) if length < 10**20 else f"{str(length)[:12]}... ({len(str(length))} digits)"
    if length > MAX_RECORD_BYTES:
        raise _RecordRefused(InputError(where, RejectReason.TOO_LARGE, f"Content-Length {shown}, limit {MAX_RECORD_BYTES}"))
    if not gzipped and offset + length > size:
        raise _RecordRefused(InputError(where, RejectReason.MALFORMED, f"Content-Length {shown} runs past the end of the file"))


def read_warc(path: Path) -> Iterator[RawArticle | InputError]:
    """Articles of one WARC file; errors are yielded, not raised, and reading goes on after one."""
    try:
        fh = path.open("rb")
    except OSError as error:
        yield InputError(str(path), RejectReason.NOT_FOUND if isinstance(error, FileNotFoundError) else RejectReason.MALFORMED,
                         "" if isinstance(error, FileNotFoundError) else str(error))
        return
    with fh:
        if not fh.read(1):
            yield InputError(str(path), RejectReason.EMPTY)
            return
        fh.seek(0)
        gzipped = fh.read(3) == GZIP_MAGIC
        size = path.stat().st_size
        budget = InflateBudget.for_size(size)
        start: int | None = 0
        problems = 0
        resyncing = False  # after a problem, a false start is not reported again
        while start is not None:
            fh.seek(start)
            iterator = BoundedArchiveIterator(fh, budget=budget, check_digests=False, arc2warc=False)
            offset = start
            in_record = False  # False: the failure is in parsing the next record's headers
            try:
                for record in iterator:
                    offset, in_record = iterator.offset, True
                    resyncing = False
                    where = f"{path}:offset {offset}"
                    if record.format != "warc":  # warcio reads some text lines as ARC headers
                        yield InputError(where, RejectReason.MALFORMED, f"not a WARC record (reads as {record.format})")
                        return
                    _declared_length(record, where=where, offset=offset, size=size, gzipped=gzipped)
                    item = _article(record, where=where)
                    try:
                        iterator.read_to_end(record)  # what the next step would read anyway
                    except BudgetSpent:
                        if item is not None:
                            yield item  # the record's own error comes before the file's
                        raise
                    missing = getattr(record.raw_stream, "limit", 0)
                    if missing:  # the file ended before the record's Content-Length did
                        problems += 1
                        item = InputError(where, RejectReason.MALFORMED, f"truncated: {missing} bytes of the record missing")
                    if item is not None:
                        yield item
                    in_record = False
                start = None
                end = iterator.offset  # where the last whole record ended
                if end < size and fh.seek(end) == end and fh.read(SCAN_CHUNK).strip():
                    # what warcio could not make a record of: a gzip member or headers cut short
                    yield InputError(f"{path}:offset {end}", RejectReason.MALFORMED,
                                     f"truncated: {size - end} bytes after the last whole record")
            except BudgetSpent as error:
                yield InputError(str(path), RejectReason.TOO_LARGE, str(error))
                return
            except _RecordRefused as refused:
                problems += 1
                yield refused.error
                resyncing = True
                if problems >= MAX_PROBLEMS:
                    yield InputError(str(path), RejectReason.MALFORMED, f"{problems} damaged records; the rest is not read")
                    return
                start = _next_start(fh, offset, gzipped=gzipped)
            except _DAMAGE as error:
                if not in_record:
                    offset = max(offset, iterator.offset)
                if not resyncing:
                    problems += 1
                    message = _printable(str(error))
                    yield InputError(f"{path}:offset {offset}", RejectReason.MALFORMED,
                                     f"{type(error).__name__}: {message}" if message else type(error).__name__)
                resyncing = True
                if problems >= MAX_PROBLEMS:
                    yield InputError(str(path), RejectReason.MALFORMED, f"{problems} damaged records; the rest is not read")
                    return
                start = _next_start(fh, offset, gzipped=gzipped)
