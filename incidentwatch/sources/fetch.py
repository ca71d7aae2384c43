"""Fetch one URL safely: an article page or a feed, as ``RawArticle``s.

Every hop (the URL and each redirect) is resolved first, and refused when any address the host
resolves to is private, loopback, link-local, multicast, reserved, unspecified or otherwise not
global, unless the caller allows private addresses. The request then goes to the vetted address
itself (the URL is rewritten to the IP; the Host header and, for https, the TLS server name and
certificate check keep the real host), so a second DNS answer cannot send it elsewhere.
Redirects are followed by hand and bounded; the body is streamed and cut at a size cap; connect,
read and total time are bounded.

What this module is not: a crawler. It fetches what it is given, once; a feed's entries are read
from the feed's own content, their links are not fetched.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from ..errors import InputError
from ..models import RawArticle, RejectReason
from .decode import decode_body
from .feeds import looks_like_feed, read_feed_bytes
from .files import MAX_FILE_BYTES
from .inflate import ACCEPT_ENCODING, InflateLimit, Inflater, UnsupportedEncoding, encodings_of
from .records import sane_article

SCHEMES = ("http", "https")
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "incidentwatch/0.1 (news incident monitor)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class FetchOptions:
    """Limits and policy of fetching.

    ``allowed_networks`` lets named private networks through while the rest stay refused (an
    intranet news mirror, or a test server on 127.0.0.1 that redirects elsewhere);
    ``allow_private`` lets every address through (``--allow-private``).
    """

    allow_private: bool = False
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # a slow drip of bytes can keep every read under read_timeout; the whole fetch is bounded too
    total_timeout: float = 60.0
    max_bytes: int = MAX_FILE_BYTES  # the same 5 MB as a file
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    ca_file: str | None = None  # certificates to trust instead of the system's (a private CA)
    resolve: Resolver | None = field(default=None, compare=False)


@dataclass(frozen=True)
class FetchedPage:
    """A body as the last hop served it."""

    url: str  # the final URL, after redirects
    content_type: str
    body: bytes
    status: int = 200  # 304: not modified since the validators sent (the body is empty)
    headers: dict[str, str] = field(default_factory=dict, compare=False)  # the last hop's, names in lower case


def http_status(error: InputError) -> tuple[int | None, float | None]:
    """The HTTP status of an ``http_error`` that a server answered (not a redirect loop), and the
    seconds its ``Retry-After`` asked for (a 429 or a 503), if any: ``(None, None)`` otherwise."""
    return getattr(error, "status", None), getattr(error, "retry_after", None)


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from now; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone index
        if address not in seen:
            seen.append(address)
    return seen


# IPv6 forms that carry an IPv4 address a gateway or the host itself may deliver to: the IPv4
# inside must be global too (6to4 2002::/16, Teredo 2001::/32, NAT64 64:ff9b::/96 and the local
# 64:ff9b:1::/48, IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96)
_6TO4 = ipaddress.ip_network("2002::/16")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 transition form carries (none for a plain IPv6 address)."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.teredo is not None:
        return list(address.teredo)  # (server, client)
    if address in _6TO4:
        return [ipaddress.IPv4Address((int(address) >> 80) & 0xFFFFFFFF)]
    if address in _NAT64 or address in _COMPATIBLE:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    if address in _NAT64_LOCAL:  # RFC 8215: the IPv4 address sits in the last 32 bits in /96 use
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return []


def _is_global(address: IPAddress) -> bool:
    return not (
        address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
        or address.is_reserved or address.is_unspecified or not address.is_global
    )


def is_public(address: IPAddress) -> bool:
    """False for private, loopback, link-local, multicast, reserved, unspecified and other
    non-global addresses (shared address space 100.64/10 too); an IPv6 transition form (6to4,
    Teredo, NAT64, IPv4-mapped, IPv4-compatible) is public only when the IPv4 inside is."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner:
            return all(_is_global(v4) for v4 in inner)
        if address in _NAT64_LOCAL:
            return False
    return _is_global(address)


def vet_addresses(addresses: list[str], options: FetchOptions) -> str | None:
    """The first address that is not allowed, or None when all are."""
    for text in addresses:
        address = ipaddress.ip_address(text)
        if options.allow_private or is_public(address):
            continue
        if any(address in network for network in options.allowed_networks if network.version == address.version):
            continue
        return text
    return None


