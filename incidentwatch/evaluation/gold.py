"""Gold files: one JSON object per article, in the format of ``shared/eval/seeds-gold.jsonl``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import GoldError


class GoldIncident(BaseModel):
    date: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    place: str | None = None
    event_type: str | None = None
    perpetrator: str | None = None
    perpetrator_status: str | None = None
    killed: int | None = None
    injured: int | None = None
    killed_civilians: int | None = None
    killed_security: int | None = None
    killed_militants: int | None = None
    killed_foreigners: int | None = None
    qualifier: str | None = None
    evidence: str | None = None
    reported_as: str = "main"
    event: str | None = None  # the real attack a main incident is (sets with several reports of one attack)


class GoldClaim(BaseModel):
    source: str | None = None
    region: str | None = None
    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    metric: str
    value: float
    qualifier: str | None = None
    evidence: str | None = None


class GoldArticle(BaseModel):
    id: str
    url: str | None = None
    published: str | None = None
    kind: str | None = None
    path: str | None = None
    incidents: list[GoldIncident] = []
    claims: list[GoldClaim] = []
    notes: str | None = None


Record = TypeVar("Record", bound=BaseModel)


def load_records(path: Path, model: type[Record], *, missing: str = "no such file") -> list[Record]:
    """Read a JSON Lines file of ``model`` records, validating each line.

    Raises:
        GoldError: the file is missing, or a line is not JSON or not such a record.
    """
    if not path.exists():
        raise GoldError(str(path), None, missing)
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(model.model_validate(json.loads(line)))
        except json.JSONDecodeError as error:
            raise GoldError(str(path), lineno, f"invalid JSON: {error.msg}") from None
        except ValidationError as error:
            first = error.errors()[0]
            raise GoldError(str(path), lineno, f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return records


def load_gold(path: Path) -> list[GoldArticle]:
    """Read and validate a gold file.

    Raises:
        GoldError: a line is not JSON or not a gold record.
    """
    return load_records(path, GoldArticle)


def find_article_file(gold: GoldArticle, *, gold_path: Path, articles_dir: Path | None) -> Path | None:
    """Where the text of a gold article is.

    In order: the record's ``path`` (relative to the gold file), ``<dir>/<id>.*`` in the
    articles folder, the gold file's folder, its ``articles/`` and its sibling ``seeds/``; and
    for ids like ``seed-003`` a file whose name starts with ``003_`` (the seeds' naming).
    """
    if gold.path:
        candidate = (gold_path.parent / gold.path).resolve()
        return candidate if candidate.exists() else None
    folders = [d for d in (articles_dir, gold_path.parent / "articles", gold_path.parent, gold_path.parent.parent / "seeds") if d is not None]
    number = gold.id.rsplit("-", 1)[-1]
    for folder in folders:
        if not folder.is_dir():
            continue
        for suffix in (".txt", ".html", ".htm"):
            candidate = folder / f"{gold.id}{suffix}"
            if candidate.exists():
                return candidate
        if number.isdigit():
            matches = sorted(folder.glob(f"{number}_*"))
            if matches:
                return matches[0]
    return None
