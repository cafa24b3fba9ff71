"""Sign-up → e-mail verification → login, as a new user meets it over HTTP."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from network.models import Role, User
from tests.network.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, email="nieuw@example.nl", role=Role.WORKER, **extra):
    data = {
        "email": email,
        "password1": TEST_PASSWORD,
        "password2": TEST_PASSWORD,
        "first_name": "Nina",
        "last_name": "Nieuw",
        "role": role,
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def _confirmation_link(message):
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_verify_and_login(client):
    response = _signup(client, role=Role.EMPLOYER)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nieuw@example.nl")
    assert (user.role, user.first_name) == (Role.EMPLOYER, "Nina")
    assert len(mail.outbox) == 1

    # Unverified: logging in is not possible yet.
    client.logout()
    response = client.post(reverse("account_login"), {"login": "nieuw@example.nl", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = _confirmation_link(mail.outbox[-1])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    client.logout()
    response = client.post(reverse("account_login"), {"login": "nieuw@example.nl", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    response = client.get(reverse("dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("network:employer_home")
    assert response.status_code == 200


def test_signup_refuses_coordinator_role(client):
    response = _signup(client, role=Role.COORDINATOR)
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_signup_with_mismatched_passwords_says_so_and_stores_nothing(client):
    response = _signup(client, password2="iets-anders-12345")
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_signup_errors_are_in_dutch_by_default(client):
    response = _signup(client, email="geen-email")
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in response.content.decode()


def test_wrong_password_is_refused(client):
    UserFactory(email="iemand@example.nl")
    response = client.post(reverse("account_login"), {"login": "iemand@example.nl", "password": "fout-wachtwoord-1"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_lock_the_account_for_a_while(client):
    UserFactory(email="iemand@example.nl")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "iemand@example.nl", "password": "fout-wachtwoord-1"})
    # Even the right password is refused now: allauth's login rate limit is on.
    response = client.post(reverse("account_login"), {"login": "iemand@example.nl", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_email_login_is_case_insensitive(client, alice):
    response = client.post(reverse("account_login"), {"login": "ALICE@example.nl", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_account_e_mails_greet_from_passend_werk_not_from_a_host_name(client):
    _signup(client, role=Role.WORKER)
    body, subject = mail.outbox[-1].body, mail.outbox[-1].subject
    assert "Hallo van Passend Werk!" in body
    assert "Hallo van testserver" not in body and "127.0.0.1" not in subject
