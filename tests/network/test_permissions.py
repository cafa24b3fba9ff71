"""Every role page is refused to every other role (403) and to anonymous visitors (login)."""

import pytest
from django.urls import reverse

from network import permissions
from network.models import Role
from tests.network.factories import EmployerStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLE_PAGES = {
    Role.WORKER: "matching:my_profile",
    Role.PROFESSIONAL: "matching:clients",
    Role.EMPLOYER: "network:employer_home",
    Role.COORDINATOR: "pages:coordinator_home",
}


@pytest.mark.parametrize("page_role", list(ROLE_PAGES))
def test_anonymous_is_sent_to_login(client, page_role):
    url = reverse(ROLE_PAGES[page_role])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("page_role", list(ROLE_PAGES))
@pytest.mark.parametrize("user_role", list(ROLE_PAGES))
def test_role_pages(client, users_by_role, page_role, user_role):
    client.force_login(users_by_role[user_role])
    response = client.get(reverse(ROLE_PAGES[page_role]))
    if page_role == user_role:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "U kunt deze pagina niet bekijken" in response.content.decode()


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_dashboard_sends_each_role_home(client, users_by_role, role):
    client.force_login(users_by_role[role])
    response = client.get(reverse("dashboard"))
    assert response["Location"] == reverse(ROLE_PAGES[role])


def test_staff_flag_does_not_open_role_pages(client, erin):
    client.force_login(erin)
    assert client.get(reverse("pages:coordinator_home")).status_code == 403


def test_inactive_user_has_no_role(alice):
    alice.is_active = False
    assert not permissions.has_role(alice, Role.WORKER)


def test_coordinator_only_of_own_network(dave, network_a, network_b):
    assert permissions.is_coordinator_of(dave, network_a)
    assert not permissions.is_coordinator_of(dave, network_b)
    assert permissions.can_moderate(dave, network_a)
    assert not permissions.can_moderate(dave, network_b)


def test_coordinator_without_mfa_cannot_moderate(network_a):
    coordinator = UserFactory(role=Role.COORDINATOR)
    network_a.coordinators.add(coordinator)
    assert not permissions.can_moderate(coordinator, network_a)


def test_staff_of_own_employer_only(carol_link):
    other = EmployerStaffFactory()
    assert permissions.is_staff_of(carol_link.user, carol_link.employer)
    assert not permissions.is_staff_of(carol_link.user, other.employer)
    assert permissions.can_manage_staff(carol_link.user, carol_link.employer)
    assert not permissions.can_manage_staff(carol_link.user, other.employer)


def test_coordinator_home_lists_own_networks_only(client, dave, network_a, network_b, carol):
    client.force_login(dave)
    response = client.get(reverse("pages:coordinator_home"))
    boards = response.context["dashboards"]
    assert [board["network"].name for board in boards] == [network_a.name]
    assert {bar.key: bar.value for bar in boards[0]["members"]}["active"] == 1
