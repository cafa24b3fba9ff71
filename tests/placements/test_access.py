"""Who sees the placement page and what each may do there; everyone else gets 404 (or the login page)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Case
from network.models import Role
from placements.models import CheckIn, Placement
from tests.network.factories import EmployerStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["detail", "ics"]
POSTS = ["plan_edit", "weeks_edit", "confirm", "check_in", "end"]


def url(name, placement):
    return reverse(f"placements:{name}", args=[placement.pk])


@pytest.fixture
def strangers(network_a, dave):
    other_professional = UserFactory(role=Role.PROFESSIONAL, mfa=True)
    former_professional = UserFactory(role=Role.PROFESSIONAL, mfa=True)
    return {
        "another worker": UserFactory(role=Role.WORKER),
        "staff of another employer": EmployerStaffFactory().user,
        "a professional who does not guide the worker": other_professional,
        "a coordinator of the network": dave,
        "a site admin": UserFactory(role=Role.WORKER, is_staff=True, is_superuser=True, mfa=True),
        "the former professional": former_professional,
    }


@pytest.fixture
def ended_case(strangers, alice):
    return Case.objects.create(
        professional=strangers["the former professional"],
        worker=alice,
        invited_email=alice.email,
        status=Case.Status.ENDED,
        ended_at=timezone.now(),
    )


def test_the_three_roles_see_the_page_and_the_calendar(client, placement, alice, carol, bob):
    for user in (alice, carol, bob):
        client.force_login(user)
        for name in PAGES:
            assert client.get(url(name, placement)).status_code == 200, (user, name)


def test_anyone_else_gets_404_for_every_page_and_form(client, placement, strangers, ended_case):
    for label, user in strangers.items():
        client.force_login(user)
        for name in PAGES:
            assert client.get(url(name, placement)).status_code == 404, (label, name)
        for name in POSTS:
            assert client.post(url(name, placement), {}).status_code == 404, (label, name)


def test_the_worker_has_no_part_once_deactivated_or_in_another_role(placement, alice):
    from placements.permissions import role_of

    assert role_of(alice, placement) == "worker"
    alice.role = Role.EMPLOYER
    assert role_of(alice, placement) is None
    alice.role, alice.is_active = Role.WORKER, False
    assert role_of(alice, placement) is None


def test_a_visitor_is_sent_to_the_login_page(client, placement):
    for name in PAGES:
        response = client.get(url(name, placement))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_professional_without_two_step_verification_sets_it_up_first(client, placement, alice):
    without = UserFactory(role=Role.PROFESSIONAL)
    Case.objects.create(professional=without, worker=alice, invited_email=alice.email, status=Case.Status.ACTIVE)
    client.force_login(without)
    response = client.get(url("detail", placement))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_the_view_itself_sends_a_professional_without_two_step_verification_to_set_it_up(placement, alice):
    """Also without the middleware that does the same for every page (network.authentication)."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from placements.views import placement_detail

    without = UserFactory(role=Role.PROFESSIONAL)
    Case.objects.create(professional=without, worker=alice, invited_email=alice.email, status=Case.Status.ACTIVE)
    request = RequestFactory().get(url("detail", placement))
    request.user, request.session = without, {}
    request._messages = FallbackStorage(request)
    response = placement_detail(request, pk=placement.pk)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_an_unknown_placement_is_404(client, alice, placement):
    client.force_login(alice)
    assert client.get(reverse("placements:detail", args=[placement.pk + 1])).status_code == 404


def test_pages_take_only_their_method(client, placement, carol):
    client.force_login(carol)
    assert client.post(url("detail", placement)).status_code == 405
    assert client.get(url("confirm", placement)).status_code == 405


def plan_post(placement, **changes):
    data = {
        "plan-starts_on": placement.starts_on.isoformat(),
        "plan-start_hours": "12",
        "plan-target_hours": "32",
        "plan-weeks": "6",
        "plan-coach": "Mehmet",
        "plan-coach_contact": "",
        "plan-adaptations": "",
    }
    data.update({f"plan-{name}": value for name, value in changes.items()})
    return data


def test_only_the_employer_changes_the_plan(client, placement, alice, bob):
    before = list(placement.plan)
    for user in (alice, bob):
        client.force_login(user)
        assert client.post(url("plan_edit", placement), plan_post(placement)).status_code == 403
        weeks = {f"weeks-week_{week}": hours for week, hours in enumerate(before, start=1)}
        assert client.post(url("weeks_edit", placement), weeks).status_code == 403
    placement.refresh_from_db()
    assert placement.plan == before and placement.coach == ""


def test_the_professional_does_not_check_in(client, started, bob):
    client.force_login(bob)
    data = {"checkin-week": "4", "checkin-hours_worked": "10", "checkin-feeling": "good"}
    assert client.post(url("check_in", started), data).status_code == 403
    assert not CheckIn.objects.exists()


def test_the_worker_does_not_end_the_placement(client, placement, alice):
    client.force_login(alice)
    response = client.post(url("end", placement), {"end-ending": "stopped", "end-reason": "Ik stop."})
    assert response.status_code == 403
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNING and placement.ending == ""


def test_each_role_sees_only_its_own_buttons(english, placement, alice, carol, bob):
    english.force_login(alice)
    html = english.get(url("detail", placement)).content.decode()
    assert url("confirm", placement) in html and url("plan_edit", placement) not in html
    assert url("end", placement) not in html
    english.force_login(carol)
    html = english.get(url("detail", placement)).content.decode()
    assert (
        url("plan_edit", placement) in html and url("weeks_edit", placement) in html and url("end", placement) in html
    )
    english.force_login(bob)
    html = english.get(url("detail", placement)).content.decode()
    assert url("end", placement) in html and url("plan_edit", placement) not in html
    assert url("check_in", placement) not in html
