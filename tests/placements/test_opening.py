"""A placement opens when the employer (or the worker's professional) records a start: hired or trial."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Application
from listings.services import application_outcome
from matching import placement_rules as rules
from placements.models import Placement
from placements.services import open_for_application
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def record(client, user, application, outcome):
    client.force_login(user)
    return client.post(
        reverse("listings:application_outcome", args=[application.pk]),
        {f"a{application.pk}-outcome": outcome, f"a{application.pk}-reason": "Een reden."},
    )


def test_recording_a_trial_placement_opens_one_filled_in_from_the_vacancy(client, carol, application, vacancy):
    assert record(client, carol, application, "trial").status_code == 302
    placement = Placement.objects.get()
    assert (placement.application, placement.vacancy, placement.worker) == (application, vacancy, application.worker)
    assert (placement.kind, placement.status, placement.network) == ("trial", "planning", vacancy.network)
    assert placement.starts_on == rules.next_monday(timezone.localdate())
    assert (placement.start_hours, placement.target_hours) == (Decimal(16), Decimal(32))
    assert len(placement.plan) == 12 and placement.plan[0] == "16.0" and placement.plan[-1] == "32.0"
    assert placement.coach == placement.adaptations == ""
    assert not (placement.worker_confirmed_at or placement.employer_confirmed_at or placement.professional_confirmed_at)


def test_hired_opens_a_job_and_recording_again_opens_no_second(client, carol, application):
    record(client, carol, application, "hired")
    first = Placement.objects.get()
    assert first.kind == "hire"
    record(client, carol, application, "trial")
    record(client, carol, application, "hired")
    assert Placement.objects.get() == first


def test_the_professional_can_record_the_start_too(client, bob, case, application):
    assert record(client, bob, application, "trial").status_code == 302
    assert Placement.objects.filter(application=application, kind="trial").exists()


@pytest.mark.parametrize("outcome", ["invited", "not_hired"])
def test_other_outcomes_open_nothing(client, carol, application, outcome):
    record(client, carol, application, outcome)
    application.refresh_from_db()
    assert application.outcome == outcome and not Placement.objects.exists()


def test_a_vacancy_without_a_phased_start_starts_at_its_hours_in_one_week(carol_link, network_a, alice, carol):
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a, per_week_max=Decimal("30.5"))
    application = Application.objects.create(vacancy=vacancy, worker=alice)
    application_outcome(application=application, by=carol, outcome="hired")
    placement = Placement.objects.get()
    assert (placement.start_hours, placement.target_hours, placement.plan) == (
        Decimal("30.5"),
        Decimal("30.5"),
        ["30.5"],
    )


def test_no_placement_for_an_erased_worker(carol, vacancy):
    application = Application.objects.create(vacancy=vacancy, worker=None, name="")
    application_outcome(application=application, by=carol, outcome="hired")
    assert not Placement.objects.exists()
    application.refresh_from_db()
    assert open_for_application(application) is None  # the service says no too, not only the signal
    assert not Placement.objects.exists()


def test_a_failing_placement_rolls_the_outcome_back(carol, application, monkeypatch):
    """Same transaction: when the placement cannot be opened, the outcome is not recorded either."""
    import placements.services

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(placements.services, "prefill", broken)
    with pytest.raises(RuntimeError):
        application_outcome(application=application, by=carol, outcome="trial")
    application.refresh_from_db()
    assert application.outcome == "submitted" and not Placement.objects.exists()
