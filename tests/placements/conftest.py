"""Alice (worker, guided by Bob) starts a trial placement at Carol's bakery: a vacancy with a phased start of
16 to 32 hours in 12 weeks. `started` moves the first working day into the past."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from listings.models import Application
from listings.services import application_outcome
from matching import placement_rules as rules
from placements.models import Placement
from tests.listings.factories import VacancyFactory


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def vacancy(carol_link, network_a):
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        title="Magazijnadministrateur",
        per_week_min=Decimal(24),
        per_week_max=Decimal(32),
        phased_start=True,
        phased_start_per_week=Decimal(16),
        phased_weeks=12,
    )


@pytest.fixture
def application(vacancy, alice):
    return Application.objects.create(vacancy=vacancy, worker=alice, name="Alice Jansen", email=alice.email)


@pytest.fixture
def placement(application, carol, case) -> Placement:
    """Opened by recording the outcome 'trial placement' (Bob guides Alice: `case`)."""
    application_outcome(application=application, by=carol, outcome="trial")
    return Placement.objects.get(application=application)


def start_weeks_ago(placement: Placement, weeks: int) -> Placement:
    """Put the first working day on the Monday `weeks` weeks before this week's Monday (now in week weeks+1)."""
    placement.starts_on = rules.monday_of(timezone.localdate()) - timedelta(weeks=weeks)
    placement.save(update_fields=["starts_on"])
    return placement


@pytest.fixture
def started(placement) -> Placement:
    """In its fifth week: weeks 1 to 4 are over."""
    return start_weeks_ago(placement, 4)


def confirm_all(placement: Placement) -> Placement:
    now = timezone.now()
    Placement.objects.filter(pk=placement.pk).update(
        worker_confirmed_at=now,
        employer_confirmed_at=now,
        professional_confirmed_at=now,
        status=Placement.Status.ACTIVE,
    )
    placement.refresh_from_db()
    return placement
