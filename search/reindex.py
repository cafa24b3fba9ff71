"""Rebuilding and checking the Elasticsearch index.

A rebuild never leaves searchers without an index: it fills a new concrete index while the
alias still points at the old one, replays the vacancies that changed meanwhile, then swaps the
alias in one atomic request and drops the old index.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from listings.models import Vacancy
from search.backends.elasticsearch import ElasticsearchBackend, new_index_name
from search.documents import vacancy_document
from search.indexing import batches, searchable_vacancies


@dataclass
class RebuildReport:
    index: str
    indexed: int
    replayed: int
    removed_indices: list[str]


def _fill(backend: ElasticsearchBackend, index: str, queryset, progress: Callable[[int], None] | None) -> int:
    written = 0
    for batch in batches(queryset.order_by("pk")):
        backend.index_documents([vacancy_document(vacancy) for vacancy in batch], index=index)
        written += len(batch)
        if progress:
            progress(len(batch))
    return written


def replay_changes(backend: ElasticsearchBackend, index: str, since) -> int:
    """Vacancies changed after `since`: index the published ones, delete the rest; then drop strays."""
    changed = list(Vacancy.objects.filter(updated_at__gte=since).values_list("pk", "status"))
    published = [pk for pk, status in changed if status == Vacancy.Status.PUBLISHED]
    gone = [pk for pk, status in changed if status != Vacancy.Status.PUBLISHED]
    for batch in batches(searchable_vacancies().filter(pk__in=published)):
        backend.index_documents([vacancy_document(vacancy) for vacancy in batch], index=index)
    backend.es.indices.refresh(index=index)
    stray = set(backend.indexed_versions(index)) - set(Vacancy.objects.published().values_list("pk", flat=True))
    backend.delete_documents(sorted(set(gone) | stray), index=index)
    return len(changed) + len(stray)


def rebuild_index(progress: Callable[[int], None] | None = None, backend: ElasticsearchBackend | None = None):
    backend = backend or ElasticsearchBackend()
    started = timezone.now()
    index = new_index_name()
    backend.create_index(index)
    indexed = _fill(backend, index, searchable_vacancies(), progress)
    replayed = replay_changes(backend, index, started)
    old = backend.swap_alias(index)
    for name in old:
        backend.es.indices.delete(index=name)
    backend.es.indices.refresh(index=index)
    return RebuildReport(index, indexed, replayed, old)


def index_drift(backend: ElasticsearchBackend | None = None) -> dict[str, list[int]]:
    backend = backend or ElasticsearchBackend()
    backend.refresh()
    indexed = backend.indexed_versions()
    published = dict(Vacancy.objects.published().values_list("pk", "updated_at"))

    def stale(pk):
        return _same_instant(indexed[pk], published[pk]) is False

    return {
        "missing": sorted(set(published) - set(indexed)),
        "stale": sorted(pk for pk in indexed if pk in published and stale(pk)),
        "extra": sorted(set(indexed) - set(published)),
    }


def _same_instant(indexed: str, updated) -> bool:
    from datetime import datetime

    try:
        return datetime.fromisoformat(indexed) == updated
    except ValueError:
        return False


def repair_index(backend: ElasticsearchBackend | None = None) -> dict[str, list[int]]:
    backend = backend or ElasticsearchBackend()
    backend.ensure_index()
    drift = index_drift(backend)
    to_index = drift["missing"] + drift["stale"]
    for batch in batches(searchable_vacancies().filter(pk__in=to_index)):
        backend.index_documents([vacancy_document(vacancy) for vacancy in batch])
    if drift["extra"]:
        backend.delete_documents(drift["extra"])
    return drift
