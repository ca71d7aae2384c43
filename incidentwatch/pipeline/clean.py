"""Clean: HTML or plain text -> article text, title and publication date.

What it is not: a reader of files (``incidentwatch.sources`` reads and rejects bad files).

The cascade for the body: trafilatura on HTML (falling back to the page's visible text when it
finds nothing), then line rules from ``boilerplate.yaml`` on every article.
The cascade for the publication date: the caller's value, then the HTML metadata (htmldate),
then a dateline in the first lines of text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from ..models import CleanArticle, RawArticle, RejectReason
from ..models.window import in_window
from ..resources.lexicons import Boilerplate
from .base import ArticleDoc
from .html_bounds import bound_html
from .temporal import find_full_dates

log = logging.getLogger(__name__)

# what one article's text may hold after cleaning: far over any news article (a long report runs
# to 50,000 characters). A longer text (a 5 MB page of one repeated line, say) is read up to
# there, so that every later stage's cost stays bounded whatever the file.
MAX_TEXT_CHARS = 100_000

# An article shorter than this after cleaning is no article (a consent page, a teaser).
# 80 characters keeps the shortest one-paragraph wire brief of the devset.
MIN_ARTICLE_CHARS = 80
# Share of the 40 most common English words among the tokens below which a text is not
# English. English news runs at 0.30-0.45; Urdu in Latin script and German fall under 0.08.
MIN_ENGLISH_STOPWORD_SHARE = 0.12
# A first line is taken as the title if it is at most this long and does not end a sentence.
MAX_TITLE_CHARS = 200
# Lines of at most this length without a full stop at the end read as headlines; this many of
# them in a row inside the body are a list of other stories (a headline list, a ticker).
MAX_HEADLINE_CHARS = 160
HEADLINE_RUN = 3

ENGLISH_STOPWORDS = frozenset(
    "the of and to a in is that for it as was with be by on not he this are or his from at which "
    "but have an they were said has had its been who their will".split()
)


@dataclass(frozen=True)
class CleanOptions:
    min_chars: int = MIN_ARTICLE_CHARS
    check_english: bool = True


def html_to_text(html: str) -> tuple[str, str | None, date | None]:
    """Main text, title and date of an HTML page (trafilatura + htmldate)."""
    import trafilatura
    from htmldate import find_date

    html = bound_html(html)
    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
    )
    text = title = None
    if extracted is not None:
        text = getattr(extracted, "text", None)
        title = getattr(extracted, "title", None)
    if not text:
        text = trafilatura.html2txt(html) or ""
    published = None
    try:
        found = find_date(html, original_date=True, outputformat="%Y-%m-%d", extensive_search=False)
    except (ValueError, TypeError):  # htmldate gives up on some malformed pages
        found = None
    if found:
        published = date.fromisoformat(found)
    return text, title, published


_WS = re.compile(r"[ \t\u00a0]+")
_DATELINE = re.compile(
    r"^\s*\[?[A-Z][A-Za-z .'-]{2,30}\]?\s*,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?)\s*[:(–-]"
)


# a headline run into its lead, as feeds and copied pages give it: "Four policemen killed in Bannu
# attack BANNU: Four policemen were killed ..." (the headline has no sentence end or colon; the
# dateline is a place in capitals before a colon or a bracket)
_RUN_ON_DATELINE = re.compile(
    r"^(?P<head>[^.!?:\n]{15,200}?[A-Za-z0-9)’'”\"])\s+(?P<lead>[A-Z][A-Z.'/-]{2,}(?: [A-Z][A-Z.'/-]+){0,3}"
    r"(?:,[^:\n]{0,30})?(?::|\s\())\s*\S"
)


def split_run_on_headline(paragraph: str) -> list[str]:
    """``[headline, lead]`` when ``paragraph`` is a headline run into a datelined lead, else ``[paragraph]``."""
    match = _RUN_ON_DATELINE.match(paragraph)
    if match is None or match["head"].isupper():
        return [paragraph]
    return [match["head"].strip(), paragraph[match.start("lead"):].strip()]


# A sentence run onto the one before, its full stop and space lost ("injuries in the terrorist
# attackIn the second incident, ..."): a lower-case word's end followed by a capitalised opener
# of a clause. Only openers that begin a sentence, never the tail of a brand ("LinkedIn profile").
_LOST_STOP = re.compile(r"(?<=[a-z]{3})(?=(?:In|On|At) (?:the|a|an|another)\b|(?:Meanwhile|Separately|Elsewhere|Earlier|Later),)")


def _normalise_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [_LOST_STOP.sub(". ", _WS.sub(" ", line)).strip() for line in text.split("\n")]


def _single_newline_paragraphs(lines: list[str]) -> list[str]:
    """A text without any blank line whose lines end sentences (a page copied with one newline
    between paragraphs) has one paragraph per line: a blank line is put after each."""
    body = lines[:]
    while body and not body[-1]:
        body.pop()
    if "" in body or sum(line.endswith((".", "”", '"', "?", "!")) for line in body) < 3:
        return lines
    out: list[str] = []
    for line in body:
        out.extend([line, ""])
    return out


def join_hard_wrapped(paragraphs: list[str]) -> list[str]:
    """A paragraph that ends without a sentence's end and a next that opens in lower case are one
    sentence that a wire copy wrapped with blank lines ("At least ten persons died and 30" /
    "others sustained injuries in a powerful blast ...")."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and paragraph[:1].islower() and not out[-1].rstrip().endswith((".", "!", "?", "”", '"', ":", ")")):
            out[-1] = f"{out[-1]} {paragraph}"
        else:
            out.append(paragraph)
    return out


