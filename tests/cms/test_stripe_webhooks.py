"""The Stripe webhook endpoint with real signatures: forged, stale, future, oversized, malformed, duplicated
and out-of-order deliveries. Subscription states come from localstripe, which the handlers ask."""

import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from cms.billing import webhooks
from cms.billing.models import StripeEvent, Subscription
from network.models import Membership
from tests.cms import stripe_events as se

URL = "/billing/stripe/webhook/"


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = se.SECRET


@pytest.fixture
def membership(carol_link, network_a):
    return Membership.objects.get(employer=carol_link.employer, network=network_a)


@pytest.fixture
def remote(stripe_on, stripe_plan, membership):
    """Carol's membership pays monthly: an active subscription in localstripe."""
    return se.Remote(stripe_on, stripe_plan, membership.pk)


def deliver(client, payload: str | bytes, header: str | None = "sign"):
    headers = {} if header is None else {"HTTP_STRIPE_SIGNATURE": se.signature(payload) if header == "sign" else header}
    return client.post(URL, payload, content_type="application/json", **headers)


def mac_only(payload: str) -> str:
    """A valid v1 signature of the payload, without the `t=` it was made with."""
    return se.signature(payload).split(",", 1)[1]


# --- refused: not a genuine, fresh delivery -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forgery",
    [
        "no header",
        "garbage",
        "another secret",
        "no timestamp",
        "timestamp not ASCII digits",
        "timestamp of 5000 digits",
    ],
)
def test_missing_or_forged_signatures_are_refused_and_nothing_is_stored(client, membership, forgery):
    payload = se.event("invoice.paid", se.invoice())
    header = {
        "no header": None,
        "garbage": "t=1,v1=deadbeef",
        "another secret": se.signature(payload, secret="whsec_someone_else"),
        "no timestamp": mac_only(payload),
        "timestamp not ASCII digits": "t=\u00b2," + mac_only(payload),
        "timestamp of 5000 digits": "t=" + "1" * 5000 + "," + mac_only(payload),
    }[forgery]
    assert deliver(client, payload, header).status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_a_replayed_delivery_outside_the_tolerance_is_refused(client, membership):
    payload = se.event("invoice.paid", se.invoice())
    old = se.signature(payload, timestamp=int(time.time()) - 3600)
    assert deliver(client, payload, old).status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_a_signature_from_the_future_beyond_the_tolerance_is_refused(client, membership):
    payload = se.event("customer.created", {"id": "cus_9", "object": "customer"})
    future = se.signature(payload, timestamp=int(time.time()) + 3600)
    assert deliver(client, payload, future).status_code == 400
    assert not StripeEvent.objects.exists()
    # Within the tolerance (clocks differ a little) it is accepted.
    assert deliver(client, payload, se.signature(payload, timestamp=int(time.time()) + 60)).status_code == 200


