"""An incident's toll estimates as readers see them: low, best and high per measure, who gave
each, the conflicting and flagged figures, and one line of words ("best 18 (ISPR, the next day),
reports ranged 9–18") for the API, the incident page and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..resources.toll_sources import MEASURES
from .tables import Incident

NOUNS = {"killed": "killed", "militants": "militants killed", "injured": "injured"}


@dataclass(frozen=True)
class Given:
    """One report's figure: what, who, when (and why, for a conflict or a flagged figure)."""

    value: int
    report: int | None
    source: str | None
    published: date | None
    why: str | None = None
    reason: str | None = None
    corroborated: int | None = None  # best that a less trusted tier's reports gave, rising above a trusted figure

    @classmethod
    def of(cls, entry: dict[str, Any] | None) -> Given | None:
        if not entry:
            return None
        published = entry.get("published")
        return cls(value=entry["value"], report=entry.get("report"), source=entry.get("source"),
                   published=date.fromisoformat(published) if published else None, why=entry.get("why"),
                   reason=entry.get("reason"), corroborated=entry.get("corroborated"))


@dataclass(frozen=True)
class Estimate:
    measure: str  # killed (victims), militants, injured
    low: int | None
    best: int | None
    high: int | None
    best_given: Given | None = None  # None for an editor's toll or an incident stored before estimates
    low_given: Given | None = None
    high_given: Given | None = None
    by_editor: bool = False
    conflicts: tuple[Given, ...] = field(default=())
    flagged: tuple[Given, ...] = field(default=())
    uncredited: tuple[Given, ...] = field(default=())


def estimates_of(incident: Incident) -> dict[str, Estimate]:
    locked = set(incident.locked_fields or [])
    sources = incident.toll_sources or {}
    out = {}
    for measure in MEASURES:
        state = sources.get(measure) or {}
        out[measure] = Estimate(
            measure=measure, low=getattr(incident, f"{measure}_low"), best=getattr(incident, f"{measure}_best"),
            high=getattr(incident, f"{measure}_high"), best_given=Given.of(state.get("best")),
            low_given=Given.of(state.get("low")), high_given=Given.of(state.get("high")),
            by_editor=("injured" if measure == "injured" else "killed") in locked,
            conflicts=tuple(g for g in map(Given.of, state.get("conflicts") or []) if g),
            flagged=tuple(g for g in map(Given.of, state.get("flagged") or []) if g),
            uncredited=tuple(g for g in map(Given.of, state.get("uncredited") or []) if g),
        )
    return out


def when(published: date | None, day: date | None) -> str | None:
    """When a figure came, against the incident's day: "the same day", "the next day", "3 days later"."""
    if published is None:
        return None
    if day is None:
        return published.isoformat()
    days = (published - day).days
    if days <= 0:
        return "the same day"
    return "the next day" if days == 1 else f"{days} days later"


def describe(estimate: Estimate, day: date | None) -> str | None:
    """"best 18 (ISPR, the next day), reports ranged 9–18"; None when nothing is known."""
    if estimate.best is None and estimate.low is None:
        return None
    parts = []
    if estimate.best is not None:
        if estimate.by_editor:
            origin = "set by an editor"
        elif estimate.best_given is not None:
            given = estimate.best_given
            agree = f"{given.corroborated} reports agree" if given.corroborated else None
            origin = ", ".join(p for p in (given.source, agree, when(given.published, day)) if p)
        else:
            origin = None
        parts.append(f"best {estimate.best}" + (f" ({origin})" if origin else ""))
    if estimate.low is not None and estimate.high is not None:
        parts.append(f"reports ranged {estimate.low}–{estimate.high}" if estimate.low != estimate.high
                     else f"reports agreed on {estimate.low}")
    if estimate.conflicts:
        parts.append("conflicting: " + ", ".join(f"{g.value} ({g.source})" for g in estimate.conflicts[:3]))
    if estimate.flagged:
        parts.append("flagged for review: " + ", ".join(str(g.value) for g in estimate.flagged[:3]))
    return ", ".join(parts)
