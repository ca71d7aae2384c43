"""Undo a Content-Encoding (gzip, deflate, a chain of them) without ever holding more than a limit.

A decompression bomb is a small body that inflates a thousandfold or more (1 MB of gzip to
1 GiB; gzip inside gzip to far more). ``Inflater`` asks zlib for at most what is still allowed
at every step (``max_length``), at every layer of a chain, so the limit bounds memory whatever
the ratio: the first byte over it raises ``InflateLimit``. Used for pages fetched over HTTP
(``fetch.py``) and for WARC payloads (``warc.py``).
"""

from __future__ import annotations

import zlib

# what a Content-Encoding names, as zlib window bits: 31 = gzip header, 15 = zlib header
_WBITS = {"gzip": 31, "x-gzip": 31, "deflate": 15}
IDENTITY = {"", "identity"}
ACCEPT_ENCODING = "gzip, deflate"  # what the fetcher says it understands; no brotli, no zstd


class InflateLimit(ValueError):
    """The body inflates past the limit."""


class UnsupportedEncoding(ValueError):
    """A Content-Encoding that is not gzip, deflate or identity."""


def encodings_of(header: str | None) -> list[str]:
    """The codings of a Content-Encoding header, in the order they were applied (identity dropped).

    Raises:
        UnsupportedEncoding: a coding other than gzip, x-gzip, deflate or identity.
    """
    codings = [part.strip().lower() for part in (header or "").split(",")]
    codings = [c for c in codings if c not in IDENTITY]
    for coding in codings:
        if coding not in _WBITS:
            raise UnsupportedEncoding(f"unsupported Content-Encoding {coding[:40]!r}")
    return codings


class _Layer:
    """One coding: a zlib stream (gzip allows several members), fed in pieces."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.wbits = _WBITS[coding]
        self.decompressor = zlib.decompressobj(self.wbits)
        self.started = False

    def feed(self, chunks: list[bytes], room: int) -> list[bytes]:
        """What ``chunks`` inflate to, in pieces; raises ``InflateLimit`` past ``room`` bytes in all."""
        pieces: list[bytes] = []
        produced = 0
        for chunk in chunks:
            produced = self._feed_one(chunk, room, produced, pieces)
        return pieces

    def _feed_one(self, data: bytes, room: int, produced: int, pieces: list[bytes]) -> int:
        while data:
            try:
                out = self.decompressor.decompress(data, room - produced + 1)
            except zlib.error:
                if self.coding == "deflate" and not self.started:  # a raw deflate stream, no zlib header
                    self.wbits, self.started = -15, True
                    self.decompressor = zlib.decompressobj(self.wbits)
                    continue
                raise
            self.started = True
            produced += len(out)
            if produced > room:
                raise InflateLimit(f"inflates past {room} bytes")
            if out:
                pieces.append(out)
            data = self.decompressor.unconsumed_tail
            if not data and self.decompressor.eof and self.decompressor.unused_data:
                data = self.decompressor.unused_data  # the next gzip member
                if not data.strip(b"\x00"):
                    break  # padding after the last member
                self.decompressor = zlib.decompressobj(self.wbits)
        return produced


class Inflater:
    """Decodes a body coded with ``codings`` (in the order applied), chunk by chunk.

    ``feed`` returns the decoded bytes of one chunk; the total never exceeds ``limit``
    (``InflateLimit`` at the first byte over it, with at most ``limit`` bytes held at any layer).
    """

    def __init__(self, codings: list[str], limit: int) -> None:
        self.layers = [_Layer(c) for c in reversed(codings)]  # the last coding applied is undone first
        self.limit = limit
        self.total = 0

    def feed(self, data: bytes) -> bytes:
        pieces = [data]
        for number, layer in enumerate(self.layers, start=1):
            room = self.limit - self.total
            if number < len(self.layers):  # a coded middle layer: a little larger than what it codes
                room = 2 * room + 4096
            pieces = layer.feed(pieces, room)
        out = b"".join(pieces)
        self.total += len(out)
        if self.total > self.limit:
            raise InflateLimit(f"inflates past {self.limit} bytes")
        return out


def inflate(data: bytes, codings: list[str], limit: int) -> bytes:
    """``data`` decoded; see ``Inflater``.

    Raises:
        InflateLimit: past ``limit`` bytes.
        zlib.error: not the coding it claims.
    """
    return Inflater(codings, limit).feed(data)