@pytest.mark.django_db
def test_a_tampered_payload_is_refused(client, membership):
    payload = se.event("checkout.session.completed", se.checkout_completed(membership.pk))
    header = se.signature(payload)
    response = client.post(
        URL, payload.replace("paid", "unpaid"), content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 400 and not Subscription.objects.exists()


@pytest.mark.django_db
def test_a_body_larger_than_the_limit_is_refused_unread(client, membership):
    payload = se.event(
        "customer.created", {"id": "cus_9", "object": "customer", "metadata": {"note": "x" * webhooks.MAX_BODY_BYTES}}
    )
    assert len(payload.encode()) > webhooks.MAX_BODY_BYTES
    assert deliver(client, payload).status_code == 413
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_without_a_webhook_secret_billing_is_off(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert deliver(client, se.event("invoice.paid", se.invoice())).status_code == 404


# --- signed but malformed: stored, failed with the reason, 200 ------------------------------------------


def envelope(**changes) -> dict:
    event = json.loads(se.event("invoice.paid", se.invoice()))
    event.update(changes)
    return event


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


MALFORMED = {
    # name: (body, words of the reason)
    "data is text": (json.dumps(envelope(data="x")), "data.object is not an object"),
    "created is text": (json.dumps(envelope(created="abc")), "created is not a Unix timestamp"),
    "created out of range": (json.dumps(envelope(created=2**70)), "created is not a Unix timestamp"),
    "id of 300 characters": (json.dumps(envelope(id="evt_" + "a" * 296)), "longer than 100 characters"),
    "id is a number": (json.dumps(envelope(id=12345)), "id missing, not text"),
    "id is no Stripe id": (json.dumps(envelope(id="evt 1; drop")), "id is not a Stripe id"),
    "type too long": (json.dumps(envelope(type="invoice." + "x" * 150)), "type missing, not text or too long"),
    "nested 50,000 deep": (json.dumps(envelope(data="@")).replace('"@"', nested(50_000)), "nested deeper than 64"),
    "nested 100 deep in metadata": (
        json.dumps(
            envelope(
                type="customer.created", data={"object": {"id": "cus_9", "object": "customer", "metadata": {"x": "@"}}}
            )
        ).replace('"@"', nested(100)),
        "nested deeper than 64",
    ),
    "not JSON": ('{"id": "evt_cut", "type": "invoice.paid", ', "not JSON"),
    "not UTF-8": (b'{"id": "evt_\xff\xfe"}', "not UTF-8"),
    "NaN": (json.dumps(envelope(data={"object": {"amount": float("nan")}})), "NaN is not a JSON number"),
    "number too large for a float": (
        json.dumps(envelope(data={"object": {"amount": "@"}})).replace('"@"', "1e999"),
        "number out of range",
    ),
    "not an object": ("[1, 2]", "not a JSON object"),
    "subscription id is a list": (
        se.event("customer.subscription.updated", {**se.subscription("active"), "id": ["sub_T1"]}),
        "id is not a Stripe id",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", MALFORMED)
def test_a_signed_but_malformed_event_is_stored_as_failed_and_acknowledged(client, membership, case):
    body, reason = MALFORMED[case]
    before = int(time.time())
    response = deliver(client, body)
    assert response.status_code == 200 and response.content == b"failed"
    stored = StripeEvent.objects.get()
    assert reason in stored.failure and stored.outcome == "failed" and stored.processed_at is not None
    assert len(stored.event_id) <= 100 and len(stored.type) <= 100
    if case.startswith("created"):  # the signature's timestamp stands in
        assert before - 5 <= stored.created <= int(time.time())
    # Stripe's retry of the same body (or a resend) is a duplicate, not a second failure.
    again = deliver(client, body)
    assert again.status_code == 200 and again.content == b"duplicate" and StripeEvent.objects.count() == 1
    membership.refresh_from_db()
    assert membership.billing_status == Membership.Billing.NONE


@pytest.mark.django_db
def test_an_over_long_id_is_replaced_but_kept_in_the_payload(client, membership):
    long_id = "evt_" + "b" * 296
    response = deliver(client, json.dumps(envelope(id=long_id)))
    assert response.status_code == 200
    stored = StripeEvent.objects.get()
    assert stored.event_id.startswith("invalid_") and stored.payload["id"] == long_id


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["a\u0000b", "a\ud800b"], ids=["NUL character", "unpaired surrogate"])
def test_text_postgresql_cannot_hold_is_replaced_and_the_event_still_processed(client, membership, text):
    body = json.dumps(
        json.loads(se.event("customer.created", {"id": "cus_9", "object": "customer"}))
        | {"request": {"id": None, "idempotency_key": text}}
    )
    response = deliver(client, body)
    assert response.status_code == 200 and response.content == b"ignored"
    stored = StripeEvent.objects.get()
    assert stored.payload["request"]["idempotency_key"] == "a\ufffdb" and not stored.failure


@pytest.mark.django_db
def test_staff_see_failed_events_in_the_cms_billing_overview(client, erin, dave, membership, page_a):
    deliver(client, json.dumps(envelope(data="x", id="evt_broken_1")))
    client.force_login(erin)
    html = client.get(reverse("cms_billing")).content.decode()
    assert "Stripe-events die niet verwerkt konden worden" in html and "Reden" in html
    assert "evt_broken_1" in html and "data.object is not an object" in html
    client.force_login(dave)  # a coordinator: a malformed event names no network to check
    response = client.get(reverse("cms_billing"))
    assert response.status_code == 200 and "Bakkerij Carol" in response.content.decode()
    assert "evt_broken_1" not in response.content.decode()


# --- processing: Stripe's current state, once -----------------------------------------------------------


@pytest.mark.django_db
def test_checkout_links_the_subscription_and_a_duplicate_changes_nothing(client, membership, remote):
    payload = se.event(
        "checkout.session.completed",
        se.checkout_completed(membership.pk, customer=remote.customer, subscription=remote.subscription),
    )
    response = deliver(client, payload)
    assert response.status_code == 200 and response.content == b"status active"
    subscription = Subscription.objects.get(membership=membership)
    assert (subscription.stripe_customer_id, subscription.stripe_subscription_id) == (
        remote.customer,
        remote.subscription,
    )
    membership.refresh_from_db()
    assert membership.billing_status == "active"
    Membership.objects.filter(pk=membership.pk).update(billing_status="canceled")  # a later change by Stripe
    response = deliver(client, payload)  # Stripe delivers the same event again
    assert response.status_code == 200 and response.content == b"duplicate"
    membership.refresh_from_db()
    assert membership.billing_status == "canceled" and StripeEvent.objects.count() == 1


@pytest.mark.django_db
def test_subscription_events_set_plan_period_and_state_and_older_events_lose(client, membership, remote, stripe_plan):
    deliver(
        client,
        se.event(
            "checkout.session.completed",
            se.checkout_completed(membership.pk, customer=remote.customer, subscription=remote.subscription),
        ),
    )
    remote.cancel()
    now = int(time.time())
    newer = deliver(client, se.event("customer.subscription.deleted", remote.event_object(), created=now + 20))
    assert newer.content == b"status canceled"
    late = deliver(client, se.event("customer.subscription.updated", remote.event_object("active"), created=now + 10))
    assert late.status_code == 200 and late.content == b"stale"
    subscription = Subscription.objects.get()
    membership.refresh_from_db()
    assert (subscription.status, membership.billing_status) == ("canceled", "canceled")
    assert subscription.plan == stripe_plan and subscription.interval == "month"
    assert subscription.current_period_end == datetime.fromtimestamp(remote.retrieve().current_period_end, tz=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("story", ["paid again", "cancelled"])
@pytest.mark.parametrize("arrival", ["in order", "reversed"])
def test_two_events_in_the_same_second_end_in_stripes_current_state(client, membership, remote, story, arrival):
    same_second = int(time.time())
    if story == "paid again":
        remote.fail_payment()
        first = se.event("customer.subscription.updated", remote.event_object(), created=same_second)
        remote.pay()
        second = se.event("customer.subscription.updated", remote.event_object(), created=same_second)
    else:
        first = se.event("customer.subscription.updated", remote.event_object(), created=same_second)
        remote.cancel()
        second = se.event("customer.subscription.deleted", remote.event_object(), created=same_second)
    current = remote.status()
    for payload in (first, second) if arrival == "in order" else (second, first):
        response = deliver(client, payload)
        assert response.status_code == 200 and response.content == f"status {current}".encode()
    subscription = Subscription.objects.get()
    membership.refresh_from_db()
    assert subscription.status == current == {"paid again": "active", "cancelled": "canceled"}[story]
    assert membership.billing_status == current


@pytest.mark.django_db
def test_a_failed_payment_makes_the_membership_past_due_and_mails_the_employer(
    client, membership, remote, django_capture_on_commit_callbacks
):
    deliver(
        client,
        se.event(
            "checkout.session.completed",
            se.checkout_completed(membership.pk, customer=remote.customer, subscription=remote.subscription),
        ),
    )
    invoice = se.invoice(sub_id=remote.subscription, customer=remote.customer, status="open")
    now = int(time.time())
    remote.fail_payment()
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, se.event("invoice.payment_failed", invoice, created=now + 5))
    subscription = Subscription.objects.get()
    membership.refresh_from_db()
    assert membership.billing_status == "past_due" and subscription.past_due_since is not None
    assert mail.outbox[-1].to == ["carol@example.nl"] and "14" in mail.outbox[-1].body
    remote.pay()
    deliver(client, se.event("invoice.paid", {**invoice, "status": "paid"}, created=now + 9))
    subscription.refresh_from_db()
    membership.refresh_from_db()
    assert membership.billing_status == "active" and subscription.past_due_since is None
    # A failure reported in the same second as the payment, arriving after it: Stripe says paid, no mail.
    mails = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        late = deliver(client, se.event("invoice.payment_failed", invoice, created=now + 9))
    membership.refresh_from_db()
    assert late.content == b"status active" and membership.billing_status == "active" and len(mail.outbox) == mails
    remote.cancel()
    deliver(client, se.event("customer.subscription.deleted", remote.event_object(), created=now + 30))
    membership.refresh_from_db()
    assert membership.billing_status == "canceled"


@pytest.mark.django_db
def test_a_late_event_about_an_ended_subscription_does_not_end_the_new_one(
    client, membership, remote, stripe_on, stripe_plan
):
    remote.cancel()
    deliver(client, se.event("customer.subscription.deleted", remote.event_object()))
    again = se.Remote(stripe_on, stripe_plan, membership.pk)  # the member subscribes anew
    deliver(
        client,
        se.event(
            "checkout.session.completed",
            se.checkout_completed(membership.pk, customer=again.customer, subscription=again.subscription),
        ),
    )
    late = deliver(
        client, se.event("customer.subscription.updated", remote.event_object(), created=int(time.time()) + 60)
    )
    assert late.content == b"ignored: an ended subscription, not the member's current one"
    old_checkout = deliver(
        client,
        se.event(
            "checkout.session.completed",
            se.checkout_completed(membership.pk, customer=remote.customer, subscription=remote.subscription),
            created=int(time.time()) + 60,
        ),
    )
    assert old_checkout.content == b"ignored: an ended subscription, not the member's current one"
    subscription = Subscription.objects.get()
    membership.refresh_from_db()
    assert (subscription.stripe_subscription_id, subscription.status) == (again.subscription, "active")
    assert membership.billing_status == "active"


@pytest.mark.django_db
def test_a_handler_that_cannot_read_its_data_fails_the_event_and_leaves_nothing_behind(client, membership, monkeypatch):
    def breaks_halfway(obj, created):
        Subscription.objects.create(membership=membership, status="active")
        return obj["no such field"]

    monkeypatch.setitem(webhooks.HANDLERS, "customer.created", breaks_halfway)
    response = deliver(client, se.event("customer.created", {"id": "cus_9", "object": "customer"}))
    assert response.status_code == 200 and response.content == b"failed"
    assert StripeEvent.objects.get().failure == "unreadable data (KeyError)" and not Subscription.objects.exists()


@pytest.mark.django_db
def test_an_event_about_a_subscription_stripe_does_not_know_is_failed(client, membership, stripe_on):
    Subscription.objects.create(membership=membership, stripe_subscription_id="sub_unknown0", stripe_customer_id="")
    response = deliver(
        client,
        se.event(
            "customer.subscription.updated", se.subscription("active", sub_id="sub_unknown0", customer="cus_unknown0")
        ),
    )
    assert response.status_code == 200 and response.content == b"failed"
    assert StripeEvent.objects.get().failure == "Stripe does not know subscription sub_unknown0"


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.mark.django_db
@pytest.mark.parametrize("outage", ["unreachable", "no API key"])
def test_when_stripe_cannot_be_asked_the_event_waits_for_stripes_retry(
    client, settings, membership, remote, localstripe_url, outage
):
    payload = se.event("customer.subscription.updated", remote.event_object())
    if outage == "unreachable":
        settings.STRIPE_API_BASE = closed_port_url()
    else:
        settings.STRIPE_SECRET_KEY, settings.BILLING_ENABLED = "", False
    response = deliver(client, payload)
    assert response.status_code == 503
    stored = StripeEvent.objects.get()
    assert stored.processed_at is None and not stored.failure and not Subscription.objects.exists()
    settings.STRIPE_API_BASE, settings.STRIPE_SECRET_KEY, settings.BILLING_ENABLED = (
        localstripe_url,
        "sk_test_passendwerk",
        True,
    )
    retry = deliver(client, payload)  # Stripe retries the same event later
    assert retry.status_code == 200 and retry.content == b"status active"
    assert Subscription.objects.get().status == "active" and StripeEvent.objects.count() == 1


@pytest.mark.django_db
def test_unknown_events_are_stored_and_acknowledged(client, membership):
    response = deliver(client, se.event("customer.created", {"id": "cus_9", "object": "customer"}))
    assert response.status_code == 200 and StripeEvent.objects.get().outcome == "ignored"


@pytest.mark.django_db
def test_no_payment_screen_for_workers(client, alice, carol):
    client.force_login(alice)
    assert client.get(reverse("billing:overview")).status_code == 403
    client.force_login(carol)
    assert "Online betalen staat uit" in client.get(reverse("billing:overview")).content.decode()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_duplicate_deliveries_are_processed_once(membership, remote):
    assert connection.vendor == "postgresql"
    payload = se.event("customer.subscription.updated", remote.event_object())

    def post(_):
        try:
            return deliver(Client(), payload).content
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = sorted(pool.map(post, range(4)))
    assert outcomes.count(b"duplicate") == 3 and b"status active" in outcomes and StripeEvent.objects.count() == 1
