"""The evaluation log: what a kept search holds (and does not), its pseudonym, and that it never breaks a search."""

import json
import logging

import pytest
from django.db import connection
from django.urls import reverse

from listings.models import Vacancy
from matching.crypto import unseal
from network.models import User
from ranking.log import KEPT_CANDIDATES, record_ranked_search
from ranking.models import RankedSearch
from ranking.pseudonyms import pseudonym
from tests.listings.factories import VacancyFactory
from tests.network.factories import TEST_PASSWORD, UserFactory
from tests.ranking.builders import candidate


@pytest.fixture
def vacancies(network_a, network_b):
    return [VacancyFactory(network=network_a), VacancyFactory(network=network_a), VacancyFactory(network=network_b)]


def test_a_kept_search_holds_the_window_the_sealed_sections_and_no_person(alice, vacancies, network_a):
    candidates = [candidate(vacancy, position) for position, vacancy in enumerate(vacancies)]
    search = record_ranked_search(
        worker=alice, candidates=candidates, limited_sections=["V", "IV", "V"], arm="12:plain"
    )
    row = RankedSearch.objects.get()
    assert row.pk == search.pk and row.simulated is False and row.arm == "12:plain"
    assert row.network_slug == network_a.slug  # two of the three candidates
    assert [item["vacancy_id"] for item in row.candidates] == [vacancy.pk for vacancy in vacancies]
    assert set(row.candidates[0]) == {"vacancy_id", "network_id", "band", "plain_position", "title_words", "components"}
    assert "IV" not in row.sections_sealed and unseal(row.sections_sealed) == ["IV", "V"]
    stored = json.dumps([row.pseudonym, row.network_slug, row.arm, row.candidates, row.sections_sealed])
    assert alice.email not in stored and "Alice" not in stored


def test_only_the_first_hundred_candidates_are_kept(alice, network_a):
    vacancy = VacancyFactory(network=network_a)
    record_ranked_search(
        worker=alice, candidates=[candidate(vacancy, position) for position in range(150)], limited_sections=[]
    )
    assert len(RankedSearch.objects.get().candidates) == KEPT_CANDIDATES == 100


def test_the_pseudonym_is_a_keyed_hash_not_the_id_or_address(alice, bob, settings):
    value = pseudonym(alice.pk)
    assert len(value) == 64 and int(value, 16) >= 0
    assert str(alice.pk) != value and alice.email not in value
    assert value == pseudonym(alice.pk) != pseudonym(bob.pk)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert pseudonym(alice.pk) != value  # derived from the secret key: without it nobody can link it


def test_a_database_error_does_not_break_the_search_and_is_logged_without_data(alice, vacancies, caplog):
    def refuse_the_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "ranking_rankedsearch" in sql:
            sql = sql.replace("ranking_rankedsearch", "ranking_no_such_table")  # the database itself refuses
        return execute(sql, params, many, context)

    with caplog.at_level(logging.WARNING, logger="ranking.log"), connection.execute_wrapper(refuse_the_insert):
        result = record_ranked_search(worker=alice, candidates=[candidate(vacancies[0], 0)], limited_sections=["IV"])
    assert result is None
    assert User.objects.filter(pk=alice.pk).exists()  # the transaction the search runs in still works
    assert not RankedSearch.objects.exists()
    [record] = [record for record in caplog.records if record.name == "ranking.log"]
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert record.getMessage() == "A ranked search was not kept for the evaluation: the database refused it."


def test_the_export_gives_only_the_count_and_dates(client, alice, bob, vacancies):
    record_ranked_search(worker=alice, candidates=[candidate(vacancies[0], 0)], limited_sections=["IV"])
    record_ranked_search(worker=alice, candidates=[candidate(vacancies[1], 0)], limited_sections=[])
    record_ranked_search(worker=bob, candidates=[candidate(vacancies[1], 0)], limited_sections=[])
    client.force_login(alice)
    data = json.loads(client.get(reverse("matching:export")).content)
    section = data["ranked_searches"]
    assert set(section) == {"count", "dates"} and section["count"] == 2 and len(section["dates"]) == 2


def test_erasure_removes_the_workers_searches_only(client, alice, vacancies):
    other = UserFactory()
    record_ranked_search(worker=alice, candidates=[candidate(vacancies[0], 0)], limited_sections=["IV"])
    record_ranked_search(worker=other, candidates=[candidate(vacancies[0], 0)], limited_sections=["IV"])
    alice_pseudonym = pseudonym(alice.pk)
    client.force_login(alice)
    response = client.post(reverse("matching:erase"), {"password": TEST_PASSWORD})
    assert response.status_code == 302 and not User.objects.filter(pk=alice.pk).exists()
    assert not RankedSearch.objects.filter(pseudonym=alice_pseudonym).exists()
    assert RankedSearch.objects.filter(pseudonym=pseudonym(other.pk)).count() == 1
    assert Vacancy.objects.count() == 3


def test_erasure_finds_searches_kept_under_an_earlier_secret_key(alice, vacancies, settings):
    from matching.services import erase_worker

    old_key = settings.SECRET_KEY
    record_ranked_search(worker=alice, candidates=[candidate(vacancies[0], 0)], limited_sections=[])
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789-abcdefghij"
    settings.SECRET_KEY_FALLBACKS = [old_key]
    erase_worker(worker=alice)
    assert not RankedSearch.objects.exists()
