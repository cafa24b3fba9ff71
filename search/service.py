"""Running a search: the configured backend, or the database when Elasticsearch cannot answer."""

import logging

from django.conf import settings

from search import breaker
from search.backends import get_search_backend
from search.query import SearchQuery
from search.results import SearchResult

logger = logging.getLogger(__name__)


def run_search(query: SearchQuery, backend_name: str | None = None) -> SearchResult:
    name = backend_name or settings.SEARCH_BACKEND
    if name == "database":
        return get_search_backend("database").search(query)
    from search.backends.elasticsearch import UNREACHABLE

    try:
        # The backend (and its HTTP client) is made only when the breaker lets the call through.
        return breaker.call(lambda: get_search_backend(name).search(query))
    except breaker.EngineUnavailable:
        reason = "circuit open"  # the engine failed a moment ago: not tried again until the cool-down is over
    except UNREACHABLE as error:
        # Only the error class: the query (and the capacity in it) never goes into a log line.
        logger.warning(
            "Elasticsearch unreachable (%s); answering from the database for %s s",
            type(error).__name__,
            settings.ELASTICSEARCH_COOL_DOWN,
        )
        reason = type(error).__name__
    result = get_search_backend("database").search(query)
    result.fallback_reason = reason
    return result
