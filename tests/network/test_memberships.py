"""Employers apply to networks; coordinators accept, decline, suspend, reinstate and end — over HTTP."""

import pytest
from django.core import mail
from django.urls import reverse

from listings.models import Vacancy
from network.models import Membership, Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


def apply(client, employer, network, **overrides):
    prefix = f"apply-{employer.pk}"
    data = {
        f"{prefix}-network": network.pk,
        f"{prefix}-offers": ["buddy", "phased_start"],
        f"{prefix}-statement": "Wij werken al jaren met mensen die na ziekte opnieuw beginnen.",
    }
    data.update({f"{prefix}-{key}": value for key, value in overrides.items()})
    return client.post(reverse("network:membership_apply", args=[employer.pk]), data, follow=True)


def test_employer_applies_and_the_coordinator_accepts(
    client, carol, carol_link, network_b, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    response = apply(client, carol_link.employer, network_b)
    assert "heeft zich aangemeld bij Netwerk Twente" in response.content.decode()
    membership = Membership.objects.get(employer=carol_link.employer, network=network_b)
    assert membership.status == "applied" and membership.offers == ["buddy", "phased_start"]

    coordinator = UserFactory(role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("network:members")).content.decode()
    assert "Wij werken al jaren met mensen die na ziekte opnieuw beginnen." in html and "een buddy" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:membership_decide", args=[membership.pk]), {"accept": ""})
    membership.refresh_from_db()
    assert membership.status == "active" and membership.decided_by == coordinator and membership.started_at
    assert mail.outbox[-1].to == ["carol@example.nl"] and "Netwerk Twente" in mail.outbox[-1].subject


def test_an_application_needs_a_statement_and_cannot_be_made_twice(client, carol, carol_link, network_a, network_b):
    client.force_login(carol)
    response = apply(client, carol_link.employer, network_b, statement="")
    assert response.status_code == 400 and "Dit is een verplicht veld." in response.content.decode()
    response = apply(client, carol_link.employer, network_a)  # already an active member
    assert response.status_code == 400
    assert not Membership.objects.filter(network=network_b).exists()


def test_declining_needs_a_reason_that_the_employer_receives(
    client, carol_link, network_b, django_capture_on_commit_callbacks
):
    membership = Membership.objects.create(employer=carol_link.employer, network=network_b, statement="Graag.")
    coordinator = UserFactory(role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(coordinator)
    client.force_login(coordinator)
    url = reverse("network:membership_decide", args=[membership.pk])
    response = client.post(url, {"decline": ""}, follow=True)
    assert "Geef een reden" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decline": "", f"m{membership.pk}-reason": "Wij zoeken werkgevers in Twente."})
    membership.refresh_from_db()
    assert membership.status == "ended" and membership.decision_reason == "Wij zoeken werkgevers in Twente."
    assert "Wij zoeken werkgevers in Twente." in mail.outbox[-1].body


def test_suspending_takes_the_members_vacancies_offline_and_reinstating_does_not_republish(
    client, dave, carol_link, network_a
):
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a)
    membership = Membership.objects.get(employer=carol_link.employer, network=network_a)
    client.force_login(dave)
    url = reverse("network:membership_decide", args=[membership.pk])
    client.post(url, {"suspend": "", f"m{membership.pk}-reason": "Klachten van werkzoekenden."})
    membership.refresh_from_db()
    vacancy.refresh_from_db()
    assert membership.status == "suspended" and vacancy.status == Vacancy.Status.REJECTED
    assert "Klachten van werkzoekenden." in vacancy.transitions.get().reason
    client.post(url, {"reinstate": ""})
    membership.refresh_from_db()
    vacancy.refresh_from_db()
    assert membership.status == "active" and vacancy.status == Vacancy.Status.REJECTED  # resubmit and review


def test_coordinators_decide_only_in_their_own_networks(client, carol, carol_link, network_b, alice):
    membership = Membership.objects.create(employer=carol_link.employer, network=network_b)
    outsider = UserFactory(role=Role.COORDINATOR, mfa=True)
    client.force_login(outsider)
    assert client.post(reverse("network:membership_decide", args=[membership.pk]), {"accept": ""}).status_code == 404
    for user in (carol, alice):
        client.force_login(user)
        assert client.get(reverse("network:members")).status_code == 403
    membership.refresh_from_db()
    assert membership.status == "applied"


def test_staff_of_another_employer_cannot_apply_for_it(client, carol_link, network_b):
    stranger = UserFactory(role=Role.EMPLOYER)
    client.force_login(stranger)
    assert apply(client, carol_link.employer, network_b).status_code == 403
