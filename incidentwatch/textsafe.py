"""Text that can always be written: lone surrogates (and NUL, which PostgreSQL refuses in text) become U+FFFD.

A JSON string may hold a lone surrogate ("\\ud800"), and a file name that is not UTF-8 comes
back from the OS with surrogate escapes; neither can be encoded as UTF-8, so printing or
storing either would fail. Readers pass names and text through ``printable`` at the boundary,
and the CLI passes every line it prints through it once more.
"""

from __future__ import annotations

import json
import re

_SURROGATE = re.compile("[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"


def printable(text: str) -> str:
    """``text`` with every lone surrogate and NUL replaced by U+FFFD (the same object when there is none)."""
    return _SURROGATE.sub(REPLACEMENT, text) if _SURROGATE.search(text) else text


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """``printable(text)`` with control characters (a newline in a file name) escaped as ``\\xNN``,
    so that a message stays on one line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", printable(text))


def json_line(value: object) -> str:
    """``value`` as one line of JSON Lines: non-ASCII kept, lone surrogates replaced, and the
    characters that some readers take for line ends (U+2028, U+2029, U+0085) escaped."""
    text = printable(json.dumps(value, ensure_ascii=False, allow_nan=False))  # strict JSON: no NaN or Infinity
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


def printable_or_none(text: str | None) -> str | None:
    return None if text is None else printable(text)
