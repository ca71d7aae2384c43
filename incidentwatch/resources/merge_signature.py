"""The vocabulary of the merge's shared-detail signature (``merge_signature.yaml``): the
capitalised words too common to tell attacks apart, and the scene words that do."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError
from ._files import _yaml

FILE = "merge_signature.yaml"
WORD = re.compile(r"^[a-z][a-z-]*$")


@dataclass(frozen=True)
class SignatureWords:
    common: frozenset[str]  # lower case
    scene: frozenset[str]  # lower case, singular


def load_signature_words(directory: Path | None = None) -> SignatureWords:
    """Read the file.

    Raises:
        ResourceError: a list is missing, or an entry is not one lower-case word.
    """
    data = _yaml(FILE, directory)
    lists: dict[str, frozenset[str]] = {}
    for name in ("common", "scene"):
        entries = data.get(name)
        if not isinstance(entries, list) or not entries:
            raise ResourceError(FILE, None, f"{name}: give a list of words")
        bad = [e for e in entries if not isinstance(e, str) or not WORD.match(e)]
        if bad:
            raise ResourceError(FILE, None, f"{name}: not a lower-case word: {bad[0]!r}")
        lists[name] = frozenset(entries)
    return SignatureWords(common=lists["common"], scene=lists["scene"])


@functools.lru_cache(maxsize=1)
def signature_words() -> SignatureWords:
    """The bundled file, loaded once per process."""
    return load_signature_words()
