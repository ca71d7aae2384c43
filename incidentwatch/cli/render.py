"""Readable tables of extraction results (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import ExtractionResult


def _toll(t) -> str:
    if t.total is None:
        return "-"
    parts = [f"{k[:3]} {getattr(t, k)}" for k in ("civilians", "security", "militants", "foreigners") if getattr(t, k) is not None]
    prefix = {"at_least": "≥", "approx": "~", "over": ">"}.get(t.qualifier.value if t.qualifier else "", "")
    return f"{prefix}{t.total}" + (f" ({', '.join(parts)})" if parts else "")


EVIDENCE_CHARS = 90


def _short(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1].rstrip() + "…"


def render_results(results: list[ExtractionResult], console: Console) -> None:
    incidents = Table(title="Incidents", show_lines=False, expand=False)
    for col in ("article", "as", "date", "place", "province", "type", "perpetrator", "killed", "injured", "evidence"):
        incidents.add_column(col, overflow="fold", max_width=60 if col == "evidence" else None)
    claims = Table(title="Statistical claims")
    for col in ("article", "source", "region", "period", "metric", "value", "evidence"):
        claims.add_column(col, overflow="fold", max_width=60 if col == "evidence" else None)
    for r in results:
        for i in r.incidents:
            perp = ", ".join(f"{p.name} ({p.status.value})" for p in i.perpetrators) or "-"
            evidence = i.evidence[0].text if i.evidence else ""
            incidents.add_row(*map(Text, (  # article text is plain text, never rich markup
                r.article.id, i.reported_as.value, i.date or "-", i.location.place or i.location.admin2 or "-",
                i.location.admin1 or i.location.country or "-", i.event_type.value, perp, _toll(i.killed), _toll(i.injured),
                _short(evidence),
            )))
        for c in r.claims:
            value = f"{c.value:g}" + ("%" if c.unit.value != "count" else "")
            claims.add_row(*map(Text, (
                r.article.id, c.source or "-", c.region.name, f"{c.period.start or '?'}..{c.period.end or '?'}",
                f"{c.metric.value}" + ("" if c.unit.value == "count" else f" ({c.unit.value})"),
                f"{c.qualifier.value} {value}", _short(c.evidence.text),
            )))
    console.print(incidents)
    console.print(claims)
