"""The two requests the watcher makes, run in its fetching threads: poll a source (a conditional
GET; a sitemap index's newest children too) and fetch an entry's article page. Both go through
``sources.fetch`` (addresses vetted on every hop, bounded redirects, size and time caps) and
robots.txt; neither touches the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from ..errors import InputError
from ..models import RawArticle, RejectReason
from ..sources.fetch import FetchedPage, FetchOptions, fetch
from ..sources.follow import page_article
from .entries import Entry, Listing, read_listing
from .hosts import RobotsCache

SITEMAP_MAX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit (50,000 URLs, 50 MB)


@dataclass
class PollResult:
    status: str  # "200", "304", "unchanged" (the same body again), or an error reason
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    listing: Listing | None = None
    error: InputError | None = None
    requests: int = 0


def _validators(page: FetchedPage) -> tuple[str | None, str | None]:
    return page.headers.get("etag"), page.headers.get("last-modified")


def poll_source(url: str, *, kind: str, outlet: str, full_text: str, etag: str | None, last_modified: str | None,
                body_hash: str | None, options: FetchOptions, robots: RobotsCache) -> PollResult:
    refused = robots.check(url)
    if refused:
        return PollResult(status="robots", error=InputError(url, RejectReason.HTTP_ERROR, refused))
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    if kind == "sitemap":
        options = replace(options, max_bytes=max(options.max_bytes, SITEMAP_MAX_BYTES))
    try:
        page = fetch(url, options, headers=headers)
    except InputError as error:
        return PollResult(status=error.reason.value, error=error, requests=1)
    if page.status == 304:
        return PollResult(status="304", etag=etag, last_modified=last_modified, body_hash=body_hash, requests=1)
    new_etag, new_modified = _validators(page)
    digest = hashlib.sha256(page.body).hexdigest()
    if digest == body_hash:  # a server without validators sent the same document again
        return PollResult(status="unchanged", etag=new_etag, last_modified=new_modified, body_hash=digest, requests=1)
    listing = read_listing(page.body, url=page.url, content_type=page.content_type, outlet=outlet, full_text=full_text)
    result = PollResult(status=str(page.status), etag=new_etag, last_modified=new_modified, body_hash=digest,
                        listing=listing, requests=1)
    big = replace(options, max_bytes=max(options.max_bytes, SITEMAP_MAX_BYTES))
    for child in listing.children:  # a sitemap index: its newest sitemaps
        if robots.check(child):
            continue
        try:
            child_page = fetch(child, big)
        except InputError as error:
            listing.problem = f"{child}: {error.reason.value} ({error.detail})"
            result.requests += 1
            continue
        result.requests += 1
        sub = read_listing(child_page.body, url=child_page.url, content_type=child_page.content_type, outlet=outlet)
        listing.entries.extend(sub.entries)
    if listing.problem and not listing.entries:
        result.error = InputError(url, RejectReason.MALFORMED, listing.problem)
        result.status = "malformed"
    return result


def fetch_article(entry: Entry, *, outlet: str, options: FetchOptions, robots: RobotsCache) -> RawArticle | InputError:
    """The entry's page as a raw article, with the entry's title and publication date."""
    url = entry.url or ""
    refused = robots.check(url)
    if refused:
        return InputError(url, RejectReason.HTTP_ERROR, refused)
    published = entry.published or (entry.published_at.date() if entry.published_at else None)
    return page_article(url, options, title=entry.title, published=published, outlet=outlet)
