"""An article's reports as the writer stores them, prepared from the article alone: each
report's payload (the incident as the output contract gives it, with its shared-detail
signature, ``signature.sign``, and the sentences restating its toll, ``toll_context.add``) and
who gave its figures (``merged_view.payload_attribution``).

None of it reads the database, so extraction prepares it (``ingest.extract.extract_for_store``,
in the worker processes) and the one writer, which stores the articles one after the other,
does not spend its time on it. The writer prepares an article that comes without it (a record
made elsewhere) the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models import ExtractionResult
from . import merged_view, signature, toll_context
from .tolls import Attribution


@dataclass(frozen=True)
class PreparedReports:
    payloads: tuple[dict[str, Any], ...]  # one per incident of the extraction result, in its order
    attributions: tuple[Attribution | None, ...]  # None: the report gives no figure


def prepare(result: ExtractionResult, title: str | None, text: str) -> PreparedReports:
    payloads = [model.model_dump(mode="json") for model in result.incidents]
    signature.sign(payloads, title, text)
    toll_context.add(payloads, text)
    return PreparedReports(payloads=tuple(payloads),
                           attributions=tuple(merged_view.payload_attribution(payload) for payload in payloads))
