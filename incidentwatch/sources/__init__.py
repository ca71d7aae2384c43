"""Readers that turn sources (files, folders, feeds, WARC files, URLs) into ``RawArticle``s,
yielding what cannot be read as errors rather than raising them."""

from .dispatch import is_url, read_file, read_source, read_sources
from .feeds import looks_like_feed, read_feed_bytes, read_feed_file
from .fetch import FetchedPage, FetchOptions, fetch, read_url
from .files import MAX_FILE_BYTES, read_path, read_paths
from .warc import read_warc

__all__ = [
    "MAX_FILE_BYTES",
    "FetchOptions",
    "FetchedPage",
    "fetch",
    "is_url",
    "looks_like_feed",
    "read_feed_bytes",
    "read_feed_file",
    "read_file",
    "read_path",
    "read_paths",
    "read_source",
    "read_sources",
    "read_url",
    "read_warc",
]
