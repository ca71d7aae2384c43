"""``/api/stats``: tallies of the selection, grouped as ``incidentwatch stats`` groups them (the
same ``analytics.stats`` function, so the two cannot disagree)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ...analytics.preset_stats import preset_stats
from ...analytics.presets import parse_preset, presets
from ...analytics.stats import METRICS, Dimension, Figures, StatsTable, stats
from ..deps import DbSession, Filters
from ..errors import ApiError, error_responses

router = APIRouter(tags=["stats"])


class ChangePublic(BaseModel):
    previous: int
    delta: int
    percent: float | None


class StatsRowPublic(BaseModel):
    keys: list[str] = Field(description="one label per dimension of `by`")
    label: str
    period_start: date | None = None
    period_end: date | None = Field(default=None, description="the last day, inclusive")
    figures: dict[str, int]
    previous: dict[str, int] | None
    change: dict[str, ChangePublic] | None
    share: dict[str, float | None] = Field(description="metric -> percent of the total")


class StatsPublic(BaseModel):
    by: list[str]
    selection: str = Field(description="the filters in words")
    period: str | None
    total: dict[str, int]
    previous_total: dict[str, int] | None
    total_change: dict[str, ChangePublic] | None
    rows: list[StatsRowPublic]
    undated: int | None = Field(default=None, description="incidents matching the filters but for the dates that have "
                                "no date, and so are in no period; null when no dates or periods were asked for")
    preset: str | None = Field(default=None, description="the monitor's counting preset the figures follow (docs/presets.md)")


def _changes(now: Figures, before: Figures | None) -> dict[str, ChangePublic] | None:
    if before is None:
        return None
    out = {}
    for metric in METRICS:
        a, b = getattr(now, metric), getattr(before, metric)
        out[metric] = ChangePublic(previous=b, delta=a - b, percent=None if b == 0 else 100.0 * (a - b) / b)
    return out


def stats_public(table: StatsTable) -> StatsPublic:
    rows = [StatsRowPublic(keys=list(r.keys), label=r.label, period_start=r.period.start if r.period else None,
                           period_end=r.period.last if r.period else None, figures=r.figures.as_dict(),
                           previous=r.previous.as_dict() if r.previous is not None else None,
                           change=_changes(r.figures, r.previous), share=r.share) for r in table.rows]
    return StatsPublic(by=[d.value for d in table.by], selection=table.selection.describe(),
                       period=table.period.label if table.period else None, total=table.total.as_dict(),
                       previous_total=table.previous_total.as_dict() if table.previous_total else None,
                       total_change=_changes(table.total, table.previous_total), rows=rows,
                       undated=table.undated, preset=table.preset)


@router.get("/stats", response_model=StatsPublic, responses=error_responses(400, 422))
def get_stats(selection: Filters, db: DbSession,
              by: Annotated[list[Dimension], Query(max_length=3, description="group by (repeat): a period "
                                                   "(year, quarter, month, week) and/or place, type, group, category")] = (),
              preset: Annotated[str | None, Query(max_length=20, description="count the way a monitor does: "
                                                  + ", ".join(presets()))] = None,
              ) -> StatsPublic:
    """Incidents, killed and injured (by victim category) of the selection, grouped by ``by``,
    with the change on the previous period and each row's share of the total; with ``preset``,
    counted the way that monitor counts (its event types, its dead)."""
    counting = parse_preset(preset or None)
    try:
        table = preset_stats(db, selection, by, counting) if counting else stats(db, selection, by)
    except ValueError as error:
        raise ApiError(422, f"by: {error}") from None
    return stats_public(table)
