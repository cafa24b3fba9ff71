"""Registering or claiming an employer, and verified openness — over HTTP."""

import pytest
from django.core import mail
from django.urls import reverse

from network.models import Employer, EmployerClaim, EmployerStaff, Membership, Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "kvk_number": "6912 3456",
    "name": "Zorgboerderij De Linde",
    "municipality": "Zwolle",
    "street_address": "Lindelaan 4",
    "postcode": "8011ab",
    "website": "",
    "sector": "Zorg",
    "size": "10-49",
}


@pytest.fixture
def nina(db):
    return UserFactory(email="nina@example.nl", first_name="Nina", role=Role.EMPLOYER)


def test_registering_makes_the_user_the_first_staff_manager(client, nina):
    client.force_login(nina)
    assert reverse("network:employer_register") in client.get(reverse("network:employer_home")).content.decode()
    response = client.post(reverse("network:employer_register"), REGISTRATION, follow=True)
    employer = Employer.objects.get(kvk_number="69123456")
    assert (employer.name, employer.postcode, employer.municipality) == ("Zorgboerderij De Linde", "8011 AB", "Zwolle")
    assert employer.latitude == pytest.approx(52.5, abs=0.2)  # coordinates of the municipality
    assert EmployerStaff.objects.get(employer=employer).user == nina
    assert EmployerStaff.objects.get(employer=employer).is_admin
    assert "Zorgboerderij De Linde is geregistreerd" in response.content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("kvk_number", "1234567", "precies 8 cijfers"),
        ("municipality", "Atlantis", "Selecteer een geldige keuze"),
        ("name", "", "Dit is een verplicht veld."),
        ("postcode", "ABCD 12", "bijvoorbeeld 1234 AB"),
    ],
)
def test_bad_registrations_are_refused_per_field_and_nothing_is_stored(client, nina, field, value, message):
    client.force_login(nina)
    response = client.post(reverse("network:employer_register"), REGISTRATION | {field: value})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Employer.objects.exists() and not EmployerStaff.objects.exists()


def test_a_known_kvk_number_leads_to_a_claim_that_the_staff_manager_accepts(
    client, nina, carol, carol_link, django_capture_on_commit_callbacks
):
    employer = carol_link.employer
    client.force_login(nina)
    response = client.post(reverse("network:employer_register"), REGISTRATION | {"kvk_number": employer.kvk_number})
    html = response.content.decode()
    assert response.status_code == 400 and "Bakkerij Carol staat al op Passend Werk" in html
    claim_url = reverse("network:employer_claim", args=[employer.kvk_number])
    assert claim_url in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(claim_url, {"message": "Ik ben de nieuwe teamleider."})
    claim = EmployerClaim.objects.get()
    assert claim.status == "open" and not employer.staff_links.filter(user=nina).exists()
    assert mail.outbox[-1].to == ["carol@example.nl"] and "nina@example.nl" in mail.outbox[-1].body
    assert client.post(claim_url, {"message": "Nog eens"}).status_code == 400  # one open request at a time

    client.force_login(carol)
    assert "1 persoon vraagt" in client.get(reverse("network:employer_home")).content.decode()
    assert "Ik ben de nieuwe teamleider." in client.get(reverse("network:claims")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:claim_decide", args=[claim.pk]), {f"c{claim.pk}-reason": "", "accept": ""})
    link = employer.staff_links.get(user=nina)
    assert not link.is_admin  # the existing staff manager stays in charge
    assert mail.outbox[-1].to == ["nina@example.nl"]


def test_declining_a_claim_needs_a_reason(client, nina, carol, carol_link, django_capture_on_commit_callbacks):
    claim = EmployerClaim.objects.create(employer=carol_link.employer, user=nina)
    client.force_login(carol)
    url = reverse("network:claim_decide", args=[claim.pk])
    response = client.post(url, {"decline": ""}, follow=True)
    assert "Geef een reden" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"c{claim.pk}-reason": "Wij kennen u niet.", "decline": ""})
    claim.refresh_from_db()
    assert claim.status == "declined" and not carol_link.employer.staff_links.filter(user=nina).exists()
    assert "Wij kennen u niet." in mail.outbox[-1].body


