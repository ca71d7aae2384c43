"""ACLED's actor conventions beyond its naming patterns (``acled.yaml``): groups that became a
country's state forces on a date (the Taliban in Afghanistan since 15 August 2021)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from ._files import _validate, _yaml

FILE = "acled.yaml"


class StateGroup(BaseModel):
    group: str
    country: str
    since: date
    military: str
    police: str


@lru_cache(maxsize=4)
def load_state_groups(directory: Path | None = None) -> tuple[StateGroup, ...]:
    """The ``state_groups`` of ``acled.yaml`` (bundled, or in ``directory``).

    Raises:
        ResourceError: the file or an entry is malformed.
    """
    data = _yaml(FILE, directory)
    return tuple(_validate(StateGroup, entry, FILE, f"state_groups[{i}]")
                 for i, entry in enumerate(data.get("state_groups") or []))


def state_group(name: str, on: date | None, groups: tuple[StateGroup, ...]) -> StateGroup | None:
    """The convention that codes group ``name`` as state forces on day ``on``, if any."""
    if on is None:
        return None
    return next((g for g in groups if g.group.casefold() == name.casefold() and on >= g.since), None)
