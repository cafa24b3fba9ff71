"""Fetching a feed: http(s) only, limited in size and time, never into the private network.

Limits (settings, with these defaults): FEED_MAX_BYTES (5 MB per document), FEED_TIMEOUT_S (10 s to
connect and between bytes), FEED_TOTAL_TIMEOUT_S (30 s for one document, however slowly it drips in),
FEED_MAX_PAGES (50 pages of a sitemap). Addresses in private, loopback, link-local or reserved ranges
are refused unless FEEDS_ALLOW_PRIVATE_HOSTS is set (development and tests, which serve feeds from
127.0.0.1). Redirects are followed by hand (at most 3), each target checked the same way.

The host check resolves the name before requests does so again; a DNS answer that changes in between
(rebinding) is not caught here. An egress proxy or firewall rule is the stronger guard in production.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 3
CHUNK = 64 * 1024
ACCEPTED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/ld+json",
        "application/json",
        "text/plain",
        "application/octet-stream",
    }
)


def max_bytes() -> int:
    return int(getattr(settings, "FEED_MAX_BYTES", 5 * 1024 * 1024))


def timeout_s() -> float:
    return float(getattr(settings, "FEED_TIMEOUT_S", 10))


def total_timeout_s() -> float:
    return float(getattr(settings, "FEED_TOTAL_TIMEOUT_S", 30))


def max_pages() -> int:
    return int(getattr(settings, "FEED_MAX_PAGES", 50))


class FetchError(Exception):
    """The document could not be fetched; the message says why, for the employer."""


@dataclass(frozen=True)
class Document:
    url: str
    content_type: str
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def url_problem(url: str) -> str:
    """Why this address cannot be a feed, or ''."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _("This is not a valid web address.")
    if parts.scheme not in ("http", "https"):
        return _("Only http:// and https:// addresses can be fetched.")
    if not parts.hostname:
        return _("This web address has no host name.")
    if parts.username or parts.password:
        return _("A web address with a user name or password cannot be used.")
    return ""


def _address_refused(hostname: str, port: int) -> str:
    if getattr(settings, "FEEDS_ALLOW_PRIVATE_HOSTS", False):
        return ""
    try:
        infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return _("The host %(host)s cannot be found.") % {"host": hostname}
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            return _("The host %(host)s is in a private network; feeds must come from the internet.") % {
                "host": hostname
            }
    return ""


def _check(url: str) -> None:
    problem = url_problem(url)
    if not problem:
        parts = urlsplit(url)
        problem = _address_refused(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    if problem:
        raise FetchError(problem)


def _read_limited(response, started: float) -> bytes:
    limit = max_bytes()
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(_too_large(limit))
    body = bytearray()
    for chunk in response.iter_content(CHUNK):
        body.extend(chunk)
        if len(body) > limit:
            raise FetchError(_too_large(limit))
        if time.monotonic() - started > total_timeout_s():
            raise FetchError(_timed_out())
    return bytes(body)


def _too_large(limit: int) -> str:
    return _("The feed is larger than %(size)s MB.") % {"size": round(limit / 1024 / 1024, 1)}


def _timed_out() -> str:
    return _("The feed's server took too long to answer (more than %(seconds)s seconds).") % {
        "seconds": f"{total_timeout_s():g}"
    }


def fetch(url: str) -> Document:
    """GET the document, following at most 3 redirects; every problem is a FetchError with a clear message."""
    started = time.monotonic()
    with requests.Session() as session:
        session.headers["User-Agent"] = "PassendWerk-feeds/1.0"
        for _hop in range(MAX_REDIRECTS + 1):
            _check(url)
            try:
                with session.get(
                    url, stream=True, timeout=(timeout_s(), timeout_s()), allow_redirects=False
                ) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("Location", ""))
                        continue
                    return _document(url, response, started)
            except requests.Timeout as error:
                raise FetchError(_timed_out()) from error
            except requests.RequestException as error:
                if "timed out" in str(error):  # a read timeout while streaming arrives as a ConnectionError
                    raise FetchError(_timed_out()) from error
                raise FetchError(
                    _("The feed could not be fetched: %(error)s") % {"error": type(error).__name__}
                ) from error
    raise FetchError(_("The feed redirects more than %(count)s times.") % {"count": MAX_REDIRECTS})


def _document(url: str, response, started: float) -> Document:
    if response.status_code == 404:
        raise FetchError(_("The feed was not found (404). Check the address."))
    if response.status_code >= 400:
        raise FetchError(_("The feed's server answered with error %(status)s.") % {"status": response.status_code})
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().casefold()
    if content_type and content_type not in ACCEPTED_TYPES:
        raise FetchError(
            _("The address gives %(type)s, not a web page, XML or JSON-LD.") % {"type": content_type[:100]}
        )
    return Document(url=url, content_type=content_type, body=_read_limited(response, started))