class _Refused(Exception):
    """One hop failed; carries the reason and detail for the error of the URL the user gave."""

    def __init__(self, reason: RejectReason, detail: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail
        self.status, self.retry_after = status, retry_after


def _check_url(url: httpx.URL) -> None:
    if url.scheme not in SCHEMES:
        raise _Refused(RejectReason.MALFORMED, f"only http and https URLs are fetched, not {url.scheme or 'no scheme'}")
    if not url.raw_host:
        raise _Refused(RejectReason.MALFORMED, "no host in the URL")


def _addresses_of(url: httpx.URL, options: FetchOptions) -> list[str]:
    host = url.raw_host.decode("ascii")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        ipaddress.ip_address(host)
        literal = True
    except ValueError:
        literal = False
    try:
        addresses = [host] if literal else (options.resolve or resolve_host)(host, port)
    except (socket.gaierror, UnicodeError) as error:
        raise _Refused(RejectReason.UNREACHABLE, f"cannot resolve {host}: {error}") from None
    if not addresses:
        raise _Refused(RejectReason.UNREACHABLE, f"cannot resolve {host}: no address")
    refused = vet_addresses(addresses, options)
    if refused is not None:
        raise _Refused(RejectReason.PRIVATE_ADDRESS, f"{host} resolves to {refused}")
    return addresses


def _hop(client: httpx.Client, url: httpx.URL, options: FetchOptions, deadline: float,
         extra_headers: dict[str, str] | None = None) -> httpx.URL | FetchedPage:
    """One request to a vetted address: a redirect target or the page."""
    addresses = _addresses_of(url, options)
    host_header = url.netloc.decode("ascii")  # host[:port], never the userinfo
    last_error: Exception | None = None
    for address in addresses:
        pinned = url.copy_with(host=address, username=None, password=None)
        request = client.build_request(
            "GET", pinned, headers={**(extra_headers or {}), "Host": host_header},
            extensions={"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else None,
        )
        try:
            response = client.send(request, stream=True)
        except httpx.ConnectError as error:  # this address refused; try the host's next one
            last_error = error
            continue
        try:
            return _read_response(response, url, options, deadline)
        finally:
            response.close()
    raise _Refused(RejectReason.UNREACHABLE, f"cannot connect: {last_error}")


def _read_response(response: httpx.Response, url: httpx.URL, options: FetchOptions, deadline: float) -> httpx.URL | FetchedPage:
    if response.status_code in REDIRECT_STATUSES:
        location = response.headers.get("location")
        if not location:
            raise _Refused(RejectReason.HTTP_ERROR, f"HTTP {response.status_code} without a Location")
        return url.join(location)
    if response.status_code == 304:  # not modified: the conditional request's answer
        return FetchedPage(url=str(url), content_type="", body=b"", status=304, headers=dict(response.headers))
    if not 200 <= response.status_code < 300:
        raise _Refused(RejectReason.HTTP_ERROR, f"HTTP {response.status_code}", status=response.status_code,
                       retry_after=retry_after_seconds(response.headers.get("retry-after")))
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and (len(declared) > 18 or int(declared) > options.max_bytes):
        raise _Refused(RejectReason.TOO_LARGE, f"{declared} bytes declared, limit {options.max_bytes}")
    # the body is decoded here, not by httpx, whose decoders inflate a chunk without a bound (a
    # 1 MB gzip bomb, or gzip inside gzip, would be held whole): max_bytes bounds the decoded size
    try:
        inflater = Inflater(encodings_of(response.headers.get("content-encoding")), options.max_bytes)
    except UnsupportedEncoding as error:
        raise _Refused(RejectReason.MALFORMED, str(error)) from None
    chunks: list[bytes] = []
    size = 0
    for raw in response.iter_raw():
        try:
            chunk = inflater.feed(raw)
        except InflateLimit:
            raise _Refused(RejectReason.TOO_LARGE, f"over {options.max_bytes} bytes decoded") from None
        except zlib.error as error:
            raise _Refused(RejectReason.MALFORMED, f"body is not the {response.headers.get('content-encoding')} it claims: {error}") from None
        size += len(chunk)
        if size > options.max_bytes:
            raise _Refused(RejectReason.TOO_LARGE, f"over {options.max_bytes} bytes")
        if time.monotonic() > deadline:
            raise _Refused(RejectReason.UNREACHABLE, f"not finished within {options.total_timeout:g} s")
        chunks.append(chunk)
    return FetchedPage(url=str(url), content_type=response.headers.get("content-type", ""), body=b"".join(chunks),
                       status=response.status_code, headers=dict(response.headers))


@functools.lru_cache(maxsize=8)
def _ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """One TLS context per trust store, built once: loading the certificates costs ~25 ms of CPU,
    more than a whole request to a feed that answers 304 (``incidentwatch watch``). A context is
    safe to share between threads and connections."""
    return ssl.create_default_context(cafile=ca_file) if ca_file else httpx.create_ssl_context()


def fetch(url: str, options: FetchOptions | None = None, *, headers: dict[str, str] | None = None) -> FetchedPage:
    """Fetch ``url`` under ``options``, following at most ``max_redirects`` redirects.

    ``headers`` go with every hop (``If-None-Match`` / ``If-Modified-Since`` for a conditional
    GET: a 304 comes back as a ``FetchedPage`` with ``status`` 304 and no body).

    Raises:
        InputError: naming ``url``, with ``malformed`` (not http/https), ``private_address``,
            ``unreachable`` (DNS, connection, timeouts), ``http_error`` (a status outside 2xx,
            too many redirects) or ``too_large``.
    """
    options = options or FetchOptions()
    deadline = time.monotonic() + options.total_timeout
    timeout = httpx.Timeout(connect=options.connect_timeout, read=options.read_timeout,
                            write=options.read_timeout, pool=options.connect_timeout)
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise InputError(url, RejectReason.MALFORMED, str(error)) from None
    # no keep-alive: a pooled connection is keyed by address, and must not carry one host's TLS
    # session over to another host on the same address; no proxies from the environment either
    verify = _ssl_context(options.ca_file)
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, verify=verify,
                      limits=httpx.Limits(max_keepalive_connections=0),
                      headers={"User-Agent": options.user_agent, "Accept-Encoding": ACCEPT_ENCODING}) as client:
        redirects = 0
        try:
            while True:
                _check_url(current)
                outcome = _hop(client, current, options, deadline, headers)
                if isinstance(outcome, FetchedPage):
                    return outcome
                if redirects == options.max_redirects:
                    raise _Refused(RejectReason.HTTP_ERROR, f"more than {options.max_redirects} redirects")
                redirects += 1
                current = outcome
        except _Refused as refused:
            via = f" at redirect {current}" if str(current) != url else ""
            refusal = InputError(url, refused.reason, refused.detail + via)
            if refused.status is not None:  # for ``http_status``: the server's answer, and when to ask again
                refusal.__dict__.update(status=refused.status, retry_after=refused.retry_after)
            raise refusal from None
        except httpx.TimeoutException as error:
            kind = "connect" if isinstance(error, httpx.ConnectTimeout) else "read"
            limit = options.connect_timeout if kind == "connect" else options.read_timeout
            raise InputError(url, RejectReason.UNREACHABLE, f"{kind} timed out after {limit:g} s") from None
        except httpx.InvalidURL as error:
            raise InputError(url, RejectReason.MALFORMED, f"bad redirect: {error}") from None
        except httpx.HTTPError as error:
            raise InputError(url, RejectReason.UNREACHABLE, f"{type(error).__name__}: {error}") from None


def _is_feed_type(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind in {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"} \
        or kind.endswith("+xml") and kind != "application/xhtml+xml"


def read_url(url: str, options: FetchOptions | None = None) -> Iterator[RawArticle | InputError]:
    """Articles of one URL: a feed's entries, or the page itself. Errors are yielded, not raised."""
    try:
        page = fetch(url, options)
    except InputError as error:
        yield error
        return
    kind = page.content_type.split(";", 1)[0].strip().lower()
    if _is_feed_type(page.content_type) or (kind in ("", "text/plain", "application/octet-stream") and looks_like_feed(page.body)):
        yield from read_feed_bytes(page.body, where=url, base_url=page.url, content_type=page.content_type or "application/xml",
                                   entry_paths=False)
        return
    if kind not in ("", "text/html", "application/xhtml+xml", "text/plain"):
        yield InputError(url, RejectReason.MALFORMED, f"not an article or a feed: {kind}")
        return
    try:
        text = decode_body(page.body, page.content_type, where=url)
    except InputError as error:
        yield error
        return
    if not text.strip():
        yield InputError(url, RejectReason.EMPTY)
        return
    is_html = kind != "text/plain"
    yield sane_article(RawArticle(id=page.url, html=text if is_html else None, text=None if is_html else text, url=page.url))
