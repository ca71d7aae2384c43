"""The JSON Schema of the output contract, generated from the models."""

from __future__ import annotations

from typing import Any

from .models import SCHEMA_VERSION, ExtractionResult


def extraction_schema() -> dict[str, Any]:
    schema = ExtractionResult.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA_VERSION
    schema["title"] = "incidentwatch extraction result"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