def test_an_employer_without_a_staff_manager_is_claimed_through_its_coordinator(
    client, nina, dave, network_a, network_b
):
    employer = EmployerFactory(name="Kringloop Oost")
    MembershipFactory(employer=employer, network=network_a)
    claim = EmployerClaim.objects.create(employer=employer, user=nina)
    other = UserFactory(role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(other)

    client.force_login(other)  # not this employer's network
    assert client.post(reverse("network:claim_decide", args=[claim.pk]), {"accept": ""}).status_code == 404
    client.force_login(dave)
    assert "Kringloop Oost" in client.get(reverse("network:claims")).content.decode()
    client.post(reverse("network:claim_decide", args=[claim.pk]), {"accept": ""})
    assert employer.staff_links.get(user=nina).is_admin  # the first staff manager


def test_other_roles_cannot_register_claim_or_decide(client, alice, bob, carol_link):
    claim = EmployerClaim.objects.create(employer=carol_link.employer, user=UserFactory(role=Role.EMPLOYER))
    for user in (alice, bob):
        client.force_login(user)
        assert client.post(reverse("network:employer_register"), REGISTRATION).status_code == 403
        assert client.get(reverse("network:employer_claim", args=[carol_link.employer.kvk_number])).status_code == 403
        assert client.post(reverse("network:claim_decide", args=[claim.pk]), {"accept": ""}).status_code == 403
    colleague = EmployerStaff.objects.create(
        employer=carol_link.employer, user=UserFactory(role=Role.EMPLOYER), is_admin=False
    )
    client.force_login(colleague.user)  # staff, but not a staff manager
    assert client.post(reverse("network:claim_decide", args=[claim.pk]), {"accept": ""}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == "open"
    client.logout()
    assert client.get(reverse("network:employer_register")).status_code == 302


def test_a_verified_member_carries_the_badge_on_its_vacancies(client, dave, carol_link, network_a, alice):
    membership = Membership.objects.get(employer=carol_link.employer, network=network_a)
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a)
    client.force_login(alice)
    assert "Geverifieerd" not in client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()

    client.force_login(dave)
    response = client.post(reverse("network:membership_verify", args=[membership.pk]), {"verify": ""}, follow=True)
    assert "is geverifieerd" in response.content.decode()
    membership.refresh_from_db()
    assert membership.verified_by == dave and membership.is_verified

    client.force_login(alice)
    assert "Geverifieerd" in client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    results = client.post("/api/v1/search/", {}, content_type="application/json").json()["results"]
    assert [r["employer_verified"] for r in results if r["id"] == vacancy.pk] == [True]
    assert "Geverifieerd" in client.get(reverse("search:search")).content.decode()

    client.force_login(dave)
    client.post(reverse("network:membership_verify", args=[membership.pk]), {"withdraw": ""})
    membership.refresh_from_db()
    assert not membership.is_verified


def test_only_the_networks_coordinator_verifies_and_only_active_members(
    client, carol, carol_link, network_a, network_b, dave
):
    membership = Membership.objects.get(employer=carol_link.employer, network=network_a)
    other = UserFactory(role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(other)
    for user, status in ((other, 404), (carol, 403)):
        client.force_login(user)
        assert client.post(reverse("network:membership_verify", args=[membership.pk])).status_code == status
    applied = MembershipFactory(employer=carol_link.employer, network=network_b, status="applied")
    network_b.coordinators.add(dave)
    client.force_login(dave)
    response = client.post(reverse("network:membership_verify", args=[applied.pk]), follow=True)
    assert "Alleen actieve leden" in response.content.decode()
    membership.refresh_from_db()
    applied.refresh_from_db()
    assert not membership.is_verified and not applied.is_verified
