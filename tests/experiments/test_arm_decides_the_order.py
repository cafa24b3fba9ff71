"""An experiment's arm decides the worker's order on the search page, and the kept search names the arm."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from experiments.models import Experiment
from experiments.services import assign_on_case_open
from matching.models import Source, WorkerPreferences
from matching.profiles import save_profile
from ranking.models import RankedSearch
from search.indexing import rebuild_entries
from tests.listings.factories import OccupationFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_in_experiment(alice, bob, case, network_a, dave, settings):
    settings.SEARCH_BACKEND = "database"
    now = timezone.now()
    # plain order: newest first ("Magazijn"); the score prefers the caring job for her interests
    VacancyFactory(
        title="Helpende zorg",
        network=network_a,
        occupation=OccupationFactory(riasec="SCR"),
        load={},
        published_at=now - timedelta(days=3),
    )
    VacancyFactory(
        title="Magazijn", network=network_a, occupation=OccupationFactory(riasec="RCE"), load={}, published_at=now
    )
    rebuild_entries()
    save_profile(alice, by=bob, levels={"IV.13": 1}, source=Source.COMPANY_DOCTOR, purpose="client_edit")
    WorkerPreferences.objects.create(worker=alice, interests=["S"])
    case.network = network_a
    case.save()
    return alice


def experiment_with(network, dave, arm_kind):
    today = timezone.localdate()
    return Experiment.objects.create(
        network=network,
        name="Test",
        arms=[
            {"key": "only", "label": "Only arm", "kind": arm_kind, "weights": None},
            {"key": "other", "label": "Other", "kind": arm_kind, "weights": None},
        ],
        consent_text="We test.",
        starts_on=today,
        ends_on=today + timedelta(days=10),
        created_by=dave,
    )


def first_title(client):
    html = client.get(reverse("search:search")).content.decode()
    return "Helpende zorg" if html.index("Helpende zorg") < html.index("Magazijn") else "Magazijn"


def test_without_an_experiment_the_score_orders(client, worker_in_experiment):
    client.force_login(worker_in_experiment)
    assert first_title(client) == "Helpende zorg"


def test_the_plain_arm_gets_the_plain_order_and_the_kept_search_names_it(client, worker_in_experiment, case, dave):
    experiment = experiment_with(case.network, dave, "plain")
    assignment = assign_on_case_open(case)
    client.force_login(worker_in_experiment)
    assert first_title(client) == "Magazijn"
    assert RankedSearch.objects.get().arm == f"{experiment.pk}:{assignment.arm}"


def test_after_withdrawing_the_worker_gets_the_score_again(client, worker_in_experiment, case, dave):
    experiment_with(case.network, dave, "plain")
    assignment = assign_on_case_open(case)
    client.force_login(worker_in_experiment)
    client.post(reverse("experiments:withdraw", args=[assignment.pk]))
    assert first_title(client) == "Helpende zorg"
    assert RankedSearch.objects.get().arm == ""
