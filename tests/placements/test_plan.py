"""The employer shapes the plan; every change asks all three to agree again; with everyone's yes it is active."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from matching.models import Case
from placements import services
from placements.models import Placement
from tests.placements.conftest import confirm_all
from tests.placements.test_access import plan_post

pytestmark = pytest.mark.django_db


def url(name, placement):
    return reverse(f"placements:{name}", args=[placement.pk])


def snapshot(placement):
    placement.refresh_from_db()
    return {
        field.name: getattr(placement, field.name)
        for field in Placement._meta.concrete_fields
        if field.name != "updated_at"
    }


def test_new_terms_make_a_new_plan_and_everyone_agrees_again(client, placement, carol):
    confirm_all(placement)
    client.force_login(carol)
    response = client.post(
        url("plan_edit", placement),
        plan_post(placement, coach="Mehmet; teamleider", coach_contact="06 12", adaptations="Een stoel."),
    )
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    placement.refresh_from_db()
    assert placement.plan == ["12.0", "16.0", "20.0", "24.0", "28.0", "32.0"]
    assert (placement.coach, placement.coach_contact, placement.adaptations) == (
        "Mehmet; teamleider",
        "06 12",
        "Een stoel.",
    )
    assert placement.status == Placement.Status.PLANNING
    assert not (placement.worker_confirmed_at or placement.employer_confirmed_at or placement.professional_confirmed_at)


def test_changing_only_the_coach_keeps_the_weeks_but_asks_again(client, placement, carol):
    services.plan_weeks_save(placement=placement, by=carol, hours=[Decimal(16)] * 3 + [Decimal(20)] * 8 + [Decimal(32)])
    placement.refresh_from_db()
    weeks = list(placement.plan)
    confirm_all(placement)
    client.force_login(carol)
    data = plan_post(placement, start_hours="16", target_hours="32", weeks="12", coach="Anja")
    assert client.post(url("plan_edit", placement), data).status_code == 302
    placement.refresh_from_db()
    assert placement.plan == weeks and placement.coach == "Anja" and placement.worker_confirmed_at is None


def test_saving_without_a_change_keeps_the_confirmations(client, placement, carol):
    confirm_all(placement)
    client.force_login(carol)
    data = plan_post(placement, start_hours="16", target_hours="32", weeks="12", coach="")
    assert client.post(url("plan_edit", placement), data).status_code == 302
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACTIVE and placement.worker_confirmed_at is not None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_hours": "10"}, "target_hours"),  # below the start
        ({"weeks": "0"}, "weeks"),
        ({"weeks": "53"}, "weeks"),
        ({"start_hours": "8,25"}, "start_hours"),
        ({"start_hours": "61"}, "start_hours"),
        ({"starts_on": "31-12"}, "starts_on"),
        ({"weeks": "1"}, "weeks"),  # 12 → 32 needs at least two weeks
        ({"coach": "x" * 201}, "coach"),
        ({"adaptations": "a\x00b"}, "adaptations"),
    ],
)
def test_wrong_terms_come_back_with_the_error_and_change_nothing(english, placement, carol, changes, field):
    confirm_all(placement)
    before = snapshot(placement)
    english.force_login(carol)
    response = english.post(url("plan_edit", placement), plan_post(placement, **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The plan was not saved" in html and f'id="id_plan-{field}_error"' in html
    assert snapshot(placement) == before


def test_a_dutch_decimal_comma_is_read(client, placement, carol):
    client.force_login(carol)
    client.post(url("plan_edit", placement), plan_post(placement, start_hours="12,5", target_hours="20,5", weeks="2"))
    placement.refresh_from_db()
    assert placement.plan == ["12.5", "20.5"]


def test_the_employer_changes_single_weeks(client, placement, carol):
    confirm_all(placement)
    hours = ["16", "16", "18", "17", "20", "20", "24", "24", "28", "28", "30", "32"]
    client.force_login(carol)
    data = {f"weeks-week_{week}": value for week, value in enumerate(hours, start=1)}
    assert client.post(url("weeks_edit", placement), data).status_code == 302
    placement.refresh_from_db()
    assert placement.plan == [f"{Decimal(value):.1f}" for value in hours]
    assert placement.status == Placement.Status.PLANNING and placement.employer_confirmed_at is None


@pytest.mark.parametrize(
    ("week", "value", "message"),
    [
        (3, "33", "enter hours from 16 to 32"),  # above the target
        (3, "15", "enter hours from 16 to 32"),  # below the start
        (12, "30", "the last week is the hours at the end"),
        (3, "", "This field is required."),
        (3, "NaN", "Enter a number."),
    ],
)
def test_wrong_weeks_come_back_marked_and_change_nothing(english, placement, carol, week, value, message):
    before = snapshot(placement)
    data = {f"weeks-week_{number}": hours for number, hours in enumerate(placement.plan, start=1)}
    data[f"weeks-week_{week}"] = value
    english.force_login(carol)
    response = english.post(url("weeks_edit", placement), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The hours were not saved" in html and f'id="id_weeks-week_{week}_error"' in html
    assert message.lower() in html.lower()
    assert snapshot(placement) == before


def test_the_plan_is_active_when_worker_employer_and_professional_agreed(client, placement, alice, carol, bob):
    for user, expected in ((alice, "planning"), (bob, "planning"), (carol, "active")):
        client.force_login(user)
        assert client.post(url("confirm", placement)).status_code == 302
        placement.refresh_from_db()
        assert placement.status == expected
    assert placement.worker_confirmed_at and placement.employer_confirmed_at and placement.professional_confirmed_at


def test_agreeing_twice_keeps_the_first_moment(client, placement, alice):
    client.force_login(alice)
    client.post(url("confirm", placement))
    placement.refresh_from_db()
    first = placement.worker_confirmed_at
    client.post(url("confirm", placement))
    placement.refresh_from_db()
    assert placement.worker_confirmed_at == first


def test_without_a_professional_worker_and_employer_are_enough(client, placement, alice, carol, case):
    case.status = Case.Status.ENDED
    case.save(update_fields=["status"])
    for user in (alice, carol):
        client.force_login(user)
        client.post(url("confirm", placement))
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACTIVE and placement.professional_confirmed_at is None


def test_the_employer_alone_does_not_make_it_active(client, placement, carol):
    client.force_login(carol)
    client.post(url("confirm", placement))
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNING


def test_an_empty_plan_cannot_be_confirmed(placement, alice):
    Placement.objects.filter(pk=placement.pk).update(plan=[])
    with pytest.raises(ValidationError, match="geen plan"):
        services.plan_confirm(placement=placement, by=alice)
    placement.refresh_from_db()
    assert placement.worker_confirmed_at is None


def test_the_service_checks_the_terms_too(placement, carol):
    before = snapshot(placement)
    for kwargs in (
        {"start_hours": Decimal(16), "target_hours": Decimal(32), "weeks": 0},
        {"start_hours": Decimal(40), "target_hours": Decimal(32), "weeks": 4},
    ):
        with pytest.raises(ValidationError):
            services.plan_save(placement=placement, by=carol, starts_on=placement.starts_on, **kwargs)
    with pytest.raises(ValidationError):
        services.plan_save(
            placement=placement, by=carol, starts_on=None, start_hours=Decimal(16), target_hours=Decimal(32), weeks=4
        )
    with pytest.raises(ValidationError):
        services.plan_weeks_save(placement=placement, by=carol, hours=[Decimal(16), Decimal(40)])
    assert snapshot(placement) == before


def test_the_start_can_move(client, placement, carol):
    later = placement.starts_on + timedelta(days=9)  # a Wednesday
    client.force_login(carol)
    client.post(url("plan_edit", placement), plan_post(placement, starts_on=later.isoformat()))
    placement.refresh_from_db()
    assert placement.starts_on == later


def test_the_service_refuses_anyone_without_a_part(placement, dave):
    from django.core.exceptions import PermissionDenied

    from tests.network.factories import EmployerStaffFactory

    for stranger in (dave, EmployerStaffFactory().user):
        with pytest.raises(PermissionDenied):
            services.plan_confirm(placement=placement, by=stranger)
    placement.refresh_from_db()
    assert placement.employer_confirmed_at is None


def test_an_empty_plan_comes_back_as_an_error_not_a_crash(english, placement, carol):
    Placement.objects.filter(pk=placement.pk).update(plan=[])
    english.force_login(carol)
    response = english.post(url("weeks_edit", placement), {})
    assert response.status_code == 400 and "A plan has 1 to 52 weeks." in response.content.decode()
