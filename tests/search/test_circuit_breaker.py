"""Drill: an Elasticsearch that accepts connections and never answers costs one slow search, not every search."""

import socket
import threading
import time

import pytest
from django.urls import reverse

from search import breaker
from search.query import parse_search
from search.service import run_search
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db


class HungEngine:
    """A listener on loopback that accepts every connection, reads nothing and never answers."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.server.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hung_engine(settings):
    engine = HungEngine()
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{engine.port}"
    settings.ELASTICSEARCH_TIMEOUT = 1
    settings.ELASTICSEARCH_COOL_DOWN = 60
    yield engine
    engine.close()


@pytest.fixture
def vacancy(carol, network_a):
    return VacancyFactory(employer=carol.employer_links.get().employer, network=network_a)


def test_after_one_timeout_searches_skip_the_engine(hung_engine, vacancy):
    query = parse_search({"capacity": {}})
    first = run_search(query)
    assert first.fallback_reason == "ConnectionTimeout" and first.count == 1  # the database answered
    assert breaker.is_open()
    asked = len(hung_engine.connections)
    assert asked >= 1
    for _ in range(5):
        result = run_search(query)
        assert result.fallback_reason == "circuit open" and result.count == 1
    assert len(hung_engine.connections) == asked  # nobody waited on the engine again


def test_after_the_cool_down_one_search_probes_again(hung_engine, vacancy, settings):
    query = parse_search({"capacity": {}})
    run_search(query)
    asked = len(hung_engine.connections)
    settings.ELASTICSEARCH_COOL_DOWN = 0  # the cool-down is over
    result = run_search(query)
    assert result.fallback_reason == "ConnectionTimeout"  # it tried, and it is still hung
    assert len(hung_engine.connections) > asked
    assert breaker.is_open()


def test_a_bad_query_does_not_open_the_breaker(settings):
    from elasticsearch import exceptions as es_exceptions

    def refuses(_query):
        raise es_exceptions.BadRequestError("bad", meta=None, body={})

    with pytest.raises(es_exceptions.BadRequestError):
        breaker.call(refuses, None)
    assert not breaker.is_open()


def test_the_search_page_says_so_and_answers_from_the_database(client, hung_engine, vacancy):
    assert client.get(reverse("search:search")).status_code == 200  # trips the breaker
    asked = len(hung_engine.connections)
    pages = [client.get(reverse("search:search")) for _ in range(3)]
    assert all(page.status_code == 200 for page in pages)
    assert vacancy.title in pages[-1].content.decode()
    assert len(hung_engine.connections) == asked


def test_healthz_answers_within_a_second_whatever_the_engine_does(client, hung_engine):
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    elapsed = time.monotonic() - started
    assert response.status_code == 200  # search is not required: the database answers meanwhile
    assert response.json()["checks"]["search"]["up"] is False
    assert elapsed < 1.0
    # With the breaker open the engine is not even asked.
    run_search(parse_search({"capacity": {}}))
    asked = len(hung_engine.connections)
    detail = client.get(reverse("healthz")).json()["checks"]["search"]["detail"]
    assert "not asked" in detail and len(hung_engine.connections) == asked


def test_a_closed_port_fails_fast(settings, vacancy):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    result = run_search(parse_search({"capacity": {}}))
    assert result.fallback_reason == "ConnectionError" and result.count == 1
    assert breaker.is_open()
