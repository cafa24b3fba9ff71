"""The CMS asks for the second factor like every page with health data or moderation."""

import pytest
from django.urls import reverse

from network.models import Role
from tests.network.factories import UserFactory
from tests.network.test_one_way_in import cms_urls

pytestmark = pytest.mark.django_db


def test_a_coordinator_without_a_second_factor_reaches_no_cms_page(client, page_a, network_a):
    coordinator = UserFactory(role=Role.COORDINATOR)
    network_a.coordinators.add(coordinator)  # joins the network's CMS group (cms.signals)
    assert coordinator.has_perm("wagtailadmin.access_admin")
    client.force_login(coordinator)
    reached = [url for url in cms_urls() if client.get(url).status_code == 200]
    assert reached == []
    response = client.get(reverse("cms_billing"))
    assert response["Location"] == reverse("mfa_activate_totp")
    # Setting it up is open (allauth first asks for the password again).
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))


def test_with_the_second_factor_the_coordinator_reaches_the_cms(client, page_a, dave):
    client.force_login(dave)
    assert client.get("/cms/").status_code == 200
