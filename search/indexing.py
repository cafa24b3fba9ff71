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
from search.documents import facet_key, packed_fields, tenths, vacancy_document
from search.models import LOAD_COLUMNS, SearchEntry, SearchText
from search.query import hours_band

BATCH_SIZE = 2000
ENTRY_FIELDS = [
    "kind",
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


def batches_of(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def batches(queryset, size: int = BATCH_SIZE) -> Iterator[list]:
    return batches_of(queryset.iterator(chunk_size=size), size)


# --- the fast path (PostgreSQL): plain values in, COPY out ---------------------------------------------
#
# `entry_from_document(vacancy_document(vacancy))` per model instance costs most of a rebuild's time. Here
# the same column values come from one values_list() row per vacancy (no model instances, none of the
# document's fields that the table does not store) and go into the tables with COPY instead of INSERT.
# tests/search/test_bulk_rebuild.py holds both paths to the same rows.

SOURCE_FIELDS = [
    "pk",
    "title",
    "description",
    "place",
    "employer__name",
    "occupation__title_nl",
    "occupation__title_en",
    "kind",
    "network_id",
    "network__region_id",
    "latitude",
    "longitude",
    "remote",
    "per_week_min",
    "per_week_max",
    "per_day_max",
    "phased_start",
    "phased_start_per_week",
    "coaching",
    "trial_placement",
    "published_at",
    "updated_at",
    "load",
    "adaptable",
]
ENTRY_COLUMNS = ["vacancy_id", "vacancy_updated_at", *ENTRY_FIELDS]
TEXT_COLUMNS = ["entry_id", "title", "text"]


def _packer() -> Callable[[dict, list], tuple[int, ...]]:
    """`packed_fields` in LOAD_COLUMNS order, as the OR of each dimension's own bits (every dimension has its
    own bits, so the words of a load are the OR of the words of its levels one by one), remembered per
    (dimension, level, adaptable): a rebuild meets a few hundred of those, and hundreds of thousands of loads.
    The words travel side by side in one integer, 64 bits apart (each is below 2**62), so one OR adds a level."""
    known: dict = {}
    shifts = [64 * index for index in range(len(LOAD_COLUMNS))]
    mask = (1 << 64) - 1

    def joined(fields: dict) -> int:
        return sum(fields[name] << shift for name, shift in zip(LOAD_COLUMNS, shifts, strict=True))

    def packed(load: dict, adaptable: list) -> tuple[int, ...]:
        words = 0
        for code, level in load.items():
            adapted = code in adaptable
            try:
                bits = known.get((code, level, adapted))
            except TypeError:  # a value JSON allows but a level is not: no shortcut
                words = joined(packed_fields(load, adaptable))
                break
            if bits is None:
                bits = known[(code, level, adapted)] = joined(packed_fields({code: level}, [code] if adapted else []))
            words |= bits
        return tuple((words >> shift) & mask for shift in shifts)

    return packed


def entry_rows(values_rows: Iterable[tuple], packed=None) -> Iterator[tuple[tuple, tuple]]:
    """(entry row in ENTRY_COLUMNS order, text row in TEXT_COLUMNS order) per SOURCE_FIELDS row: the
    values `entry_from_document(vacancy_document(vacancy))` gives, without the model instances."""
    packed = packed or _packer()
    for (
        pk,
        title,
        description,
        place,
        employer,
        title_nl,
        title_en,
        kind,
        network_id,
        region_id,
        latitude,
        longitude,
        remote,
        per_week_min,
        per_week_max,
        per_day_max,
        phased_start,
        phased_start_per_week,
        coaching,
        trial_placement,
        published_at,
        updated_at,
        load,
        adaptable,
    ) in values_rows:
        band = hours_band(per_week_min)
        words = packed(load or {}, adaptable or ())
        entry = (
            pk,
            updated_at,
            kind,
            network_id,
            region_id,
            latitude,
            longitude,
            remote,
            tenths(per_week_min),
            tenths(per_week_max),
            tenths(per_day_max),
            phased_start,
            tenths(phased_start_per_week) if phased_start else None,
            band,
            coaching,
            trial_placement,
            facet_key(network_id, band, phased_start, coaching, trial_placement, remote, kind),
            published_at or updated_at,
            *words,
        )
        occupation = " ".join(filter(None, [title_nl, title_en]))
        text = " ".join([title, description, occupation, employer, place]).casefold()
        yield entry, (pk, title.casefold()[:200], text)


def _copy_sql(model, names: list[str]) -> str:
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)
    return f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"


def _copy_entries(queryset, progress: Callable[[int], None] | None) -> int:
    entry_sql, text_sql = _copy_sql(SearchEntry, ENTRY_COLUMNS), _copy_sql(SearchText, TEXT_COLUMNS)
    rows = entry_rows(queryset.values_list(*SOURCE_FIELDS).iterator(chunk_size=BATCH_SIZE))
    written = 0
    with connection.cursor() as cursor:
        for batch in batches_of(rows, BATCH_SIZE):
            # Two COPYs per batch (one connection copies one table at a time); the entries first, for the
            # texts' foreign key.
            with cursor.copy(entry_sql) as copy:
                for entry, _text in batch:
                    copy.write_row(entry)
            with cursor.copy(text_sql) as copy:
                for _entry, text in batch:
                    copy.write_row(text)
            written += len(batch)
            if progress:
                progress(len(batch))
    return written


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
        if connection.vendor == "postgresql":
            written = _copy_entries(queryset, progress)
        else:
            for batch in batches(queryset, BATCH_SIZE):
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
