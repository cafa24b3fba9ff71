"""The fit index stays exact while vacancies change: read your writes, rollbacks, rebuilds, loading.

Exactness on every query shape is in tests/conformance (the index against the rule book and against SQL);
two processes are in test_fit_index_processes.py.
"""

from decimal import Decimal

import numpy as np
import pytest
from django.db import transaction

from listings.models import Vacancy
from matching import rules as matching_rules
from search import fit_index, fit_store
from search.backends.database import DatabaseBackend
from search.backends.indexed import IndexedDatabaseBackend
from search.changes import current_state
from search.indexing import rebuild_entries
from search.query import SearchQuery
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def ids(query=None) -> list[int]:
    return [hit.id for hit in IndexedDatabaseBackend().search(query or SearchQuery(sort="newest")).hits]


@pytest.fixture
def warm():
    """Two published vacancies and a loaded index; returns the index as loaded."""
    VacancyFactory.create_batch(2)
    ids()
    return fit_store.holder.index


def test_a_published_vacancy_is_in_the_very_next_search_through_the_delta(warm):
    vacancy = VacancyFactory()
    assert ids()[0] == vacancy.pk
    index = fit_store.holder.index
    assert index.base is not warm.base or index.delta is not None
    assert vacancy.pk in index.delta_rows  # caught up by its id, not loaded again
    assert index.base.ids.tolist() == warm.base.ids.tolist()


def test_a_vacancy_taken_offline_is_gone_from_the_very_next_search(warm):
    vacancy = Vacancy.objects.get(pk=warm.base.ids[0])
    vacancy.status = Vacancy.Status.CLOSED
    vacancy.save()
    assert vacancy.pk not in ids()
    assert IndexedDatabaseBackend().search(SearchQuery()).count == 1


def test_a_deleted_vacancy_is_gone_from_the_very_next_search(warm):
    Vacancy.objects.filter(pk=warm.base.ids[0]).delete()
    assert ids() == [int(warm.base.ids[1])]


def test_a_change_of_hours_counts_in_the_very_next_search(warm):
    from matching.rules import WorkerHours

    vacancy = Vacancy.objects.get(pk=warm.base.ids[0])
    query = SearchQuery(hours=WorkerHours(Decimal(16)), include_orange=False)
    assert vacancy.pk not in ids(query)  # 24 hours a week at the least
    vacancy.per_week_min = Decimal(16)
    vacancy.save()
    assert vacancy.pk in ids(query)
    vacancy.per_week_min = Decimal(20)
    vacancy.save()
    assert vacancy.pk not in ids(query)  # the delta holds the newest version of a row, not the first


def test_a_rolled_back_change_the_index_saw_is_forgotten(warm):
    from matching.rules import WorkerHours

    short_weeks = SearchQuery(hours=WorkerHours(Decimal(16)), include_orange=False)
    with transaction.atomic():
        seen = VacancyFactory(per_week_min=Decimal(8))
        assert ids(short_weeks) == [seen.pk]  # seen inside the transaction
        transaction.set_rollback(True)
    # The same version number as the rolled-back change, another token (and on SQLite even the same id).
    other = VacancyFactory(per_week_min=Decimal(36), per_week_max=Decimal(38))
    assert ids(short_weeks) == []
    assert ids() == [other.pk, *warm.base.ids.tolist()]


def test_a_rebuild_of_the_whole_table_loads_the_index_again(warm):
    rebuild_entries()
    assert sorted(ids()) == sorted(warm.base.ids.tolist())
    assert fit_store.holder.index is not warm
    assert fit_store.holder.index.delta is None


def test_searches_without_changes_use_the_same_index(warm):
    ids()
    ids()
    assert fit_store.holder.index is warm


def test_the_change_log_counts_up_in_the_writing_transaction(warm):
    before = current_state()
    with transaction.atomic():
        VacancyFactory()
        inside = current_state()
    assert inside.version == before.version + 1 and inside.token != before.token


# Committed data (a loading thread has its own connection); serialized_rollback, like the worker tests, so the
# flush after it leaves the tables as the next such test expects them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_the_index_loads_sql_answers(settings, monkeypatch):
    """In a thread, off the request: the first search is answered by SQL, later ones by the index."""
    settings.SEARCH_FIT_INDEX_LOAD = "background"
    VacancyFactory.create_batch(3)
    holder = fit_store.Holder()
    monkeypatch.setattr(fit_store, "holder", holder)
    query = SearchQuery(sort="newest")
    with holder.lock:  # the loading thread cannot put its index in place before this search has answered
        answered = IndexedDatabaseBackend().search(query)
        assert holder.index is None
    assert answered.hits == DatabaseBackend().search(query).hits and answered.count == 3
    holder.loading.join(timeout=30)
    assert holder.index is not None and holder.index.size == 3
    assert IndexedDatabaseBackend().search(query).hits == answered.hits


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_load_leaves_sql_answering_and_is_tried_again(settings, monkeypatch):
    settings.SEARCH_FIT_INDEX_LOAD = "background"
    VacancyFactory()
    holder = fit_store.Holder()
    monkeypatch.setattr(fit_store, "holder", holder)

    def broken(*args):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(fit_store, "read_rows", broken)
    monkeypatch.setattr(fit_store, "block_columns", broken)  # PostgreSQL's way of reading them all
    assert IndexedDatabaseBackend().search(SearchQuery()).count == 1  # SQL
    holder.loading.join(timeout=30)
    assert holder.index is None and holder.failures == 1
    monkeypatch.undo()
    monkeypatch.setattr(fit_store, "holder", holder)
    IndexedDatabaseBackend().search(SearchQuery())
    holder.loading.join(timeout=30)
    assert holder.index is not None and holder.index.size == 1


