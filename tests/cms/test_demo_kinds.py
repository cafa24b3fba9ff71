"""The demo has every kind of opportunity in every network: published, valid, the same for the same seed, once."""

import io

import pytest
from django.core.management import call_command

from listings import demo
from listings.models import Vacancy
from network.demo import load_network_demo
from network.models import Network

pytestmark = pytest.mark.django_db

FIELDS = ("network__slug", "kind", "title", "employer__kvk_number", "duration_weeks", "certificate")


@pytest.fixture
def demo_networks():
    load_network_demo(seed=1)
    call_command("import_occupations", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    return list(Network.objects.all())


def kinds_snapshot():
    return sorted(Vacancy.objects.exclude(kind=Vacancy.Kind.VACANCY).values_list(*FIELDS))


def test_every_network_gets_each_kind_published_and_valid(demo_networks):
    assert demo.load_kinds_demo(seed=1) == {"created": 3 * len(demo_networks)}
    for network in demo_networks:
        offered = Vacancy.objects.filter(network=network, status=Vacancy.Status.PUBLISHED)
        assert set(offered.values_list("kind", flat=True)) >= {"trial_placement", "work_experience", "volunteering"}
    for vacancy in Vacancy.objects.all():
        vacancy.full_clean()  # the kind's own rules, the hours and the load
        assert vacancy.employer.memberships.filter(network=vacancy.network, status="active").exists()
    titles = set(Vacancy.objects.values_list("title", flat=True))
    assert titles <= {example.title for examples in demo.KIND_EXAMPLES.values() for example in examples}


def test_the_kinds_demo_is_reproducible_and_idempotent(demo_networks):
    demo.load_kinds_demo(seed=1)
    first = kinds_snapshot()
    assert demo.load_kinds_demo(seed=1) == {"created": 0}  # once
    assert kinds_snapshot() == first
    Vacancy.objects.all().delete()
    demo.load_kinds_demo(seed=1)
    assert kinds_snapshot() == first  # the same seed, the same places


def test_the_kinds_count_among_the_demo_vacancies(demo_networks):
    created = demo.load_kinds_demo(seed=1)["created"]
    assert demo.load_vacancy_demo(count=40, seed=1) == {"existing": created, "created": 40 - created}
    assert Vacancy.objects.count() == 40
