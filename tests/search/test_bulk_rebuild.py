"""The fast rebuild (values rows and COPY on PostgreSQL) writes exactly the rows `entry_from_document` gives.

On PostgreSQL `rebuild_entries` takes the COPY path; on SQLite the model path. Both are held to
`entry_from_document(vacancy_document(vacancy))`, and the row builder of the COPY path is checked on
every backend.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from listings.models import Vacancy
from matching.catalogue import get_catalogue
from search.documents import packed_fields, vacancy_document
from search.indexing import (
    ENTRY_COLUMNS,
    SOURCE_FIELDS,
    TEXT_COLUMNS,
    _packer,
    entry_from_document,
    entry_rows,
    rebuild_entries,
    searchable_vacancies,
)
from search.models import LOAD_COLUMNS, SearchChange, SearchEntry, SearchText
from tests.listings.factories import OccupationFactory, VacancyFactory
from tests.network.factories import EmployerFactory, NetworkFactory

pytestmark = pytest.mark.django_db

CODES = [dimension.code for dimension in get_catalogue()]


@pytest.fixture
def varied():
    """Published vacancies that differ in every way the table encodes, plus two that search never sees."""
    network, other = NetworkFactory(), NetworkFactory()
    employer = EmployerFactory(name="Bakkerij De Korenschoof")
    english_only = OccupationFactory(title_nl="", title_en="Baker")
    now = timezone.now()
    vacancies = [
        VacancyFactory(network=network, employer=employer),
        VacancyFactory(
            network=other,
            title="Magazijnmedewerker ÉÉN – opbouw MOGELIJK",
            description="Straße en ĲSSEL: casefold, niet lower.",
            per_week_min=Decimal("12.5"),
            per_week_max=Decimal("16"),
            per_day_max=Decimal("4.5"),
            phased_start=True,
            phased_start_per_week=Decimal("6.5"),
            phased_weeks=12,
            coaching=Vacancy.Coaching.JOB_COACH,
            trial_placement=True,
            remote=True,
            load={CODES[0]: 3, CODES[-1]: 1, CODES[len(CODES) // 2]: 2},
            adaptable=[CODES[0], CODES[len(CODES) // 2]],
        ),
        VacancyFactory(
            network=network,
            occupation=english_only,
            title="x" * 200,
            per_week_min=Decimal(32),
            per_week_max=Decimal(40),
            per_day_max=None,
            phased_start=False,
            phased_start_per_week=Decimal(8),  # left over from an earlier phased start: not searchable
            coaching=Vacancy.Coaching.BUDDY,
            load={},
            adaptable=[],
            published_at=None,  # the table falls back to the last change
        ),
        VacancyFactory(
            network=other,
            per_week_min=Decimal(16),
            per_week_max=Decimal(24),
            load=dict.fromkeys(CODES, 1) | {CODES[1]: 0},
            adaptable=list(reversed(CODES[:5])),
            published_at=now - timedelta(days=40),
        ),
        VacancyFactory(network=network, per_week_min=Decimal("0.5"), per_week_max=Decimal(8), remote=True),
    ]
    VacancyFactory(network=network, status=Vacancy.Status.DRAFT)
    VacancyFactory(network=network, status=Vacancy.Status.CLOSED)
    return vacancies


def expected_rows(vacancies) -> dict[int, tuple[tuple, tuple]]:
    rows = {}
    for vacancy in searchable_vacancies().filter(pk__in=[v.pk for v in vacancies]):
        entry, words = entry_from_document(vacancy_document(vacancy))
        rows[vacancy.pk] = (
            tuple(getattr(entry, name) for name in ENTRY_COLUMNS),
            (entry.vacancy_id, words.title, words.text),
        )
    return rows


def stored_rows() -> dict[int, tuple[tuple, tuple]]:
    entries = {row[0]: row for row in SearchEntry.objects.values_list(*ENTRY_COLUMNS)}
    texts = {row[0]: row for row in SearchText.objects.values_list(*TEXT_COLUMNS)}
    assert set(entries) == set(texts)
    return {pk: (entries[pk], texts[pk]) for pk in entries}


def test_the_row_builder_gives_the_columns_of_entry_from_document(varied):
    built = {
        entry[0]: (entry, text)
        for entry, text in entry_rows(searchable_vacancies().order_by("pk").values_list(*SOURCE_FIELDS))
    }
    assert built == expected_rows(varied)


def test_a_full_rebuild_writes_exactly_those_rows_and_logs_one_change(varied):
    expected = expected_rows(varied)
    SearchEntry.objects.all().delete()
    changes = SearchChange.objects.count()
    steps = []
    assert rebuild_entries(progress=steps.append) == len(varied)
    assert sum(steps) == len(varied)
    assert stored_rows() == expected
    assert list(SearchChange.objects.values_list("vacancy_id", flat=True)[changes:]) == [None]


def test_a_rebuild_of_some_vacancies_rewrites_only_those(varied):
    expected = expected_rows(varied)
    first, second = varied[1], varied[3]
    SearchEntry.objects.filter(vacancy_id=first.pk).delete()
    SearchEntry.objects.filter(vacancy_id=second.pk).update(per_week_min=1, load_bits_0=0)
    changes = SearchChange.objects.count()
    assert rebuild_entries(vacancy_ids=[first.pk, second.pk]) == 2
    assert stored_rows() == expected
    assert sorted(SearchChange.objects.values_list("vacancy_id", flat=True)[changes:]) == [first.pk, second.pk]


def test_a_rebuild_over_many_batches(monkeypatch, varied):
    monkeypatch.setattr("search.indexing.BATCH_SIZE", 2)
    expected = expected_rows(varied)
    steps = []
    rebuild_entries(progress=steps.append)
    assert steps == [2, 2, 1]
    assert stored_rows() == expected


levels = st.dictionaries(st.sampled_from(CODES), st.integers(0, 5), max_size=12)


@settings(max_examples=300, deadline=None)
@given(load=levels, adaptable=st.lists(st.sampled_from(CODES), max_size=6, unique=True))
def test_the_remembered_packing_is_packed_fields(load, adaptable):
    packed = _packer()
    fields = packed_fields(load, adaptable)
    expected = tuple(fields[name] for name in LOAD_COLUMNS)
    assert packed(load, adaptable) == expected
    assert packed(load, adaptable) == expected  # and again, from what it remembered


def test_the_packing_takes_levels_json_allows(db):
    packed = _packer()
    for load in ({CODES[0]: "2"}, {CODES[0]: [1]}, {"not-a-code": 2, CODES[1]: 1}, {CODES[2]: None}):
        try:
            fields = packed_fields(load, [])
        except (TypeError, ValueError):
            continue
        assert packed(load, []) == tuple(fields[name] for name in LOAD_COLUMNS)
