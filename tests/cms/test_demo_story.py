"""After `loaddemo` the demo accounts tell one story, over HTTP: the worker lives near the demo employer and her
search shows its vacancies that fit; she reacted twice (invited, not hired); her professional guides her and
reported a vacancy, which waits in the coordinator's moderation queue. And loaddemo says so in a few lines."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from listings.demo import REPORT_COMMENT, STORY_VACANCIES
from listings.models import Application, Vacancy, VacancyReport
from matching.models import Case, WorkerPreferences
from matching.profiles import open_profile
from matching.rules import evaluate
from network.demo import (
    COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    EMPLOYER_EMAIL,
    PROFESSIONAL_EMAIL,
    WORKER_EMAIL,
    demo_employer,
)
from network.models import User

pytestmark = pytest.mark.django_db


def loaddemo(settings, **options) -> str:
    settings.DEBUG = True
    out = io.StringIO()
    call_command("loaddemo", no_progress=True, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def demo(settings):
    return loaddemo(settings, vacancies=40)


def test_the_worker_lives_near_the_demo_employer_and_her_search_shows_its_vacancies_that_fit(client, demo):
    worker = User.objects.get(email=WORKER_EMAIL)
    employer = demo_employer()
    assert WorkerPreferences.objects.get(worker=worker).home_place == employer.municipality
    story = list(Vacancy.objects.filter(employer=employer, title__in=[s.title for s in STORY_VACANCIES]))
    assert len(story) == 3 and all(vacancy.status == Vacancy.Status.PUBLISHED for vacancy in story)
    stored = open_profile(worker, by=worker, purpose="own_view")
    fits = {
        vacancy.title: str(
            evaluate(stored.capacity(), vacancy.load_profile(), stored.worker_hours(), vacancy.hours()).fit
        )
        for vacancy in story
    }
    assert sorted(fits.values()) == ["green", "green", "orange"], fits

    client.force_login(worker)
    html = client.get(reverse("search:search")).content.decode()
    for vacancy in story:
        assert f'href="{reverse("listings:vacancy_detail", args=[vacancy.pk])}"' in html, vacancy.title
    assert employer.name in html
    assert "Vacatures die bij mij passen" in html


def test_the_worker_reacted_three_times_with_outcomes_and_the_employer_sees_them(client, demo):
    worker = User.objects.get(email=WORKER_EMAIL)
    applications = Application.objects.filter(worker=worker).select_related("vacancy__employer")
    assert sorted(application.outcome for application in applications) == ["invited", "not_hired", "trial"]
    assert all(application.vacancy.employer == demo_employer() for application in applications)
    assert applications.get(outcome="not_hired").outcome_reason

    client.force_login(worker)
    html = client.get(reverse("matching:my_profile")).content.decode()
    assert "uitgenodigd voor een gesprek" in html and "niet aangenomen" in html and "proefplaatsing" in html

    client.force_login(User.objects.get(email=EMPLOYER_EMAIL))
    html = client.get(reverse("listings:applications")).content.decode()
    for application in applications:
        assert application.vacancy.title in html


def test_one_open_report_waits_in_the_coordinators_queue_and_the_professional_guides_the_worker(client, demo):
    report = VacancyReport.objects.get(outcome=VacancyReport.Outcome.OPEN)
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    assert report.vacancy.network.coordinators.filter(pk=coordinator.pk).exists()
    assert report.vacancy.network == demo_employer().memberships.get().network
    client.force_login(coordinator, second_factor=True)
    html = client.get(reverse("listings:moderation_queue")).content.decode()
    assert report.vacancy.title in html and REPORT_COMMENT in html

    professional = User.objects.get(email=PROFESSIONAL_EMAIL)
    case = Case.objects.get(professional=professional, worker__email=WORKER_EMAIL)
    assert case.status == Case.Status.ACTIVE
    client.force_login(professional, second_factor=True)
    response = client.get(reverse("pages:client_detail", args=[case.pk]))
    assert response.status_code == 200 and "Sanne" in response.content.decode()


def test_loaddemo_prints_the_accounts_in_a_short_table(demo):
    lines = demo.strip().splitlines()
    assert len(lines) <= 20, demo
    header = next(line for line in lines if line.strip().startswith("role"))
    assert re.split(r"\s{2,}", header.strip()) == ["role", "e-mail", "password", "code needed"]
    rows = {}
    for line in lines[lines.index(header) + 1 :]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) != 4:
            break
        rows[cells[1]] = cells
    assert set(rows) == {
        WORKER_EMAIL,
        PROFESSIONAL_EMAIL,
        EMPLOYER_EMAIL,
        COORDINATOR_EMAIL,
        "beheer@passendwerk.test",
    }
    assert {email: cells[2] for email, cells in rows.items()} == dict.fromkeys(rows, DEMO_PASSWORD)
    assert {email: cells[3] for email, cells in rows.items()} == {
        WORKER_EMAIL: "no",
        PROFESSIONAL_EMAIL: "yes",
        EMPLOYER_EMAIL: "no",
        COORDINATOR_EMAIL: "yes",
        "beheer@passendwerk.test": "yes",
    }
    assert "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in demo and "The story:" in demo


def test_the_story_is_there_once_however_often_loaddemo_runs(settings, demo):
    counts = (Vacancy.objects.count(), Application.objects.count(), VacancyReport.objects.count(), Case.objects.count())
    assert counts[0] == 40  # the story's vacancies count among the --vacancies
    loaddemo(settings, vacancies=40)
    assert (
        Vacancy.objects.count(),
        Application.objects.count(),
        VacancyReport.objects.count(),
        Case.objects.count(),
    ) == counts


def test_the_coordinator_sees_placement_figures_of_earlier_participants(client, demo):
    from network.demo import COORDINATOR_EMAIL as coordinator_email
    from placements.demo import PAST_PLACEMENTS
    from placements.models import Placement

    coordinator = User.objects.get(email=coordinator_email)
    network = demo_employer().memberships.get().network
    assert coordinator.coordinated_networks.filter(pk=network.pk).exists()
    earlier = Placement.objects.filter(network=network, worker__email__endswith="@deelnemer.passendwerk.test")
    assert earlier.count() == len(PAST_PLACEMENTS)
    assert earlier.filter(ending=Placement.Ending.CONTRACT).count() == 2
    assert not earlier.filter(worker__password__regex=r"^[^!]").exists()  # no participant can log in

    client.force_login(coordinator, second_factor=True)
    html = client.get(reverse("pages:coordinator_home")).content.decode()
    assert "1 (50%)" in html  # paid jobs: one of the two ended ones with a contract
    assert "1 (100%)" in html  # trial placements: the one ended with a contract
