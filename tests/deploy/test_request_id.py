"""Request ids: kept from the proxy or made up, returned, on log records, passed on to Celery tasks;
the access line never holds a body, a query string or a token from the path."""

import logging
import uuid
from types import SimpleNamespace

import pytest

from config import request_id
from config.request_id import RequestIdFilter, current_request_id, request_id_var

pytestmark = pytest.mark.django_db

SENTINEL = "Sentinel-Beperking-31415"


@pytest.fixture
def access_log(settings, caplog):
    settings.LOG_REQUESTS = True
    caplog.set_level(logging.INFO, logger="passendwerk.request")
    return caplog


def access_lines(caplog):
    return [record for record in caplog.records if record.name == "passendwerk.request"]


def test_every_response_gets_a_fresh_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert uuid.UUID(first) and uuid.UUID(second) and first != second


def test_the_proxys_id_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a-0001")["X-Request-ID"] == "lb-7f3a-0001"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")["X-Request-ID"]
    assert uuid.UUID(replaced)
    assert uuid.UUID(client.get("/healthz", HTTP_X_REQUEST_ID="x" * 500)["X-Request-ID"])


def test_one_access_line_per_request_with_the_id(client, access_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a-0002")
    [line] = access_lines(access_log)
    assert line.getMessage().startswith("GET /healthz 200 ")
    assert (line.http_method, line.http_path, line.http_status) == ("GET", "/healthz", 200)
    assert line.request_id == response["X-Request-ID"] == "lb-7f3a-0002"


def test_no_access_lines_unless_asked(client, settings, caplog):
    settings.LOG_REQUESTS = False
    caplog.set_level(logging.INFO, logger="passendwerk.request")
    client.get("/healthz")
    assert access_lines(caplog) == []


def test_bodies_and_query_strings_never_reach_the_log(client, access_log):
    client.post(
        f"/api/v1/search/?note={SENTINEL}",
        {"capacity": {"IV.13": 1}, "query": SENTINEL},
        content_type="application/json",
    )
    [line] = access_lines(access_log)
    assert line.http_path == "/api/v1/search/"
    for record in access_log.records:
        assert SENTINEL not in record.getMessage()
        assert SENTINEL not in repr(vars(record))


def test_paths_with_tokens_are_logged_as_their_pattern(client, access_log):
    token = "secret-invitation-token-0123456789"
    client.get(f"/begeleiding/{token}/")
    [line] = access_lines(access_log)
    assert token not in line.getMessage() and token not in line.http_path
    assert line.http_path == "/begeleiding/<str:token>/"


def test_the_filter_puts_the_current_id_on_records():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"
    token = request_id_var.set("req-filter-0001")
    try:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
        RequestIdFilter().filter(record)
        assert record.request_id == "req-filter-0001"
    finally:
        request_id_var.reset(token)


def test_tasks_carry_the_id_of_the_request_that_published_them():
    headers = {}
    request_id._add_request_id_header(headers=headers)
    assert headers == {}  # outside a request: nothing to pass on
    token = request_id_var.set("req-task-0001")
    try:
        request_id._add_request_id_header(headers=headers)
    finally:
        request_id_var.reset(token)
    assert headers == {"request_id": "req-task-0001"}

    # In the worker: Celery puts message headers on task.request.
    task = SimpleNamespace(request=SimpleNamespace(request_id="req-task-0001", get=lambda name, default=None: None))
    request_id._set_request_id_for_task(task_id="t-1", task=task)
    assert current_request_id() == "req-task-0001"
    request_id._reset_request_id_after_task(task_id="t-1")
    assert current_request_id() == "-"
