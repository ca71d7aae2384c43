"""Bytes served over HTTP (a fetched page, a WARC payload) to text, by the declared charset."""

from __future__ import annotations

import codecs

from ..errors import InputError
from ..models import RejectReason


def charset_of(content_type: str) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if it names a known codec."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
            try:
                return codecs.lookup(charset).name
            except LookupError:
                return None
    return None


def is_text_encoding(codec: str) -> bool:
    """Whether the codec decodes bytes to text (``bytes.decode`` refuses the others)."""
    try:
        b"x".decode(codec)  # not b"": an empty input is never looked up
    except LookupError:
        return False
    except UnicodeError:  # a text encoding that wants more than one byte (UTF-16)
        return True
    return True


def decode_body(data: bytes, content_type: str, *, where: str) -> str:
    """``data`` decoded with the declared charset, else UTF-8.

    Raises:
        InputError: ``binary`` for NUL bytes, ``not_utf8`` when the bytes are not in the charset,
            ``malformed`` for a charset that is no text encoding.
    """
    if b"\x00" in data[:8192]:
        raise InputError(where, RejectReason.BINARY)
    charset = charset_of(content_type) or "utf-8"
    if not is_text_encoding(charset):  # base64, hex, rot13, uu, zlib (a bomb), bz2: bytes to bytes
        raise InputError(where, RejectReason.MALFORMED, f"charset {charset} is not a text encoding")
    try:
        return data.decode("utf-8-sig" if charset == "utf-8" else charset)
    except UnicodeDecodeError as error:
        raise InputError(where, RejectReason.NOT_UTF8, f"not {charset} at byte {error.start}") from None