def test_the_column_blocks_read_what_the_row_by_row_read_does(db):
    """PostgreSQL's fast path for loading (one bytea block per column) against the plain rows; SQLite has only
    the latter."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the column blocks are PostgreSQL's: runs in .ci/run's second pass")
    empty = fit_store.block_columns()
    assert all(len(values) == 0 for values in empty.values()) and set(empty) == set(fit_index.ROW_FIELDS)
    VacancyFactory(per_day_max=None, phased_start=False)
    VacancyFactory(
        per_week_min=Decimal("12.5"), per_day_max=Decimal(6), phased_start=True, phased_start_per_week=Decimal(8),
        phased_weeks=4, remote=True, coaching="job_coach", load={"IV.13": 3, "V.4": 1}, adaptable=["IV.13"],
    )  # fmt: skip
    copied = fit_store.block_columns()
    plain = fit_store.columns_of(fit_store.read_rows())
    order = np.argsort(copied["vacancy_id"])
    plain_order = np.argsort(np.asarray(plain["vacancy_id"]))
    for name in plain:
        want = [fit_index.NO_HOURS if v is None else v for v in np.asarray(plain[name], dtype=object)[plain_order]]
        assert copied[name][order].tolist() == want, name


def test_distances_are_kept_for_a_few_locations_within_a_bound(monkeypatch):
    catalogues = fit_index.Catalogues()
    catalogues.places.numbers(np.array([(52.0 + i / 100, 5.0) for i in range(10)]))
    places = catalogues.places.table
    monkeypatch.setattr(fit_index, "DISTANCE_CACHE_BYTES", 25)  # room for two radii of ten places (10 bytes)
    for step in range(5):
        fit_index.distances_from(catalogues, 52.1 + step, 5.1).in_range(places, 25.0)
    assert len(catalogues.distances) == 3  # the bound is checked before a new location is added
    monkeypatch.setattr(fit_index, "DISTANCE_CACHE", 2)  # and at most so many locations, however small
    for step in range(5):
        fit_index.distances_from(catalogues, 50.1 + step, 5.1)
    assert len(catalogues.distances) == 2
    here = places.tolist().index([52.0, 5.0])
    assert fit_index.distances_from(catalogues, 52.0, 5.0).exact(places, np.array([here]))[0] == 0.0


def test_only_places_in_the_box_around_a_radius_are_measured():
    """A million distinct places and a 10 km radius: measure the few near the location, not all of them."""
    catalogues = fit_index.Catalogues()
    near = [(52.0 + i / 1000, 5.0) for i in range(50)]  # within about 5.5 km north of (52.0, 5.0)
    far = [(53.0 + i / 100, 6.0 + i / 100) for i in range(500)]
    catalogues.places.numbers(np.array(near + far))
    places = catalogues.places.table
    distances = fit_index.distances_from(catalogues, 52.0, 5.0)
    inside = distances.in_range(places, 10.0)
    assert inside.sum() == 50 and distances.approximated == 50 and distances.measured == 0
    expected = [matching_rules.distance_km(52.0, 5.0, lat, lon) <= 10.0 for lat, lon in places.tolist()]
    assert inside.tolist() == expected


def test_a_place_too_close_to_the_radius_to_call_is_measured_exactly():
    """A place whose approximate distance is within a hair of the radius is measured exactly; the rest are not
    (the order of near ties: test_the_nearest_rows_include_every_near_tie)."""
    catalogues = fit_index.Catalogues()
    catalogues.places.numbers(np.array([(52.0, 5.0 + i / 1000) for i in range(1, 200)] + [(52.0, 4.9)]))
    places = catalogues.places.table
    distances = fit_index.distances_from(catalogues, 52.0, 5.0)
    first = places.tolist().index([52.0, 5.001])
    edge = float(fit_index.place_distances(places[[first]], 52.0, 5.0)[0])  # a radius right on that place
    inside = distances.in_range(places, edge)
    assert inside[first] and distances.measured == 1


def test_the_nearest_rows_include_every_near_tie():
    """The k nearest by approximate distance, plus any too close to the k-th to call: the exact distances
    (and then the position) decide between those."""
    approximate = np.array([3.0, 1.0, 1.001, 2.0, 0.999, 5.0], dtype=np.float32)  # a metre apart: too close to call
    assert fit_index.nearest(approximate, 1).tolist() == [False, True, True, False, True, False]
    assert fit_index.nearest(approximate, 4).tolist() == [False, True, True, True, True, False]
    assert fit_index.nearest(np.array([0.0, 0.0, 1.0]), 1).tolist() == [True, True, False]


def test_distances_are_the_c_librarys_to_the_last_bit():
    """numpy's own sin, pow or asin (SIMD, on AVX-512) can differ from the C library's in the last bit; SQL
    uses the C library's, and so must the index (rules.distance_km uses Python's math, which calls it)."""
    rng = np.random.default_rng(7)
    places = np.stack([rng.uniform(50.7, 53.6, 20_000), rng.uniform(3.3, 7.3, 20_000)], axis=1)
    got = fit_index.place_distances(places, 52.0907, 5.1214)
    want = [matching_rules.distance_km(52.0907, 5.1214, lat, lon) for lat, lon in places.tolist()]
    assert got.tolist() == want


def test_approximate_distances_stay_within_their_margin():
    rng = np.random.default_rng(11)
    places = np.stack([rng.uniform(50.7, 53.6, 20_000), rng.uniform(3.3, 7.3, 20_000)], axis=1)
    exact = fit_index.place_distances(places, 52.3676, 4.9041)
    approximate = fit_index.approximate_distances(places, 52.3676, 4.9041).astype(np.float64)
    assert (np.abs(approximate - exact) <= fit_index.margin(exact) / 4).all()  # a margin with room to spare
