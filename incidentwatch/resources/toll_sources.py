"""Toll sources and limits (``toll_sources.yaml``): who gave a figure, how far it is trusted, and
the largest plausible figure per event type."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from ..errors import ResourceError
from ..models import EventType
from ._files import _validate, _yaml

FILE = "toll_sources.yaml"
MEASURES = ("killed", "militants", "injured")


class _SourceEntry(BaseModel):
    name: str
    tier: int = Field(ge=0, le=3)
    patterns: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class TollSource:
    name: str
    tier: int
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class TollSources:
    sources: tuple[TollSource, ...]  # highest tier first, in file order within a tier
    reasons: tuple[re.Pattern[str], ...]
    limits: dict[str, dict[str, int]]  # measure -> event type -> most plausible
    default: TollSource

    def source_of(self, text: str) -> TollSource:
        """The most trusted source the text names; ``default`` (unnamed) when none."""
        for source in self.sources:
            if any(p.search(text) for p in source.patterns):
                return source
        return self.default

    def reason_in(self, text: str) -> str | None:
        """The words that give a reason for a lower toll, if the text has any: from the first
        reason word to the end of its clause ("after duplicate names were removed")."""
        starts = [found.start() for found in (p.search(text) for p in self.reasons) if found]
        if not starts:
            return None
        start = min(starts)
        end = re.search(r"[,;.]|$", text[start:])
        return text[start:start + (end.start() if end else 0)][:120].strip()

    def limit(self, measure: str, event_type: str) -> int:
        by_type = self.limits[measure]
        return by_type.get(event_type, by_type["other"])


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise ResourceError(FILE, None, f"{where}: bad pattern {pattern!r}: {error}") from None


def load_toll_sources(directory: Path | None = None) -> TollSources:
    data = _yaml(FILE, directory)
    entries = [_validate(_SourceEntry, entry, FILE, f"sources[{i}]") for i, entry in enumerate(data.get("sources") or [])]
    sources = [TollSource(e.name, e.tier, tuple(_compile(p, e.name) for p in e.patterns)) for e in entries]
    default = next((s for s in sources if s.tier == 1 and not s.patterns), None)
    if default is None:
        raise ResourceError(FILE, None, "sources: give one tier-1 entry without patterns (the unnamed source)")
    limits = data.get("limits") or {}
    for measure in MEASURES:
        by_type = limits.get(measure)
        if not isinstance(by_type, dict) or "other" not in by_type:
            raise ResourceError(FILE, None, f"limits.{measure}: give a mapping of event types with 'other'")
        unknown = set(by_type) - {t.value for t in EventType}
        if unknown:
            raise ResourceError(FILE, None, f"limits.{measure}: unknown event types {sorted(unknown)}")
    ordered = sorted((s for s in sources if s.patterns), key=lambda s: -s.tier)  # stable: file order within a tier
    reasons = tuple(_compile(p, "revision_reasons") for p in data.get("revision_reasons") or [])
    return TollSources(tuple(ordered), reasons, {m: {k: int(v) for k, v in limits[m].items()} for m in MEASURES}, default)


@functools.lru_cache(maxsize=1)
def toll_sources() -> TollSources:
    """The bundled file, loaded once per process."""
    return load_toll_sources()
