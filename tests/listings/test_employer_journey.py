"""Issue 5's promise end to end over HTTP: from sign-up to a published vacancy through a coordinator."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from listings.models import Vacancy
from network.models import Employer, Membership, Role
from tests.client import Client
from tests.listings.test_editor import valid_post
from tests.network.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_up_and_verify(client, email):
    client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "first_name": "Nina",
            "role": Role.EMPLOYER,
        },
    )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})


def test_from_sign_up_to_a_published_vacancy(client, dave, network_a, order_picker, django_capture_on_commit_callbacks):
    sign_up_and_verify(client, "nina@example.nl")
    assert client.get(reverse("dashboard"), follow=True).redirect_chain[-1][0] == reverse("network:employer_home")
    client.post(
        reverse("network:employer_register"),
        {"kvk_number": "69123456", "name": "Zorgboerderij De Linde", "municipality": "Amsterdam", "size": "10-49"},
    )
    employer = Employer.objects.get(kvk_number="69123456")
    prefix = f"apply-{employer.pk}"
    client.post(
        reverse("network:membership_apply", args=[employer.pk]),
        {
            f"{prefix}-network": network_a.pk,
            f"{prefix}-offers": ["buddy"],
            f"{prefix}-statement": "Wij bieden een vaste buddy en een rustige start.",
        },
    )
    membership = Membership.objects.get(employer=employer)

    # Before acceptance a vacancy cannot be submitted in the network.
    details = (
        f"{reverse('listings:vacancy_create')}?employer={employer.pk}&network={network_a.pk}"
        f"&occupation={order_picker.pk}"
    )
    data = valid_post()
    del data["save"]
    response = client.post(details, data | {"submit": ""})
    assert response.status_code == 400 and "geen actief lid" in response.content.decode()

    coordinator = Client()
    coordinator.force_login(dave)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("network:membership_decide", args=[membership.pk]), {"accept": ""})
    assert mail.outbox[-1].to == ["nina@example.nl"] and network_a.name in mail.outbox[-1].subject

    client.post(details, data | {"submit": ""})
    vacancy = Vacancy.objects.get(employer=employer)
    assert vacancy.status == Vacancy.Status.SUBMITTED
    assert coordinator.post("/api/v1/search/", {}, content_type="application/json").json()["count"] == 0

    assert vacancy.title in coordinator.get(reverse("listings:moderation_queue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("listings:moderation_approve", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    results = Client().post("/api/v1/search/", {}, content_type="application/json").json()["results"]
    assert [result["employer"] for result in results] == ["Zorgboerderij De Linde"]
    assert Client().get(reverse("listings:vacancy_detail", args=[vacancy.pk])).status_code == 200
