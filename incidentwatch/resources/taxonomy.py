"""The taxonomy: event types with triggers and ACLED/GTD mappings, and victim categories."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import ResourceError
from ..models import EventType
from ._files import _validate, _yaml


class _EventTypeEntry(BaseModel):
    type: EventType
    description: str | None = None
    priority: int
    triggers: list[str] = []
    acled: dict[str, Any] | None = None
    acled_if_civilian_victims: dict[str, Any] | None = None
    acled_if_security_victims: dict[str, Any] | None = None
    gtd: dict[str, Any] | None = None


@dataclass(frozen=True)
class Taxonomy:
    event_types: tuple[_EventTypeEntry, ...]
    victims: dict[str, tuple[str, ...]]  # category -> nouns (security, civilians, militants, foreigners, generic)
    state_action_triggers: tuple[str, ...]

    def entry(self, event_type: EventType) -> _EventTypeEntry:
        for e in self.event_types:
            if e.type is event_type:
                return e
        raise KeyError(event_type)


def load_taxonomy(directory: Path | None = None) -> Taxonomy:
    file = "taxonomy.yaml"
    data = _yaml(file, directory)
    entries = tuple(_validate(_EventTypeEntry, e, file, f"event_types[{i}]") for i, e in enumerate(data.get("event_types") or []))
    missing = set(EventType) - {e.type for e in entries}
    if missing:
        raise ResourceError(file, None, f"event types without an entry: {sorted(m.value for m in missing)}")
    victims = {k: tuple(str(v).lower() for v in (vals or [])) for k, vals in (data.get("victims") or {}).items()}
    for needed in ("security", "civilians", "militants", "foreigners", "generic"):
        if needed not in victims:
            raise ResourceError(file, None, f"victims: missing category {needed!r}")
    return Taxonomy(
        event_types=tuple(sorted(entries, key=lambda e: e.priority)),
        victims=victims,
        state_action_triggers=tuple(str(t).lower() for t in data.get("state_action_triggers") or []),
    )
