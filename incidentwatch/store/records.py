"""What an extraction worker hands to the one writer: a typed, picklable record per article."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..models import ExtractionResult

if TYPE_CHECKING:
    from .prepared import PreparedReports

TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|amp)$")


@dataclass(frozen=True)
class StoredArticle:
    """What the writer stores of any article: where it came from and its text."""

    source_id: str
    url: str | None
    outlet: str | None
    path: str | None
    title: str | None
    published: date | None
    clean_text: str

    @property
    def content_hash(self) -> str:
        return content_hash(self.clean_text)

    @property
    def canonical_url(self) -> str | None:
        return canonical_url(self.url) if self.url else None


@dataclass(frozen=True)
class ExtractedArticle(StoredArticle):
    result: ExtractionResult
    extractor_version: str
    # its reports' payloads and attributions, prepared with the extraction (``prepared.py``);
    # None: the writer prepares them
    prepared: PreparedReports | None = None


@dataclass(frozen=True)
class FailedArticle(StoredArticle):
    """An article that a stage could not finish (``ArticleFailure``): stored with its text (the
    raw text or HTML: it was not cleaned) and the failure, without reports or claims, so that
    ``db reextract`` tries it again after a fix."""

    failure: str  # the one-line failure
    reason: str  # internal_error | too_slow
    extractor_version: str


def content_hash(text: str) -> str:
    """SHA-256 of the clean text with whitespace collapsed: the identity of an article version."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """The URL without fragment, tracking parameters, 'www.', trailing slash or letter case in the host."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower() or "http", host, path, query, ""))
