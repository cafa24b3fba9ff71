"""Rate limits for the API, on django-ninja's throttling (counters in Django's cache: Redis in
production through CACHE_URL, so every process shares them).

A partner's key gets its own rate (ApiKey.rate_per_minute); a request without a key is counted per
client address at PARTNERS_ANONYMOUS_SEARCH_RATE. ninja runs the throttles after authentication, so
`request.auth` says which of the two applies. When the cache is unreachable, requests are let through
uncounted (and a warning logged): a limit must not turn a Redis outage into failed searches.
"""

import logging
import threading

from django.core.exceptions import PermissionDenied
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from network.authentication import AccountAdapter
from partners import conf
from partners.models import ApiKey

logger = logging.getLogger(__name__)


class _Window(SimpleRateThrottle):
    """ninja's sliding window for one counter (cache key) at one rate."""

    def __init__(self, *, rate: str, scope: str, ident: str):
        self.scope, self.ident = scope, ident
        super().__init__(rate=rate)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}

    def wait(self) -> float:
        """Seconds until a request is allowed again (ninja's own gives none when the history is over the rate)."""
        if len(self.history) < self.num_requests:
            return 0.0
        leaves_window = self.history[self.num_requests - 1]
        return max(1.0, self.duration - (self.now - leaves_window))


class _PerRequestThrottle(BaseThrottle):
    """A throttle whose counter and rate depend on the request. ninja keeps one throttle object per
    operation and asks `wait()` right after `allow_request()`, so the window lives per thread."""

    def __init__(self):
        self._current = threading.local()

    def window(self, request) -> _Window | None:
        raise NotImplementedError

    def allow_request(self, request) -> bool:
        window = self.window(request)
        self._current.window = window
        if window is None:
            return True
        try:
            return window.allow_request(request)
        except Exception:  # the cache (Redis) is down: a search must not fail for a missing counter
            logger.warning("rate limit not counted: the cache is unreachable", exc_info=True)
            self._current.window = None
            return True

    def wait(self) -> float | None:
        window = getattr(self._current, "window", None)
        return window.wait() if window is not None else None


class PartnerKeyThrottle(_PerRequestThrottle):
    def window(self, request) -> _Window | None:
        key = getattr(request, "auth", None)
        if not isinstance(key, ApiKey):
            return None
        return _Window(rate=f"{key.rate_per_minute}/min", scope="partner_key", ident=key.prefix)


class AnonymousThrottle(_PerRequestThrottle):
    def window(self, request) -> _Window | None:
        rate = conf.anonymous_search_rate()
        if rate is None or isinstance(getattr(request, "auth", None), ApiKey):
            return None
        return _Window(rate=rate, scope="anonymous", ident=client_address(request))


def client_address(request) -> str:
    """The client's address as allauth's rate limits see it: X-Forwarded-For only from our own proxy."""
    try:
        return AccountAdapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


def throttles() -> list[BaseThrottle]:
    return [PartnerKeyThrottle(), AnonymousThrottle()]
