"""The demo's simulated searches: deterministic, idempotent, and measurable by `evaluate_ranking`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from listings.models import Vacancy
from matching.crypto import unseal
from ranking.demo import simulate_demo_outcomes
from ranking.models import RankedSearch, SimulatedOutcome
from tests.listings.factories import OccupationFactory, VacancyFactory
from tests.ranking.builders import candidate, recorded


@pytest.fixture
def demo_vacancies(network_a, network_b):
    coded = OccupationFactory(riasec="RCE", competences=["communicate", "teamwork"])
    uncoded = OccupationFactory()  # no interest code or competences yet: handled as unknown
    vacancies = []
    for index in range(40):
        network = network_a if index % 2 else network_b
        vacancies.append(
            VacancyFactory(
                network=network,
                occupation=coded if index % 3 else uncoded,
                latitude=52.09 + index * 0.005,
                longitude=5.12 + (index % 7) * 0.01,
                coaching=("none", "buddy", "job_coach")[index % 3],
                remote=index % 11 == 0,
            )
        )
    VacancyFactory(network=network_a, status=Vacancy.Status.DRAFT)
    return vacancies


def snapshot():
    return [
        (
            search.network_slug,
            search.candidates,
            unseal(search.sections_sealed),
            sorted(search.simulated_outcomes.values_list("vacancy_id", "kind")),
        )
        for search in RankedSearch.objects.filter(simulated=True).order_by("searched_at", "pk")
    ]


def test_the_simulation_is_deterministic_and_idempotent(demo_vacancies, alice):
    kept = recorded(alice, [candidate(demo_vacancies[0], 0)])
    first = simulate_demo_outcomes(seed=3, searches=40)
    before = snapshot()
    again = simulate_demo_outcomes(seed=3, searches=40)
    assert again == first and snapshot() == before
    assert RankedSearch.objects.filter(simulated=True).count() == 40  # replaced, not added
    assert RankedSearch.objects.filter(pk=kept.pk, simulated=False).exists()  # a real search is left alone
    assert first["searches"] == 40 and first["outcomes"] == SimulatedOutcome.objects.count() > 0
    assert first["outcomes"] == sum(first[kind] for kind in SimulatedOutcome.Kind.values)
    assert simulate_demo_outcomes(seed=4, searches=40) != first or snapshot() != before


def test_simulated_searches_use_only_published_vacancies_and_real_components(demo_vacancies, network_a, network_b):
    simulate_demo_outcomes(seed=1, searches=20)
    published = {vacancy.pk for vacancy in demo_vacancies}
    for search in RankedSearch.objects.all():
        ids = [item["vacancy_id"] for item in search.candidates]
        assert set(ids) <= published and search.network_slug in {network_a.slug, network_b.slug}
        assert [item["plain_position"] for item in search.candidates] == list(range(len(ids)))
        bands = [item["band"] for item in search.candidates]
        assert bands == sorted(bands, key=lambda band: band != "green")  # green first in the plain order
        for item in search.candidates:
            assert item["components"]["distance"] is not None and item["components"]["hours"] is not None
    interest = {
        item["components"]["interest"] is None for search in RankedSearch.objects.all() for item in search.candidates
    }
    assert interest == {True, False}  # occupations without a code give an unknown interest


def test_no_vacancies_gives_no_searches(db):
    assert simulate_demo_outcomes(seed=1, searches=10)["searches"] == 0
    assert not RankedSearch.objects.exists()


def test_the_command_measures_the_simulated_searches(demo_vacancies):
    simulate_demo_outcomes(seed=1, searches=60)
    out = StringIO()
    call_command("evaluate_ranking", "--source", "simulated", "--resamples", "50", stdout=out)
    report = json.loads(out.getvalue())
    assert report["searches"]["simulated"] == 60 and report["searches"]["test_simulated"] == 18
    assert report["orders"]["current"]["overall"]["searches"] > 0
    assert any("simulated" in note for note in report["notes"])
