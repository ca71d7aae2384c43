"""Readable tables of extraction results: one row per incident or claim, its evidence sentence
on its own indented line under it (see ``layout``)."""

from __future__ import annotations

import click

from ..models import ExtractionResult
from .layout import Column, Layout, Row, render


def _toll(t) -> str:  # noqa: ANN001 - a Toll
    if t.total is None:
        return "-"
    parts = [f"{k[:3]} {getattr(t, k)}" for k in ("civilians", "security", "militants", "foreigners") if getattr(t, k) is not None]
    prefix = {"at_least": "≥", "approx": "~", "over": ">"}.get(t.qualifier.value if t.qualifier else "", "")
    return f"{prefix}{t.total}" + (f" ({', '.join(parts)})" if parts else "")


INCIDENT_COLUMNS = [Column("article"), Column("as"), Column("date"), Column("place"), Column("province"), Column("type"),
                    Column("perpetrator"), Column("killed", numeric=True), Column("injured", numeric=True)]
CLAIM_COLUMNS = [Column("article"), Column("source"), Column("region"), Column("period"), Column("metric"),
                 Column("value", numeric=True)]


def incident_layout(results: list[ExtractionResult]) -> Layout:
    rows = []
    for r in results:
        for i in r.incidents:
            perp = ", ".join(f"{p.name} ({p.status.value})" for p in i.perpetrators) or "-"
            rows.append(Row([
                r.article.id, i.reported_as.value, i.date or "-", i.location.place or i.location.admin2 or "-",
                i.location.admin1 or i.location.country or "-", i.event_type.value, perp, _toll(i.killed), _toll(i.injured),
            ], note=i.evidence[0].text if i.evidence else None))
    return Layout("Incidents", INCIDENT_COLUMNS, rows, footer=[] if rows else ["none found"])


def claim_layout(results: list[ExtractionResult]) -> Layout:
    rows = []
    for r in results:
        for c in r.claims:
            value = f"{c.value:g}" + ("%" if c.unit.value != "count" else "")
            rows.append(Row([
                r.article.id, c.source or "-", c.region.name, f"{c.period.start or '?'}..{c.period.end or '?'}",
                c.metric.value + ("" if c.unit.value == "count" else f" ({c.unit.value})"), f"{c.qualifier.value} {value}",
            ], note=c.evidence.text))
    return Layout("Statistical claims", CLAIM_COLUMNS, rows, footer=[] if rows else ["none found"])


def render_results(results: list[ExtractionResult], width: int | None = None) -> None:
    """Print the incidents and the claims of ``results``, each with its evidence under it."""
    click.echo(render(incident_layout(results), width))
    click.echo(render(claim_layout(results), width), nl=False)
