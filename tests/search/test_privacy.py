"""A worker's capacity travels only in a request body to the filter clauses.

A sentinel capacity is searched with while vacancies are written and indexed; it must never show
up in what is written to the index, in a log record, in a URL, or in a Celery message.
"""

import json
import logging

import pytest
from celery.signals import before_task_publish
from elastic_transport import Urllib3HttpNode

from config.celery import app as celery_app
from search.query import parse_search
from tests.listings.factories import VacancyFactory

# Unusual on purpose: no vacancy, form default or catalogue text contains this combination.
SENTINEL = {"IV.13": 1, "V.2": 0, "I.8.5": 0, "III.6": 0, "VI.1b": 0, "IV.20": 2}
SENTINEL_TEXTS = [json.dumps(SENTINEL), json.dumps(SENTINEL, separators=(",", ":")), repr(SENTINEL), "capacity"]


def leaks(text: str) -> list[str]:
    return [needle for needle in SENTINEL_TEXTS if needle in text]


@pytest.fixture
def es_requests(monkeypatch):
    """Every HTTP request the Elasticsearch client sends: (method, target, body)."""
    seen = []
    original = Urllib3HttpNode.perform_request

    def recording(self, method, target, body=None, headers=None, **kwargs):
        seen.append((method, target, (body or b"").decode("utf-8", "replace")))
        return original(self, method, target, body=body, headers=headers, **kwargs)

    monkeypatch.setattr(Urllib3HttpNode, "perform_request", recording)
    return seen


@pytest.fixture
def celery_messages(settings):
    """Celery messages as the broker receives them (published for real, to the in-memory transport)."""
    bodies = []

    def record(sender=None, body=None, headers=None, **kwargs):
        bodies.append((sender, json.dumps(body, default=str), json.dumps(headers, default=str)))

    before_task_publish.connect(record, weak=False)
    celery_app.conf.task_always_eager = False
    try:
        with celery_app.connection_for_write("memory://"):
            yield bodies
    finally:
        celery_app.conf.task_always_eager = True
        before_task_publish.disconnect(record)


def test_the_sentinel_is_recognisable():
    assert parse_search({"capacity": SENTINEL}).capacity.levels == SENTINEL
    assert leaks(json.dumps({"capacity": SENTINEL}))


def test_capacity_never_reaches_the_index_logs_urls_or_celery(
    client, db, elasticsearch, es_requests, celery_messages, caplog, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_BROKER_URL = "memory://"
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        vacancy = VacancyFactory(load={"IV.13": 2}, adaptable=["IV.13"])
    from search.tasks import sync_vacancy

    sync_vacancy.apply(args=[vacancy.pk])  # what the worker process would run for the message above
    elasticsearch.refresh()

    response = client.post("/api/v1/search/", {"capacity": SENTINEL}, content_type="application/json")
    assert response.status_code == 200
    refused = client.post("/api/v1/search/", {"capacity": {**SENTINEL, "IV.13": 99}}, content_type="application/json")
    assert refused.status_code == 400

    writes = [(m, t, b) for m, t, b in es_requests if "_search" not in t and "_count" not in t]
    assert writes, "the vacancy was indexed over HTTP"
    for method, target, _body in es_requests:
        assert not leaks(target), (method, target)
    for method, target, body in writes:
        assert not leaks(body), (method, target)
    for record in caplog.records:
        assert not leaks(record.getMessage()), record.getMessage()
    assert celery_messages, "the index task was published to the broker"
    for task, body, headers in celery_messages:
        assert task == "search.tasks.sync_vacancy"
        assert json.loads(body)[0] == [vacancy.pk]  # args: the id, nothing else
        assert not leaks(body) and not leaks(headers)


def test_the_search_page_keeps_capacity_out_of_urls(client, db, settings):
    VacancyFactory(load={"IV.13": 1}, adaptable=[])
    form = {"capacity_IV_13": "1", "capacity_IV_20": "2", "per_week": "20", "radius_km": "25"}
    response = client.post("/werk-zoeken/", form)
    assert response.status_code == 302
    assert "IV" not in response["Location"] and "capacity" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    hrefs = [part.split('"', 1)[0] for part in page.split('href="')[1:]]
    assert hrefs and not [href for href in hrefs if "capacity" in href or "IV_13" in href or "IV.13" in href]
