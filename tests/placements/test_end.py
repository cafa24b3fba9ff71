"""The employer or the professional records how it ended; after that the placement is read-only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements import services
from placements.models import CheckIn, Placement
from tests.placements.test_access import plan_post

pytestmark = pytest.mark.django_db


def url(name, placement):
    return reverse(f"placements:{name}", args=[placement.pk])


def test_stopped_needs_a_reason(english, placement, carol):
    english.force_login(carol)
    response = english.post(url("end", placement), {"end-ending": "stopped", "end-reason": "  "})
    assert response.status_code == 400 and 'id="id_end-reason_error"' in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNING and placement.ended_at is None


@pytest.mark.parametrize("ending", ["", "fired"])
def test_an_unknown_ending_is_refused(english, placement, carol, ending):
    english.force_login(carol)
    assert english.post(url("end", placement), {"end-ending": ending}).status_code == 400
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNING


def test_the_service_refuses_the_same(placement, carol):
    with pytest.raises(ValidationError):
        services.placement_end(placement=placement, by=carol, ending="stopped", reason="")
    with pytest.raises(ValidationError):
        services.placement_end(placement=placement, by=carol, ending="fired", reason="x")
    with pytest.raises(ValidationError):
        services.placement_end(placement=placement, by=carol, ending="stopped", reason="x" * 2001)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNING


@pytest.mark.parametrize(("user", "ending", "reason"), [("carol", "contract", ""), ("bob", "stopped", "Te zwaar.")])
def test_the_employer_or_the_professional_ends_it(client, placement, request, user, ending, reason):
    who = request.getfixturevalue(user)
    client.force_login(who)
    assert client.post(url("end", placement), {"end-ending": ending, "end-reason": reason}).status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.ending, placement.ending_reason, placement.ended_by) == (
        "ended",
        ending,
        reason,
        who,
    )


def test_an_extension_keeps_its_explanation(client, placement, carol):
    client.force_login(carol)
    client.post(url("end", placement), {"end-ending": "extended", "end-reason": "Verlengd tot 1 maart."})
    placement.refresh_from_db()
    assert (placement.ending, placement.ending_reason) == ("extended", "Verlengd tot 1 maart.")


def test_an_ended_placement_is_read_only(english, started, alice, carol, bob):
    services.placement_end(placement=started, by=carol, ending="contract")
    started.refresh_from_db()
    before = (list(started.plan), started.coach, started.worker_confirmed_at, started.ended_at)
    english.force_login(carol)
    html = english.get(url("detail", started)).content.decode()
    for name in ("plan_edit", "weeks_edit", "confirm", "check_in", "end"):
        assert url(name, started) not in html
    assert "nothing can be changed" in html
    response = english.post(url("plan_edit", started), plan_post(started), follow=True)
    assert "has ended" in response.content.decode()
    weeks = {f"weeks-week_{week}": hours for week, hours in enumerate(started.plan, start=1)}
    english.post(url("weeks_edit", started), weeks)
    english.post(url("end", started), {"end-ending": "stopped", "end-reason": "Toch niet."})
    english.post(
        url("check_in", started), {"checkin-week": "2", "checkin-hours_worked": "8", "checkin-feeling": "good"}
    )
    english.force_login(alice)
    english.post(url("confirm", started))
    english.post(
        url("check_in", started), {"checkin-week": "2", "checkin-hours_worked": "8", "checkin-feeling": "good"}
    )
    english.force_login(bob)
    english.post(url("confirm", started))
    started.refresh_from_db()
    assert (list(started.plan), started.coach, started.worker_confirmed_at, started.ended_at) == before
    assert (started.ending, started.status) == ("contract", "ended") and not CheckIn.objects.exists()


def test_the_services_refuse_an_ended_placement(started, alice, carol, bob):
    services.placement_end(placement=started, by=bob, ending="stopped", reason="Te zwaar.")
    for call in (
        lambda: services.plan_confirm(placement=started, by=alice),
        lambda: services.check_in(placement=started, by=carol, week=1, hours_worked=8, feeling="good"),
        lambda: services.plan_weeks_save(placement=started, by=carol, hours=list(started.plan)),
        lambda: services.plan_save(
            placement=started, by=carol, starts_on=started.starts_on, start_hours=16, target_hours=32, weeks=2
        ),
        lambda: services.placement_end(placement=started, by=carol, ending="contract"),
    ):
        with pytest.raises(ValidationError, match="ended"):
            call()
    started.refresh_from_db()
    assert (started.ending, started.ended_by) == ("stopped", bob)
