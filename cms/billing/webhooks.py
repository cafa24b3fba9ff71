"""Stripe webhooks: verify the signature, store the raw event, then process it exactly once.

Refused, nothing stored: a body larger than MAX_BODY_BYTES (413, not even read), no or a forged
signature, or a signature timestamp more than TOLERANCE_SECONDS in the past or in the future (400).

A correctly signed body that is not a usable event (not UTF-8, not JSON, nested deeper than MAX_DEPTH,
fields missing or of the wrong type, data a handler cannot read) is stored as well, normalised first so
that storing cannot fail (an unusable id is replaced by one derived from the body, text PostgreSQL
cannot hold is kept as an excerpt), marked failed with the reason and answered 200: Stripe stops
retrying, and staff see it in the CMS billing overview.

A duplicate delivery (same event id), concurrent or later, is acknowledged and changes nothing.

Ordering: `created` counts whole seconds and deliveries arrive in any order, so an event's own copy of
a subscription is never applied. An event about a subscription makes us fetch the subscription from
Stripe, under the local row's lock, and apply Stripe's current state: whichever of two events is
processed last applies the newest state. An event older (by `created`) than the newest one applied is
answered `stale` without asking Stripe. If Stripe cannot be reached, `StripeUnavailable` rolls the
processing back (the view answers 503) and the stored event is processed on Stripe's next attempt.
"""

import hashlib
import hmac
import json
import logging
import math
import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import stripe
from django.core.exceptions import ImproperlyConfigured
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from cms.billing import stripe_api
from cms.billing.models import Plan, StripeEvent, Subscription
from network.models import Membership
from network.services import membership_set_billing_status
from outbox.relay import enqueue

logger = logging.getLogger(__name__)
TOLERANCE_SECONDS = 300
MAX_BODY_BYTES = 1024 * 1024  # Stripe's events are a few kB; anything near this is not one of them
MAX_DEPTH = 64  # Stripe's events nest about ten levels deep
MAX_TEXT = 100  # event id and type columns
EXCERPT_CHARS = 2000
ID_PATTERN = re.compile(r"[A-Za-z0-9_]{1,100}")  # ids of Stripe objects that we look up or store

# Stripe subscription status → the membership's billing state.
STATUS_MAP = {
    "trialing": Membership.Billing.TRIALING,
    "active": Membership.Billing.ACTIVE,
    "past_due": Membership.Billing.PAST_DUE,
    "unpaid": Membership.Billing.PAST_DUE,
    "canceled": Membership.Billing.CANCELED,
    "incomplete_expired": Membership.Billing.CANCELED,
    "incomplete": Membership.Billing.NONE,
    "paused": Membership.Billing.PAST_DUE,
}


class BadDelivery(ValueError):
    """Not a genuine, fresh Stripe delivery: answered with 400, nothing stored."""


class Malformed(ValueError):
    """A genuine delivery whose content we cannot use: the event is marked failed with this reason."""


class StripeUnavailable(RuntimeError):
    """Stripe could not be asked for the current state: nothing is applied, Stripe's retry tries again."""


@dataclass(frozen=True)
class Delivery:
    """A verified delivery as it will be stored; `problem` is why it cannot be applied (blank: it can)."""

    event_id: str
    type: str
    created: int
    payload: dict
    problem: str = ""


# --- receiving: signature, limits, normalisation --------------------------------------------------------


def check_signature(body: bytes, header: str | None, secret: str) -> int:
    """Stripe's scheme: HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret, `t` within the tolerance
    both ways. Returns `t`. Computed over the raw bytes, so a signed body that is not UTF-8 still verifies."""
    if not header:
        raise BadDelivery("missing Stripe-Signature header")
    timestamp, signatures = None, []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isascii() and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value.encode())
    if timestamp is None:
        raise BadDelivery("Stripe-Signature header without a (plain, short) timestamp")
    expected = hmac.new(secret.encode(), b"%d." % timestamp + body, hashlib.sha256).hexdigest().encode()
    if not any(hmac.compare_digest(expected, signature) for signature in signatures):
        raise BadDelivery("no signature matches the body")
    now = time.time()
    if timestamp < now - TOLERANCE_SECONDS:
        raise BadDelivery("signature timestamp outside the tolerance (too old)")
    if timestamp > now + TOLERANCE_SECONDS:
        raise BadDelivery("signature timestamp outside the tolerance (in the future)")
    return timestamp


