"""Incidents with no date: they match a selection's other filters but fall in no period.

A tally by period, or over a period, cannot count them; ``stats``, the API, the dashboard and
the report say how many there are so that they do not vanish without a word.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.tables import Incident
from .selection import Selection, apply


def count_undated(session: Session, selection: Selection) -> int:
    """Incidents matching ``selection`` but for its dates that have no date."""
    undated = replace(selection, date_from=None, date_to=None)
    return session.scalar(apply(select(func.count()).select_from(Incident), undated).where(Incident.date.is_(None))) or 0
