"""What a polled document lists: a feed's items, a sitemap's URLs, a section page's article
links, as ``Entry``s with a stable key and a fingerprint that an edit changes.

The document's kind is read from its content, not its URL: an RSS, RDF or Atom root is a feed;
``<urlset>`` or ``<sitemapindex>`` a sitemap (news sitemaps included); HTML a section page.
XML is parsed without entities, DTDs or network access.
"""

from __future__ import annotations

import hashlib
import re
from calendar import timegm
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
from lxml import etree, html  # type: ignore[import-untyped]

from ..models import RawArticle
from ..sources.feeds import _body as entry_body
from ..sources.feeds import entry_date, looks_like_feed
from ..sources.files import MAX_ARTICLE_CHARS
from ..sources.follow import FULL_TEXT_CHARS  # ``full_text: auto``: an entry this long is the article

MAX_SECTION_LINKS = 300
MAX_CHILD_SITEMAPS = 3  # a sitemap index: its newest children are read, this many per poll
_SITEMAP_ROOT = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)[\s>]")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Entry:
    key: str  # SHA-256 of the entry's id: what "seen" is keyed on
    url: str | None
    fingerprint: str | None  # changes when the entry is edited (title, summary, dates)
    published_at: datetime | None = None  # naive UTC
    published: date | None = None  # the day as the outlet wrote it (its own timezone)
    title: str | None = None
    article: RawArticle | None = None  # the feed's own full text; None: fetch ``url``


@dataclass
class Listing:
    kind: str  # feed | sitemap | section | unknown
    entries: list[Entry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # a sitemap index's sitemaps to read
    problem: str | None = None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sniff(body: bytes, content_type: str) -> str:
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    if looks_like_feed(head):
        return "feed"
    if _SITEMAP_ROOT.search(head[:2048]):
        return "sitemap"
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml") or b"<html" in head.lower():
        return "section"
    return "unknown"


def read_listing(body: bytes, *, url: str, content_type: str, outlet: str, full_text: str = "auto") -> Listing:
    kind = sniff(body, content_type)
    if kind == "feed":
        return _feed(body, url=url, content_type=content_type, outlet=outlet, full_text=full_text)
    if kind == "sitemap":
        return _sitemap(body, url=url)
    if kind == "section":
        return _section(body, url=url)
    return Listing(kind="unknown", problem="neither a feed, a sitemap nor an HTML page")


def _when(entry: dict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, key)  # not feedparser's get: it maps a missing "updated" to "published", with a warning
        if parsed:
            try:
                return datetime.fromtimestamp(timegm(parsed), UTC).replace(tzinfo=None)
            except (OverflowError, ValueError):
                continue
    return None


def _feed(body: bytes, *, url: str, content_type: str, outlet: str, full_text: str) -> Listing:
    import io

    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-type": content_type or "application/xml",
                                                                   "content-location": url}, sanitize_html=True)
    listing = Listing(kind="feed")
    if parsed.get("bozo") and not parsed.entries:
        listing.problem = f"feed not well-formed ({parsed.get('bozo_exception')})"
        return listing
    feed_title = parsed.feed.get("title") or outlet
    for entry in parsed.entries:
        link = entry.get("link") or None
        ident = str(entry.get("id") or link or "")
        if not ident:
            continue
        html_body, text_body = entry_body(entry)
        content = html_body or text_body or ""
        fingerprint = digest("\x1f".join(str(dict.get(entry, k) or "") for k in ("title", "updated", "published")) + "\x1f" + content)
        has_content = bool(entry.get("content"))
        own = full_text == "true" or (full_text == "auto" and has_content
                                      and len(_TAGS.sub("", content).strip()) >= FULL_TEXT_CHARS)
        article = None
        if (own or not link) and content and len(content) <= MAX_ARTICLE_CHARS:
            article = RawArticle(id=link or ident, html=html_body, text=text_body, url=link, title=entry.get("title") or None,
                                 published=entry_date(entry), outlet=feed_title)
        if article is None and not link:
            continue
        listing.entries.append(Entry(key=digest(ident), url=link, fingerprint=fingerprint, published_at=_when(entry),
                                     published=entry_date(entry), title=entry.get("title") or None, article=article))
    return listing


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _sitemap(body: bytes, *, url: str) -> Listing:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as error:
        return Listing(kind="sitemap", problem=f"sitemap not well-formed ({error})")
    listing = Listing(kind="sitemap")
    if _local(root.tag) == "sitemapindex":
        children = []
        for item in root:
            loc = next((c.text for c in item if _local(c.tag) == "loc" and c.text), None)
            mod = next((c.text for c in item if _local(c.tag) == "lastmod"), None)
            if loc:
                children.append((_parse_date(mod) or datetime.min, urljoin(url, loc.strip())))
        children.sort(key=lambda pair: pair[0], reverse=True)
        listing.children = [u for _, u in children[:MAX_CHILD_SITEMAPS]]
        return listing
    for item in root:
        if _local(item.tag) != "url":
            continue
        loc = lastmod = published = title = None
        for child in item.iter():
            name = _local(child.tag)
            if name == "loc" and loc is None:
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = child.text
            elif name == "publication_date":
                published = child.text
            elif name == "title" and title is None:
                title = (child.text or "").strip() or None
        if not loc:
            continue
        link = urljoin(url, loc)
        when = _parse_date(published) or _parse_date(lastmod)
        local = _parse_date((published or lastmod or "").strip()[:10])
        listing.entries.append(Entry(key=digest(link), url=link, fingerprint=digest(f"{lastmod or ''}\x1f{published or ''}"),
                                     published_at=when, published=local.date() if local else None, title=title))
    # newest first, so that a first poll's backfill takes the latest
    listing.entries.sort(key=lambda e: e.published_at or datetime.min, reverse=True)
    return listing


def _looks_like_article(path: str) -> bool:
    parts = [p for p in path.split("/") if p]
    return bool(parts) and (len(parts) >= 2 or any(ch.isdigit() for ch in parts[-1]) or parts[-1].endswith((".html", ".htm")))


def _section(body: bytes, *, url: str) -> Listing:
    listing = Listing(kind="section")
    try:
        document = html.fromstring(body)
    except (etree.ParserError, ValueError) as error:
        listing.problem = f"page not readable ({error})"
        return listing
    base = urlsplit(url)
    seen: set[str] = set()
    for anchor in document.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        link, _ = urldefrag(urljoin(url, href.strip()))
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or parts.hostname != base.hostname or link.rstrip("/") == url.rstrip("/"):
            continue
        if link in seen or not _looks_like_article(parts.path):
            continue
        seen.add(link)
        title = " ".join(anchor.text_content().split())[:300] or None
        listing.entries.append(Entry(key=digest(link), url=link, fingerprint=None, title=title))
        if len(listing.entries) >= MAX_SECTION_LINKS:
            break
    return listing
