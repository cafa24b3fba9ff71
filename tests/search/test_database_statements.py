"""The database backend answers a search in one statement: the count, every facet and the page together.

Network and region labels come from the per-process cache (`search.labels`), keyed by the state the caller
already read; so with a state passed in, nothing but the one statement reaches the database.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.rules import Capacity
from search.backends.database import DatabaseBackend
from search.changes import current_state
from search.labels import labels
from search.query import Location, SearchQuery
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory, RegionFactory

pytestmark = pytest.mark.django_db

LIFTING = Capacity({"IV.13": 1})  # load 1: green; load 2, adaptable: orange; load 3: out


@pytest.fixture
def vacancies():
    utrecht = NetworkFactory(slug="utrecht", region=RegionFactory(slug="midden"))
    zwolle = NetworkFactory(slug="zwolle", region=RegionFactory(slug="oost"))
    now = timezone.now()
    specs = [
        ("Lichte inpakker", utrecht, 1, [], 52.09, 5.12),
        ("Inpakker magazijn", zwolle, 1, [], 52.51, 6.09),
        ("Orderpicker", utrecht, 2, ["IV.13"], 52.10, 5.13),
        ("Inpakker zwaar", zwolle, 2, ["IV.13"], 52.52, 6.10),
        ("Sjouwer", utrecht, 3, [], 52.09, 5.12),
    ]
    return [
        VacancyFactory(
            title=title,
            network=network,
            load={"IV.13": level},
            adaptable=adaptable,
            latitude=lat,
            longitude=lon,
            per_week_min=Decimal(20),
            published_at=now - timedelta(minutes=minutes),
        )
        for minutes, (title, network, level, adaptable, lat, lon) in enumerate(specs)
    ]


def statements(query: SearchQuery, state=None):
    with CaptureQueriesContext(connection) as captured:
        result = DatabaseBackend().search(query, state)
    return result, [entry["sql"] for entry in captured.captured_queries]


QUERIES = {
    "all, best": SearchQuery(capacity=LIFTING),
    "page across green and orange": SearchQuery(capacity=LIFTING, page=2, page_size=1),
    "words": SearchQuery(capacity=LIFTING, text="inpakker"),
    "near, by distance": SearchQuery(capacity=LIFTING, location=Location(52.09, 5.12), radius_km=200, sort="distance"),
    "facets chosen, newest": SearchQuery(
        capacity=LIFTING,
        selected={"network": frozenset({"utrecht", "zwolle"}), "fit": frozenset({"green", "orange"})},
        sort="newest",
    ),
}


@pytest.mark.parametrize("name", QUERIES)
def test_one_statement_answers_count_facets_and_page(vacancies, name):
    query = QUERIES[name]
    state = current_state()
    labels(state.labels_key)  # cached, as after the first search of a process
    result, sql = statements(query, state)
    assert len(sql) == 1, sql
    assert result.hits, "the page came with the statement"
    assert result.count >= len(result.hits)
    assert result.facets["fit"] and result.facets["network"] and result.facets["region"], "and every facet"


def test_the_answer_is_whole_and_in_order(vacancies):
    light, warehouse, picker, heavy, _out = vacancies
    state = current_state()
    result, _sql = statements(SearchQuery(capacity=LIFTING), state)
    assert [(hit.id, hit.fit) for hit in result.hits] == [
        (light.pk, "green"),
        (warehouse.pk, "green"),
        (picker.pk, "orange"),
        (heavy.pk, "orange"),
    ]
    assert result.count == 4
    assert result.facets["fit"] == {"green": 2, "orange": 2}
    assert result.facets["network"] == {"utrecht": 2, "zwolle": 2}
    assert result.facets["region"] == {"midden": 2, "oost": 2}
    narrowed, sql = statements(SearchQuery(capacity=LIFTING, selected={"region": frozenset({"oost"})}), state)
    assert len(sql) == 1
    assert [hit.id for hit in narrowed.hits] == [warehouse.pk, heavy.pk] and narrowed.count == 2
    assert narrowed.facets["region"] == {"midden": 2, "oost": 2}, "a facet counts without its own choice"


def test_without_a_state_one_more_tiny_query_reads_it(vacancies):
    labels(current_state().labels_key)
    result, sql = statements(SearchQuery(capacity=LIFTING))
    assert len(sql) == 2 and "search_searchindexstate" in sql[0]
    assert result.count == 4


def test_a_renamed_network_is_seen_by_the_next_search(vacancies):
    state = current_state()
    labels(state.labels_key)
    network = vacancies[0].network
    network.slug = "utrecht-stad"
    network.save()
    result, _sql = statements(SearchQuery(capacity=LIFTING))
    assert result.facets["network"] == {"utrecht-stad": 2, "zwolle": 2}


def test_nothing_to_ask_when_no_network_matches(vacancies):
    state = current_state()
    labels(state.labels_key)
    result, sql = statements(SearchQuery(capacity=LIFTING, networks=("nergens",)), state)
    assert sql == [] and result.count == 0 and result.hits == []
