"""One way in: only allauth's login accepts a password, and a session counts only as far as its login went."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.sessions.models import Session
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.regex_helper import normalize

from network.models import Role
from tests.client import Client
from tests.network.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db

# The one URL that may turn a password into a logged-in session (for someone with a second factor, only
# after the code: tests/network/test_mfa.py).
ALLAUTH_LOGIN = "/accounts/login/"


def _regexes(patterns, prefix=""):
    for pattern in patterns:
        regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
        if isinstance(pattern, URLResolver):
            yield from _regexes(pattern.url_patterns, regex.rstrip("$").removesuffix(r"\Z"))
        elif isinstance(pattern, URLPattern):
            yield regex


def every_url() -> list[str]:
    """One concrete path per URL pattern of the site, with 1 for every parameter."""
    paths = set()
    for regex in _regexes(get_resolver().url_patterns):
        template, params = normalize(regex)[0]
        paths.add("/" + template % dict.fromkeys(params, "1"))
    return sorted(paths)


def test_the_walk_covers_the_whole_site():
    urls = every_url()
    assert len(urls) > 300  # Wagtail's admin alone has hundreds
    for expected in (
        "/accounts/login/",
        "/_util/login/",
        "/cms/login/",
        "/django-admin/login/",
        "/professional/clienten/1/",
        "/coordinator/moderatie/",
    ):
        assert expected in urls


CREDENTIALS = [
    {"login": "{email}", "password": TEST_PASSWORD},
    {"username": "{email}", "password": TEST_PASSWORD},
    {"email": "{email}", "password": TEST_PASSWORD},
]


def test_no_url_but_allauths_accepts_a_password():
    """POST a real person's e-mail and password, in every usual field name, to every URL of the site."""
    worker = UserFactory(email="walker@example.nl", role=Role.WORKER)
    accepted = []
    for url in every_url():
        if url == ALLAUTH_LOGIN:
            continue
        for fields in CREDENTIALS:
            client = Client(raise_request_exception=False)
            client.post(url, {name: value.format(email=worker.email) for name, value in fields.items()})
            if "_auth_user_id" in client.session:
                accepted.append(url)
    assert accepted == []


def test_the_walk_notices_a_login_form(settings):
    """The walk above is not blind: allauth's own login is caught by it."""
    worker = UserFactory(email="walker@example.nl", role=Role.WORKER)
    client = Client()
    client.post(ALLAUTH_LOGIN, {"login": worker.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("url", ["/_util/login/", "/cms/login/", "/django-admin/login/"])
def test_other_login_forms_send_people_to_allauth(client, dave, url):
    response = client.get(url + "?next=/coordinator/moderatie/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/coordinator/moderatie/"
    client.post(url, {"username": dave.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("listings:moderation_queue")).status_code == 302


@pytest.mark.parametrize("who", ["bob", "dave", "erin"])
def test_a_session_that_skipped_the_second_factor_is_logged_out(client, request, who):
    """However someone got a session with only their password, it opens nothing and ends at once."""
    user = request.getfixturevalue(who)
    client.force_login(user, second_factor=False)
    for url in (reverse("matching:clients"), reverse("listings:moderation_queue"), "/cms/", "/django-admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "_auth_user_id" not in client.session
        client.force_login(user, second_factor=False)


def test_a_worker_who_chose_a_second_factor_needs_it_too(client):
    worker = UserFactory(role=Role.WORKER, mfa=True)
    client.force_login(worker, second_factor=False)
    assert client.get(reverse("matching:my_profile")).status_code == 302
    assert "_auth_user_id" not in client.session
    client.force_login(worker)
    assert client.get(reverse("matching:my_profile")).status_code == 200


def _current_code():
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // mfa_settings.TOTP_PERIOD))


def test_staff_log_in_with_the_second_factor_before_the_admin(client, erin):
    response = client.post(reverse("account_login"), {"login": erin.email, "password": TEST_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/django-admin/").status_code == 302
    assert client.get("/cms/").status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": _current_code()})
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/cms/").status_code == 200


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True, "is_staff": True}])
def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, flags):
    staff = UserFactory(role=Role.WORKER, **flags)
    client.force_login(staff)
    for url in ("/django-admin/", "/django-admin/network/user/", "/cms/", "/cms/pages/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def cms_urls() -> list[str]:
    return [url for url in every_url() if url.startswith("/cms/") and url != "/cms/login/"]


def test_setting_up_the_second_factor_counts_as_passing_it(client, django_capture_on_commit_callbacks):
    professional = UserFactory(role=Role.PROFESSIONAL)
    response = client.post(reverse("account_login"), {"login": professional.email, "password": TEST_PASSWORD})
    assert client.get(response["Location"])["Location"] == reverse("mfa_activate_totp")  # only set-up is open
    reauthenticate = client.get(reverse("mfa_activate_totp"))["Location"]  # allauth asks the password again
    client.post(reauthenticate, {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    with django_capture_on_commit_callbacks(execute=True):  # allauth announces the authenticator on commit
        response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("matching:clients")).status_code == 200  # still logged in, and through


@pytest.mark.parametrize("who", ["alice", "carol"])
@pytest.mark.parametrize(
    "url",
    [
        "/cms/",
        "/cms/pages/",
        "/cms/login/?next=/cms/",
        "/django-admin/",
        "/django-admin/login/?next=/django-admin/",
        "/django-admin/network/user/",
    ],
)
def test_workers_and_employers_get_a_plain_no_access_page(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url, follow=True)
    assert len(response.redirect_chain) <= 2  # no loop between the admin and the login page
    assert response.status_code == 403
    assert "U kunt deze pagina niet bekijken" in response.content.decode()


def test_no_session_row_is_left_half_logged_in_by_other_forms(client, bob):
    client.post("/_util/login/", {"username": bob.email, "password": TEST_PASSWORD})
    assert not any(row.get_decoded().get("_auth_user_id") for row in Session.objects.all())


def test_a_password_reset_never_skips_the_second_factor(client, bob, settings, mailoutbox):
    """Even if resetting a password logged people in (a setting away), the code would still be asked."""
    import re

    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
    client.post(reverse("account_reset_password"), {"email": bob.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": "Nieuw-wachtwoord-2026!", "password2": "Nieuw-wachtwoord-2026!"})
    response = client.get(reverse("matching:clients"))
    assert response.status_code == 302 and not response["Location"].startswith(reverse("matching:clients"))
    assert "_auth_user_id" not in client.session
