"""Cue words of the incidents stage (``incident_cues.yaml``), compiled to regular expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError
from ._files import _yaml

FILE = "incident_cues.yaml"
REQUIRED = (
    "generic", "event_nouns_plural", "summary_nouns", "aggregate", "non_event", "new_event_start", "maybe_new_event_start", "same_day", "also", "recap",
    "follow_up", "news_kill", "claimed", "denied", "suspected", "attributed", "event_nouns", "attack_words", "sweep",
    "title_victim", "shot", "security_ranks", "vague_counts", "reporting", "biographical", "repelled_attack", "pre_empted",
    "earlier_event", "event_details", "recalled_attack_heads", "toll_update", "reporting_after",
)


@dataclass(frozen=True)
class IncidentCues:
    """Each entry of the file as one alternation (``alternatives``) and as a whole-word pattern."""

    alternatives: dict[str, str]

    def alt(self, name: str) -> str:
        """The entry as ``(?:a|b|c)``, to build a larger pattern from."""
        return self.alternatives[name]

    def words(self, name: str) -> re.Pattern[str]:
        """The entry as a case-insensitive whole-word pattern."""
        return re.compile(r"\b" + self.alternatives[name] + r"\b", re.IGNORECASE)

    def start(self, name: str) -> re.Pattern[str]:
        """The entry matched at the start of a text (after spaces) as a whole word."""
        return re.compile(r"^\s*" + self.alternatives[name] + r"\b", re.IGNORECASE)


def load_incident_cues(directory: Path | None = None) -> IncidentCues:
    data = _yaml(FILE, directory)
    missing = [k for k in REQUIRED if not data.get(k)]
    if missing:
        raise ResourceError(FILE, None, f"missing or empty entries: {', '.join(missing)}")
    alternatives = {}
    for name, items in data.items():
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise ResourceError(FILE, None, f"{name}: expected a list of non-empty strings")
        # longest first, so that "funeral prayers" wins over "funeral"
        alternation = "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"
        try:
            re.compile(alternation)
        except re.error as error:
            raise ResourceError(FILE, None, f"{name}: {error}") from None
        alternatives[name] = alternation
    return IncidentCues(alternatives=alternatives)
