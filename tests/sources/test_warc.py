"""WARC files written with warcio: response records become articles; damage is reported and
reading goes on."""

from __future__ import annotations

import pytest

from incidentwatch.errors import InputError
from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources import read_warc

from .news import BAJAUR, NORTH_WAZIRISTAN, QUETTA, html_page, write_warc

PAGES = [
    ("https://frontierpost.example/bajaur-cleric", html_page(BAJAUR)),
    ("https://frontierpost.example/mir-ali", html_page(NORTH_WAZIRISTAN)),
    ("https://frontierpost.example/quetta-grenade", html_page(QUETTA)),
]


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_response_records_with_html_become_articles_and_the_rest_is_skipped(tmp_path, suffix):
    path = tmp_path / f"crawl{suffix}"
    write_warc(path, PAGES, gzip=suffix.endswith(".gz"))
    items = list(read_warc(path))
    assert all(isinstance(i, RawArticle) for i in items)  # warcinfo, requests and the image: silent
    assert [i.url for i in items] == [url for url, _ in PAGES]
    assert "Mamund" in (items[0].html or "") and items[0].path is not None and items[0].path.startswith(f"{path}:offset ")


def _gzip_members(data: bytes) -> list[int]:
    """Offsets of the gzip members (one per record) of a .warc.gz written by ``write_warc``."""
    return [i for i in range(len(data) - 2) if data[i:i + 3] == b"\x1f\x8b\x08"]


def test_a_warc_gz_cut_inside_a_page_gives_the_whole_records_and_reports_the_cut_one(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, PAGES, gzip=True)
    data = whole.read_bytes()
    members = _gzip_members(data)  # warcinfo, then request and response of each page, then the image
    third_page = members[6]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: third_page + (members[7] - third_page) // 2])
    items = list(read_warc(cut))
    assert [i.url for i in items if isinstance(i, RawArticle)] == [PAGES[0][0], PAGES[1][0]]
    (error,) = (i for i in items if isinstance(i, InputError))
    assert str(error).startswith(f"{cut}:offset {third_page}: malformed (truncated: ")


def test_a_warc_gz_cut_inside_the_last_record_headers_is_reported(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, PAGES, gzip=True)
    data = whole.read_bytes()
    last = _gzip_members(data)[-1]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: last + 30])  # 30 bytes of the image's gzip member: not even its headers
    items = list(read_warc(cut))
    assert [i.url for i in items if isinstance(i, RawArticle)] == [url for url, _ in PAGES]
    assert [str(i) for i in items if isinstance(i, InputError)] == [
        f"{cut}:offset {last}: malformed (truncated: 30 bytes after the last whole record)"
    ]


def test_a_damaged_record_is_reported_and_the_records_after_it_are_read(tmp_path):
    path = tmp_path / "damaged.warc"
    write_warc(path, PAGES, gzip=False)
    data = bytearray(path.read_bytes())
    second = data.index(b"WARC-Target-URI: https://frontierpost.example/mir-ali")
    start = data.rindex(b"WARC/1.", 0, second)
    data[start:start + 7] = b"XXXX/1."  # the version line of the second page's request record
    path.write_bytes(bytes(data))
    items = list(read_warc(path))
    errors = [i for i in items if isinstance(i, InputError)]
    assert [i.url for i in items if isinstance(i, RawArticle)] == [PAGES[0][0], PAGES[1][0], PAGES[2][0]]
    assert [str(e) for e in errors] == [f"{path}:offset {start}: malformed (ArchiveLoadFailed: Invalid WARC record, first line: XXXX/1.0)"]


def test_a_damaged_gzip_member_is_skipped_and_the_next_member_is_read(tmp_path):
    path = tmp_path / "damaged.warc.gz"
    write_warc(path, PAGES, gzip=True)
    data = bytearray(path.read_bytes())
    second_page = _gzip_members(bytes(data))[4]
    data[second_page + 20:second_page + 60] = b"\x00" * 40
    path.write_bytes(bytes(data))
    items = list(read_warc(path))
    urls = [i.url for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert urls == [PAGES[0][0], PAGES[2][0]]
    assert len(errors) == 1 and str(errors[0]).startswith(f"{path}:offset {second_page}: malformed (")


def test_an_empty_warc_is_empty_and_a_missing_one_not_found(tmp_path):
    (tmp_path / "e.warc").write_bytes(b"")
    assert [str(e) for e in read_warc(tmp_path / "e.warc")] == [f"{tmp_path / 'e.warc'}: empty"]
    (missing,) = read_warc(tmp_path / "none.warc.gz")
    assert isinstance(missing, InputError) and missing.reason == RejectReason.NOT_FOUND


def test_a_file_that_is_no_warc_is_malformed(tmp_path):
    path = tmp_path / "page.warc"
    path.write_text("<html><body><p>Not an archive at all</p></body></html>\n")
    (error,) = read_warc(path)
    assert isinstance(error, InputError) and error.reason == RejectReason.MALFORMED
    assert "not a WARC record" in str(error)
