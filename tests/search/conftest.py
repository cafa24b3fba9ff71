"""Search backends under test: the database, and Elasticsearch spoken to over HTTP.

The Elasticsearch backend runs against osmem-server (an in-memory OpenSearch-compatible engine
from PyPI) unless ELASTICSEARCH_TEST_URL points at a real Elasticsearch 8 (the GitHub workflow
`.github/workflows/elasticsearch.yml` does that with a service container).
"""

import os
import uuid

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from search.indexing import rebuild_entries

REAL_ELASTICSEARCH = os.environ.get("ELASTICSEARCH_TEST_URL", "")


def pytest_report_header(config):
    engine = f"Elasticsearch at {REAL_ELASTICSEARCH}" if REAL_ELASTICSEARCH else "osmem-server (in-memory, PyPI)"
    return f"search engine for the elasticsearch backend tests: {engine}"


class Engine:
    """A backend plus the one step tests need after writing vacancies: make search see them."""

    def __init__(self, name: str, backend=None):
        self.name = name
        self.backend = backend

    def sync(self):
        if self.name == "elasticsearch":
            from search.reindex import repair_index

            repair_index(self.backend)
            self.backend.refresh()
        else:
            rebuild_entries()


@pytest.fixture
def elasticsearch(request, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_INDEX = f"test-vacancies-{uuid.uuid4().hex[:8]}"
    if REAL_ELASTICSEARCH:
        settings.ELASTICSEARCH_URL = REAL_ELASTICSEARCH
        settings.ELASTICSEARCH_PLAIN_JSON = False
        settings.ELASTICSEARCH_STEMMING = True
    else:
        settings.ELASTICSEARCH_URL = request.getfixturevalue("osmem_url")
        settings.ELASTICSEARCH_PLAIN_JSON = True
        settings.ELASTICSEARCH_STEMMING = False  # osmem-server mis-matches on Snowball-stemmed fields
    backend = ElasticsearchBackend()
    backend.ensure_index()
    yield backend
    for index in backend.current_indices():
        backend.es.indices.delete(index=index)


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, settings, db):
    if request.param == "elasticsearch":
        return Engine("elasticsearch", request.getfixturevalue("elasticsearch"))
    settings.SEARCH_BACKEND = "database"
    return Engine("database")
