"""``sources.yaml``: the outlets the watcher polls, validated on load.

```yaml
defaults:               # optional; each source may override these
  interval: 600         # seconds between polls
  per_host: 2           # requests in flight per host at most
  full_text: auto       # auto | true | false: read the feed's content, or fetch each entry's page
outlets:
  - name: Dawn
    feeds: [https://www.dawn.com/feeds/home]
    sitemaps: [https://www.dawn.com/sitemaps/news.xml]
    sections: [https://www.dawn.com/pakistan]
    interval: 300
```

A problem is one ``SourcesError`` naming the file and the entry (``sources.yaml: outlets[2].feeds[0]:
not an http(s) URL``), never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import IncidentwatchError
from .yaml_file import first_problem, read_mapping

Kind = Literal["feed", "sitemap", "section"]
FullText = Literal["auto", "true", "false"]
MIN_INTERVAL = 1.0  # seconds: tests poll fast; a real deployment polls every few minutes


class SourcesError(IncidentwatchError):
    """``sources.yaml`` (or the command line's sources) cannot be used."""


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value}: not an http(s) URL")
    return value


class Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    interval: float = Field(default=600.0, ge=MIN_INTERVAL)
    per_host: int = Field(default=2, ge=1, le=16)
    full_text: FullText = "auto"
    backfill: int = Field(default=20, ge=0, le=10_000)  # entries taken on a source's first poll; the older are marked seen


class Outlet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    country: str | None = Field(default=None, max_length=2)
    feeds: list[str] = []
    sitemaps: list[str] = []
    sections: list[str] = []
    interval: float | None = Field(default=None, ge=MIN_INTERVAL)
    full_text: FullText | None = None
    backfill: int | None = Field(default=None, ge=0, le=10_000)
    note: str | None = None

    @field_validator("feeds", "sitemaps", "sections")
    @classmethod
    def _urls(cls, values: list[str]) -> list[str]:
        return [_check_url(v) for v in values]

    @field_validator("full_text", mode="before")
    @classmethod
    def _bool_as_text(cls, value: object) -> object:
        return str(value).lower() if isinstance(value, bool) else value


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    example: bool = False  # the shipped example says so: it is never polled by the test suite
    defaults: Defaults = Defaults()
    outlets: list[Outlet] = Field(min_length=1)


@dataclass(frozen=True)
class SourceSpec:
    """One URL to poll, with everything the watcher needs to know about it."""

    url: str
    kind: Kind
    name: str
    interval: float
    full_text: FullText = "auto"
    backfill: int = 20

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()


@dataclass(frozen=True)
class WatchPlan:
    sources: tuple[SourceSpec, ...]
    per_host: int = 2


def parse_sources(data: object, *, where: str) -> WatchPlan:
    """The plan a sources document describes; ``SourcesError`` naming ``where`` and the entry."""
    try:
        parsed = SourcesFile.model_validate(data)
    except ValidationError as error:
        raise SourcesError(f"{where}: {first_problem(error)}") from None
    specs: list[SourceSpec] = []
    seen: set[str] = set()
    d = parsed.defaults
    for number, outlet in enumerate(parsed.outlets):
        urls = [(u, "feed") for u in outlet.feeds] + [(u, "sitemap") for u in outlet.sitemaps] + [(u, "section") for u in outlet.sections]
        if not urls:
            raise SourcesError(f"{where}: outlets[{number}] ({outlet.name}): no feeds, sitemaps or sections")
        for url, kind in urls:
            if url in seen:
                raise SourcesError(f"{where}: outlets[{number}] ({outlet.name}): {url} is listed twice")
            seen.add(url)
            specs.append(SourceSpec(url=url, kind=kind, name=outlet.name,  # type: ignore[arg-type]
                                    interval=outlet.interval or d.interval, full_text=outlet.full_text or d.full_text,
                                    backfill=d.backfill if outlet.backfill is None else outlet.backfill))
    return WatchPlan(sources=tuple(specs), per_host=d.per_host)


def load_sources(path: Path) -> WatchPlan:
    """Read and validate ``sources.yaml``; ``SourcesError`` (one line) on any problem."""
    return parse_sources(read_mapping(path, SourcesError, "'outlets'"), where=str(path))


def plan_from_urls(urls: list[str], *, interval: float, per_host: int = 2, full_text: FullText = "auto",
                   backfill: int = 20) -> WatchPlan:
    """A plan for ``--source URL``s: the kind is guessed from the URL (``sitemap`` in it: a sitemap;
    else a feed, or a section page when the body turns out to be HTML)."""
    specs = []
    for url in urls:
        try:
            _check_url(url)
        except ValueError:
            raise SourcesError(f"--source {url}: not an http(s) URL") from None
        kind = "sitemap" if "sitemap" in urlsplit(url).path.lower() else "feed"
        specs.append(SourceSpec(url=url, kind=kind, name=urlsplit(url).hostname or url, interval=interval,  # type: ignore[arg-type]
                                full_text=full_text, backfill=backfill))
    if interval < MIN_INTERVAL:
        raise SourcesError(f"--interval {interval:g}: at least {MIN_INTERVAL:g} s")
    return WatchPlan(sources=tuple(specs), per_host=per_host)
