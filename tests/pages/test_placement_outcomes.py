"""What came of the matches: placements on the coordinator's dashboard and in both reports."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Application, Vacancy
from pages.dashboard import placement_outcomes
from placements.models import CheckIn, Placement
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)  # a Monday


def _placement(worker, vacancy, *, starts_on, plan, status=Placement.Status.ACTIVE, ending="", worked=()):
    # Made by hand rather than through the outcome "hired" (whose signal opens a placement of its own).
    application = Application.objects.create(vacancy=vacancy, worker=worker, outcome=Application.Outcome.INVITED)
    placement = Placement.objects.create(
        application=application,
        vacancy=vacancy,
        worker=worker,
        network=vacancy.network,
        kind=Placement.Kind.HIRE,
        status=status,
        ending=ending,
        starts_on=starts_on,
        start_hours=Decimal(plan[0]),
        target_hours=Decimal(plan[-1]),
        plan=plan,
        coach="Sanne de Vries",
        adaptations="Een stoel met armleuning.",
    )
    for week, hours in enumerate(worked, start=1):
        CheckIn.objects.create(
            placement=placement, week=week, role="employer", hours_worked=Decimal(hours), feeling="good"
        )
    return placement


@pytest.fixture
def workers(db):
    from tests.network.factories import UserFactory

    return [UserFactory(email=f"w{n}@example.nl") for n in range(5)]


def test_placements_are_counted_per_kind_with_build_ups_on_plan_and_contracts(network_a, network_b, workers):
    job = VacancyFactory(network=network_a)
    trial = VacancyFactory(network=network_a, kind=Vacancy.Kind.TRIAL_PLACEMENT, duration_weeks=8)
    four_weeks_ago = TODAY - timedelta(weeks=4)
    # On plan: three weeks, all reported, the last at the target, now over.
    _placement(workers[0], job, starts_on=four_weeks_ago, plan=["8", "12", "16"], worked=["8", "12", "16"])
    # Behind two weeks in a row: not on plan, even though the target was reached at the end.
    _placement(
        workers[1],
        job,
        starts_on=four_weeks_ago,
        plan=["8", "12", "16"],
        worked=["6", "10", "16"],
        status=Placement.Status.ENDED,
        ending=Placement.Ending.CONTRACT,
    )
    # Ended with a contract, target not reached in the last week.
    _placement(
        workers[2],
        trial,
        starts_on=four_weeks_ago,
        plan=["8", "12"],
        worked=["8", "10"],
        status=Placement.Status.ENDED,
        ending=Placement.Ending.STOPPED,
    )
    # Not started: the plan is still being agreed, or the first day is still to come.
    _placement(workers[3], job, starts_on=four_weeks_ago, plan=["8"], status=Placement.Status.PLANNING)
    _placement(workers[4], job, starts_on=TODAY + timedelta(days=7), plan=["8"])
    _placement(workers[0], VacancyFactory(network=network_b), starts_on=four_weeks_ago, plan=["8"], worked=["8"])

    rows = {row.kind: row for row in placement_outcomes(network_a, today=TODAY)["placement_rows"]}
    assert (rows["vacancy"].started, rows["vacancy"].on_plan, rows["vacancy"].ended, rows["vacancy"].contracts) == (
        2,
        1,
        1,
        1,
    )
    assert rows["vacancy"].contract_percent == 100
    assert (rows["trial_placement"].started, rows["trial_placement"].on_plan, rows["trial_placement"].ended) == (
        1,
        0,
        1,
    )
    assert rows["trial_placement"].contracts == 0 and rows["trial_placement"].contract_percent == 0
    assert rows["volunteering"].started == 0 and rows["volunteering"].contract_percent is None


def test_a_build_up_still_running_is_not_yet_completed_on_plan(network_a, workers):
    job = VacancyFactory(network=network_a)
    _placement(workers[0], job, starts_on=TODAY - timedelta(weeks=1), plan=["8", "12", "16"], worked=["8"])
    row = placement_outcomes(network_a, today=TODAY)["placement_rows"][0]
    assert (row.started, row.on_plan) == (1, 0)


def test_the_dashboard_shows_placement_outcomes_per_kind(client, dave, network_a, workers):
    _placement(
        workers[0],
        VacancyFactory(network=network_a),
        starts_on=timezone.localdate() - timedelta(weeks=4),
        plan=["8", "16"],
        worked=["8", "16"],
        status=Placement.Status.ENDED,
        ending=Placement.Ending.CONTRACT,
    )
    client.force_login(dave)
    html = client.get(reverse("pages:coordinator_home")).content.decode()
    assert "Wat leverden de matches op: plaatsingen" in html
    assert "Plaatsingen gestart" in html and "Waarvan met een contract" in html
    assert "1 (100%)" in html  # one contract of one ended placement
    for label in ("Betaalde baan", "Proefplaatsing", "Werkervaringsplaats", "Vrijwilligerswerk"):
        assert label in html


def test_the_dashboard_says_when_no_placement_has_started(client, dave, network_a):
    client.force_login(dave)
    html = client.get(reverse("pages:coordinator_home")).content.decode()
    assert "In dit netwerk is nog geen plaatsing gestart." in html


def test_the_worker_report_and_the_professional_report_show_the_build_up(client, alice, bob, case, network_a):
    vacancy = VacancyFactory(network=network_a, title="Medewerker groenvoorziening")
    _placement(
        alice, vacancy, starts_on=timezone.localdate() - timedelta(weeks=3), plan=["8", "12", "16"], worked=["8", "10"]
    )
    client.force_login(alice)
    html = client.get(reverse("pages:worker_report")).content.decode()
    assert "Uw plaatsing en het opbouwen van uw uren" in html
    assert "Medewerker groenvoorziening" in html and "Sanne de Vries" in html and "Een stoel met armleuning." in html
    assert "minder dan gepland" in html  # week 2: 10 of 12 hours
    pdf = client.get(reverse("pages:worker_report_pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    client.force_login(bob)
    html = client.get(reverse("pages:client_report", args=[case.pk])).content.decode()
    assert "Plaatsingen en opbouw" in html and "Medewerker groenvoorziening" in html
    assert client.get(reverse("pages:client_report_pdf", args=[case.pk])).status_code == 200
