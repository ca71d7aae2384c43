"""The output contract: one ``ExtractionResult`` per article."""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, Field

from .claim import Claim
from .incident import Incident

SCHEMA_VERSION: Final = "incidentwatch.extraction/1"


class ArticleMeta(BaseModel):
    id: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD")


class ExtractionResult(BaseModel):
    schema_: Literal["incidentwatch.extraction/1"] = Field(default=SCHEMA_VERSION, alias="schema")
    article: ArticleMeta
    incidents: list[Incident] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    model_config = {"populate_by_name": True}

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)
