"""The public pages a first-time visitor meets: home page, language switch, accessible layout."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_dutch_and_accessible(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert "Werk dat past bij wat u kunt" in html
    assert "Account aanmaken" in html


def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Create an account" in html
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert '<html lang="nl">' in client.get("/").content.decode()


def test_browser_language_does_not_override_dutch_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()


def test_login_page_uses_site_layout(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'class="utrecht-skip-link' in html
    assert "Inloggen" in html


def test_messages_are_shown(client, alice):
    client.force_login(alice)
    response = client.post(reverse("account_logout"), follow=True)
    html = response.content.decode()
    assert 'role="status"' in html


def test_cms_admin_and_django_admin_are_mounted(client, erin, alice):
    assert client.get("/cms/").status_code == 302
    client.force_login(erin)
    assert client.get("/cms/").status_code == 200
    assert client.get("/django-admin/").status_code == 200
    client.force_login(alice)
    assert client.get("/django-admin/").status_code == 403
