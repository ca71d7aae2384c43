"""A ``Report`` as one self-contained HTML page: inline CSS (screen and A4 print), inline SVG
charts and map, no script, no font, image or stylesheet from anywhere.

The template (``templates/report.html.j2``) is rendered by Jinja2 with autoescape on, so article
titles, outlets and evidence sentences (hostile text) show literally. The only markup let through
unescaped is the SVG drawn by ``charts`` and ``maps``, and only after ``external_references``
finds nothing in it that reaches outside. Links to the source articles are plain ``<a href>``
text links, only for ``http(s)`` URLs, with ``rel="noopener noreferrer"``; a Content-Security-
Policy in the page forbids any fetch should something slip through.

What this is not: it queries nothing (``build`` does) and writes no PDF (``pdf`` does).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..analytics.stats import Change
from ..atomic import write_bytes_atomically
from .build import CATEGORY_NAMES, EVENT_TYPE_NAMES, Report
from .svg import external_references

TEMPLATE = "report.html.j2"
URL_CHARS = 2000  # a longer "URL" is not linked


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL fit to link to, else None (shown as no link)."""
    if not url or len(url) > URL_CHARS or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def number(value: float | int | None) -> str:
    """``1,234``; an en dash for no figure."""
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def percent(value: float | None) -> str:
    """A share: ``42%``, ``<1%`` for a small non-zero one, an en dash for none."""
    if value is None:
        return "–"
    if 0 < value < 0.5:
        return "<1%"
    return f"{value:.0f}%"


def change(value: Change | None) -> str:
    """``+12 (+50%)``, ``−3 (−20%)``, ``+4 (new)`` when the previous figure was 0, ``0``, or an en dash."""
    if value is None:
        return "–"
    if value.delta == 0:
        return "0"
    sign = "+" if value.delta > 0 else "−"
    pct = "new" if value.percent is None else f"{sign}{abs(value.percent):.0f}%"
    return f"{sign}{abs(value.delta):,} ({pct})"


def change_delta(value: Change | None) -> str:
    """The first part of ``change``: ``+12``, ``−3``, ``0``, or an en dash."""
    return change(value).split(" (", 1)[0]


def change_percent(value: Change | None) -> str:
    """The second part of ``change``: ``+50%``, ``new``, or '' when there is none."""
    text = change(value)
    return text.split(" (", 1)[1].rstrip(")") if " (" in text else ""


def inline_svg(svg: str | None) -> Markup:
    """The SVG of a chart or the map, let through unescaped once checked to reach nothing outside.

    Raises:
        ValueError: the SVG refers to something outside itself (a bug in the drawing code).
    """
    if not svg:
        return Markup("")
    outside = external_references(svg)
    if outside:
        raise ValueError(f"a chart refers outside the page: {', '.join(outside[:3])}")
    return Markup(svg)  # noqa: S704 - drawn by charts/maps, text escaped there, checked just above


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("incidentwatch.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number=number, percent=percent, change=change, delta=change_delta, change_percent=change_percent, svg=inline_svg, link=safe_link,
                       category=lambda key: CATEGORY_NAMES.get(key, key),
                       event_type=lambda key: EVENT_TYPE_NAMES.get(key, key))
    return env


def render_html(report: Report) -> str:
    """The report as one HTML document (a string)."""
    return _environment().get_template(TEMPLATE).render(report=report, r=report)


def write_html(report: Report, path: Path) -> Path:
    """Render ``report`` to ``path``, written whole or not at all (a temporary file renamed).

    Returns:
        The path written.
    """
    return write_bytes_atomically(path, render_html(report).encode("utf-8"))
