"""Article-side boundary types: what goes into the pipeline and the spans that point into it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    """A stretch of the clean text: ``text == clean_text[start:end]``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


@dataclass(frozen=True)
class RawArticle:
    """An article as a source gives it: text or HTML, and what metadata came with it."""

    id: str
    text: str | None = None
    html: str | None = None
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class CleanArticle:
    """The article after cleaning. All offsets of later stages point into ``text``.

    ``anchor_date`` is a date the text shows without it being the publication date
    (a photo caption's "May 5, 2022 press briefing"): it fixes the year of "this year"
    in statistics, never the day of "on Thursday".
    """

    id: str
    text: str
    title: str | None
    published: date | None
    published_from: str | None = None
    anchor_date: date | None = None
    path: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    index: int
