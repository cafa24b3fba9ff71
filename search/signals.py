"""Vacancy changes reach search: the database table in the same transaction, Elasticsearch after commit."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from listings.models import Vacancy
from search.indexing import sync_entry
from search.tasks import elasticsearch_enabled, sync_vacancy


def dispatch_index_task(vacancy_id: int) -> None:
    if elasticsearch_enabled():
        transaction.on_commit(lambda: sync_vacancy.delay(vacancy_id))


@receiver(post_save, sender=Vacancy, dispatch_uid="search-vacancy-saved")
def vacancy_saved(sender, instance: Vacancy, raw=False, **kwargs):
    if raw:  # fixtures: rebuild with `search_index --rebuild`
        return
    sync_entry(instance)
    dispatch_index_task(instance.pk)


@receiver(post_delete, sender=Vacancy, dispatch_uid="search-vacancy-deleted")
def vacancy_deleted(sender, instance: Vacancy, **kwargs):
    dispatch_index_task(instance.pk)
