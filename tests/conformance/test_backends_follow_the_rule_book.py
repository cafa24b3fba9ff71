"""Every search backend returns exactly the vacancies the plain-Python rule book selects.

Hypothesis draws a set of vacancies and a set of queries; for each query the expected answer is
computed by `matching.rules` over all vacancies (fit green, or orange when allowed; in range;
in the chosen networks), and the backend must return the same ids with the same fit, green
before orange. The database backend runs on SQLite and, in CI's second pass, on PostgreSQL; the
Elasticsearch backend on osmem-server or a real Elasticsearch 8 (see tests/search/conftest.py).
"""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from listings.models import Vacancy
from matching.catalogue import get_catalogue
from matching.rules import CapacityProfile, Status, WorkerHours, distance_km, evaluate, in_range
from search.query import Location, SearchQuery
from tests.listings.factories import OccupationFactory
from tests.network.factories import EmployerFactory, NetworkFactory

CATALOGUE = get_catalogue()
# A handful of dimensions of every kind keeps collisions between loads and capacities frequent.
CODES = ["I.1", "I.8.5", "II.12.1", "III.6", "IV.13", "IV.17", "V.2", "VI.1b"]
HOURS = [Decimal(h) for h in ("4", "8", "12", "12.5", "16", "20", "24", "24.5", "32", "36", "40")]
DAY_HOURS = [Decimal(h) for h in ("4", "6", "7.5", "8", "9")]
PLACES = [(52.09, 5.12), (52.0, 5.2), (52.37, 4.9), (51.92, 4.48), (52.22, 6.89), (52.5, 5.9)]


def levels(codes):
    return st.fixed_dictionaries({}, optional={code: st.integers(0, CATALOGUE[code].max) for code in codes})


@st.composite
def vacancies(draw):
    per_week_min = draw(st.sampled_from(HOURS))
    per_week_max = draw(st.sampled_from([h for h in HOURS if h >= per_week_min]))
    phased = draw(st.booleans())
    start = draw(st.sampled_from([h for h in HOURS if h <= per_week_min])) if phased else None
    lat, lon = draw(st.sampled_from(PLACES))
    return {
        "load": {code: level for code, level in draw(levels(CODES)).items() if level},
        "adaptable": sorted(draw(st.sets(st.sampled_from(CODES)))),
        "per_week_min": per_week_min,
        "per_week_max": per_week_max,
        "per_day_max": draw(st.none() | st.sampled_from(DAY_HOURS)),
        "phased_start": phased,
        "phased_start_per_week": start,
        "phased_weeks": draw(st.integers(1, 52)) if phased else None,
        "latitude": lat + draw(st.integers(-20, 20)) / 100,
        "longitude": lon + draw(st.integers(-20, 20)) / 100,
        "remote": draw(st.booleans()),
        "network": draw(st.integers(0, 1)),
    }


@st.composite
def worker_hours(draw):
    per_week = draw(st.sampled_from(HOURS))
    target = draw(st.none() | st.sampled_from([h for h in HOURS if h >= per_week]))
    return WorkerHours(per_week, draw(st.none() | st.sampled_from(DAY_HOURS)), target)


@st.composite
def queries(draw):
    location = draw(st.none() | st.sampled_from(PLACES))
    return SearchQuery(
        capacity=CapacityProfile(draw(levels(CODES))),
        hours=draw(st.none() | worker_hours()),
        location=Location(*location) if location else None,
        radius_km=draw(st.integers(1, 120)) if location and draw(st.booleans()) else None,
        networks=tuple(draw(st.sets(st.sampled_from(["noord", "zuid"]), max_size=1))),
        include_orange=draw(st.booleans()),
        page_size=100,
    )


def expected(query: SearchQuery, created: list[Vacancy]) -> dict[int, str]:
    """The rule book's answer: vacancy id -> fit, for every vacancy the query should return."""
    answer = {}
    for vacancy in created:
        fit = evaluate(query.capacity, vacancy.load_profile(), query.hours, vacancy.hours()).fit
        if fit is Status.RED or (fit is Status.ORANGE and not query.include_orange):
            continue
        distance = None
        if query.location:
            distance = distance_km(query.location.lat, query.location.lon, vacancy.latitude, vacancy.longitude)
        if not in_range(distance, query.radius_km, vacancy.remote):
            continue
        if query.networks and vacancy.network.slug not in query.networks:
            continue
        answer[vacancy.pk] = str(fit)
    return answer


def not_on_the_boundary(query: SearchQuery, created: list[Vacancy]) -> bool:
    """Engines compute distances in their own floating point; a millimetre from the radius is a coin toss."""
    if query.location is None or query.radius_km is None:
        return True
    return all(
        abs(distance_km(query.location.lat, query.location.lon, v.latitude, v.longitude) - query.radius_km) > 1e-5
        for v in created
    )


@pytest.fixture
def fixed_parts(db):
    return {
        "networks": [NetworkFactory(slug="noord"), NetworkFactory(slug="zuid")],
        "employer": EmployerFactory(),
        "occupation": OccupationFactory(),
    }


def create(specs: list[dict], parts: dict) -> list[Vacancy]:
    now = timezone.now()
    created = []
    for index, spec in enumerate(specs):
        spec = dict(spec)
        network = parts["networks"][spec.pop("network")]
        vacancy = Vacancy(
            employer=parts["employer"],
            occupation=parts["occupation"],
            network=network,
            title=f"Vacature {index}",
            description="Werk.",
            place="Ergens",
            status=Vacancy.Status.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=index),
            **spec,
        )
        vacancy.full_clean()
        vacancy.save()
        created.append(vacancy)
    return created


def check_backend(backend, parts, specs, query_list, sync):
    with transaction.atomic():
        created = create(specs, parts)
        sync(created)
        for query in query_list:
            assume(not_on_the_boundary(query, created))
            result = backend.search(query)
            want = expected(query, created)
            got = {hit.id: hit.fit for hit in result.hits}
            assert got == want, query
            assert result.count == len(want)
            fits = [hit.fit for hit in result.hits]
            assert fits == sorted(fits, key=lambda fit: fit == "orange"), "green before orange"
        transaction.set_rollback(True)


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@SETTINGS
@given(specs=st.lists(vacancies(), min_size=1, max_size=25), query_list=st.lists(queries(), min_size=1, max_size=4))
def test_database_backend_matches_the_rule_book(fixed_parts, specs, query_list):
    from search.backends.database import DatabaseBackend

    check_backend(DatabaseBackend(), fixed_parts, specs, query_list, sync=lambda created: None)


@SETTINGS
@given(specs=st.lists(vacancies(), min_size=1, max_size=25), query_list=st.lists(queries(), min_size=1, max_size=4))
def test_elasticsearch_backend_matches_the_rule_book(fixed_parts, elasticsearch, specs, query_list):
    def sync(created):
        from search.documents import vacancy_document
        from search.indexing import searchable_vacancies

        stale = list(elasticsearch.indexed_versions())
        elasticsearch.delete_documents(stale)
        documents = [vacancy_document(v) for v in searchable_vacancies().filter(pk__in=[v.pk for v in created])]
        elasticsearch.index_documents(documents, refresh=True)

    check_backend(elasticsearch, fixed_parts, specs, query_list, sync)
