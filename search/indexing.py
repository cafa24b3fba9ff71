"""Keeping search in step with listings.

The database backend's table is written in the same transaction as the vacancy (it is the same
database, so it can never drift by a crash). Elasticsearch is written after commit by an
idempotent Celery task (`search.tasks`), which reads the vacancy afresh: whatever the order in
which tasks run, the last one leaves the index matching the database.
"""

from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction

from listings.models import Vacancy
from search.changes import record_change
from search.documents import vacancy_document
from search.models import LOAD_COLUMNS, SearchEntry, SearchText

BATCH_SIZE = 2000
ENTRY_FIELDS = [
    "network_id",
    "region_id",
    "latitude",
    "longitude",
    "remote",
    "per_week_min",
    "per_week_max",
    "per_day_max",
    "phased_start",
    "phased_start_per_week",
    "hours_band",
    "coaching",
    "trial_placement",
    "facet_key",
    "published_at",
] + LOAD_COLUMNS


def searchable_vacancies():
    return Vacancy.objects.published().select_related("employer", "network__region", "occupation")


def is_searchable(vacancy: Vacancy) -> bool:
    return vacancy.status == Vacancy.Status.PUBLISHED


def entry_from_document(document: dict) -> tuple[SearchEntry, SearchText]:
    values = {name: document[name] for name in ENTRY_FIELDS}
    values["published_at"] = values["published_at"] or document["updated_at"]
    entry = SearchEntry(vacancy_id=document["id"], vacancy_updated_at=document["updated_at"], **values)
    words = " ".join(
        [document["title"], document["description"], document["occupation"], document["employer"], document["place"]]
    )
    return entry, SearchText(entry=entry, title=document["title"].casefold()[:200], text=words.casefold())


def sync_entry(vacancy: Vacancy) -> None:
    """Write or remove the vacancy's rows in the database backend's tables."""
    with transaction.atomic():
        removed, _ = SearchEntry.objects.filter(vacancy_id=vacancy.pk).delete()
        if is_searchable(vacancy):
            entry, words = entry_from_document(vacancy_document(searchable_vacancies().get(pk=vacancy.pk)))
            entry.save(force_insert=True)
            words.save(force_insert=True)
        elif not removed:
            return  # a draft saved again: nothing searchable changed
        record_change([vacancy.pk])


def _empty_tables() -> None:
    if connection.vendor == "postgresql":
        # TRUNCATE is transactional in PostgreSQL and, unlike DELETE, leaves no dead rows to scan past.
        with connection.cursor() as cursor:
            # Deferred foreign-key checks of rows written earlier in this transaction must run
            # first: PostgreSQL refuses to TRUNCATE a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {SearchText._meta.db_table}, {SearchEntry._meta.db_table}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        SearchEntry.objects.all().delete()


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}, {SearchText._meta.db_table}")


def batches(queryset, size: int = BATCH_SIZE) -> Iterator[list]:
    batch = []
    for item in queryset.iterator(chunk_size=size):
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild_entries(progress: Callable[[int], None] | None = None, vacancy_ids: Iterable[int] | None = None) -> int:
    """Rebuild the database backend's table (all of it, or only the given vacancies); returns the rows written."""
    queryset = searchable_vacancies().order_by("pk")
    written = 0
    with transaction.atomic():
        if vacancy_ids is None:
            _empty_tables()
        else:
            vacancy_ids = list(vacancy_ids)
            SearchEntry.objects.filter(vacancy_id__in=vacancy_ids).delete()
            queryset = queryset.filter(pk__in=vacancy_ids)
        for batch in batches(queryset):
            rows = [entry_from_document(vacancy_document(vacancy)) for vacancy in batch]
            SearchEntry.objects.bulk_create([entry for entry, _words in rows])
            SearchText.objects.bulk_create([words for _entry, words in rows])
            written += len(batch)
            if progress:
                progress(len(batch))
        record_change(vacancy_ids)
        if vacancy_ids is None:
            _analyze()  # fresh statistics, so the planner knows the new table
    return written


def entry_drift() -> dict[str, list[int]]:
    """Vacancies missing from, stale in, or wrongly present in the database backend's table."""
    published = dict(Vacancy.objects.published().values_list("pk", "updated_at"))
    entries = dict(SearchEntry.objects.values_list("vacancy_id", "vacancy_updated_at"))
    return {
        "missing": sorted(set(published) - set(entries)),
        "stale": sorted(pk for pk, updated in entries.items() if pk in published and published[pk] != updated),
        "extra": sorted(set(entries) - set(published)),
    }


def repair_entries() -> dict[str, list[int]]:
    drift = entry_drift()
    broken = drift["missing"] + drift["stale"] + drift["extra"]
    if broken:
        rebuild_entries(vacancy_ids=broken)
    return drift