def _headline_like(line: str) -> bool:
    return bool(line) and len(line) <= MAX_HEADLINE_CHARS and not line.rstrip().endswith((".", "?", "!", "”", '"', ":", ";", ","))


def drop_story_lists(lines: list[str], boilerplate: Boilerplate) -> list[str]:
    """Drop lists of other stories: a heading such as "Latest News" with the headline-like lines
    after it (blank lines between them included) up to the next line of prose, and any run of
    ``HEADLINE_RUN`` or more headline-like lines after the first paragraph."""
    kept: list[str] = []
    in_block = False
    for line in lines:
        if boilerplate.starts_block(line):
            in_block = True
            continue
        if in_block and (not line or _headline_like(line)):
            continue
        in_block = False
        kept.append(line)
    out: list[str] = []
    seen_prose = False
    i = 0
    while i < len(kept):
        j = i
        while j < len(kept) and _headline_like(kept[j]):
            j += 1
        if seen_prose and j - i >= HEADLINE_RUN:
            i = j  # a run of headlines inside the body
            continue
        if j > i:
            out.extend(kept[i:j])
            i = j
            continue
        seen_prose = seen_prose or bool(kept[i])
        out.append(kept[i])
        i += 1
    return out


def clean_text(
    text: str, *, boilerplate: Boilerplate, title_hint: str | None = None
) -> tuple[str, str | None, date | None]:
    """Strip boilerplate from plain text; return (body, title, anchor date from captions).

    Paragraphs are separated by one blank line in the result; lines inside a paragraph are
    joined with a space.
    """
    lines = _single_newline_paragraphs(_normalise_lines(text))
    kept: list[str] = []
    anchor: date | None = None
    for line in lines:
        if not line:
            kept.append("")
            continue
        line = boilerplate.strip_prefix(line).strip()
        if not line or boilerplate.is_boilerplate(line):
            continue
        if boilerplate.is_caption(line):
            found = find_full_dates(line)
            if found and anchor is None:
                anchor = found[0]
            continue
        kept.append(line)
    kept = drop_story_lists(kept, boilerplate)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in kept + [""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs = join_hard_wrapped(paragraphs)
    if paragraphs:
        paragraphs = [*split_run_on_headline(paragraphs[0]), *paragraphs[1:]]
    title = title_hint
    if paragraphs and title is None:
        first = paragraphs[0]
        if len(first) <= MAX_TITLE_CHARS and not first.rstrip().endswith((".", "”", '"')) and len(paragraphs) > 1:
            title = first
            paragraphs = paragraphs[1:]
    elif paragraphs and title is not None and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs), title, anchor


