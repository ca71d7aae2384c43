"""The real-pages development set (``realset/``): its manifest, its halves and its cache.

The page texts are third-party material kept out of git, in a cache folder named by
``$INCIDENTWATCH_REALSET_CACHE`` (default: ``cache/`` beside the manifest); the manifest says
where each page comes from and which half (``tune`` or ``test``) it belongs to.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from ..errors import GoldError

CACHE_ENV = "INCIDENTWATCH_REALSET_CACHE"
SPLITS = ("tune", "test")


class ManifestRow(BaseModel):
    id: str
    url: str
    query: str
    rank: int | None = None
    split: Literal["tune", "test"]
    kind: str
    published: str | None = None


def load_manifest(path: Path) -> list[ManifestRow]:
    """Read a manifest (one JSON object a line).

    Raises:
        GoldError: the file is missing, or a line is not JSON or not a manifest row.
    """
    if not path.exists():
        raise GoldError(str(path), None, "no such manifest")
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(ManifestRow.model_validate(json.loads(line)))
        except json.JSONDecodeError as error:
            raise GoldError(str(path), lineno, f"invalid JSON: {error.msg}") from None
        except ValidationError as error:
            first = error.errors()[0]
            raise GoldError(str(path), lineno, f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return rows


def manifest_for(gold_path: Path) -> Path:
    """The manifest beside a gold file: ``gold.jsonl`` -> ``manifest.jsonl``,
    ``stats-gold.jsonl`` -> ``stats-manifest.jsonl``."""
    return gold_path.with_name(gold_path.name.replace("gold", "manifest"))


def split_ids(manifest: Path, split: str) -> set[str]:
    """The ids of one half of the set."""
    if split not in SPLITS:
        raise GoldError(str(manifest), None, f"unknown split {split!r} (tune or test)")
    return {row.id for row in load_manifest(manifest) if row.split == split}


def cache_dir(manifest: Path | None = None) -> Path:
    """Where the page texts are: ``$INCIDENTWATCH_REALSET_CACHE``, else ``cache/`` beside the
    manifest (``realset/cache/``)."""
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named)
    return (manifest.parent if manifest else Path("realset")) / "cache"
