"""Every role against every profile and application view: who may, who is refused.

Codes: 200 page, 302 done (or: anonymous sent to the login page), 403 wrong role, 404 not yours.
"""

import pytest
from django.urls import reverse

from listings.models import Application
from matching.models import Source
from matching.profiles import save_profile
from network.models import Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

USERS = ("anonymous", "alice", "other_worker", "bob", "other_professional", "carol", "other_employer", "dave", "erin")


@pytest.fixture
def world(alice, bob, carol, carol_link, dave, erin, case, network_a):
    save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1},
        limitations={"IV.13": "alleen licht werk"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a, load={"IV.13": 1}, adaptable=[])
    application = Application.objects.create(vacancy=vacancy, worker=alice, name="Alice", email=alice.email)
    users = {
        "anonymous": None,
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dave": dave,
        "erin": erin,
        "other_worker": UserFactory(role=Role.WORKER),
        "other_professional": UserFactory(role=Role.PROFESSIONAL, mfa=True),
        "other_employer": EmployerStaffFactory().user,
    }
    return {"users": users, "case": case, "vacancy": vacancy, "application": application}


def status_for(client, world, who, method, url, data=None):
    client.logout()
    if world["users"][who] is not None:
        client.force_login(world["users"][who])
    response = client.get(url) if method == "get" else client.post(url, data or {})
    if who == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
    return response.status_code


WORKER_PAGES = ["my_profile", "self_assessment", "preferences", "access_log", "export", "erase"]
OWN_WORKER_PAGE = {
    "anonymous": 302,
    "alice": 200,
    "other_worker": 200,
    "bob": 403,
    "other_professional": 403,
    "carol": 403,
    "other_employer": 403,
    "dave": 403,
    "erin": 200,
}
CLIENT_PAGE = {
    "anonymous": 302,
    "alice": 403,
    "other_worker": 403,
    "bob": 200,
    "other_professional": 404,
    "carol": 403,
    "other_employer": 403,
    "dave": 403,
    "erin": 403,
}


@pytest.mark.parametrize("name", WORKER_PAGES)
def test_a_workers_own_pages(client, world, name):
    expected = dict(OWN_WORKER_PAGE)
    if name == "self_assessment":
        expected["alice"] = 302  # guided: her professional keeps the profile
    got = {who: status_for(client, world, who, "get", reverse(f"matching:{name}")) for who in USERS}
    assert got == expected


@pytest.mark.parametrize("name", ["pages:client_detail", "matching:client_profile_edit", "search:client_search"])
def test_a_clients_pages_by_id(client, world, name):
    url = reverse(name, args=[world["case"].pk])
    assert {who: status_for(client, world, who, "get", url) for who in USERS} == CLIENT_PAGE


def test_only_the_owner_sees_the_profile_in_an_export(client, world):
    client.force_login(world["users"]["other_worker"])
    data = client.get(reverse("matching:export")).json()
    assert data["capacity_profile"] is None and "alleen licht werk" not in str(data)


def test_applications_list_and_outcomes(client, world):
    application = world["application"]
    listing = {who: status_for(client, world, who, "get", reverse("listings:applications")) for who in USERS}
    assert listing == {
        "anonymous": 302,
        "alice": 403,
        "other_worker": 403,
        "bob": 403,
        "other_professional": 403,
        "carol": 200,
        "other_employer": 200,
        "dave": 403,
        "erin": 403,
    }
    client.force_login(world["users"]["other_employer"])
    assert "Alice" not in client.get(reverse("listings:applications")).content.decode()

    url = reverse("listings:application_outcome", args=[application.pk])
    data = {f"a{application.pk}-outcome": "invited"}
    outcome = {who: status_for(client, world, who, "post", url, data) for who in USERS}
    assert outcome == {
        "anonymous": 403,
        "alice": 403,
        "other_worker": 403,
        "bob": 302,
        "other_professional": 404,
        "carol": 302,
        "other_employer": 404,
        "dave": 403,
        "erin": 403,
    }


def test_reacting_and_withdrawing(client, world):
    apply_url = reverse("listings:vacancy_apply", args=[world["vacancy"].pk])
    got = {who: status_for(client, world, who, "get", apply_url) for who in USERS}
    assert got == {
        "anonymous": 302,
        "alice": 302,
        "other_worker": 200,
        "bob": 403,
        "other_professional": 403,
        "carol": 403,
        "other_employer": 403,
        "dave": 403,
        "erin": 200,
    }  # alice already reacted
    withdraw = reverse("listings:application_withdraw", args=[world["application"].pk])
    for who, expected in (
        ("anonymous", 302),
        ("other_worker", 404),
        ("bob", 403),
        ("carol", 403),
        ("dave", 403),
        ("alice", 302),
    ):
        assert status_for(client, world, who, "post", withdraw) == expected, who
    world["application"].refresh_from_db()
    assert world["application"].outcome == "withdrawn"


def test_ending_a_case(client, world):
    worker_end = reverse("matching:worker_case_end", args=[world["case"].pk])
    professional_end = reverse("matching:professional_case_end", args=[world["case"].pk])
    for who, expected in (("other_worker", 404), ("bob", 403), ("carol", 403)):
        assert status_for(client, world, who, "post", worker_end) == expected, who
    for who, expected in (("other_professional", 404), ("alice", 403), ("dave", 403)):
        assert status_for(client, world, who, "post", professional_end) == expected, who
    world["case"].refresh_from_db()
    assert world["case"].status == "active"
