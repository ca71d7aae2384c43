"""Fetching URLs against a real HTTP server on 127.0.0.1: feeds, pages, redirects, limits, and
the refusal of private addresses."""

from __future__ import annotations

import ipaddress
from datetime import date

import pytest

from incidentwatch.errors import InputError
from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources import FetchOptions, fetch, read_url
from incidentwatch.sources.fetch import is_public, vet_addresses

LOCAL = FetchOptions(allow_private=True)
# 127.0.0.1 only: the test server is let through, every other private address stays refused
ONLY_THE_SERVER = FetchOptions(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))


def one_error(url: str, options: FetchOptions) -> InputError:
    items = list(read_url(url, options))
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


def test_a_page_on_loopback_is_refused_by_default_without_a_request(server):
    error = one_error(f"{server.base}/article.html", FetchOptions())
    assert error.reason == RejectReason.PRIVATE_ADDRESS
    assert str(error).startswith(f"{server.base}/article.html: private_address") and "127.0.0.1" in str(error)
    assert server.requests == []


def test_localhost_by_name_is_refused_too(server):
    error = one_error(f"http://localhost:{server.port}/article.html", FetchOptions())
    assert error.reason == RejectReason.PRIVATE_ADDRESS and server.requests == []


def test_an_html_page_becomes_one_article(server):
    (article,) = read_url(f"{server.base}/article.html", LOCAL)
    assert isinstance(article, RawArticle)
    assert article.url == f"{server.base}/article.html" and article.html and "Lakki Marwat" in article.html
    assert article.text is None


def test_the_request_goes_to_the_vetted_address_with_the_host_it_was_given(server):
    fetch(f"http://localhost:{server.port}/article.html", LOCAL)
    assert server.requests == [("/article.html", f"localhost:{server.port}")]


def test_an_rss_url_is_read_as_a_feed_with_outlet_dates_and_content(server):
    first, second = read_url(f"{server.base}/feed.rss", LOCAL)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.url == f"{server.base}/news/1" and first.title == "Two Levies personnel killed in Kech roadside blast"
    assert first.outlet == "Balochistan Times"
    assert first.published == date(2024, 6, 5)  # 01:15 in Pakistan: still the 5th, though the 4th in UTC
    assert "Buleda" in (first.html or "") and "Kulachi" in (second.html or "")


def test_an_atom_url_resolves_relative_links_against_the_feed(server):
    (entry,) = read_url(f"{server.base}/feed.atom", LOCAL)
    assert isinstance(entry, RawArticle)
    assert entry.url == f"{server.base}/story/1" and entry.outlet == "Quetta Voice"
    assert entry.published == date(2024, 6, 7) and "Jinnah Road" in (entry.html or "")


def test_a_feed_served_as_plain_text_is_recognised_by_its_content(server):
    (entry,) = read_url(f"{server.base}/feed-as-text", LOCAL)
    assert isinstance(entry, RawArticle) and entry.outlet == "Balochistan Times"


def test_five_redirects_are_followed_to_the_article(server):
    page = fetch(f"{server.base}/hop/5", LOCAL)
    assert page.url == f"{server.base}/article.html"
    assert server.paths() == [f"/hop/{n}" for n in range(5, 0, -1)] + ["/article.html"]


def test_a_sixth_redirect_is_refused(server):
    error = one_error(f"{server.base}/hop/6", LOCAL)
    assert error.reason == RejectReason.HTTP_ERROR and "more than 5 redirects" in str(error)
    assert "/article.html" not in server.paths()


def test_a_redirect_to_another_loopback_address_is_refused_before_it_is_requested(server):
    error = one_error(f"{server.base}/to-loopback", ONLY_THE_SERVER)
    assert error.reason == RejectReason.PRIVATE_ADDRESS
    assert "127.0.0.2" in str(error) and str(error).startswith(f"{server.base}/to-loopback:")
    assert server.paths() == ["/to-loopback"]


def test_a_redirect_to_the_cloud_metadata_address_is_refused(server):
    error = one_error(f"{server.base}/to-metadata", ONLY_THE_SERVER)
    assert error.reason == RejectReason.PRIVATE_ADDRESS and "169.254.169.254" in str(error)


