"""Celery tasks that keep Elasticsearch in step. They take vacancy ids only, never a profile.

Each task reads the vacancy afresh and makes the index match it (index when published, delete
otherwise), so running one twice, late or out of order is harmless.
"""

import logging

from celery import shared_task
from django.conf import settings

from listings.models import Vacancy

logger = logging.getLogger(__name__)


def elasticsearch_enabled() -> bool:
    return settings.SEARCH_BACKEND == "elasticsearch"


def _retry_errors():
    from search.backends.elasticsearch import UNREACHABLE

    return UNREACHABLE


@shared_task(bind=True, max_retries=8, acks_late=True)
def sync_vacancy(self, vacancy_id: int) -> str:
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.documents import vacancy_document
    from search.indexing import is_searchable, searchable_vacancies

    if not elasticsearch_enabled():
        return "skipped"
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    try:
        backend = ElasticsearchBackend()
        backend.ensure_index()
        if vacancy is not None and is_searchable(vacancy):
            backend.index_documents([vacancy_document(searchable_vacancies().get(pk=vacancy_id))])
            return "indexed"
        backend.delete_documents([vacancy_id])
        return "deleted"
    except _retry_errors() as error:
        # Exponential backoff: 2, 4, 8 … seconds, at most ~4 minutes between tries.
        raise self.retry(exc=error, countdown=min(2 ** (self.request.retries + 1), 256)) from error


@shared_task
def repair_search_drift() -> dict:
    """The periodic consistency job: repair the database table, then the index, from the vacancies."""
    from search.indexing import repair_entries

    drift = {"database": {key: len(ids) for key, ids in repair_entries().items()}}
    if elasticsearch_enabled():
        from search.reindex import repair_index

        try:
            drift["elasticsearch"] = {key: len(ids) for key, ids in repair_index().items()}
        except _retry_errors() as error:
            drift["elasticsearch"] = {"unreachable": type(error).__name__}
    logger.info("search consistency: %s", drift)
    return drift


@shared_task
def send_saved_search_digests() -> int:
    """Daily: one digest task per worker with saved searches (worker ids only in the messages)."""
    from search.models import SavedSearch

    worker_ids = sorted(set(SavedSearch.objects.values_list("worker_id", flat=True)))
    for worker_id in worker_ids:
        send_saved_search_digest.delay(worker_id)
    return len(worker_ids)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_saved_search_digest(self, worker_id: int) -> int:
    """E-mail the vacancies published since the last check that fit the worker's stored profile.

    Idempotent: a search checked in the last 20 hours is skipped, so a retried or doubled task
    sends nothing twice. The e-mail lists titles and links; never the capacity.
    """
    from search.digest import digest_for_worker

    return digest_for_worker(worker_id)
