"""A day-by-day timeline of the incidents of a selection, as SATP keeps one: one line per
incident with its place, type, groups, tolls, note and links to its sources.

``build_timeline`` reads the database (through the exports' bounded row stream); the
renderers write Markdown (``incidentwatch timeline``) or one self-contained HTML document
(``--format html`` and the web's ``/timeline``). Article text and URLs are hostile: the HTML is
autoescaped, Markdown's special characters are escaped, and only http(s) URLs become links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy.orm import Session

from ..analytics import Selection
from ..exports.notes import incident_note
from ..exports.rows import ExportRow, iter_rows
from .build import EVENT_TYPE_NAMES
from .render import safe_link

MAX_ENTRIES = 5000  # a timeline longer than this is cut, and says so
MAX_LINKS = 5  # source links per incident
TEMPLATE = "timeline.html.j2"
# the page is self-contained: inline styles only, nothing fetched from anywhere
META_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"
POLICY = META_POLICY + "; frame-ancestors 'none'"  # the web's header: a <meta> cannot say frame-ancestors


@dataclass(frozen=True)
class Link:
    label: str  # the site (dawn.com)
    url: str


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    place: str
    event_type: str
    groups: tuple[str, ...]  # "TTP (claimed)"
    killed: int | None
    injured: int | None
    note: str
    links: tuple[Link, ...]
    sources: int


@dataclass(frozen=True)
class TimelineDay:
    day: date | None  # None: the incidents whose date is unknown
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class Timeline:
    selection: str  # the filters in words
    days: tuple[TimelineDay, ...]
    incidents: int
    killed: int
    injured: int
    left_out: int  # incidents past MAX_ENTRIES

    @property
    def is_empty(self) -> bool:
        return self.incidents == 0


def _where(row: ExportRow) -> str:
    parts = list(dict.fromkeys(p for p in (row.place, row.district, row.province) if p))
    return ", ".join(parts) or row.country or "unknown place"


def _links(row: ExportRow) -> tuple[Link, ...]:
    links = []
    for url in row.urls:
        safe = safe_link(url)
        if safe:
            links.append(Link((urlsplit(safe).hostname or "").removeprefix("www."), safe))
    return tuple(links[:MAX_LINKS])


def entry_of(row: ExportRow) -> TimelineEntry:
    return TimelineEntry(id=row.id, place=_where(row), event_type=EVENT_TYPE_NAMES.get(row.event_type, row.event_type),
                         groups=tuple(str(p) for p in row.perpetrators), killed=row.killed_total,
                         injured=row.injured_total, note=incident_note(row, when=False, where=False), links=_links(row), sources=row.sources)


def build_timeline(session: Session, selection: Selection, *, limit: int = MAX_ENTRIES) -> Timeline:
    """The selection's incidents by day (undated last), at most ``limit`` of them."""
    rows: list[ExportRow] = []
    left_out = killed = injured = 0
    for row in iter_rows(session, selection):
        killed += row.killed_total or 0
        injured += row.injured_total or 0
        if len(rows) < limit:
            rows.append(row)
        else:
            left_out += 1
    days = tuple(TimelineDay(day, tuple(entry_of(r) for r in group)) for day, group in groupby(rows, key=lambda r: r.date))
    return Timeline(selection=selection.describe(), days=days, incidents=len(rows) + left_out, killed=killed,
                    injured=injured, left_out=left_out)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """Text with Markdown's special characters escaped (article text is not markup)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _day_label(day: date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "Date unknown"


def render_markdown(timeline: Timeline) -> str:
    lines = [f"# Timeline: {md(timeline.selection)}", "",
             f"{timeline.incidents} incidents, {timeline.killed} killed, {timeline.injured} injured.", ""]
    for day in timeline.days:
        lines += [f"## {_day_label(day.day)}", ""]
        for e in day.entries:
            links = " ".join(f"[{md(link.label)}](<{link.url}>)" for link in e.links)
            lines.append(f"- **{md(e.place)}**: {md(e.note)}{' Sources: ' + links if links else ''} (incident {e.id})")
        lines.append("")
    if timeline.left_out:
        lines += [f"{timeline.left_out} more incidents are not shown: narrow the selection.", ""]
    return "\n".join(lines)


def render_timeline_html(timeline: Timeline) -> str:
    env = Environment(loader=PackageLoader("incidentwatch.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE).render(t=timeline, day_label=_day_label, policy=META_POLICY)
