"""'Vacancies that fit me' and the professional's view per client, with the stored profile."""

import pytest
from django.urls import reverse

from matching.models import AccessLogEntry, Source
from matching.profiles import save_profile
from network.models import Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancies(network_a):
    return [
        VacancyFactory(title="Lichte inpakker", network=network_a, load={"IV.13": 1}, adaptable=[]),
        VacancyFactory(title="Sjouwer", network=network_a, load={"IV.13": 3}, adaptable=[]),
    ]


def test_a_worker_with_a_stored_profile_sees_only_what_fits_and_the_search_is_audited(client, alice, vacancies):
    save_profile(
        alice,
        by=alice,
        levels={"IV.13": 1},
        hours={"per_week": "24", "per_day": "8"},
        source=Source.SELF,
        purpose="self_assessment",
    )
    client.force_login(alice)
    html = client.get(reverse("search:search")).content.decode()
    assert "Vacatures die bij mij passen" in html and "zelf heeft ingevuld" in html
    assert "Lichte inpakker" in html and "Sjouwer" not in html
    assert 'name="capacity_IV_13"' not in html  # no session form: the stored profile is used
    assert AccessLogEntry.objects.filter(worker=alice, actor=alice, purpose="search").count() == 1


def test_without_a_stored_profile_the_worker_gets_the_quick_assessment(client, alice, vacancies):
    client.force_login(alice)
    html = client.get(reverse("search:search")).content.decode()
    assert 'name="capacity_IV_13"' in html and "Sjouwer" in html


def test_the_professional_sees_the_vacancies_that_fit_a_client(client, bob, alice, case, carol, vacancies):
    save_profile(alice, by=bob, levels={"IV.13": 1}, source=Source.COMPANY_DOCTOR, purpose="client_edit")
    client.force_login(bob)
    url = reverse("search:client_search", args=[case.pk])
    html = client.get(url).content.decode()
    assert "Vacatures die passen bij Alice" in html and "Lichte inpakker" in html and "Sjouwer" not in html
    assert AccessLogEntry.objects.filter(worker=alice, actor=bob, purpose="search").exists()
    other = UserFactory(role=Role.PROFESSIONAL, mfa=True)
    client.force_login(other)
    assert client.get(url).status_code == 404
    for user in (carol, alice):
        client.force_login(user)
        assert client.get(url).status_code == 403
