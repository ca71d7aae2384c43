"""SSRF through IPv6 transition forms: an IPv6 address that carries a non-global IPv4 address
(6to4, Teredo, NAT64, IPv4-mapped, IPv4-compatible) is refused like that IPv4 address, before
any connection is tried, whether it is written in the URL or a name resolves to it."""

from __future__ import annotations

import ipaddress

import pytest

from incidentwatch.models import RejectReason
from incidentwatch.sources import FetchOptions, read_url
from incidentwatch.sources.fetch import embedded_ipv4, is_public

from .test_fetch import one_error

# (form, the IPv4 inside)
HIDDEN_LOOPBACK_AND_PRIVATE = [
    ("2002:7f00:1::1", "127.0.0.1"),  # 6to4
    ("2002:a00:1::", "10.0.0.1"),  # 6to4
    ("2002:a9fe:a9fe::1", "169.254.169.254"),  # 6to4 of the cloud metadata address
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),  # Teredo: the client is the inverted last 32 bits
    ("2001:0:a00:1::f7f7:f7f7", "10.0.0.1"),  # Teredo: a private server
    ("64:ff9b::7f00:1", "127.0.0.1"),  # NAT64, RFC 6052
    ("64:ff9b::a9fe:a9fe", "169.254.169.254"),  # NAT64
    ("64:ff9b:1::c0a8:101", "192.168.1.1"),  # local-use NAT64, RFC 8215
    ("::ffff:127.0.0.1", "127.0.0.1"),  # IPv4-mapped
    ("::ffff:192.168.0.1", "192.168.0.1"),  # IPv4-mapped
    ("::127.0.0.1", "127.0.0.1"),  # IPv4-compatible (deprecated)
    ("::a00:1", "10.0.0.1"),  # IPv4-compatible
]


@pytest.mark.parametrize(("form", "inner"), HIDDEN_LOOPBACK_AND_PRIVATE)
def test_a_transition_form_of_a_private_ipv4_is_not_public(form, inner):
    address = ipaddress.ip_address(form)
    assert ipaddress.ip_address(inner) in embedded_ipv4(address)
    assert is_public(address) is False


@pytest.mark.parametrize("form", ["2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.8.8", "2001:0:808:808::f7f7:f7f7"])
def test_a_transition_form_of_a_public_ipv4_stays_public(form):
    assert is_public(ipaddress.ip_address(form)) is True


@pytest.mark.parametrize(("form", "inner"), HIDDEN_LOOPBACK_AND_PRIVATE)
def test_a_url_on_a_transition_form_is_refused_without_a_connection(form, inner, server):
    url = f"http://[{form}]:{server.port}/article.html"
    error = one_error(url, FetchOptions())
    assert error.reason == RejectReason.PRIVATE_ADDRESS, error  # not unreachable: no connection was tried
    assert server.requests == []


def test_a_name_resolving_to_nat64_loopback_is_refused(server):
    options = FetchOptions(resolve=lambda host, port: ["64:ff9b::7f00:1"])
    error = one_error(f"http://news.example:{server.port}/article.html", options)
    assert error.reason == RejectReason.PRIVATE_ADDRESS and "64:ff9b::7f00:1" in str(error)


def test_a_redirect_to_6to4_loopback_is_refused(server):
    items = list(read_url(f"{server.base}/to-6to4", FetchOptions(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))))
    assert len(items) == 1 and items[0].reason == RejectReason.PRIVATE_ADDRESS
    assert server.paths() == ["/to-6to4"]
