"""The event-type page documents every type and the ACLED sub-event type the taxonomy gives it."""

from pathlib import Path

import pytest

from incidentwatch.models import EventType
from incidentwatch.resources import load_taxonomy

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "event-types.md").read_text()


@pytest.mark.parametrize("event_type", list(EventType))
def test_every_event_type_is_documented_with_its_acled_mapping(event_type):
    entry = load_taxonomy().entry(event_type)
    row = next(line for line in PAGE.splitlines() if line.startswith(f"| `{event_type.value}`"))
    assert entry.acled is not None and entry.acled["sub_event_type"] in row
