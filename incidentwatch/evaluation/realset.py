"""The real-pages development set (``realset/``): its manifest, its halves and its cache.

The page texts are third-party material kept out of git, in a cache folder named by
``$INCIDENTWATCH_REALSET_CACHE`` (default: ``cache/`` beside the manifest); the manifest says
where each page comes from and which half (``tune`` or ``test``) it belongs to.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from ..errors import GoldError
from .gold import load_records

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
    return load_records(path, ManifestRow, missing="no such manifest")


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