def verify(body: bytes, header: str | None, secret: str) -> Delivery:
    """The delivery to store, or BadDelivery when it is not a genuine, fresh one from Stripe."""
    return receive(body, check_signature(body, header, secret))


def receive(body: bytes, timestamp: int) -> Delivery:
    """Read a body whose signature has been verified. Never raises: what we cannot use is a failed Delivery."""
    body_id = "invalid_" + hashlib.sha256(body).hexdigest()  # the same body (a retry) gets the same id

    def failed(problem: str, payload: dict | None = None) -> Delivery:
        return Delivery(body_id, "", timestamp, payload or {"excerpt": _excerpt(body)}, problem)

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return failed("body is not UTF-8")
    if nesting_depth(text) > MAX_DEPTH:
        return failed(f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        event = _storable(json.loads(text, parse_constant=_no_constant))
    except ValueError as error:
        return failed(f"not JSON: {error}"[:MAX_TEXT])
    if not isinstance(event, dict):
        return failed("not a JSON object", {"value": event})

    problems = []
    event_id = event.get("id")
    if not (isinstance(event_id, str) and ID_PATTERN.fullmatch(event_id)):
        problems.append(
            "id is not a Stripe id"
            if isinstance(event_id, str) and len(event_id) <= MAX_TEXT
            else f"id missing, not text or longer than {MAX_TEXT} characters"
        )
        event_id = body_id
    event_type = event.get("type")
    if not isinstance(event_type, str) or not event_type or len(event_type) > MAX_TEXT:
        problems.append("type missing, not text or too long")
        event_type = str(event_type)[:MAX_TEXT] if isinstance(event_type, str) else ""
    created = event.get("created")
    if type(created) is not int or not 0 <= created < 2**62:
        problems.append("created is not a Unix timestamp")
        created = timestamp
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        problems.append("data.object is not an object")
    return Delivery(event_id, event_type, created, event, "; ".join(problems))


def nesting_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest (counting stops once past `limit`), in one pass without recursion;
    brackets inside strings do not count. A body nested thousands deep is turned away this way before
    `json.loads` could hit the recursion limit."""
    depth = deepest = 0
    in_string = False
    for match in _TOKENS.finditer(text):
        part = match.group()
        if part == '"':
            in_string = not in_string
        elif in_string or len(part) == 2:  # text, or an escape (only valid in text)
            continue
        elif part in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        else:
            depth -= 1
    return deepest


_TOKENS = re.compile(r'\\.|["\[\]{}]', re.S)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _storable(value):
    """The parsed JSON as a JSON column can hold it: PostgreSQL's jsonb refuses NUL characters and unpaired
    surrogates in text (both become U+FFFD); a number too large for a float is refused (ValueError).
    The nesting depth is limited before parsing, so the recursion is bounded."""
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("number out of range")
    if isinstance(value, dict):
        return {_clean_text(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


_UNSTORABLE_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")


def _clean_text(text: str) -> str:
    return _UNSTORABLE_CHARACTERS.sub("\ufffd", text)


def _excerpt(body: bytes) -> str:
    return body[:EXCERPT_CHARS].decode("utf-8", "replace").replace("\x00", "\ufffd")


# --- storing and processing ------------------------------------------------------------------------------


def store(delivery: Delivery) -> StripeEvent:
    """The raw event, stored once; a concurrent duplicate finds the row the other request made."""
    try:
        with transaction.atomic():
            stored, _created = StripeEvent.objects.get_or_create(
                event_id=delivery.event_id,
                defaults={
                    "type": delivery.type,
                    "created": delivery.created,
                    "payload": delivery.payload,
                    "failure": delivery.problem[:200],
                },
            )
    except IntegrityError:
        stored = StripeEvent.objects.get(event_id=delivery.event_id)
    return stored


def process(stored_id: int) -> str:
    """Apply the event once. The row lock makes a concurrent duplicate wait, then see it processed.

    Raises StripeUnavailable (everything rolled back, the event stays unprocessed) when Stripe cannot be asked.
    """
    with transaction.atomic():
        stored = StripeEvent.objects.select_for_update().get(pk=stored_id)
        if stored.processed_at is not None:
            return "duplicate"
        handler = HANDLERS.get(stored.type)
        if stored.failure:
            outcome = "failed"
        elif handler is None:
            outcome = "ignored"
        else:
            try:
                with transaction.atomic():  # a handler that gives up leaves nothing half done
                    outcome = handler(stored.payload["data"]["object"], stored.created)
            except Malformed as error:
                stored.failure, outcome = str(error)[:200], "failed"
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError, DataError) as error:
                logger.exception("Stripe event %s (%s) could not be applied", stored.event_id, stored.type)
                stored.failure, outcome = f"unreadable data ({type(error).__name__})", "failed"
        if stored.failure:
            logger.error("Stripe event %s (%s) failed: %s", stored.event_id, stored.type, stored.failure)
        stored.processed_at, stored.outcome = timezone.now(), outcome[:200]
        stored.save(update_fields=["processed_at", "outcome", "failure"])
    return outcome


# --- Stripe's current state of a subscription ---------------------------------------------------------


def fetch_subscription(subscription_id: str, client=None) -> dict:
    try:
        return (client or stripe_api.client()).v1.subscriptions.retrieve(subscription_id).to_dict()
    except stripe.InvalidRequestError as error:
        raise Malformed(f"Stripe does not know subscription {subscription_id}") from error
    except (stripe.StripeError, ImproperlyConfigured) as error:
        raise StripeUnavailable(f"cannot fetch subscription {subscription_id}: {error}") from error


def apply_remote(subscription: Subscription, remote: dict, created: int) -> str:
    """Apply Stripe's copy of the subscription (customer, plan, period end, status)."""
    subscription.stripe_subscription_id = _stripe_id(remote.get("id")) or subscription.stripe_subscription_id
    subscription.stripe_customer_id = _stripe_id(remote.get("customer")) or subscription.stripe_customer_id
    items = _dict(remote.get("items")).get("data")
    item = _dict(items[0]) if isinstance(items, list) and items else {}
    price_id = _stripe_id(_dict(item.get("price")).get("id") or _dict(item.get("plan")).get("id"))
    if price_id:
        plan = Plan.objects.filter(stripe_monthly_price_id=price_id).first()
        subscription.interval = "month"
        if plan is None:
            plan = Plan.objects.filter(stripe_yearly_price_id=price_id).first()
            subscription.interval = "year"
        subscription.plan = plan or subscription.plan
    period_end = remote.get("current_period_end") or item.get("current_period_end")
    if type(period_end) is int and 0 < period_end < 2**37:
        subscription.current_period_end = datetime.fromtimestamp(period_end, tz=UTC)
    status = remote.get("status")
    if not isinstance(status, str):
        raise Malformed("Stripe's subscription has no status")
    return apply_status(subscription, status, created)


def apply_status(subscription: Subscription, stripe_status: str, created: int) -> str:
    subscription.status = stripe_status[:30]
    subscription.stripe_updated = max(subscription.stripe_updated, created)
    billing = STATUS_MAP.get(stripe_status, Membership.Billing.NONE)
    if billing == Membership.Billing.PAST_DUE:
        subscription.past_due_since = subscription.past_due_since or timezone.now()
    else:
        subscription.past_due_since = None
    subscription.save()
    membership_set_billing_status(membership=subscription.membership, status=billing)
    if subscription.unpublished_at is not None and billing in (Membership.Billing.ACTIVE, Membership.Billing.TRIALING):
        from cms.billing.tasks import restore_publication_task

        membership_id = subscription.membership_id
        enqueue(restore_publication_task, membership_id, key=f"restore_publication:{membership_id}:{uuid.uuid4().hex}")
    return f"status {stripe_status}"[:200]


ENDED = ("canceled", "incomplete_expired")


def _sync(subscription: Subscription, subscription_id: str | None, created: int) -> str:
    """Stripe's current state of the subscription, applied unless a newer event already did that.

    The caller holds the row lock, so of two events processed at the same time the later one fetches
    (and applies) the later state."""
    current = subscription.stripe_subscription_id
    subscription_id = subscription_id or current
    if not subscription_id:
        return "ignored: no subscription"
    if created < subscription.stripe_updated:
        return "stale"
    remote = fetch_subscription(subscription_id)
    if current and subscription_id != current and remote.get("status") in ENDED and subscription.status not in ENDED:
        return "ignored: an ended subscription, not the member's current one"
    return apply_remote(subscription, remote, created)


# --- handlers: each reads the event's object and returns a short outcome for the event row -------------


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _stripe_id(value) -> str | None:
    return value if isinstance(value, str) and ID_PATTERN.fullmatch(value) else None


def _id_field(obj: dict, key: str) -> str | None:
    """A Stripe id in the event's object: absent is None, anything but an id is Malformed."""
    value = obj.get(key)
    if value is None or value == "":
        return None
    if _stripe_id(value) is None:
        raise Malformed(f"{key} is not a Stripe id")
    return value


def _membership_from(obj: dict) -> Membership | None:
    reference = _dict(obj.get("metadata")).get("membership_id") or obj.get("client_reference_id")
    if isinstance(reference, str) and reference.isascii() and reference.isdigit() and len(reference) <= 18:
        return Membership.objects.filter(pk=int(reference)).first()
    return None


def _subscription_for(obj: dict, subscription_id: str | None, customer_id: str | None) -> Subscription | None:
    """The local subscription, locked until the transaction ends (also while Stripe is asked)."""
    subscription = None
    if subscription_id:
        subscription = Subscription.objects.select_for_update().filter(stripe_subscription_id=subscription_id).first()
    if subscription is None and customer_id:
        subscription = Subscription.objects.select_for_update().filter(stripe_customer_id=customer_id).first()
    if subscription is None:
        membership = _membership_from(obj)
        if membership is not None:
            subscription, _created = Subscription.objects.select_for_update().get_or_create(membership=membership)
    return subscription


def checkout_completed(obj: dict, created: int) -> str:
    if obj.get("mode") != "subscription":
        return "ignored: not a subscription"
    subscription_id, customer_id = _id_field(obj, "subscription"), _id_field(obj, "customer")
    subscription = _subscription_for(obj, subscription_id, customer_id)
    if subscription is None:
        return "ignored: unknown membership"
    if subscription_id:  # linked from Stripe's copy, unless a newer event or subscription came first
        return _sync(subscription, subscription_id, created)
    subscription.stripe_customer_id = customer_id or subscription.stripe_customer_id
    subscription.save(update_fields=["stripe_customer_id"])
    return "linked"


def subscription_changed(obj: dict, created: int) -> str:
    subscription_id = _id_field(obj, "id")
    if subscription_id is None:
        raise Malformed("subscription event without a subscription id")
    subscription = _subscription_for(obj, subscription_id, _id_field(obj, "customer"))
    if subscription is None:
        return "ignored: unknown subscription"
    return _sync(subscription, subscription_id, created)


def invoice_paid(obj: dict, created: int) -> str:
    subscription_id = _invoice_subscription(obj)
    subscription = _subscription_for(obj, subscription_id, _id_field(obj, "customer"))
    if subscription is None:
        return "ignored: unknown subscription"
    return _sync(subscription, subscription_id, created)


def invoice_payment_failed(obj: dict, created: int) -> str:
    subscription_id = _invoice_subscription(obj)
    subscription = _subscription_for(obj, subscription_id, _id_field(obj, "customer"))
    if subscription is None:
        return "ignored: unknown subscription"
    outcome = _sync(subscription, subscription_id, created)
    if outcome.startswith("status "):
        subscription.last_payment_failed_at = timezone.now()
        subscription.save(update_fields=["last_payment_failed_at"])
        billing = STATUS_MAP.get(subscription.status, Membership.Billing.NONE)
        if billing in (Membership.Billing.PAST_DUE, Membership.Billing.NONE):  # not paid since, not cancelled
            from cms.billing.tasks import send_payment_failed

            membership_id = subscription.membership_id
            enqueue(send_payment_failed, membership_id, key=f"payment_failed:{membership_id}:{uuid.uuid4().hex}")
    return outcome


def _invoice_subscription(obj: dict) -> str | None:
    """Older API versions put the subscription on the invoice, newer ones under parent.subscription_details."""
    details = _dict(_dict(obj.get("parent")).get("subscription_details"))
    return _id_field(obj, "subscription") or _id_field(details, "subscription")


HANDLERS = {
    "checkout.session.completed": checkout_completed,
    "customer.subscription.created": subscription_changed,
    "customer.subscription.updated": subscription_changed,
    "customer.subscription.deleted": subscription_changed,
    "invoice.paid": invoice_paid,
    "invoice.payment_failed": invoice_payment_failed,
}
