"""Professionals and coordinators must use two-step verification before they see health data or moderation."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from network.models import Role
from tests.network.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db


def _current_code():
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, counter))


@pytest.mark.parametrize(
    ("role", "home"),
    [(Role.PROFESSIONAL, "matching:clients"), (Role.COORDINATOR, "pages:coordinator_home")],
)
def test_role_without_mfa_is_sent_to_set_it_up(client, role, home):
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(reverse(home))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_worker_and_employer_do_not_need_mfa(client, alice, carol):
    client.force_login(alice)
    assert client.get(reverse("matching:my_profile")).status_code == 200
    client.force_login(carol)
    assert client.get(reverse("network:employer_home")).status_code == 200


def test_professional_logs_in_with_second_factor(client):
    UserFactory(email="prof@example.nl", role=Role.PROFESSIONAL, mfa=True)
    response = client.post(reverse("account_login"), {"login": "prof@example.nl", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    # Without the code the protected page is not reachable.
    assert client.get(reverse("matching:clients")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": _current_code()})
    assert response.status_code == 302
    assert client.get(reverse("matching:clients")).status_code == 200


@pytest.mark.parametrize("login_url", ["/cms/login/", "/django-admin/login/"])
def test_the_admin_login_forms_cannot_skip_the_second_factor(client, dave, login_url):
    response = client.get(login_url + "?next=/coordinator/moderatie/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/coordinator/moderatie/"
    client.post(login_url, {"username": dave.email, "password": TEST_PASSWORD})
    assert client.get(reverse("listings:moderation_queue")).status_code == 302  # still not logged in
    assert "_auth_user_id" not in client.session


def test_the_cms_sends_anonymous_visitors_to_the_allauth_login(client, db):
    response = client.get("/cms/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
