"""The vacancy life cycle over HTTP: submit → coordinator approves or rejects → published, closed, expired."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from listings import lifecycle
from listings.models import Vacancy, VacancyTransition
from listings.tasks import expire_vacancies
from network.models import Membership, Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db
SEARCH = "/api/v1/search/"


def found(client, vacancy) -> bool:
    results = client.post(SEARCH, {"page_size": 100}, content_type="application/json").json()["results"]
    return vacancy.pk in {result["id"] for result in results}


@pytest.fixture
def submitted(carol_link, network_a):
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        status=Vacancy.Status.SUBMITTED,
        published_at=None,
        openness_statement="Een vaste buddy.",
    )


def test_the_coordinator_sees_the_queue_with_a_checklist(client, dave, submitted, network_b):
    VacancyFactory(network=network_b, status=Vacancy.Status.SUBMITTED, title="Elders")
    client.force_login(dave)
    response = client.get(reverse("listings:moderation_queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert submitted.title in html and "Elders" not in html  # only the coordinator's own networks
    assert "De werkgever is actief lid van het netwerk" in html
    assert "Zegt wat de werkgever biedt aan iemand die re-integreert" in html


def test_approval_publishes_records_the_decision_and_mails_the_employer(
    client, dave, submitted, django_capture_on_commit_callbacks
):
    client.force_login(dave)
    assert not found(client, submitted)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listings:moderation_approve", args=[submitted.pk]), follow=True)
    assert "is gepubliceerd" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Vacancy.Status.PUBLISHED
    assert submitted.expires_at - submitted.published_at == lifecycle.PUBLICATION
    decision = VacancyTransition.objects.get(vacancy=submitted, action="approve")
    assert (decision.by, decision.from_status, decision.to_status) == (dave, "submitted", "published")
    assert decision.notified_at is not None
    assert mail.outbox[-1].to == ["carol@example.nl"] and "is gepubliceerd" in mail.outbox[-1].subject
    assert found(client, submitted)


def test_rejection_needs_a_reason_and_the_employer_reads_it(
    client, dave, carol, submitted, django_capture_on_commit_callbacks
):
    client.force_login(dave)
    url = reverse("listings:moderation_reject", args=[submitted.pk])
    response = client.post(url, {f"{submitted.pk}-reason": ""}, follow=True)
    assert "Geef een reden" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Vacancy.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"{submitted.pk}-reason": "Het tillen klopt niet met de taken."})
    submitted.refresh_from_db()
    assert submitted.status == Vacancy.Status.REJECTED
    assert "Het tillen klopt niet met de taken." in mail.outbox[-1].body
    assert not found(client, submitted)
    client.force_login(carol)
    html = client.get(reverse("listings:employer_vacancies")).content.decode()
    assert "Het tillen klopt niet met de taken." in html
    client.post(reverse("listings:vacancy_action", args=[submitted.pk, "submit"]))
    submitted.refresh_from_db()
    assert submitted.status == Vacancy.Status.SUBMITTED


def test_bulk_approval(client, dave, carol_link, network_a):
    vacancies = VacancyFactory.create_batch(
        3, employer=carol_link.employer, network=network_a, status=Vacancy.Status.SUBMITTED, published_at=None
    )
    client.force_login(dave)
    response = client.post(
        reverse("listings:moderation_bulk_approve"), {"vacancy": [vacancies[0].pk, vacancies[1].pk]}, follow=True
    )
    assert "2 vacatures zijn gepubliceerd" in response.content.decode()
    statuses = sorted(Vacancy.objects.values_list("status", flat=True))
    assert statuses == ["published", "published", "submitted"]


def test_coordinators_of_other_networks_and_other_roles_cannot_decide(client, submitted, network_b, carol, alice):
    other = UserFactory(role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(other)
    client.force_login(other)
    assert client.post(reverse("listings:moderation_approve", args=[submitted.pk])).status_code == 404
    for user in (carol, alice):
        client.force_login(user)
        assert client.post(reverse("listings:moderation_approve", args=[submitted.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Vacancy.Status.SUBMITTED


def test_a_coordinator_without_two_step_verification_is_sent_to_set_it_up(client, network_a, submitted):
    coordinator = UserFactory(role=Role.COORDINATOR)
    network_a.coordinators.add(coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("listings:moderation_queue"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_approval_is_refused_when_the_membership_is_no_longer_active(client, dave, submitted, carol_link):
    Membership.objects.filter(employer=carol_link.employer).update(status=Membership.Status.SUSPENDED)
    client.force_login(dave)
    response = client.post(reverse("listings:moderation_approve", args=[submitted.pk]), follow=True)
    assert "geen actief lid" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Vacancy.Status.SUBMITTED


def _editor_post(vacancy, **changes):
    data = {
        "title": vacancy.title,
        "description": vacancy.description,
        "place": "Utrecht",
        "per_week_min": "24",
        "per_week_max": "32",
        "coaching": "none",
        "openness_statement": "Een vaste buddy.",
        "load_IV_13": "2",
        "adaptable_IV_13": "on",
        "load_V_4": "3",
        "save": "",
    }
    return data | changes


def test_changing_load_or_hours_of_a_published_vacancy_sends_it_back_to_review(client, carol, carol_link, network_a):
    vacancy = VacancyFactory(
        employer=carol_link.employer, network=network_a, place="Utrecht", openness_statement="Een vaste buddy."
    )
    client.force_login(carol)
    url = reverse("listings:vacancy_edit", args=[vacancy.pk])
    title = vacancy.title
    client.post(url, _editor_post(vacancy, title="Andere titel"))  # wording only: waits for the coordinator
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.title == title
    assert vacancy.revisions.get().proposed["title"] == "Andere titel"  # see test_revisions.py
    assert found(client, vacancy)
    client.post(url, _editor_post(vacancy, title="Andere titel", load_IV_13="3"))  # text and load together
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.SUBMITTED
    assert vacancy.transitions.get().action == "review_again"
    assert vacancy.title == "Andere titel"  # offline now: the coordinator reviews text and load together
    assert vacancy.revisions.get().status == "withdrawn"
    assert not found(client, vacancy)


def test_closing_removes_the_vacancy_from_search(client, carol, carol_link, network_a):
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a)
    assert found(client, vacancy)
    client.force_login(carol)
    response = client.post(reverse("listings:vacancy_action", args=[vacancy.pk, "close"]), follow=True)
    assert "is gesloten" in response.content.decode()
    assert not found(client, vacancy)


def test_a_week_before_its_90_days_end_the_employer_is_reminded_and_then_the_vacancy_is_gone(
    client, dave, submitted, carol_link, network_a
):
    client.force_login(dave)
    client.post(reverse("listings:moderation_approve", args=[submitted.pk]))
    approved = timezone.now()
    with time_machine.travel(approved + timedelta(days=30)):  # a month later Dave approves another one
        newer = VacancyFactory(
            employer=carol_link.employer,
            network=network_a,
            status=Vacancy.Status.SUBMITTED,
            published_at=None,
            openness_statement="Een vaste buddy.",
        )
        client.force_login(dave)
        client.post(reverse("listings:moderation_approve", args=[newer.pk]))
    mail.outbox.clear()

    with time_machine.travel(approved + timedelta(days=82)):  # eight days before the end: nothing yet
        assert expire_vacancies() == {"reminded": 0, "expired": 0}
    with time_machine.travel(approved + timedelta(days=84)):  # six days before: one reminder, only once
        assert expire_vacancies() == {"reminded": 1, "expired": 0}
        assert expire_vacancies() == {"reminded": 0, "expired": 0}
    assert [message.to for message in mail.outbox] == [["carol@example.nl"]]
    assert submitted.title in mail.outbox[0].subject

    with time_machine.travel(approved + timedelta(days=91)):  # 91 days later the vacancy is gone
        assert expire_vacancies() == {"reminded": 0, "expired": 1}
        assert not found(client, submitted) and found(client, newer)
    statuses = {v.pk: v.status for v in Vacancy.objects.all()}
    assert statuses == {submitted.pk: "expired", newer.pk: "published"}
    assert VacancyTransition.objects.get(vacancy=submitted, action="expire").by is None


def test_impossible_transitions_are_refused():
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.target_of("approve", "draft")
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.target_of("reject", "submitted", reason="  ")
    assert lifecycle.target_of("submit", "rejected") == "submitted"
    assert lifecycle.needs_review({"load": {"IV.13": 2}}, {"load": {"IV.13": 3}})
    assert lifecycle.needs_review({"load": {"IV.13": 2}}, {"load": {"IV.13": 2}, "adaptable": ["IV.13"]})
    assert not lifecycle.needs_review({"load": {"IV.13": 2}}, {"load": {"IV.13": 2, "V.2": 0}, "adaptable": []})
