"""Decompression bombs and impossible headers in WARC files, through ``incidentwatch ingest``.

Each bomb is a ``.warc.gz`` of about a megabyte that inflates to 1 GiB, written at test time. The
command runs in a child process (its address space capped at 3 GiB, so an undefused bomb ends
in a MemoryError instead of taking the machine): its peak RSS stays under 300 MB and the bad
record's one-line error is printed.
"""

from __future__ import annotations

import codecs
import gzip

import pytest

from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources.warc import read_warc
from tests.bombs import run_cli_measured, write_gzip_member

from .news import BAJAUR, html_page, write_warc

GIB = 1 << 30
PEAK_LIMIT = 300 * 1000 * 1000


def _response_head(url: str, length: int, *, http: str = "") -> bytes:
    http_block = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + http + "\r\n").encode()
    warc = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http_block) + length}\r\n\r\n").encode()
    return warc + http_block


def _ingest(tmp_path, warc) -> tuple[int, str, str, int]:
    return run_cli_measured(["ingest", str(warc), "--db", str(tmp_path / "bomb.db"), "--quiet"])


def _assert_defused(result, path, expected: str) -> None:
    code, stdout, stderr, peak = result
    assert "MemoryError" not in stderr and "Traceback" not in stderr, stderr[-2000:]
    assert peak < PEAK_LIMIT, f"peak RSS {peak / 1e6:.0f} MB"
    skipped = [line for line in stderr.splitlines() if line.startswith(f"skipped {path}")]
    assert skipped and any(expected in line for line in skipped), stderr
    assert code == 1 and "failed" in stdout


def test_a_gzip_of_one_gib_without_a_newline_is_one_header_line_error(tmp_path):
    bomb = tmp_path / "b.warc.gz"  # the attack as reported: gzip.compress(b'W' * 2**30)
    with bomb.open("wb") as fh:
        write_gzip_member(fh, fill=b"W", size=GIB)
    assert bomb.stat().st_size < 2_000_000
    _assert_defused(_ingest(tmp_path, bomb), bomb, "malformed (LineTooLong: a header line over 65536 bytes)")


def test_a_header_block_of_endless_short_lines_is_refused(tmp_path):
    bomb = tmp_path / "headers.warc.gz"
    with bomb.open("wb") as fh:
        write_gzip_member(fh, head=b"WARC/1.0\r\nWARC-Type: response\r\n", fill=b"X-Filler: w\r\n", size=GIB)
    _assert_defused(_ingest(tmp_path, bomb), bomb, "malformed (HeadersTooLong: headers over 262144 bytes)")


def test_a_record_declaring_one_gib_of_html_is_too_large_and_the_file_inflation_is_capped(tmp_path):
    bomb = tmp_path / "body.warc.gz"
    with bomb.open("wb") as fh:
        size = GIB - (1 << 20)  # under MAX_RECORD_BYTES: an article record, read until the budget is spent
        write_gzip_member(fh, head=_response_head("https://news.example/bomb", size + 3) + b"<p>", fill=b"W", size=size)
    result = _ingest(tmp_path, bomb)
    _assert_defused(result, bomb, "offset 0: too_large (record of")
    assert "inflates past 200 times its size" in result[2]


def test_a_gzip_coded_payload_inflating_to_one_gib_is_too_large(tmp_path):
    import io

    payload = io.BytesIO()
    write_gzip_member(payload, fill=b"<p>W</p>", size=GIB)
    body = payload.getvalue()
    bomb = tmp_path / "payload.warc.gz"
    for chunked in (False, True):
        coded = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n" if chunked else body
        http = "Content-Encoding: gzip\r\n" + ("Transfer-Encoding: chunked\r\n" if chunked else "")
        bomb.write_bytes(gzip.compress(_response_head("https://news.example/payload", len(coded), http=http) + coded + b"\r\n\r\n", 1))
        _assert_defused(_ingest(tmp_path, bomb), bomb, "offset 0: too_large (payload inflates past 5242880 bytes)")


def _good_and_bad(tmp_path, name: str, bad_record: bytes, *, gzipped: bool):
    """A WARC of a good page, the bad record, and a good page: its items."""
    path = tmp_path / name
    first, last = tmp_path / "first.warc", tmp_path / "last.warc"
    write_warc(first, [("https://news.example/one", html_page(BAJAUR))], gzip=gzipped)
    write_warc(last, [("https://news.example/two", html_page(BAJAUR))], gzip=gzipped)
    bad = gzip.compress(bad_record) if gzipped else bad_record
    path.write_bytes(first.read_bytes() + bad + last.read_bytes())
    return list(read_warc(path))


@pytest.mark.parametrize("gzipped", [False, True])
@pytest.mark.parametrize("digits", [30, 5000])
def test_a_content_length_of_nines_is_that_records_error(tmp_path, gzipped, digits):
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>nine</p>"
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/nines\r\n"
              b"Content-Length: " + b"9" * digits + b"\r\n\r\n" + body + b"\r\n\r\n")
    items = _good_and_bad(tmp_path, "nines.warc.gz" if gzipped else "nines.warc", record, gzipped=gzipped)
    articles = [i.url for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if not isinstance(i, RawArticle)]
    assert articles == ["https://news.example/one", "https://news.example/two"], items
    assert errors and all("\n" not in str(e) for e in errors)


@pytest.mark.parametrize("charset", ["base64", "hex", "rot13", "uu", "zlib", "bz2_codec", "quopri"])
def test_a_charset_that_is_no_text_encoding_is_that_records_error(tmp_path, charset):
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\n\r\n".encode()
    page = b"eJzLSM3JyVcozy_KSQEAGgQEXQ=="
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/odd\r\n"
              b"Content-Length: " + str(len(http) + len(page)).encode() + b"\r\n\r\n" + http + page + b"\r\n\r\n")
    items = _good_and_bad(tmp_path, "charset.warc", record, gzipped=False)
    assert [i.url for i in items if isinstance(i, RawArticle)] == ["https://news.example/one", "https://news.example/two"]
    (error,) = [i for i in items if not isinstance(i, RawArticle)]
    assert error.reason == RejectReason.MALFORMED and f"charset {codecs.lookup(charset).name} is not a text encoding" in str(error)


@pytest.mark.parametrize("chunked", [False, True])
@pytest.mark.parametrize("coding", ["gzip", "deflate", None])
def test_a_coded_or_chunked_payload_of_a_normal_page_is_read(tmp_path, chunked, coding):
    import zlib

    page = html_page(BAJAUR).encode()
    body = gzip.compress(page) if coding == "gzip" else zlib.compress(page) if coding == "deflate" else page
    if chunked:
        body = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 500]), body[i:i + 500]) for i in range(0, len(body), 500)) + b"0\r\n\r\n"
    http = (f"Content-Encoding: {coding}\r\n" if coding else "") + ("Transfer-Encoding: chunked\r\n" if chunked else "")
    path = tmp_path / "coded.warc.gz"
    path.write_bytes(gzip.compress(_response_head("https://news.example/coded", len(body), http=http) + body + b"\r\n\r\n"))
    (article,) = list(read_warc(path))
    assert isinstance(article, RawArticle) and "Bajaur" in (article.html or "")
