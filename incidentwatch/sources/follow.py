"""Following a feed entry's link: most outlets' feeds carry a summary only, so the article is
the page the entry links to (``ingest --follow-links``, and ``incidentwatch watch``).

The page is fetched with the same safety as any URL (``fetch.py``) and keeps the entry's title,
publication date and outlet; a page that cannot be fetched is an error naming its URL, and the
entry is not stored from its summary instead (a summary would be stored as the article, and the
page, fetched later, would become a second version of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from ..errors import IncidentwatchError, InputError
from ..models import RawArticle, RejectReason
from .decode import decode_body
from .fetch import FetchOptions, fetch

# an entry whose own text (tags aside) is at least this long is the article: its link is not followed
FULL_TEXT_CHARS = 1500
_TAGS = re.compile(r"<[^>]+>")


def text_length(raw: RawArticle) -> int:
    return len(_TAGS.sub("", raw.html or raw.text or "").strip())


def page_article(url: str, options: FetchOptions | None = None, *, title: str | None = None, published: date | None = None,
                 outlet: str | None = None) -> RawArticle | InputError:
    """The page at ``url`` as a raw article carrying the entry's title, date and outlet."""
    try:
        page = fetch(url, options)
    except InputError as error:
        return error
    kind = page.content_type.split(";", 1)[0].strip().lower()
    if kind not in ("", "text/html", "application/xhtml+xml", "text/plain"):
        return InputError(url, RejectReason.MALFORMED, f"not an article page: {kind}")
    try:
        text = decode_body(page.body, page.content_type, where=url)
    except InputError as error:
        return error
    if not text.strip():
        return InputError(url, RejectReason.EMPTY)
    is_html = kind != "text/plain"
    return RawArticle(id=page.url, html=text if is_html else None, text=None if is_html else text, url=page.url,
                      title=title, published=published, outlet=outlet)


def follow_links(items: Iterable[RawArticle | IncidentwatchError], options: FetchOptions | None = None, *,
                 full_text_chars: int = FULL_TEXT_CHARS) -> Iterator[RawArticle | IncidentwatchError]:
    """Each article with an http(s) link and less than ``full_text_chars`` of text (a feed
    entry's summary) is replaced by the page it links to; the rest pass unchanged. A page
    fetched as a source itself (its id is its URL and it has no title) is not fetched again."""
    for item in items:
        if (isinstance(item, RawArticle) and item.url and item.url.lower().startswith(("http://", "https://"))
                and not (item.id == item.url and item.title is None) and text_length(item) < full_text_chars):
            yield page_article(item.url, options, title=item.title, published=item.published, outlet=item.outlet)
        else:
            yield item
