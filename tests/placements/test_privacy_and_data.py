"""The employer sees the plan and the check-ins, never the worker's capacity; the worker's export holds the
placements, and erasing the account removes them."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Application
from matching.models import AccessLogEntry, Source
from matching.profiles import save_profile
from placements import services
from placements.models import CheckIn, Placement
from tests.network.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LIMITATION = "Kan niet lang staan door knieklachten"


@pytest.fixture
def profiled(alice, bob, case):
    save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1, "V.4": 3},
        limitations={"V.4": LIMITATION},
        hours={"per_week": "20", "per_day": "4"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )
    return alice


def test_the_employers_page_shows_no_capacity(english, profiled, started, carol, bob):
    services.check_in(placement=started, by=profiled, week=2, hours_worked=Decimal(16), feeling="okay", note="Moe.")
    reads_before = AccessLogEntry.objects.count()
    english.force_login(carol)
    html = english.get(reverse("placements:detail", args=[started.pk])).content.decode()
    assert "Moe." in html and "The plan, week by week" in html  # plan and check-ins: yes
    for secret in (LIMITATION, "knieklachten", "IV.13", "V.4", " kg", "can lift", "hours a day"):
        assert secret not in html, secret
    assert AccessLogEntry.objects.count() == reads_before  # the page never opened the profile
    for user in (profiled, bob):  # nor for the worker or the professional
        english.force_login(user)
        english.get(reverse("placements:detail", args=[started.pk]))
    assert AccessLogEntry.objects.count() == reads_before


def test_the_worker_reads_the_plan_in_plain_words(english, started, alice):
    english.force_login(alice)
    html = english.get(reverse("placements:detail", args=[started.pk])).content.decode()
    day = started.starts_on
    year = "" if day.year == timezone.localdate().year else f" {day.year}"  # the year only when it is another
    assert f"<strong>Week 1</strong> (from Monday {day.day} {day:%B}{year}): work 16 hours" in html
    assert "<strong>Week 12</strong>" in html and "After that you work 32 hours a week." in html
    assert "Do not write about your health here." in html
    assert "Put the plan in my calendar (ICS file)" in html


def test_the_export_holds_the_placements_with_both_sides_check_ins(client, started, alice, carol):
    services.check_in(placement=started, by=alice, week=1, hours_worked=Decimal(16), feeling="good", note="Fijn.")
    services.check_in(placement=started, by=carol, week=1, hours_worked=Decimal(15), feeling="okay")
    client.force_login(alice)
    data = json.loads(client.get(reverse("matching:export")).content)
    [exported] = data["placements"]
    assert exported["opportunity"] == started.vacancy.title and exported["kind"] == "trial"
    assert exported["plan"] == started.plan and exported["first_working_day"] == started.starts_on.isoformat()
    assert [(item["week"], item["by"], item["hours_worked"], item["note"]) for item in exported["check_ins"]] == [
        (1, "employer", "15.0", ""),
        (1, "worker", "16.0", "Fijn."),
    ]


def test_erasing_the_account_removes_the_placements_and_check_ins(client, started, alice, carol):
    services.check_in(placement=started, by=alice, week=1, hours_worked=Decimal(16), feeling="good", note="Fijn.")
    services.check_in(placement=started, by=carol, week=1, hours_worked=Decimal(15), feeling="okay")
    client.force_login(alice)
    response = client.post(reverse("matching:erase"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    assert not Placement.objects.exists() and not CheckIn.objects.exists()
    application = Application.objects.get()
    assert application.worker is None and application.outcome == "trial"  # the employer keeps the outcome
    client.force_login(carol)
    assert client.get(reverse("placements:detail", args=[started.pk])).status_code == 404


def test_the_eraser_takes_only_this_workers_placements(started, alice):
    from matching.worker_data import erasers
    from tests.network.factories import UserFactory

    other = UserFactory()
    assert services.erase_placements(other) == 0
    assert services.erase_placements in erasers()
    assert Placement.objects.filter(worker=alice).exists()
    services.check_in(placement=started, by=alice, week=1, hours_worked=Decimal(16), feeling="good")
    assert services.erase_placements(alice) == 2  # the placement and its check-in, before the account goes
    assert not Placement.objects.exists() and not CheckIn.objects.exists()
