"""A short situation summary: incidents, killed and injured by province in the latest quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .tables import Incident


@dataclass(frozen=True)
class ProvinceRow:
    province: str
    incidents: int
    killed: int  # victims: everyone killed but the militants
    militants_killed: int
    injured: int


@dataclass(frozen=True)
class Situation:
    quarter: str | None
    start: date | None
    end: date | None
    rows: list[ProvinceRow]


def quarter_of(day: date) -> tuple[str, date, date]:
    q = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * q - 2, 1)
    end = date(day.year + 1, 1, 1) if q == 4 else date(day.year, 3 * q + 1, 1)
    return f"{day.year}Q{q}", start, end


def latest_quarter_situation(session: Session) -> Situation:
    latest = session.scalar(select(func.max(Incident.date)).where(Incident.review_state != "rejected"))
    if latest is None:
        return Situation(quarter=None, start=None, end=None, rows=[])
    label, start, end = quarter_of(latest)
    province = func.coalesce(Incident.admin1, Incident.country, "unknown")
    killed = func.coalesce(Incident.killed_total, 0) - func.coalesce(Incident.killed_militants, 0)
    query = (
        select(province, func.count(Incident.id), func.sum(killed), func.sum(func.coalesce(Incident.killed_militants, 0)),
               func.sum(func.coalesce(Incident.injured_total, 0)))
        .where(Incident.date >= start, Incident.date < end, Incident.review_state != "rejected")
        .group_by(province)
        .order_by(func.sum(killed).desc(), province)
    )
    rows = [ProvinceRow(province=p, incidents=n, killed=int(k or 0), militants_killed=int(m or 0), injured=int(i or 0))
            for p, n, k, m, i in session.execute(query)]
    return Situation(quarter=label, start=start, end=end, rows=rows)
