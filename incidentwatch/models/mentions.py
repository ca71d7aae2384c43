"""What the stages find in the text, before the assembly stages turn it into incidents and claims.

A mention is a span of the clean text and the thing it resolves to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .place import Place
from .vocab import DatePrecision, Qualifier


@dataclass(frozen=True)
class TemporalMention:
    start: int
    end: int
    text: str
    range_start: date | None
    range_end: date | None
    precision: DatePrecision | None
    # "point": a day or month an event happened on; "period": a span figures are counted over;
    # "anaphor": "this period", "the same period" (refers back); "since": open period
    kind: str = "point"
    label: str | None = None  # what to call it when it is more than ``text`` ("This year ... in just four months")

    @property
    def resolved(self) -> bool:
        return self.range_start is not None


@dataclass(frozen=True)
class QuantityMention:
    start: int
    end: int
    text: str
    low: int | float
    high: int | float
    qualifier: Qualifier
    # the noun phrase the number counts ("Chinese nationals", "security-related incidents"),
    # lower-cased, and where it ends
    noun: str = ""
    noun_end: int = 0
    percent: bool = False

    @property
    def value(self) -> int | float:
        return self.low


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    name: str
    kind: str  # group | state | source
