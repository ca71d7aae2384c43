"""Counting presets: how a monitor counts, applied to our incidents.

A monitor's "fatalities" are not ours: CRSS counts the militants and outlaws killed in
operations, PICSS and PIPS count militant attacks apart from the state's operations, SATP and
ACLED include the perpetrators, ACLED publishes no injured. ``resources/presets.yaml`` says, for
each monitor, which of our event types it counts and whether its dead include the attackers;
``preset_figures`` turns our figures per event type into the figures under that preset.

What a preset changes in our count:

- event types: security operations are counted only with ``state_operations``, airstrikes only
  with ``cross_border_strikes``; every other type always;
- ``killed``: everyone killed with ``perpetrators_killed``, else everyone but the militants;
- ``injured``: with ``injured: false`` the monitor publishes none, and the ledger does not
  compare ours.

Sectarian and criminal violence and the reading of vague numbers are recorded for the reader
(docs/presets.md); our database has no separate class for them, so they change no count.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..models import EventType
from ..resources._files import _validate, _yaml
from .figures import Figures
from .selection import SelectionError

FILE = "presets.yaml"
STATE_OPERATION_TYPES = frozenset({EventType.SECURITY_OPERATION.value})
STRIKE_TYPES = frozenset({EventType.AIRSTRIKE.value})


class Methodology(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    year: int


class CountingPreset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    name: str
    sources: tuple[str, ...]
    methodology: Methodology
    state_operations: bool
    cross_border_strikes: bool
    perpetrators_killed: bool
    injured: bool
    sectarian: bool
    criminal: bool
    vague_numbers: str
    categories: tuple[str, ...]

    def counts_type(self, event_type: str) -> bool:
        if event_type in STATE_OPERATION_TYPES:
            return self.state_operations
        if event_type in STRIKE_TYPES:
            return self.cross_border_strikes
        return True

    @property
    def event_types(self) -> tuple[EventType, ...]:
        return tuple(t for t in EventType if self.counts_type(t.value))

    def describe(self) -> str:
        """One line: what this preset counts."""
        parts = ["security operations" if self.state_operations else "no security operations",
                 "airstrikes" if self.cross_border_strikes else "no airstrikes",
                 "killed with the militants" if self.perpetrators_killed else "killed without the militants",
                 "injured" if self.injured else "no injured"]
        return f"{self.name} preset ({self.methodology.title}, {self.methodology.year}): " + ", ".join(parts)


def load_presets(directory: Path | None = None) -> dict[str, CountingPreset]:
    """The presets of ``presets.yaml``, by key.

    Raises:
        ResourceError: the file is not valid YAML or an entry lacks a field.
    """
    data = _yaml(FILE, directory)
    entries = data.get("presets") or {}
    return {key: _validate(CountingPreset, {"key": key, **(entry or {})}, FILE, f"preset {key!r}") for key, entry in entries.items()}


@lru_cache(maxsize=1)
def presets() -> dict[str, CountingPreset]:
    return load_presets()


def parse_preset(value: str | CountingPreset | None) -> CountingPreset | None:
    """A preset from what a user typed (``crss``, ``CRSS``); None stays None.

    Raises:
        SelectionError: no such preset.
    """
    if value is None or isinstance(value, CountingPreset):
        return value
    key = value.strip().lower()
    found = presets().get(key)
    if found is None:
        raise SelectionError("preset", value, f"unknown preset; known: {', '.join(presets())}")
    return found


def preset_for_source(source: str | None) -> CountingPreset | None:
    """The preset of the monitor that published a figure, if we have one for it."""
    if not source:
        return None
    for preset in presets().values():
        if source in preset.sources:
            return preset
    return None


def preset_figures(by_type: dict[str, Figures], preset: CountingPreset | None) -> Figures:
    """Our figures under ``preset``: the event types it counts, added up, with ``killed`` as it
    counts the dead. Without a preset: every type, and ``killed`` is everyone killed (the
    tallies' own rule)."""
    total = Figures()
    for event_type, figures in by_type.items():
        if preset is None or preset.counts_type(event_type):
            total += figures
    if preset is not None and not preset.perpetrators_killed:
        total = replace(total, killed=total.killed - total.killed_militants)
    return total
