"""'Mijn account' gathers e-mail, password, two-step verification and, for workers, their data."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_worker_finds_password_two_step_export_and_erasure(client, alice):
    client.force_login(alice)
    home = client.get(reverse("matching:my_profile")).content.decode()
    assert f'href="{reverse("account")}"' in home  # "Mijn account" in the menu leads here
    html = client.get(reverse("account")).content.decode()
    for name in (
        "account_email",
        "account_change_password",
        "mfa_index",
        "matching:export",
        "matching:erase",
        "matching:access_log",
    ):
        assert f'href="{reverse(name)}"' in html, name
    assert "U bent ingelogd als alice@example.nl" in html
    assert "(uit: u kunt het aanzetten voor extra veiligheid)" in html
    for text in ("E-mailadres", "Wachtwoord wijzigen", "Tweestapsverificatie", "Al mijn gegevens downloaden"):
        assert text in html


def test_an_employer_sees_no_worker_data_links(client, carol):
    client.force_login(carol)
    html = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("account_change_password")}"' in html
    assert reverse("matching:erase") not in html and reverse("matching:export") not in html


def test_a_professional_sees_two_step_verification_on(client, bob):
    client.force_login(bob)
    assert "(aan)" in client.get(reverse("account")).content.decode()


def test_anonymous_visitors_log_in_first(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
