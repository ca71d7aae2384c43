"""Compressed bodies over HTTP (127.0.0.1): decoded by the fetcher itself, never past its cap.

httpx inflates a whole network chunk at once; gzip inside gzip turns a few hundred bytes into
256 MiB. The fetcher undoes the codings with ``sources.inflate`` instead, so what it holds is
bounded by ``max_bytes`` whatever the ratio: tracemalloc sees every bytes object it makes.
"""

from __future__ import annotations

import tracemalloc

import pytest

from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources import FetchOptions, read_url
from incidentwatch.sources.inflate import InflateLimit, inflate

from .test_fetch import LOCAL, one_error


def test_a_gzipped_page_is_decoded(server):
    (article,) = read_url(f"{server.base}/gzip-article", LOCAL)
    assert isinstance(article, RawArticle) and "Lakki Marwat" in (article.html or "")


def test_a_gzip_inside_gzip_bomb_is_too_large_and_never_held_whole(server):
    url = f"{server.base}/gzip-bomb"
    list(read_url(f"{server.base}/gzip-article", LOCAL))  # the imports and the first connection are not counted
    tracemalloc.start()
    try:
        error = one_error(url, LOCAL)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.reason == RejectReason.TOO_LARGE and "decoded" in str(error)
    assert peak < 40 << 20, f"{peak / 2**20:.0f} MiB held while decoding a 5 MB-capped body"


def test_an_encoding_the_fetcher_did_not_ask_for_is_refused(server):
    error = one_error(f"{server.base}/brotli", LOCAL)
    assert error.reason == RejectReason.MALFORMED and "unsupported Content-Encoding 'br'" in str(error)


def test_inflate_stops_at_the_limit_at_every_layer():
    import gzip

    bomb = gzip.compress(gzip.compress(bytes(64 << 20)))
    tracemalloc.start()
    try:
        with pytest.raises(InflateLimit):
            inflate(bomb, ["gzip", "gzip"], 1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20
    assert inflate(gzip.compress(b"abc") + gzip.compress(b"def"), ["gzip"], 10) == b"abcdef"  # two members


def test_a_small_cap_applies_to_the_decoded_size(server):
    error = one_error(f"{server.base}/gzip-article", FetchOptions(allow_private=True, max_bytes=1000))
    assert error.reason == RejectReason.TOO_LARGE
