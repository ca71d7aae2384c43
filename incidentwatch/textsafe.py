"""Text that can always be written: lone surrogates become U+FFFD.

A JSON string may hold a lone surrogate ("\\ud800"), and a file name that is not UTF-8 comes
back from the OS with surrogate escapes; neither can be encoded as UTF-8, so printing or
storing either would fail. Readers pass names and text through ``printable`` at the boundary,
and the CLI passes every line it prints through it once more.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def printable(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (the same object when there is none)."""
    return _SURROGATE.sub(REPLACEMENT, text) if _SURROGATE.search(text) else text


def printable_or_none(text: str | None) -> str | None:
    return None if text is None else printable(text)
