"""WARC files (``.warc``, ``.warc.gz``) to ``RawArticle``s, with warcio.

Only ``response`` records of HTTP 2xx with an HTML or plain-text payload are articles (the URL is
the record's WARC-Target-URI); every other record (warcinfo, request, metadata, revisit, a
redirect, an image) is skipped without a word. A malformed or truncated record is reported with
its offset in the file (``crawl.warc.gz:offset 938: malformed (...)``), and reading goes on at the next record that can be found
(the next gzip member of a ``.warc.gz``, the next ``WARC/1.x`` line of a ``.warc``).

The file is streamed: one record's payload (at most ``MAX_FILE_BYTES``) is in memory at a time.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..models import RawArticle, RejectReason
from .decode import decode_body
from .files import MAX_FILE_BYTES
from .records import sane_article

WARC_SUFFIXES = (".warc", ".warc.gz")
ARTICLE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_LINE = b"\nWARC/1."
SCAN_CHUNK = 1 << 20
# a damaged stretch can hold many false starts; after this many reported problems the rest of
# the file is given up, so one bad file cannot flood the run's report
MAX_PROBLEMS = 20
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
    payload = record.content_stream().read(MAX_FILE_BYTES + 1)
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
        start: int | None = 0
        problems = 0
        resyncing = False  # after a problem, a false start is not reported again
        while start is not None:
            fh.seek(start)
            iterator = ArchiveIterator(fh, check_digests=False, arc2warc=False)
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
                    item = _article(record, where=where)
                    iterator.read_to_end(record)  # what the next step would read anyway
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
