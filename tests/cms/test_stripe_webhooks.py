"""The Stripe webhook endpoint with real signatures: forged, stale, duplicated and out-of-order deliveries."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from cms.billing.models import Plan, StripeEvent, Subscription
from network.models import Membership
from tests.cms import stripe_events as se

URL = "/billing/stripe/webhook/"


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = se.SECRET


@pytest.fixture
def membership(carol_link, network_a):
    return Membership.objects.get(employer=carol_link.employer, network=network_a)


def deliver(client, payload: str, header: str | None = "sign"):
    headers = {} if header is None else {"HTTP_STRIPE_SIGNATURE": se.signature(payload) if header == "sign" else header}
    return client.post(URL, payload, content_type="application/json", **headers)


@pytest.mark.django_db
@pytest.mark.parametrize("forgery", ["no header", "garbage", "another secret"])
def test_missing_or_forged_signatures_are_refused_and_nothing_is_stored(client, membership, forgery):
    payload = se.event("invoice.paid", se.invoice())
    header = {"no header": None, "garbage": "t=1,v1=deadbeef",
              "another secret": se.signature(payload, secret="whsec_someone_else")}[forgery]
    assert deliver(client, payload, header).status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_a_replayed_delivery_outside_the_tolerance_is_refused(client, membership):
    payload = se.event("invoice.paid", se.invoice())
    old = se.signature(payload, timestamp=int(time.time()) - 3600)
    assert deliver(client, payload, old).status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_a_tampered_payload_is_refused(client, membership):
    payload = se.event("checkout.session.completed", se.checkout_completed(membership.pk))
    header = se.signature(payload)
    response = client.post(URL, payload.replace("paid", "unpaid"), content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400 and not Subscription.objects.exists()


@pytest.mark.django_db
def test_checkout_links_the_subscription_and_a_duplicate_changes_nothing(client, membership):
    payload = se.event("checkout.session.completed", se.checkout_completed(membership.pk))
    response = deliver(client, payload)
    assert response.status_code == 200
    subscription = Subscription.objects.get(membership=membership)
    assert (subscription.stripe_customer_id, subscription.stripe_subscription_id) == ("cus_T1", "sub_T1")
    membership.refresh_from_db()
    assert membership.billing_status == "active"
    Membership.objects.filter(pk=membership.pk).update(billing_status="canceled")  # a later change by Stripe
    response = deliver(client, payload)  # Stripe delivers the same event again
    assert response.status_code == 200 and response.content == b"duplicate"
    membership.refresh_from_db()
    assert membership.billing_status == "canceled" and StripeEvent.objects.count() == 1


@pytest.mark.django_db
def test_subscription_events_set_plan_period_and_state_and_older_events_lose(client, membership):
    plan = Plan.objects.create(name="Basis", monthly_price_cents=2500, yearly_price_cents=25000,
                               stripe_monthly_price_id="price_month_1", stripe_yearly_price_id="price_year_1")
    deliver(client, se.event("checkout.session.completed", se.checkout_completed(membership.pk)))
    now = int(time.time())
    deliver(client, se.event("customer.subscription.updated", se.subscription("canceled"), created=now + 20))
    late = deliver(client, se.event("customer.subscription.updated", se.subscription("active", "price_year_1"),
                                    created=now + 10))
    assert late.status_code == 200 and late.content == b"stale"
    subscription = Subscription.objects.get()
    membership.refresh_from_db()
    assert (subscription.status, membership.billing_status) == ("canceled", "canceled")
    assert subscription.plan == plan and subscription.interval == "month"
    assert subscription.current_period_end.year == 2027


@pytest.mark.django_db
def test_a_failed_payment_makes_the_membership_past_due_and_mails_the_employer(
        client, membership, django_capture_on_commit_callbacks):
    deliver(client, se.event("checkout.session.completed", se.checkout_completed(membership.pk)))
    now = int(time.time())
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, se.event("invoice.payment_failed", se.invoice(status="open"), created=now + 5))
    subscription = Subscription.objects.get()
    membership.refresh_from_db()
    assert membership.billing_status == "past_due" and subscription.past_due_since is not None
    assert mail.outbox[-1].to == ["carol@example.nl"] and "14" in mail.outbox[-1].body
    deliver(client, se.event("invoice.paid", se.invoice(), created=now + 9))
    subscription.refresh_from_db()
    membership.refresh_from_db()
    assert membership.billing_status == "active" and subscription.past_due_since is None
    deliver(client, se.event("customer.subscription.deleted", se.subscription("canceled"), created=now + 30))
    membership.refresh_from_db()
    assert membership.billing_status == "canceled"


@pytest.mark.django_db
def test_unknown_events_are_stored_and_acknowledged(client, membership):
    response = deliver(client, se.event("customer.created", {"id": "cus_9", "object": "customer"}))
    assert response.status_code == 200 and StripeEvent.objects.get().outcome == "ignored"


@pytest.mark.django_db
def test_without_a_webhook_secret_billing_is_off(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert deliver(client, se.event("invoice.paid", se.invoice())).status_code == 404


@pytest.mark.django_db
def test_no_payment_screen_for_workers(client, alice, carol):
    client.force_login(alice)
    assert client.get(reverse("billing:overview")).status_code == 403
    client.force_login(carol)
    assert "Online betalen staat uit" in client.get(reverse("billing:overview")).content.decode()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_duplicate_deliveries_are_processed_once(membership):
    assert connection.vendor == "postgresql"
    payload = se.event("invoice.payment_failed", se.invoice(status="open"))
    Subscription.objects.create(membership=membership, stripe_subscription_id="sub_T1", stripe_customer_id="cus_T1")

    def post(_):
        try:
            return deliver(Client(), payload).content
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = sorted(pool.map(post, range(4)))
    assert outcomes.count(b"duplicate") == 3 and StripeEvent.objects.count() == 1
