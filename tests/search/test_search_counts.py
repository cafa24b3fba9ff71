"""Searches are counted per day (in total and per network with results) in one UPDATE per search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.models import SearchCount
from search.results import SearchResult
from search.stats import record_search
from tests.network.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def result_in(*slugs, empty=()) -> SearchResult:
    network = dict.fromkeys(slugs, 3) | dict.fromkeys(empty, 0)
    return SearchResult(count=3 * len(slugs), hits=[], facets={"network": network}, backend="database")


def counts() -> dict:
    return {(row.network.slug if row.network else None): row.searches for row in SearchCount.objects.all()}


def test_the_first_search_of_the_day_makes_the_rows_and_later_ones_update_them_in_one_statement():
    NetworkFactory(slug="utrecht")
    NetworkFactory(slug="twente")
    record_search(result_in("utrecht", empty=["twente"]))
    assert counts() == {None: 1, "utrecht": 1}
    with CaptureQueriesContext(connection) as captured:
        record_search(result_in("utrecht"))
    assert [q["sql"].split()[0] for q in captured.captured_queries].count("UPDATE") == 1
    assert not any(q["sql"].startswith("INSERT") for q in captured.captured_queries)
    record_search(result_in("utrecht", "twente"))  # a network with results for the first time today
    assert counts() == {None: 3, "utrecht": 3, "twente": 1}


def test_an_unknown_network_slug_counts_only_in_the_total():
    record_search(result_in("gone"))
    assert counts() == {None: 1}
