"""Bound an HTML page before the HTML libraries read it.

trafilatura, justext and htmldate parse a page several times with lxml, whose cost grows faster
than the page in some shapes (libxml2 compares every attribute of a tag with every other: 30,000
attributes on one tag took half a minute) and is large in any case (a 5 MB table: over 20 s). And
a C parser is not interrupted by the time budget. So, in one linear pass each, before parsing:

- scripts, styles, SVG, noscript blocks and comments are removed (no article text lives there;
  an unclosed one runs to the end of the page);
- a tag longer than ``MAX_TAG_CHARS`` keeps its name and loses its attributes;
- what is left is cut at ``MAX_HTML_CHARS``, at a tag's start (lxml closes what is open).
"""

from __future__ import annotations

import re

MAX_TAG_CHARS = 2_000
MAX_HTML_CHARS = 600_000  # an article page without its scripts and styles runs to a few hundred kB
_DROPPED = ("script", "style", "svg", "noscript", "template")
_OPEN = re.compile(r"<(" + "|".join(_DROPPED) + r")\b|<!--", re.IGNORECASE)
_LONG_TAG = re.compile(r"<([A-Za-z][\w:.-]{0,40})\s[^<>]{" + str(MAX_TAG_CHARS) + r",}>")


def _drop_blocks(html: str) -> str:
    parts: list[str] = []
    lower = html.lower()
    pos = 0
    while True:
        m = _OPEN.search(html, pos)
        if m is None:
            parts.append(html[pos:])
            break
        parts.append(html[pos:m.start()])
        closing = "-->" if m.group(0) == "<!--" else f"</{m.group(1).lower()}"
        end = lower.find(closing, m.end())
        if end < 0:
            break  # unclosed: the rest of the page is inside it
        stop = end + len(closing)
        if closing != "-->":
            gt = html.find(">", stop)
            stop = gt + 1 if gt >= 0 else len(html)
        pos = stop
    return "".join(parts)


def bound_html(html: str) -> str:
    """``html`` without what carries no text, with bounded tags and at most ``MAX_HTML_CHARS``."""
    html = _drop_blocks(html)
    html = _LONG_TAG.sub(lambda m: f"<{m.group(1)}>", html)
    if len(html) > MAX_HTML_CHARS:
        cut = html.rfind("<", 0, MAX_HTML_CHARS)
        html = html[:cut if cut > 0 else MAX_HTML_CHARS]
    return html
