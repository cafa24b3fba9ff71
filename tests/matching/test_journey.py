"""Issue 6's promise end to end over HTTP: from a professional's invitation to an application with a
shared fit summary, and its outcome back with the professional."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from listings.models import Application
from matching.models import Case
from network.models import Role
from tests.client import Client
from tests.listings.factories import VacancyFactory
from tests.network.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_from_invitation_to_an_application_with_a_shared_fit_summary(
    bob, carol, carol_link, network_a, order_picker, django_capture_on_commit_callbacks
):
    fits = VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        occupation=order_picker,
        title="Inpakker",
        load={"IV.13": 1},
        adaptable=[],
    )
    VacancyFactory(employer=carol_link.employer, network=network_a, title="Sjouwer", load={"IV.13": 3}, adaptable=[])
    professional, worker, employer = Client(), Client(), Client()
    professional.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        professional.post(reverse("matching:case_invite"), {"email": "nina@example.nl", "name": "Nina"})
    invitation = re.search(r"https?://[^/\s]+(/begeleiding/[^\s]+/)", mail.outbox[-1].body).group(1)

    # Nina has no account yet: she signs up, confirms her address and answers the invitation.
    assert worker.get(invitation).status_code == 302
    worker.post(
        reverse("account_signup"),
        {
            "email": "nina@example.nl",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "first_name": "Nina",
            "role": Role.WORKER,
        },
    )
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    worker.post(confirm)
    worker.post(reverse("account_login"), {"login": "nina@example.nl", "password": TEST_PASSWORD})
    assert "Nina" in worker.get(reverse("matching:my_profile")).content.decode()
    worker.post(invitation, {"accept": ""})
    case = Case.objects.get(status="active")

    professional.post(
        reverse("matching:client_profile_edit", args=[case.pk]),
        {
            "source": "insurance_physician",
            "assessed_on": "2026-11-02",
            "valid_from": "2026-11-02",
            "per_week": "24",
            "fml_IV_13": "2",
        },
    )

    results = worker.get(reverse("search:search")).content.decode()
    assert "Inpakker" in results and "Sjouwer" not in results
    worker.post(reverse("listings:vacancy_apply", args=[fits.pk]), {"message": "Graag!", "share_summary": "on"})
    application = Application.objects.get()
    assert application.summary and application.worker.email == "nina@example.nl"

    employer.force_login(carol)
    html = employer.get(reverse("listings:applications")).content.decode()
    assert "Graag!" in html and "Samenvatting gedeeld door de werkzoekende" in html
    employer.post(
        reverse("listings:application_outcome", args=[application.pk]), {f"a{application.pk}-outcome": "invited"}
    )
    detail = professional.get(reverse("pages:client_detail", args=[case.pk])).content.decode()
    assert "Inpakker" in detail and "uitgenodigd voor een gesprek" in detail
