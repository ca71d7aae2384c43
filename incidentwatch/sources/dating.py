"""Publication dates for files that carry none: from a sidecar, or from the file's name.

A plain-text or HTML file says nothing of when it was published, so its relative dates ("on
Monday") cannot be resolved and its incidents fall outside every period. Three ways to give
the date, the most specific first:

1. a sidecar JSON file beside it, ``<stem>.meta.json`` (``bannu-blast.txt`` ->
   ``bannu-blast.meta.json``), with ``published`` (``YYYY-MM-DD``) and optionally ``url``,
   ``title`` and ``outlet``;
2. a date in the file's name: ``2024-05-14-bannu.txt``, ``bannu_2024_05_14.html``,
   ``20240514-bannu.txt``;
3. ``--published`` on the command line, for every file of the batch.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..models import RejectReason

SIDECAR_SUFFIX = ".meta.json"
MAX_SIDECAR_BYTES = 64 * 1024
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)  # a "date" outside these is a number, not a day

_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


@dataclass(frozen=True)
class FileMeta:
    """What a sidecar (or the file's name) says of an article file."""

    published: date | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published_from: str | None = None  # "sidecar", "file name" or None


def date_in_name(name: str) -> date | None:
    """The first plausible calendar day written in a file name, or None."""
    for match in _NAME_DATE.finditer(name):
        try:
            day = date(int(match[1]), int(match[3]), int(match[4]))
        except ValueError:  # 2024-02-30
            continue
        if EARLIEST <= day <= LATEST:
            return day
    return None


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX if path.suffix else path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> FileMeta | None:
    """The sidecar of ``path`` if there is one.

    Raises:
        InputError: the sidecar exists but is not a JSON object of strings with a valid date.
    """
    side = sidecar_path(path)
    if not side.is_file():
        return None
    where = str(side)
    if side.is_symlink():  # a link could lead anywhere: a sidecar is a plain file beside its article
        raise InputError(where, RejectReason.MALFORMED, "a sidecar may not be a symbolic link")
    if side.stat().st_size > MAX_SIDECAR_BYTES:
        raise InputError(where, RejectReason.TOO_LARGE, f"a sidecar is at most {MAX_SIDECAR_BYTES} bytes")
    try:
        record = json.loads(side.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise InputError(where, RejectReason.MALFORMED, f"sidecar is not JSON ({error})") from None
    if not isinstance(record, dict):
        raise InputError(where, RejectReason.MALFORMED, "a sidecar must be a JSON object")
    fields = {}
    for key in ("published", "url", "title", "outlet"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(where, RejectReason.MALFORMED, f"{key} must be a string")
        fields[key] = value or None
    published = None
    if fields["published"]:
        try:
            published = date.fromisoformat(fields["published"][:10])
        except ValueError:
            raise InputError(where, RejectReason.MALFORMED, f"published {fields['published']!r} is not YYYY-MM-DD") from None
        if not EARLIEST <= published <= LATEST:
            raise InputError(where, RejectReason.MALFORMED, f"published {published} is outside {EARLIEST.year}-{LATEST.year}")
    return FileMeta(published=published, url=fields["url"], title=fields["title"], outlet=fields["outlet"],
                    published_from="sidecar" if published else None)


def file_meta(path: Path, published: date | None) -> FileMeta:
    """The sidecar's fields; the publication date from the sidecar, else the name, else ``published``.

    Raises:
        InputError: a malformed sidecar.
    """
    side = read_sidecar(path) or FileMeta()
    if side.published:
        return side
    named = date_in_name(path.name)
    if named:
        return FileMeta(published=named, url=side.url, title=side.title, outlet=side.outlet, published_from="file name")
    return FileMeta(published=published, url=side.url, title=side.title, outlet=side.outlet)
