"""Any mix of sources to one stream of ``RawArticle``s and errors.

A source is an http(s) URL (fetched: a feed or a page), or a path: a folder (read recursively,
article files only), a WARC file (``.warc``, ``.warc.gz``), a feed (``.rss``, ``.atom``,
``.xml``, or any other file whose content starts like one), or a text, HTML or JSON Lines file
as ``files.py`` reads them. Every problem is yielded as an ``InputError`` naming the source,
never raised, so a batch goes on past it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..models import RawArticle, RejectReason
from .feeds import FEED_SUFFIXES, looks_like_feed, read_feed_file
from .fetch import FetchOptions, read_url
from .files import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, read_path
from .paths import leads_outside, not_a_regular_file, outside_error
from .warc import is_warc, read_warc

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and bool(_SCHEME.match(source))


def _named_like_a_source(path: Path) -> bool:
    return not path.name.startswith(".") and (path.suffix.lower() in FOLDER_SUFFIXES or is_warc(path))


def _in_folder(path: Path) -> bool:
    """Whether a file inside a folder is a source (a README.md beside the articles is not)."""
    if not path.is_file() or path.name.startswith("."):
        return False
    if path.suffix.lower() == ".xml":  # a sitemap or a config file beside the feeds is no source
        return _sniffs_as_feed(path)
    return path.suffix.lower() in FOLDER_SUFFIXES or is_warc(path)


def _sniffs_as_feed(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return looks_like_feed(fh.read(2048))
    except OSError:
        return False


def read_file(path: Path, *, published: date | None = None) -> Iterator[RawArticle | InputError]:
    """Articles of one file, by its kind: WARC, feed, or what ``files.read_path`` reads.

    Anything but a regular file (a FIFO, a socket, a device) is refused before it is opened.
    """
    refused = not_a_regular_file(path)
    if refused is not None:
        yield refused
    elif is_warc(path):
        yield from read_warc(path)
    elif path.suffix.lower() in FEED_SUFFIXES or (
        path.suffix.lower() not in JSONL_SUFFIXES | HTML_SUFFIXES and _sniffs_as_feed(path)
    ):
        yield from read_feed_file(path)
    else:
        yield from read_path(path, published=published)


def read_source(
    source: str | Path, *, published: date | None = None, fetch_options: FetchOptions | None = None
) -> Iterator[RawArticle | InputError]:
    """Articles of one source (URL, folder or file).

    Args:
        source: an http(s) URL as a string, or a path (string or ``Path``).
        published: the publication date of plain text and HTML files that carry none.
        fetch_options: limits and address policy of URLs (default: private addresses refused).
    """
    if is_url(source):
        text = str(source)
        if not text.lower().startswith(("http://", "https://")):
            yield InputError(text, RejectReason.MALFORMED, "only http and https URLs are fetched")
            return
        yield from read_url(text, fetch_options)
        return
    path = Path(source)
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_symlink() and _named_like_a_source(child) and leads_outside(child, path):
                yield outside_error(child, path)
            elif _in_folder(child):
                yield from read_file(child, published=published)
            elif _named_like_a_source(child) and not child.is_dir() and child.exists():
                refused = not_a_regular_file(child)  # a FIFO or a device named like an article
                if refused is not None:
                    yield refused
        return
    yield from read_file(path, published=published)


def read_sources(
    sources: Iterable[str | Path], *, published: date | None = None, fetch_options: FetchOptions | None = None
) -> Iterator[RawArticle | InputError]:
    """Articles of every source in turn; see ``read_source``."""
    for source in sources:
        yield from read_source(source, published=published, fetch_options=fetch_options)
