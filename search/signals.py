"""Vacancy changes reach search: the database table in the same transaction, Elasticsearch after commit."""

import uuid

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from listings.models import Vacancy
from network.models import Network, Region
from outbox.relay import enqueue
from search import labels
from search.changes import record_change, record_label_change
from search.indexing import sync_entry
from search.tasks import elasticsearch_enabled, sync_vacancy


def dispatch_index_task(vacancy_id: int) -> None:
    """Through the outbox: written with the change, sent after commit, kept while the broker is down."""
    if elasticsearch_enabled():
        enqueue(sync_vacancy, vacancy_id, key=f"sync_vacancy:{vacancy_id}:{uuid.uuid4().hex}")


@receiver(post_save, sender=Vacancy, dispatch_uid="search-vacancy-saved")
def vacancy_saved(sender, instance: Vacancy, raw=False, **kwargs):
    if raw:  # fixtures: rebuild with `search_index --rebuild`
        return
    sync_entry(instance)
    dispatch_index_task(instance.pk)


@receiver(post_delete, sender=Vacancy, dispatch_uid="search-vacancy-deleted")
def vacancy_deleted(sender, instance: Vacancy, **kwargs):
    record_change([instance.pk])  # its search entry went with it (on delete cascade)
    dispatch_index_task(instance.pk)


@receiver(post_save, sender=Network, dispatch_uid="search-network-saved")
@receiver(post_delete, sender=Network, dispatch_uid="search-network-deleted")
@receiver(post_save, sender=Region, dispatch_uid="search-region-saved")
@receiver(post_delete, sender=Region, dispatch_uid="search-region-deleted")
def labels_changed(sender, raw=False, **kwargs):
    if not raw:
        record_label_change()


request_started.connect(labels.request_started, dispatch_uid="search-labels-request-started")
request_finished.connect(labels.request_finished, dispatch_uid="search-labels-request-finished")
