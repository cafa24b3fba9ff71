"""Publishing reaches Elasticsearch through Redis and a real Celery worker process (services pass)."""

import pytest
from django.conf import settings

from listings.models import Vacancy
from tests.listings.factories import VacancyFactory
from tests.services import celery_worker, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_real_worker_indexes_on_commit_and_removes_on_close(tmp_path, elasticsearch):
    worker_env = {
        "SEARCH_BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
        "ELASTICSEARCH_INDEX": settings.ELASTICSEARCH_INDEX,
        "ELASTICSEARCH_PLAIN_JSON": "true" if settings.ELASTICSEARCH_PLAIN_JSON else "false",
        "ELASTICSEARCH_STEMMING": "true" if settings.ELASTICSEARCH_STEMMING else "false",
    }

    def indexed():
        elasticsearch.refresh()
        return set(elasticsearch.indexed_versions())

    with celery_worker(tmp_path, extra_env=worker_env):
        vacancy = VacancyFactory(title="Heftruckchauffeur")  # committed: the on_commit task goes to Redis
        assert wait_for(lambda: indexed() == {vacancy.pk}), (tmp_path / "worker.log").read_text()
        vacancy.status = Vacancy.Status.CLOSED
        vacancy.save()
        assert wait_for(lambda: indexed() == set()), (tmp_path / "worker.log").read_text()
    log = (tmp_path / "worker.log").read_text()
    assert "search.tasks.sync_vacancy" in log
