"""Workers and professionals report a vacancy; the network's coordinator dismisses it or takes it offline."""

import pytest
from django.core import mail
from django.urls import reverse

from listings.models import Vacancy, VacancyReport
from network.models import Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy(carol_link, network_a):
    return VacancyFactory(employer=carol_link.employer, network=network_a, title="Inpakker")


def detail(vacancy):
    return reverse("listings:vacancy_detail", args=[vacancy.pk])


def test_anyone_reads_a_published_vacancy_but_not_a_draft(client, vacancy, carol_link, network_a):
    html = client.get(detail(vacancy)).content.decode()
    assert "Inpakker" in html and "Tillen" in html
    assert "Log in als werkzoekende of re-integratieprofessional" in html
    draft = VacancyFactory(employer=carol_link.employer, network=network_a, status=Vacancy.Status.DRAFT)
    assert client.get(detail(draft)).status_code == 404


def test_a_worker_reports_once_and_the_coordinator_sees_it(client, alice, dave, vacancy):
    client.force_login(alice)
    response = client.post(detail(vacancy), {"reason": "not_open", "comment": "Geen opbouw mogelijk."}, follow=True)
    assert "De coördinator van het netwerk kijkt naar uw melding" in response.content.decode()
    again = client.post(detail(vacancy), {"reason": "other"})
    assert again.status_code == 400 and "al gemeld" in again.content.decode()
    report = VacancyReport.objects.get()
    assert (report.reported_by, report.reason) == (alice, "not_open")
    client.force_login(dave)
    html = client.get(reverse("listings:moderation_queue")).content.decode()
    assert "Geen opbouw mogelijk." in html


def test_employers_cannot_report_and_anonymous_visitors_are_asked_to_log_in(client, carol, vacancy):
    response = client.post(detail(vacancy), {"reason": "other"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(carol)
    assert client.post(detail(vacancy), {"reason": "other"}).status_code == 403
    assert not VacancyReport.objects.exists()


def test_taking_a_vacancy_offline_needs_a_reason_and_removes_it_from_search(
    client, alice, bob, dave, vacancy, django_capture_on_commit_callbacks
):
    for reporter in (alice, bob):
        client.force_login(reporter)
        client.post(detail(vacancy), {"reason": "not_as_described"})
    report = VacancyReport.objects.first()
    client.force_login(dave)
    url = reverse("listings:report_handle", args=[report.pk])
    client.post(url, {"unpublish": "", f"report-{report.pk}-reason": ""})
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"unpublish": "", f"report-{report.pk}-reason": "Het werk is zwaarder dan beschreven."})
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.REJECTED
    assert set(VacancyReport.objects.values_list("outcome", flat=True)) == {"unpublished"}  # both answered
    assert "Het werk is zwaarder dan beschreven." in mail.outbox[-1].body
    assert client.get(detail(vacancy)).status_code == 404
    results = client.post("/api/v1/search/", {}, content_type="application/json").json()["results"]
    assert vacancy.pk not in {result["id"] for result in results}


def test_dismissing_keeps_the_vacancy_and_other_networks_coordinators_cannot(client, alice, dave, vacancy, network_b):
    client.force_login(alice)
    client.post(detail(vacancy), {"reason": "other"})
    report = VacancyReport.objects.get()
    other = UserFactory(role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(other)
    client.force_login(other)
    assert client.post(reverse("listings:report_handle", args=[report.pk]), {"dismiss": ""}).status_code == 404
    client.force_login(dave)
    response = client.post(reverse("listings:report_handle", args=[report.pk]), {"dismiss": ""}, follow=True)
    assert "is afgewezen" in response.content.decode()
    report.refresh_from_db()
    vacancy.refresh_from_db()
    assert report.outcome == "dismissed" and report.handled_by == dave
    assert vacancy.status == Vacancy.Status.PUBLISHED
