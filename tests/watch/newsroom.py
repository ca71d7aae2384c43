"""A newsroom on 127.0.0.1 for the watcher's tests: feeds, sitemaps, section pages and article
pages that change while the test runs (new stories, a story edited with a higher toll), and
routes that misbehave. It counts every request it answers, so that tests can check that the
watcher asked no more than its schedule and validators allow.

The stories are written for these tests from templates; the districts are real, the events,
names and figures are not.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DISTRICTS = ["Bannu", "Lakki Marwat", "Kech", "Quetta", "Khyber", "Dera Ismail Khan", "Peshawar", "Zhob", "Gwadar",
             "Tank", "Kurram", "Mastung", "Kohat", "Swat", "Panjgur", "Chitral", "Nowshera", "Kalat", "Hangu", "Turbat"]
WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine", 10: "Ten", 11: "Eleven",
         12: "Twelve", 14: "Fourteen", 15: "Fifteen", 16: "Sixteen", 18: "Eighteen", 20: "Twenty", 25: "Twenty-five"}


@dataclass
class Story:
    slug: str
    district: str
    killed: int
    published: datetime  # aware, UTC
    group: str | None = None
    edits: int = 0
    appeared: float = 0.0  # time.time() it went into a feed (the feed's date is whole seconds)

    @property
    def title(self) -> str:
        return f"Policemen killed in {self.district} checkpoint attack"

    def paragraphs(self) -> list[str]:
        day = self.published.strftime("%A")
        count = WORDS.get(self.killed, str(self.killed)).lower()
        out = [
            f"{self.district.upper()}: {count.capitalize()} policemen were killed and two others injured when militants "
            f"attacked a police checkpoint in {self.district} district on {day} night, officials said.",
            f"A police spokesman said the attackers used heavy weapons and fled after an exchange of fire that lasted "
            f"nearly an hour. The injured were taken to the district headquarters hospital in {self.district}.",
        ]
        out.append(f"The banned {self.group} claimed responsibility for the attack in a statement."
                   if self.group else "No group claimed responsibility for the attack.")
        out.append("Security forces cordoned off the area and launched a search operation to trace the attackers.")
        # every story its own text: two stories alike would be one article to the writer (its content hash)
        out.append(f"Officials said the checkpoint, known as post {self.slug.upper()}, had been set up last month.")
        return out

    def html(self) -> str:
        body = "".join(f"<p>{escape(p)}</p>" for p in self.paragraphs())
        iso = self.published.isoformat()
        return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                f"<title>{escape(self.title)} | Frontier Ledger</title>"
                f"<meta property='article:published_time' content='{iso}'></head><body>"
                "<header><nav><a href='/'>Home</a> <a href='/pakistan'>Pakistan</a></nav></header>"
                f"<article><h1>{escape(self.title)}</h1><time datetime='{iso}'>{self.published.date()}</time>{body}</article>"
                "<footer>Frontier Ledger. All rights reserved.</footer></body></html>")


def rss(stories: list[Story], *, base: str, title: str = "Frontier Ledger") -> str:
    items = []
    for s in stories:
        items.append(f"<item><title>{escape(s.title)}</title><link>{base}/news/{s.slug}</link>"
                     f"<guid isPermaLink='false'>{s.slug}</guid><pubDate>{format_datetime(s.published)}</pubDate>"
                     f"<description>{escape(s.paragraphs()[0][:160])}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>{base}/</link><description>Latest</description>{''.join(items)}</channel></rss>")


def sitemap(urls: list[tuple[str, str]]) -> bytes:
    """A news sitemap of (url, lastmod) pairs."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    parts.extend(f"<url><loc>{escape(u)}</loc><lastmod>{m}</lastmod></url>" for u, m in urls)
    parts.append("</urlset>")
    return "".join(parts).encode()