def test_a_redirect_to_another_scheme_is_refused(server):
    error = one_error(f"{server.base}/to-ftp", LOCAL)
    assert error.reason == RejectReason.MALFORMED and "only http and https" in str(error)


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_a_body_over_the_cap_is_too_large(server, path):
    error = one_error(f"{server.base}{path}", FetchOptions(allow_private=True, max_bytes=10_000))
    assert error.reason == RejectReason.TOO_LARGE and "10000" in str(error)


def test_a_missing_page_is_an_http_error(server):
    error = one_error(f"{server.base}/no-such-story", LOCAL)
    assert str(error) == f"{server.base}/no-such-story: http_error (HTTP 404)"


def test_a_response_slower_than_the_read_timeout_is_unreachable(server):
    error = one_error(f"{server.base}/slow", FetchOptions(allow_private=True, read_timeout=0.3))
    assert error.reason == RejectReason.UNREACHABLE and "read timed out after 0.3 s" in str(error)


def test_a_closed_port_is_unreachable():
    from tests.servers import free_port

    error = one_error(f"http://127.0.0.1:{free_port()}/", FetchOptions(allow_private=True, connect_timeout=2))
    assert error.reason == RejectReason.UNREACHABLE


def test_an_unknown_host_is_unreachable():
    error = one_error("http://no-such-host.invalid/story", FetchOptions())  # .invalid never resolves (RFC 6761)
    assert error.reason == RejectReason.UNREACHABLE and "cannot resolve" in str(error)


def test_an_image_is_not_an_article(server):
    error = one_error(f"{server.base}/image.png", LOCAL)
    assert error.reason == RejectReason.MALFORMED and "image/png" in str(error)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True), ("2a00:1450:4001:80b::200e", True),
        ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
        ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
        ("240.0.0.1", False), ("::1", False), ("fe80::1", False), ("fc00::1", False), ("::", False),
        ("ff02::1", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
    ],
)
def test_is_public_refuses_every_non_global_address(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


def test_one_private_address_among_public_ones_refuses_the_host():
    assert vet_addresses(["8.8.8.8", "10.0.0.7"], FetchOptions()) == "10.0.0.7"
    assert vet_addresses(["8.8.8.8", "1.1.1.1"], FetchOptions()) is None


def resolving(table: dict[str, list[str]]):
    """A resolver that knows only ``table`` (a name no real DNS answers for)."""
    def resolve(host: str, port: int) -> list[str]:
        return table[host]
    return resolve


def test_the_connection_goes_to_the_address_that_was_vetted(server):
    # news.test has no DNS: the page can only come from the address the resolver gave and we vetted
    options = FetchOptions(allow_private=True, resolve=resolving({"news.test": ["127.0.0.1"]}))
    page = fetch(f"http://news.test:{server.port}/article.html", options)
    assert page.url == f"http://news.test:{server.port}/article.html" and b"Lakki Marwat" in page.body
    assert server.requests == [("/article.html", f"news.test:{server.port}")]


def test_a_host_with_one_private_address_among_public_ones_is_refused(server):
    options = FetchOptions(resolve=resolving({"news.test": ["8.8.8.8", "127.0.0.1"]}))
    error = one_error(f"http://news.test:{server.port}/article.html", options)
    assert str(error) == f"http://news.test:{server.port}/article.html: private_address (news.test resolves to 127.0.0.1)"
    assert server.requests == []


def test_https_checks_the_certificate_against_the_host_not_the_address(tls_server):
    from .conftest import TLS_HOST

    state, ca_file = tls_server
    options = FetchOptions(allow_private=True, ca_file=ca_file, resolve=resolving({TLS_HOST: ["127.0.0.1"]}))
    (article,) = read_url(f"https://{TLS_HOST}:{state.port}/article.html", options)
    assert isinstance(article, RawArticle) and "Lakki Marwat" in (article.html or "")
    # by its address the same server has no valid certificate: the name is what is checked
    error = one_error(f"https://127.0.0.1:{state.port}/article.html", options)
    assert error.reason == RejectReason.UNREACHABLE and "CERTIFICATE_VERIFY_FAILED" in str(error)
