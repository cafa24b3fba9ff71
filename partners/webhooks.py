"""Webhooks: a partner hears when a vacancy is published or stops being published.

Events (partners/receivers.py, from the vacancy's recorded transitions):
- `vacancy.published`: a vacancy goes online (approved, or back after a paid fee);
- `vacancy.closed`: a published vacancy goes offline (closed, expired, taken offline, back to review,
  suspended for an unpaid fee). Each `published` is followed by at most one `closed`.

The payload holds public vacancy data only (kind, id, url, title, employer, published/closed at): never
anything about workers. Each delivery is a `WebhookDelivery` row, written in the transaction of the
vacancy's change, and sent by a task through the outbox. A delivery is signed like Stripe's:
`PassendWerk-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. An answer other
than 2xx (or none) is tried again with a growing pause, through the outbox, up to
PARTNERS_WEBHOOK_MAX_ATTEMPTS attempts; then the delivery is marked failed. Redirects are not followed.
"""

import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from listings.models import Vacancy, VacancyTransition
from outbox.relay import enqueue
from partners import conf
from partners.models import Partner, WebhookDelivery, WebhookSubscription

SIGNATURE_HEADER = "PassendWerk-Signature"
PUBLISHED, CLOSED = "vacancy.published", "vacancy.closed"
FIRST_PAUSE = timedelta(minutes=1)
MAX_PAUSE = timedelta(hours=12)
STALLED_AFTER = timedelta(minutes=5)  # far longer than an attempt may take (PARTNERS_WEBHOOK_TIMEOUT)


# --- subscriptions ----------------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


@transaction.atomic
def subscribe(*, partner: Partner, url: str, events: list[str]) -> tuple[WebhookSubscription, str]:
    """A subscription and its signing secret (shown once)."""
    subscription = WebhookSubscription(partner=partner, url=url, events=list(events), secret=new_secret())
    subscription.full_clean()
    subscription.save()
    return subscription, subscription.secret


def renew_secret(subscription: WebhookSubscription) -> str:
    subscription.secret = new_secret()
    subscription.save(update_fields=["secret"])
    return subscription.secret


# --- events -----------------------------------------------------------------------------------------


def event_of(transition: VacancyTransition) -> str | None:
    published = Vacancy.Status.PUBLISHED
    if transition.to_status == published and transition.from_status != published:
        return PUBLISHED
    if transition.from_status == published and transition.to_status != published:
        return CLOSED
    return None


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def vacancy_data(vacancy: Vacancy, *, closed_at=None) -> dict:
    """What a partner hears about a vacancy: what anyone can read on its public page."""
    return {
        "kind": vacancy.kind,  # vacancy (a paid job), trial_placement, work_experience or volunteering
        "id": vacancy.pk,
        "url": settings.SITE_URL + reverse("listings:vacancy_detail", args=[vacancy.pk]),
        "title": vacancy.title,
        "employer": vacancy.employer.name,
        "published_at": _iso(vacancy.published_at),
        "closed_at": _iso(closed_at),
    }


def payload_for(event: str, transition: VacancyTransition) -> dict:
    vacancy = transition.vacancy
    return {
        "id": f"evt_{transition.pk}",
        "type": event,
        "created": _iso(transition.at),
        "data": vacancy_data(vacancy, closed_at=transition.at if event == CLOSED else None),
    }


def subscribers(event: str, vacancy: Vacancy) -> list[WebhookSubscription]:
    candidates = WebhookSubscription.objects.filter(active=True, partner__active=True).select_related("partner")
    return [
        subscription
        for subscription in candidates
        if event in (subscription.events or []) and subscription.partner.network_id in (None, vacancy.network_id)
    ]