def english_share(text: str) -> float:
    tokens = re.findall(r"[a-z]+", text[:20000].lower())
    if not tokens:
        return 0.0
    return sum(t in ENGLISH_STOPWORDS for t in tokens) / len(tokens)


def find_dateline(text: str, *, year_hint: int | None = None) -> date | None:
    """A date in a dateline ("PESHAWAR, May 14, 2024:") in the first 300 characters."""
    match = _DATELINE.match(text[:300])
    if not match:
        return None
    found = find_full_dates(match.group("date"), default_year=year_hint)
    return found[0] if found else None


# "Published in Dawn, October 27th, 2023", "Published: 12 March 2024": a paper's own stamp of the day
# it printed the story, on a line of its own (a top bar's "Today's Paper | May 16, 2024" is the day
# the page was read, and is not matched)
PUBLISHED_LINE = re.compile(r"^\s*Published(?:\s+in\s+[A-Z][\w .'’&-]{1,40}?)?\s*[,:]?\s+(?P<date>[^|\n]{6,40}?)\s*$",
                            re.MULTILINE)


def find_published_line(text: str) -> date | None:
    """The day of a "Published in <paper>, <date>" line holding a full date, if the text has one."""
    for match in PUBLISHED_LINE.finditer(text):
        found = find_full_dates(re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", match.group("date")))
        if found and len(found) == 1:
            return found[0]
    return None


def cut_text(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at the last paragraph or sentence end (or
    space) in the last quarter before the limit."""
    head = text[:limit]
    floor = limit * 3 // 4
    for mark in ("\n\n", ". ", " "):
        at = head.rfind(mark, floor)
        if at >= 0:
            return head[:at + (1 if mark == ". " else 0)].rstrip()
    return head


def clean_article(raw: RawArticle, *, boilerplate: Boilerplate, options: CleanOptions | None = None) -> CleanArticle:
    """Turn a raw article into a clean one.

    Raises:
        InputError: ``no_article`` when nothing readable is left, ``not_english`` when the
            text is not English.
    """
    options = options or CleanOptions()
    where = raw.path or raw.url or raw.id
    title, published, published_from = raw.title, raw.published, "caller" if raw.published else None
    if raw.html is not None:
        body, html_title, html_date = html_to_text(raw.html)
        title = title or html_title
        if published is None and html_date is not None:
            published, published_from = html_date, "html"
    else:
        body = raw.text or ""
    text, title, anchor = clean_text(body, boilerplate=boilerplate, title_hint=title)
    if len(text) > MAX_TEXT_CHARS:
        text = cut_text(text, MAX_TEXT_CHARS)
        log.warning("%s: article text over %d characters after cleaning; read up to there", where, MAX_TEXT_CHARS)
    if len(text) < options.min_chars:
        raise InputError(where, RejectReason.NO_ARTICLE, f"{len(text)} characters of text after cleaning")
    if options.check_english and english_share(text) < MIN_ENGLISH_STOPWORD_SHARE:
        raise InputError(where, RejectReason.NOT_ENGLISH)
    if published is None and (stamped := find_published_line(body)) is not None:
        published, published_from = stamped, "published line"
    if published is None:
        dateline = find_dateline(text, year_hint=anchor.year if anchor else None)
        if dateline is not None and dateline.year > 1900:
            published, published_from = dateline, "dateline"
    if published is not None and not in_window(published):  # dropped: every date computed from it would be too
        log.info("%s: publication date %s outside the supported window, dropped", where, published)
        published, published_from = None, None
    if anchor is not None and not in_window(anchor):
        anchor = None
    return CleanArticle(
        id=raw.id,
        text=text,
        title=title,
        published=published,
        published_from=published_from,
        anchor_date=anchor or published,
        path=raw.path,
        url=raw.url,
    )


class CleanStage:
    name = "clean"
    requires = ("raw",)
    provides = ("clean",)

    def __init__(self, boilerplate: Boilerplate, options: CleanOptions | None = None) -> None:
        self.boilerplate = boilerplate
        self.options = options or CleanOptions()

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.clean = clean_article(doc.raw, boilerplate=self.boilerplate, options=self.options)
        return doc
