"""Staff manage partners, keys and webhooks in the Django admin, over HTTP: a new key or secret is
shown once and only its hash (keys) is stored; keys are rotated and revoked; deliveries are logged."""

import re

import pytest

from partners import keys, webhooks
from partners.models import ApiKey, WebhookDelivery, WebhookSubscription
from tests.network.factories import EmployerFactory
from tests.partners.conftest import bearer

pytestmark = pytest.mark.django_db

ADMIN = "/django-admin/partners/"
KEY_PATTERN = re.compile(r"pw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def shown_keys(response) -> list[str]:
    return KEY_PATTERN.findall(response.content.decode())


def search(client, plain):
    return client.post("/api/v1/search/", {}, content_type="application/json", **bearer(plain))


@pytest.fixture
def staff(client, erin):
    client.force_login(erin)
    return client


def test_staff_add_a_key_and_see_it_once(staff, partner):
    response = staff.post(
        ADMIN + "apikey/add/",
        {"partner": partner.pk, "name": "Portaal", "scopes": ["search", "vacancies:read"], "rate_per_minute": 120},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [plain] = shown_keys(response)
    key = ApiKey.objects.get()
    assert (key.partner, key.scopes, key.rate_per_minute) == (partner, ["search", "vacancies:read"], 120)
    secret = plain.split("_", 2)[2]
    assert secret not in key.hash and key.hash == keys.hash_secret(secret)
    assert keys.resolve(plain) == key

    change_page = staff.get(ADMIN + f"apikey/{key.pk}/change/").content.decode()
    assert key.prefix in change_page and secret not in change_page
    assert secret not in staff.get(ADMIN + "apikey/").content.decode()
    assert search(staff, plain).status_code == 200


def test_a_key_with_an_unknown_scope_is_refused(staff, partner):
    response = staff.post(ADMIN + "apikey/add/", {"partner": partner.pk, "scopes": ["admin"], "rate_per_minute": 60})
    assert response.status_code == 200 and "admin" in response.content.decode()
    assert not shown_keys(response) and not ApiKey.objects.exists()


def test_employers_only_on_a_key_that_imports(staff, partner):
    employer = EmployerFactory()
    refused = staff.post(
        ADMIN + "apikey/add/",
        {"partner": partner.pk, "scopes": ["search"], "employers": [employer.pk], "rate_per_minute": 60},
    )
    assert not shown_keys(refused) and not ApiKey.objects.exists()
    accepted = staff.post(
        ADMIN + "apikey/add/",
        {"partner": partner.pk, "scopes": ["vacancies:import"], "employers": [employer.pk], "rate_per_minute": 60},
    )
    assert len(shown_keys(accepted)) == 1
    assert list(ApiKey.objects.get().employers.all()) == [employer]


def test_staff_rotate_a_key_the_old_one_works_for_the_grace_period(staff, search_key):
    old, old_plain = search_key
    response = staff.post(ADMIN + "apikey/", {"action": "rotate", "_selected_action": [old.pk]})
    assert response.status_code == 200
    [new_plain] = shown_keys(response)
    old.refresh_from_db()
    assert old.replaced_by == keys.resolve(new_plain) and old.revoked_at is not None
    assert search(staff, old_plain).status_code == 200  # still within the grace period
    assert search(staff, new_plain).status_code == 200


def test_staff_revoke_a_key_and_it_stops_at_once(staff, search_key):
    key, plain = search_key
    response = staff.post(ADMIN + "apikey/", {"action": "revoke", "_selected_action": [key.pk]}, follow=True)
    assert response.status_code == 200
    assert search(staff, plain).status_code == 401


def test_a_revoked_key_is_not_rotated_back_to_life(staff, search_key):
    key, _ = search_key
    keys.revoke(key)
    response = staff.post(ADMIN + "apikey/", {"action": "rotate", "_selected_action": [key.pk]}, follow=True)
    assert not shown_keys(response)
    assert ApiKey.objects.count() == 1


def test_staff_add_a_webhook_and_see_its_secret_once(staff, partner):
    response = staff.post(
        ADMIN + "webhooksubscription/add/",
        {"partner": partner.pk, "url": "https://oost.nl/hooks", "events": ["vacancy.published"], "active": "on"},
    )
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret in response.content.decode()
    assert subscription.events == ["vacancy.published"]
    change_page = staff.get(ADMIN + f"webhooksubscription/{subscription.pk}/change/").content.decode()
    assert subscription.secret not in change_page


def test_a_webhook_without_https_is_refused_in_the_admin(staff, partner):
    response = staff.post(
        ADMIN + "webhooksubscription/add/",
        {"partner": partner.pk, "url": "http://oost.nl/hooks", "events": ["vacancy.published"], "active": "on"},
    )
    assert response.status_code == 200 and not WebhookSubscription.objects.exists()
    assert "https://" in response.content.decode()


def test_staff_see_the_delivery_log(staff, partner):
    subscription, _ = webhooks.subscribe(partner=partner, url="https://oost.nl/hooks", events=["vacancy.closed"])
    WebhookDelivery.objects.create(
        subscription=subscription,
        event="vacancy.closed",
        payload={"type": "vacancy.closed", "data": {"title": "Inpakker"}},
        status="failed",
        attempts=8,
        last_response_code=502,
    )
    listing = staff.get(ADMIN + "webhookdelivery/").content.decode()
    assert "vacancy.closed" in listing and "502" in listing and "https://oost.nl/hooks" in listing
    delivery = WebhookDelivery.objects.get()
    detail = staff.get(ADMIN + f"webhookdelivery/{delivery.pk}/change/")
    assert detail.status_code == 200 and "Inpakker" in detail.content.decode()


def test_the_key_use_log_is_visible_to_staff(staff, search_key):
    key, plain = search_key
    search(staff, plain)
    listing = staff.get(ADMIN + "apikeyuse/").content.decode()
    assert "/api/v1/search/" in listing and key.prefix in listing


@pytest.mark.parametrize("path", ["apikey/add/", "apikey/", "webhooksubscription/add/", "webhookdelivery/"])
def test_no_one_but_staff_reaches_the_partner_admin(client, carol, dave, path):
    for user in (carol, dave):
        client.force_login(user)
        assert client.get(ADMIN + path).status_code == 403  # network.authentication: admin is for staff
