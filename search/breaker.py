"""A circuit breaker around Elasticsearch, so that an engine that hangs costs one slow search, not all of them.

Closed: searches go to Elasticsearch. A timeout or connection error opens the breaker: for
`ELASTICSEARCH_COOL_DOWN` seconds every search goes straight to the database backend without trying
the engine. Then one search probes the engine again (half-open): success closes the breaker, failure
opens it for another cool-down. Errors that say nothing about the engine's health (a bad query) do
not count. The state lives in each process: with three gunicorn workers, each notices once.
Built on pybreaker (a maintained implementation of the pattern).
"""

import pybreaker
from django.conf import settings


class EngineUnavailable(Exception):
    """Raised instead of calling the engine while the breaker is open."""


def _not_about_the_engine(error: BaseException) -> bool:
    from search.backends.elasticsearch import UNREACHABLE

    return not isinstance(error, UNREACHABLE)


_breaker = pybreaker.CircuitBreaker(
    fail_max=1, exclude=[_not_about_the_engine], name="elasticsearch", throw_new_error_on_trip=False
)


def call(function, *args, **kwargs):
    """Call the engine through the breaker: EngineUnavailable while it is open, else what `function` does."""
    _breaker.reset_timeout = settings.ELASTICSEARCH_COOL_DOWN
    try:
        return _breaker.call(function, *args, **kwargs)
    except pybreaker.CircuitBreakerError as error:
        raise EngineUnavailable(str(error)) from error


def is_open() -> bool:
    """True while searches skip the engine (open, cool-down not yet over)."""
    return _breaker.current_state == pybreaker.STATE_OPEN


def reset() -> None:
    """Close the breaker (tests, and after a deliberate switch of engine)."""
    _breaker.close()
