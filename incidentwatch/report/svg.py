"""Making an SVG safe and tidy to inline into an HTML page that must work offline.

``inline_svg`` takes an SVG document (matplotlib's or our own) and returns an ``<svg>`` element:
no XML declaration or DOCTYPE, no RDF metadata, no comments, ``href`` instead of ``xlink:href``,
every id prefixed so that several SVGs can share one page, a ``<title>`` and ``<desc>`` for screen
readers, and a width that follows the page. ``external_references`` lists whatever in an SVG
would reach outside it; the report and the tests use it to prove there is nothing.

It does not sanitise arbitrary SVG from outside: its inputs are drawn by this package, and every
piece of article text in them was escaped when it was drawn.
"""

from __future__ import annotations

import hashlib
import re
from xml.etree import ElementTree
from xml.sax.saxutils import escape

SVG_NS = "http://www.w3.org/2000/svg"

_XLINK_NS_ATTR = re.compile(r'\s+xmlns:xlink="[^"]*"')
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_ROOT = re.compile(r"<svg\b[^>]*>")
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\b(?:xlink:)?href="#([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")

# Elements that fetch, run or embed something, and attribute values that name a URL scheme.
_FORBIDDEN_TAGS = {"image", "script", "foreignobject", "iframe", "object", "embed", "a", "audio", "video"}
_SCHEME = re.compile(r"\b(?:https?|ftp|file|data|javascript):", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(?!#)[^)]*\)|@import", re.IGNORECASE)


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of the width of ``text`` in DejaVu/Liberation Sans, in the font's units."""
    return len(text) * font_size * 0.6


def escape_attr(value: str) -> str:
    return escape(value, {'"': "&quot;", "'": "&apos;"})


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def inline_svg(document: str, *, title: str, description: str = "") -> str:
    """The ``<svg>`` element of ``document``, ready to inline (see the module docstring).

    The id prefix is a digest of the drawing itself, so the output is reproducible and two
    different drawings on one page cannot share an id.
    """
    start = document.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document: no <svg> element")
    body = document[start:]
    body = _METADATA.sub("", body)
    body = _COMMENT.sub("", body)
    body = _XLINK_NS_ATTR.sub("", body)
    prefix = "iw" + hashlib.sha256(body.encode()).hexdigest()[:8] + "-"
    body = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', body)
    body = _HREF.sub(lambda m: f'href="#{prefix}{m.group(1)}"', body)
    body = _URL.sub(lambda m: f"url(#{prefix}{m.group(1)})", body)
    root = _ROOT.match(body)
    if root is None:
        raise ValueError("not an SVG document: malformed <svg> tag")
    view_box = re.search(r'viewBox="([^"]+)"', root.group(0))
    if view_box is None:
        raise ValueError("the <svg> element has no viewBox")
    title_id = f"{prefix}title"
    new_root = (
        f'<svg xmlns="{SVG_NS}" version="1.1" viewBox="{view_box.group(1)}" width="100%" '
        f'role="img" aria-labelledby="{title_id}" class="iw-figure">'
        f'<title id="{title_id}">{escape(title)}</title>'
        + (f"<desc>{escape(description)}</desc>" if description else "")
    )
    return new_root + body[root.end():].strip() + "\n"


def external_references(svg: str) -> list[str]:
    """Every part of ``svg`` that refers outside it: empty for a self-contained SVG.

    Parses the SVG and reports forbidden elements, event-handler attributes, hrefs that are not
    ``#fragment``, ``url()`` that is not ``url(#...)``, URL schemes in attribute values and
    ``@import`` in styles. Text content is data, not a reference. The namespace name on the root
    element is an identifier, never fetched, and is ignored.

    Raises:
        ValueError: ``svg`` is not well-formed XML.
    """
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as error:
        raise ValueError(f"SVG is not well-formed XML: {error}") from None
    found: list[str] = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag.lower() in _FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local.lower().startswith("on"):
                found.append(f"{local}=")
            elif local == "href" and not value.startswith("#"):
                found.append(f"href={value}")
            elif _SCHEME.search(value) or _CSS_URL.search(value):
                found.append(f"{local}={value}")
        if tag == "style" and element.text and (url := _CSS_URL.search(element.text)):
            found.append(f"<style>{url.group(0)}")
    return found
