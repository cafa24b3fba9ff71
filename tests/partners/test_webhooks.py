"""Webhooks: a partner's server hears about published and closed vacancies, signed, retried with a
growing pause through the outbox, and logged."""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from listings.models import Vacancy
from listings.services import vacancy_transition
from outbox.models import OutboxMessage
from outbox.relay import relay_due
from partners import webhooks
from partners.models import Partner, WebhookDelivery
from tests.listings.factories import VacancyFactory
from tests.partners.receiver_server import Receiver

pytestmark = pytest.mark.django_db

BOTH = ["vacancy.published", "vacancy.closed"]


@pytest.fixture
def receiver(settings):
    settings.PARTNERS_WEBHOOK_ALLOW_LOCAL_HTTP = True
    with Receiver() as running:
        yield running


@pytest.fixture
def submitted(carol_link, network_a):
    return VacancyFactory(
        employer=carol_link.employer, network=network_a, status=Vacancy.Status.SUBMITTED, published_at=None
    )


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> dict:
    """What a partner does (README): check the signature and the timestamp, then read the body."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, parts["v1"]) or abs(time.time() - timestamp) > tolerance:
        raise ValueError("bad signature")
    return json.loads(body)


def approve(client, dave, vacancy, capture):
    client.force_login(dave)
    with capture(execute=True):
        response = client.post(reverse("listings:moderation_approve", args=[vacancy.pk]))
    assert response.status_code == 302


def test_a_published_vacancy_is_delivered_signed_with_public_data_only(
    client, dave, submitted, partner, receiver, django_capture_on_commit_callbacks
):
    subscription, secret = webhooks.subscribe(partner=partner, url=receiver.url, events=BOTH)
    approve(client, dave, submitted, django_capture_on_commit_callbacks)

    [request] = receiver.received
    assert request["path"] == "/hooks/passendwerk"
    assert request["headers"]["Content-Type"].startswith("application/json")
    payload = verify(secret, request["headers"]["PassendWerk-Signature"], request["body"])
    submitted.refresh_from_db()
    assert payload["type"] == "vacancy.published" and payload["id"].startswith("evt_")
    assert payload["data"] == {
        "kind": "vacancy",
        "id": submitted.pk,
        "url": f"http://127.0.0.1:8000/vacatures/{submitted.pk}/",
        "title": submitted.title,
        "employer": "Bakkerij Carol",
        "published_at": submitted.published_at.isoformat(),
        "closed_at": None,
    }
    for private in (b"load", b"capacity", b"adaptable", b"IV.13", b"carol@"):
        assert private not in request["body"]
    with pytest.raises(ValueError):
        verify("whsec_another", request["headers"]["PassendWerk-Signature"], request["body"])
    with pytest.raises(ValueError):
        verify(secret, request["headers"]["PassendWerk-Signature"], request["body"].replace(b"Bakkerij", b"Bakkerei"))

    delivery = WebhookDelivery.objects.get()
    assert (delivery.subscription, delivery.event, delivery.status) == (subscription, "vacancy.published", "delivered")
    assert (delivery.attempts, delivery.last_response_code, delivery.next_attempt_at) == (1, 200, None)


@pytest.mark.parametrize("kind", ["trial_placement", "work_experience", "volunteering"])
def test_the_payload_says_what_kind_of_opportunity_it_is(
    client, dave, carol_link, network_a, partner, receiver, django_capture_on_commit_callbacks, kind
):
    terms = {"trial_placement": 6, "work_experience": 26, "volunteering": None}
    vacancy = VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        status=Vacancy.Status.SUBMITTED,
        published_at=None,
        kind=kind,
        duration_weeks=terms[kind],
    )
    subscription, secret = webhooks.subscribe(partner=partner, url=receiver.url, events=BOTH)
    approve(client, dave, vacancy, django_capture_on_commit_callbacks)
    [request] = receiver.received
    payload = verify(secret, request["headers"]["PassendWerk-Signature"], request["body"])
    assert (payload["type"], payload["data"]["id"], payload["data"]["kind"]) == ("vacancy.published", vacancy.pk, kind)


def test_closing_a_published_vacancy_is_delivered_as_closed(
    carol, carol_link, network_a, partner, receiver, django_capture_on_commit_callbacks
):
    webhooks.subscribe(partner=partner, url=receiver.url, events=["vacancy.closed"])
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a)
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_transition(vacancy=vacancy, action="close", by=carol)
    [request] = receiver.received
    payload = json.loads(request["body"])
    assert payload["type"] == "vacancy.closed"
    assert payload["data"]["id"] == vacancy.pk and payload["data"]["closed_at"]


def test_only_subscribed_active_partners_of_the_vacancy_network_hear_of_it(
    client, dave, submitted, partner, network_b, receiver, django_capture_on_commit_callbacks
):
    webhooks.subscribe(partner=partner, url=receiver.url + "/all", events=BOTH)
    webhooks.subscribe(partner=partner, url=receiver.url + "/closed-only", events=["vacancy.closed"])
    off, _ = webhooks.subscribe(partner=partner, url=receiver.url + "/off", events=BOTH)
    off.active = False
    off.save()
    other_network = Partner.objects.create(name="Twente", kind="network", contact_email="t@x.nl", network=network_b)
    webhooks.subscribe(partner=other_network, url=receiver.url + "/twente", events=BOTH)
    inactive = Partner.objects.create(name="Oud", kind="other", contact_email="o@x.nl", active=False)
    webhooks.subscribe(partner=inactive, url=receiver.url + "/inactive", events=BOTH)

    approve(client, dave, submitted, django_capture_on_commit_callbacks)
    assert [request["path"] for request in receiver.received] == ["/hooks/passendwerk/all"]
    assert [delivery.subscription.url for delivery in WebhookDelivery.objects.all()] == [receiver.url + "/all"]


def test_a_failing_server_is_tried_again_with_a_growing_pause_then_the_delivery_fails(
    client, dave, submitted, partner, receiver, settings, django_capture_on_commit_callbacks
):
    settings.PARTNERS_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answers = [500, 503, 500]
    webhooks.subscribe(partner=partner, url=receiver.url, events=BOTH)
    approve(client, dave, submitted, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("pending", 1, 500)
    first_pause = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_pause <= timedelta(minutes=1)
    retry = OutboxMessage.objects.get(key=f"webhook:{delivery.pk}:2")
    assert retry.published_at is None and retry.next_attempt_at == delivery.next_attempt_at

    assert relay_due() == 0  # not due yet: nothing goes out
    assert len(receiver.received) == 1

    OutboxMessage.objects.filter(pk=retry.pk).update(next_attempt_at=timezone.now())  # a minute later
    with django_capture_on_commit_callbacks(execute=True):
        relay_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("pending", 2, 503)
    second_pause = delivery.next_attempt_at - timezone.now()
    assert second_pause > first_pause + timedelta(minutes=1)  # 3 minutes: the pause grows

    OutboxMessage.objects.filter(key=f"webhook:{delivery.pk}:3").update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        relay_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("failed", 3, 500)
    assert delivery.next_attempt_at is None and "500" in delivery.last_error
    assert len(receiver.received) == 3
    assert not OutboxMessage.objects.filter(key=f"webhook:{delivery.pk}:4").exists()  # no fourth attempt


def test_a_server_that_recovers_gets_the_delivery_on_the_next_attempt(
    client, dave, submitted, partner, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    webhooks.subscribe(partner=partner, url=receiver.url, events=BOTH)
    approve(client, dave, submitted, django_capture_on_commit_callbacks)
    OutboxMessage.objects.filter(key__startswith="webhook:").update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        relay_due()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("delivered", 2, 200)
    assert delivery.delivered_at is not None


def test_an_unreachable_server_counts_as_a_failed_attempt(
    client, dave, submitted, partner, settings, django_capture_on_commit_callbacks
):
    settings.PARTNERS_WEBHOOK_ALLOW_LOCAL_HTTP = True
    with Receiver() as closed:
        url = closed.url
    webhooks.subscribe(partner=partner, url=url, events=BOTH)  # nobody listens there any more
    approve(client, dave, submitted, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("pending", 1, None)
    assert delivery.last_error == "ConnectionError"


def test_an_attempt_runs_once_even_when_its_task_runs_twice(
    client, dave, submitted, partner, receiver, django_capture_on_commit_callbacks
):
    webhooks.subscribe(partner=partner, url=receiver.url, events=BOTH)
    approve(client, dave, submitted, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert webhooks.deliver(delivery.pk, 1) is None
    assert len(receiver.received) == 1


def test_a_switched_off_webhook_gets_no_more_attempts(
    client, dave, submitted, partner, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    subscription, _ = webhooks.subscribe(partner=partner, url=receiver.url, events=BOTH)
    approve(client, dave, submitted, django_capture_on_commit_callbacks)
    subscription.active = False
    subscription.save()
    OutboxMessage.objects.filter(key__startswith="webhook:").update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        relay_due()
    assert WebhookDelivery.objects.get().status == "failed"
    assert len(receiver.received) == 1


@pytest.mark.parametrize("url", ["http://partner.example.nl/hook", "http://127.0.0.1:9/hook", "ftp://x.nl/h"])
def test_a_webhook_address_must_be_https(partner, url):
    with pytest.raises(ValidationError):
        webhooks.subscribe(partner=partner, url=url, events=BOTH)


def test_plain_http_to_this_machine_only_where_allowed(partner, settings):
    settings.PARTNERS_WEBHOOK_ALLOW_LOCAL_HTTP = True
    webhooks.subscribe(partner=partner, url="http://127.0.0.1:9/hook", events=BOTH)
    with pytest.raises(ValidationError):
        webhooks.subscribe(partner=partner, url="http://partner.example.nl/hook", events=BOTH)
    subscription, _ = webhooks.subscribe(partner=partner, url="https://partner.example.nl/hook", events=BOTH)
    assert subscription.secret.startswith("whsec_")


def test_unknown_events_are_refused(partner):
    with pytest.raises(ValidationError, match="vacancy.deleted"):
        webhooks.subscribe(partner=partner, url="https://partner.example.nl/hook", events=["vacancy.deleted"])


def test_a_delivery_whose_worker_died_during_an_attempt_gets_its_next_attempt(
    client, dave, submitted, partner, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500, 200]
    webhooks.subscribe(partner=partner, url=receiver.url, events=BOTH)
    approve(client, dave, submitted, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    # As if the worker of the second attempt died after claiming it: attempts counted, nothing scheduled.
    OutboxMessage.objects.filter(key=f"webhook:{delivery.pk}:2").delete()
    long_ago = timezone.now() - timedelta(minutes=10)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=2, last_attempt_at=long_ago, next_attempt_at=None)
    assert webhooks.deliver(delivery.pk, 2) is None  # the redelivered task finds the attempt claimed

    assert webhooks.resume_stalled(now=long_ago + timedelta(minutes=2)) == 0  # not stalled yet then
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.resume_stalled() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("delivered", 3, 200)
    assert len(receiver.received) == 2
    assert webhooks.resume_stalled() == 0  # done: nothing to resume


def test_a_delivery_waiting_for_its_next_attempt_is_not_resumed_early(
    client, dave, submitted, partner, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    webhooks.subscribe(partner=partner, url=receiver.url, events=BOTH)
    approve(client, dave, submitted, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(last_attempt_at=timezone.now() - timedelta(minutes=10))
    assert webhooks.resume_stalled() == 0  # its second attempt is scheduled: not stalled
