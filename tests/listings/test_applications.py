"""Reacting to a vacancy with or without a fit summary; outcomes; feedback — over HTTP, per role."""

import pytest
from django.core import mail
from django.urls import reverse

from listings.models import Application
from matching.models import AccessLogEntry, MatchFeedback, Source
from matching.profiles import save_profile
from network.models import Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import TEST_PASSWORD, EmployerStaffFactory, UserFactory

pytestmark = pytest.mark.django_db
NOTE = "Kan niet lang staan door knieklachten"


@pytest.fixture
def vacancy(carol_link, network_a, order_picker):
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        occupation=order_picker,
        load={"IV.13": 2, "V.4": 3},
        adaptable=["IV.13"],
        title="Orderpicker dagdienst",
    )


@pytest.fixture
def profiled_alice(alice, bob, case):
    save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1, "V.4": 3},
        limitations={"V.4": NOTE},
        hours={"per_week": "24"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )
    return alice


def test_the_vacancy_page_explains_the_fit_and_triages_the_tasks(client, profiled_alice, vacancy):
    client.force_login(profiled_alice)
    html = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "Hoe dit werk bij u past" in html and "past als de werkgever iets aanpast" in html
    assert "De taken van dit beroep" in html
    assert AccessLogEntry.objects.filter(worker=profiled_alice, purpose="vacancy_fit").exists()


def test_a_shared_summary_is_all_the_employer_sees(
    client, profiled_alice, vacancy, carol, django_capture_on_commit_callbacks
):
    client.force_login(profiled_alice)
    url = reverse("listings:vacancy_apply", args=[vacancy.pk])
    assert "Wat de werkgever mag zien" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Ik werk graag met mijn handen.", "share_summary": "on"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.summary["IV"] == "orange" and application.summary["hours"] == "green"
    assert set(application.summary.values()) <= {"green", "orange", "red"}
    assert AccessLogEntry.objects.filter(worker=profiled_alice, action="share").exists()
    notice = mail.outbox[-1]
    assert notice.to == ["carol@example.nl"] and "oranje" not in notice.body and NOTE not in notice.body

    client.force_login(carol)
    html = client.get(reverse("listings:applications")).content.decode()
    assert "Ik werk graag met mijn handen." in html and "Samenvatting gedeeld door de werkzoekende" in html
    assert "past als de werkgever iets aanpast" in html
    assert NOTE not in html and "IV.13" not in html and " kg" not in html  # never levels or notes

    client.force_login(profiled_alice)
    assert client.post(url, {"message": "nog eens"}).status_code == 302  # already reacted: nothing new
    assert Application.objects.count() == 1


def test_without_sharing_the_employer_sees_no_summary(client, profiled_alice, vacancy, carol):
    client.force_login(profiled_alice)
    client.post(reverse("listings:vacancy_apply", args=[vacancy.pk]), {"message": "Graag."})
    assert Application.objects.get().summary == {}
    assert not AccessLogEntry.objects.filter(action="share").exists()
    client.force_login(carol)
    assert "heeft geen samenvatting gedeeld" in client.get(reverse("listings:applications")).content.decode()


def test_outcomes_are_recorded_by_the_employer_or_the_professional_only(
    client, profiled_alice, vacancy, carol, bob, dave
):
    application = Application.objects.create(vacancy=vacancy, worker=profiled_alice, name="Alice")
    url = reverse("listings:application_outcome", args=[application.pk])
    client.force_login(carol)
    response = client.post(url, {f"a{application.pk}-outcome": "not_hired"}, follow=True)
    assert "Geef een reden" in response.content.decode()
    client.post(url, {f"a{application.pk}-outcome": "invited"})
    application.refresh_from_db()
    assert (application.outcome, application.outcome_by) == ("invited", carol)
    client.force_login(bob)  # Alice's professional
    client.post(url, {f"a{application.pk}-outcome": "trial", "next": "/professional/clienten/"})
    application.refresh_from_db()
    assert application.outcome == "trial"
    other_employer = EmployerStaffFactory().user
    other_professional = UserFactory(role=Role.PROFESSIONAL, mfa=True)
    for user, status in ((other_employer, 404), (other_professional, 404), (profiled_alice, 403), (dave, 403)):
        client.force_login(user)
        assert client.post(url, {f"a{application.pk}-outcome": "hired"}).status_code == status
    application.refresh_from_db()
    assert application.outcome == "trial"


def test_other_roles_cannot_react(client, carol, bob, vacancy):
    for user in (carol, bob):
        client.force_login(user)
        assert client.post(reverse("listings:vacancy_apply", args=[vacancy.pk]), {}).status_code == 403
    assert not Application.objects.exists()


def test_erasure_keeps_the_application_without_the_person(client, profiled_alice, vacancy, carol):
    client.force_login(profiled_alice)
    client.post(
        reverse("listings:vacancy_apply", args=[vacancy.pk]), {"message": "Groet, Alice", "share_summary": "on"}
    )
    client.post(reverse("matching:erase"), {"password": TEST_PASSWORD})
    application = Application.objects.get()
    assert (application.worker, application.name, application.email, application.message) == (None, "", "", "")
    client.force_login(carol)
    assert "(gewist account)" in client.get(reverse("listings:applications")).content.decode()


def test_feedback_is_counted_for_the_coordinator_without_names_or_notes(client, profiled_alice, vacancy, dave):
    client.force_login(profiled_alice)
    client.post(reverse("listings:match_feedback", args=[vacancy.pk]), {"dimensions": ["V.4", "hours"], "note": NOTE})
    assert MatchFeedback.objects.get().dimensions == ["V.4", "hours"]
    client.force_login(dave)
    html = client.get(reverse("pages:coordinator_home")).content.decode()
    assert "Niet goed passend: wat paste niet (1 reactie)" in html and "Staan per dag" in html
    assert NOTE not in html and "Alice" not in html
