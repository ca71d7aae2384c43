"""A real HTTP server on 127.0.0.1, in a thread, serving the pages and feeds of ``news.py``."""

from __future__ import annotations

import functools
import gzip
import os
import shutil
import ssl
import subprocess
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .news import DERA_ISMAIL_KHAN, KECH, LAKKI_MARWAT, QUETTA, atom_feed, html_page, rss_feed

SLOW_SECONDS = 3.0  # the /slow page waits this long: far over the tests' read timeout


BOMB_BYTES = 256 << 20


@functools.cache
def double_gzip_bomb() -> bytes:
    """256 MiB of zeros, gzipped twice, made in 1 MiB steps (never held whole)."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    once = b"".join(inner.compress(block) for _ in range(BOMB_BYTES >> 20)) + inner.flush()
    return gzip.compress(once, 9)


@dataclass
class NewsServer:
    base: str
    port: int
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def _handler(state: NewsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass

        def _send(self, status: int, body: bytes, content_type: str, *, length: bool = True, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client stopped reading at its cap
                pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            state.requests.append((self.path, self.headers.get("Host", "")))
            path, base = self.path, state.base
            if path == "/article.html":
                self._send(200, html_page(LAKKI_MARWAT).encode(), "text/html; charset=utf-8")
            elif path == "/feed.rss":
                self._send(200, rss_feed([KECH, DERA_ISMAIL_KHAN], base=base).encode(), "application/rss+xml")
            elif path == "/feed.atom":
                self._send(200, atom_feed([QUETTA], base=base).encode(), "application/atom+xml; charset=utf-8")
            elif path == "/feed-as-text":
                self._send(200, rss_feed([KECH], base=base).encode(), "text/plain")
            elif path.startswith("/hop/"):  # /hop/N redirects N more times, then to the article
                left = int(path.rsplit("/", 1)[1])
                target = f"/hop/{left - 1}" if left > 1 else "/article.html"
                self._send(302, b"", "text/html", Location=target)
            elif path == "/to-loopback":  # another loopback address than the allowed 127.0.0.1
                self._send(302, b"", "text/html", Location=f"http://127.0.0.2:{state.port}/article.html")
            elif path == "/to-metadata":
                self._send(301, b"", "text/html", Location="http://169.254.169.254/latest/meta-data/")
            elif path == "/to-6to4":  # 127.0.0.1 written as 6to4
                self._send(302, b"", "text/html", Location=f"http://[2002:7f00:1::1]:{state.port}/article.html")
            elif path == "/to-ftp":
                self._send(302, b"", "text/html", Location="ftp://news.example/article.txt")
            elif path == "/big-declared":
                self._send(200, b"<p>" + b"x" * 50_000 + b"</p>", "text/html")
            elif path == "/big-streamed":  # no Content-Length: the body ends when the connection closes
                self._send(200, b"<p>" + b"y" * 50_000 + b"</p>", "text/html", length=False)
            elif path == "/slow":
                time.sleep(SLOW_SECONDS)
                self._send(200, html_page(LAKKI_MARWAT).encode(), "text/html")
            elif path == "/gzip-article":
                self._send(200, gzip.compress(html_page(LAKKI_MARWAT).encode()), "text/html", Content_Encoding="gzip")
            elif path == "/gzip-bomb":  # gzip inside gzip: under 1 kB on the wire, 256 MiB decoded
                self._send(200, double_gzip_bomb(), "text/html", Content_Encoding="gzip, gzip")
            elif path == "/brotli":
                self._send(200, b"not really brotli", "text/html", Content_Encoding="br")
            elif path == "/image.png":
                self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
            else:
                self._send(404, b"<h1>Not found</h1>", "text/html")

    return Handler


def _serve(tls: ssl.SSLContext | None = None):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = httpd.server_address[1]
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    state = NewsServer(base=f"{'https' if tls else 'http'}://127.0.0.1:{port}", port=port)
    httpd.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return httpd, thread, state


def _stop(httpd: ThreadingHTTPServer, thread: threading.Thread) -> None:
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def news_server():
    """The server for a test module; its request log is emptied before each test by ``server``."""
    httpd, thread, state = _serve()
    yield state
    _stop(httpd, thread)


TLS_HOST = "news.test"  # a name no DNS answers (RFC 6761): only the pinned address can serve it


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """The same server over TLS, its certificate (for news.test only) signed by a CA made here.

    Yields (state, CA file)."""
    if shutil.which("openssl") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have openssl (Debian's postgresql pulls it in through ssl-cert)")
        pytest.skip("openssl is not installed")
    root = tmp_path_factory.mktemp("tls")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=incidentwatch test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign", cwd=root)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", f"/CN={TLS_HOST}",
             cwd=root)
    (root / "leaf.ext").write_text(f"subjectAltName=DNS:{TLS_HOST}\nextendedKeyUsage=serverAuth\n")
    _openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem",
             "-days", "2", "-extfile", "leaf.ext", cwd=root)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(root / "leaf.pem", root / "leaf.key")
    httpd, thread, state = _serve(context)
    yield state, str(root / "ca.pem")
    _stop(httpd, thread)


@pytest.fixture()
def server(news_server):
    news_server.requests.clear()
    return news_server
