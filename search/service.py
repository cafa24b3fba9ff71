"""Running a search: the configured backend, or the database when Elasticsearch cannot answer."""

import logging

from django.conf import settings

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
        return get_search_backend(name).search(query)
    except UNREACHABLE as error:
        # Only the error class: the query (and the capacity in it) never goes into a log line.
        logger.warning("Elasticsearch unreachable (%s); answering from the database", type(error).__name__)
        result = get_search_backend("database").search(query)
        result.fallback_reason = type(error).__name__
        return result