def announce(transition: VacancyTransition) -> list[WebhookDelivery]:
    """Write a delivery per subscriber in the current transaction; each goes out through the outbox."""
    event = event_of(transition)
    if event is None:
        return []
    payload = payload_for(event, transition)
    deliveries = []
    for subscription in subscribers(event, transition.vacancy):
        delivery = WebhookDelivery.objects.create(
            subscription=subscription, event=event, payload=payload, next_attempt_at=timezone.now()
        )
        _schedule(delivery, attempt=1)
        deliveries.append(delivery)
    return deliveries


def _schedule(delivery: WebhookDelivery, *, attempt: int, not_before=None) -> None:
    from partners.tasks import deliver_webhook

    enqueue(deliver_webhook, delivery.pk, attempt, key=f"webhook:{delivery.pk}:{attempt}", not_before=not_before)


# --- signing ----------------------------------------------------------------------------------------


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


# --- delivering -------------------------------------------------------------------------------------


def pause_after(attempt: int) -> timedelta:
    """1 minute, 3, 9, 27, 81 … at most 12 hours."""
    return min(FIRST_PAUSE * 3 ** (attempt - 1), MAX_PAUSE)


def deliver(delivery_id: int, attempt: int) -> str | None:
    """Try a delivery once; schedule the next attempt or give up. Returns the new status, or None when
    this attempt was already made (a task that runs twice sends once)."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, attempts=attempt - 1
    ).update(attempts=attempt, last_attempt_at=timezone.now())
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("subscription__partner").get(pk=delivery_id)
    subscription = delivery.subscription
    if not (subscription.active and subscription.partner.active):
        return _finish(delivery, WebhookDelivery.Status.FAILED, error="the webhook or its partner is switched off")
    code, error = _post(subscription, delivery.payload)
    delivery.last_response_code = code
    if code is not None and 200 <= code < 300:
        return _finish(delivery, WebhookDelivery.Status.DELIVERED)
    if attempt >= conf.webhook_max_attempts():
        return _finish(delivery, WebhookDelivery.Status.FAILED, error=error)
    with transaction.atomic():
        delivery.next_attempt_at = timezone.now() + pause_after(attempt)
        delivery.last_error = error[:300]
        delivery.save(update_fields=["last_response_code", "last_error", "next_attempt_at"])
        _schedule(delivery, attempt=attempt + 1, not_before=delivery.next_attempt_at)
    return delivery.status


def resume_stalled(now=None) -> int:
    """Deliveries whose attempt started but never finished (its worker died after claiming it: a redelivered
    task finds the attempt claimed and stops) get their next attempt. An attempt has finished when it left the
    delivery delivered, failed, or with a next attempt after it."""
    now = now or timezone.now()
    started_before = now - STALLED_AFTER
    stalled = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, attempts__gt=0).filter(
        Q(last_attempt_at__lt=started_before)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=F("last_attempt_at")))
    )
    resumed = 0
    for delivery in stalled:
        with transaction.atomic():
            changed = WebhookDelivery.objects.filter(
                pk=delivery.pk, attempts=delivery.attempts, next_attempt_at=delivery.next_attempt_at
            ).update(next_attempt_at=now)
            if changed:
                _schedule(delivery, attempt=delivery.attempts + 1)
                resumed += 1
    return resumed


def _finish(delivery: WebhookDelivery, status: str, *, error: str = "") -> str:
    delivery.status = status
    delivery.last_error = error[:300]
    delivery.next_attempt_at = None
    if status == WebhookDelivery.Status.DELIVERED:
        delivery.delivered_at = timezone.now()
    delivery.save(update_fields=["status", "last_error", "next_attempt_at", "delivered_at", "last_response_code"])
    return status


def _post(subscription: WebhookSubscription, payload: dict) -> tuple[int | None, str]:
    body = body_of(payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "PassendWerk-Webhooks/1",
        SIGNATURE_HEADER: signature(subscription.secret, int(time.time()), body),
    }
    try:
        response = requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=(5, conf.webhook_timeout()),
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return None, type(error).__name__
    response.close()
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}"