@dataclass
class Newsroom:
    base: str = ""
    port: int = 0
    feeds: dict[str, list[Story]] = field(default_factory=dict)  # feed path -> its stories, newest first
    stories: dict[str, Story] = field(default_factory=dict)
    requests: Counter = field(default_factory=Counter)  # path -> requests answered
    conditional: Counter = field(default_factory=Counter)  # path -> requests that carried If-None-Match
    not_modified: Counter = field(default_factory=Counter)
    polled: dict[str, list[float]] = field(default_factory=dict)  # feed path -> time.time() of each request
    answer_after: dict[str, float] = field(default_factory=dict)  # feed path -> seconds before it answers
    agents: set[str] = field(default_factory=set)
    robots: str | None = None  # None: 404
    retry_after: int = 2
    lock: threading.Lock = field(default_factory=threading.Lock)
    big_sitemap: bytes = b""

    def add(self, feed: str, story: Story) -> Story:
        with self.lock:
            story.appeared = time.time()
            self.stories[story.slug] = story
            self.feeds.setdefault(feed, []).insert(0, story)
        return story

    def edit(self, slug: str, killed: int) -> None:
        with self.lock:
            story = self.stories[slug]
            story.killed, story.edits = killed, story.edits + 1

    def feed_body(self, path: str) -> bytes:
        with self.lock:
            return rss(list(self.feeds.get(path, [])), base=self.base).encode()

    def count(self, prefix: str) -> int:
        return sum(n for p, n in self.requests.items() if p.startswith(prefix))


def story(slug: str, district: str, killed: int, *, group: str | None = None, published: datetime | None = None) -> Story:
    return Story(slug=slug, district=district, killed=killed, published=published or datetime.now(UTC).replace(microsecond=0),
                 group=group)


def _handler(room: Newsroom) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass

        def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            path = self.path
            with room.lock:
                room.requests[path] += 1
                if path in room.feeds:  # logged under the lock: a story added before this is in its answer
                    room.polled.setdefault(path, []).append(time.time())
                room.agents.add(self.headers.get("User-Agent", ""))
                if self.headers.get("If-None-Match"):
                    room.conditional[path] += 1
            try:
                self._route(path)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _route(self, path: str) -> None:
            if path == "/robots.txt":
                if room.robots is None:
                    self._send(404, b"not found")
                else:
                    self._send(200, room.robots.encode(), "text/plain")
            elif path in room.feeds:
                if room.answer_after.get(path):  # a sluggish server: the poll takes this long
                    time.sleep(room.answer_after[path])
                body = room.feed_body(path)
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    with room.lock:
                        room.not_modified[path] += 1
                    self._send(304, b"", "application/rss+xml", ETag=etag)
                else:
                    self._send(200, body, "application/rss+xml; charset=utf-8", ETag=etag)
            elif path.startswith("/news/"):
                found = room.stories.get(path.removeprefix("/news/"))
                if found is None:
                    self._send(404, b"<h1>Not found</h1>")
                else:
                    self._send(200, found.html().encode())
            elif path == "/broken/feed":  # always a server error
                self._send(500, b"<h1>Internal error</h1>")
            elif path == "/busy/feed":  # rate-limited
                self._send(429, b"slow down", "text/plain", Retry_After=str(room.retry_after))
            elif path == "/slow/feed":  # a body that drips for longer than the watcher waits
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(60):
                    self.wfile.write(b" " * 10)
                    self.wfile.flush()
                    time.sleep(0.1)
            elif path == "/repeat/feed":  # the same old entries, no validators, a new timestamp each time
                stale = [story("old-one", "Kohat", 3, published=datetime(2024, 5, 1, 6, tzinfo=UTC)),
                         story("old-two", "Hangu", 4, published=datetime(2024, 5, 2, 6, tzinfo=UTC))]
                for s in stale:
                    room.stories.setdefault(s.slug, s)
                body = rss(stale, base=room.base).replace("<description>Latest</description>",
                                                            f"<description>Latest</description><lastBuildDate>{time.time()}</lastBuildDate>")
                self._send(200, body.encode(), "application/rss+xml")
            elif path.startswith("/loop/"):  # redirects to itself for ever
                self._send(302, b"", Location=path)
            elif path == "/bomb/feed":  # 10 kB of gzip that inflates to 100 MB
                self._send(200, _BOMB, "application/rss+xml", Content_Encoding="gzip")
            elif path == "/big/sitemap.xml":
                self._send(200, room.big_sitemap, "application/xml")
            else:
                self._send(404, b"<h1>Not found</h1>")

    return Handler


_BOMB = gzip.compress(b"\0" * 100_000_000, compresslevel=9)


class NewsroomServer:
    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
        self.httpd.daemon_threads = True
        port = self.httpd.server_address[1]
        self.room = Newsroom(base=f"http://127.0.0.1:{port}", port=port)
        self.httpd.RequestHandlerClass = _handler(self.room)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
