"""A real Celery worker process logs JSON lines, and a task carries the request id of its publisher
(services pass: PostgreSQL, Redis, a worker process)."""

import json

import pytest

from config.request_id import request_id_var
from search.tasks import repair_search_drift
from tests.services import celery_worker, wait_for

# The task writes nothing and the worker reads only committed (empty) tables: no transactional test needed.
pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_the_worker_logs_json_with_the_publishers_request_id(tmp_path):
    log = tmp_path / "worker.log"

    def task_lines():
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        return [line for line in lines if line["message"].startswith("search consistency")]

    with celery_worker(tmp_path):
        token = request_id_var.set("services-request-0001")
        try:
            repair_search_drift.delay()
        finally:
            request_id_var.reset(token)
        assert wait_for(task_lines), log.read_text()
    [line] = task_lines()
    assert line["request_id"] == "services-request-0001"
    assert line["logger"] == "search.tasks" and line["level"] == "INFO"
