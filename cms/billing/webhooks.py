"""Stripe webhooks: verify the signature, store the raw event, then process it exactly once.

A duplicate delivery (same event id), concurrent or later, is acknowledged and changes nothing.
Events can arrive out of order: each subscription remembers the `created` time of the newest event
applied to it, and an older event no longer changes its state.
"""

import json
import logging
from datetime import UTC, datetime

import stripe
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.billing.models import Plan, StripeEvent, Subscription
from network.models import Membership
from network.services import membership_set_billing_status

logger = logging.getLogger(__name__)
TOLERANCE_SECONDS = 300

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


def verify(payload: bytes, signature: str | None, secret: str) -> dict:
    if not signature:
        raise BadDelivery("missing Stripe-Signature header")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret, TOLERANCE_SECONDS)
        event = json.loads(text)
    except (UnicodeDecodeError, ValueError, stripe.SignatureVerificationError) as error:
        raise BadDelivery(str(error) or type(error).__name__) from error
    if not isinstance(event, dict) or not {"id", "type", "created", "data"} <= set(event):
        raise BadDelivery("not a Stripe event")
    return event


def store(event: dict) -> StripeEvent:
    """The raw event, stored once; a concurrent duplicate finds the row the other request made."""
    try:
        with transaction.atomic():
            stored, _created = StripeEvent.objects.get_or_create(
                event_id=event["id"], defaults={"type": event["type"], "created": event["created"], "payload": event})
    except IntegrityError:
        stored = StripeEvent.objects.get(event_id=event["id"])
    return stored


def process(stored_id: int) -> str:
    """Apply the event once. The row lock makes a concurrent duplicate wait, then see it processed."""
    with transaction.atomic():
        stored = StripeEvent.objects.select_for_update().get(pk=stored_id)
        if stored.processed_at is not None:
            return "duplicate"
        handler = HANDLERS.get(stored.type)
        outcome = handler(stored.payload["data"]["object"], stored.created) if handler else "ignored"
        stored.processed_at, stored.outcome = timezone.now(), outcome
        stored.save(update_fields=["processed_at", "outcome"])
    return outcome


# --- handlers: each returns a short outcome for the event row -------------------------------------------

def _membership_from(obj: dict) -> Membership | None:
    reference = (obj.get("metadata") or {}).get("membership_id") or obj.get("client_reference_id")
    if reference and str(reference).isdigit():
        return Membership.objects.filter(pk=int(reference)).first()
    return None


def _subscription_for(obj: dict, subscription_id: str | None, customer_id: str | None) -> Subscription | None:
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


def apply_status(subscription: Subscription, stripe_status: str, created: int) -> str:
    if created < subscription.stripe_updated:
        return "stale"
    subscription.status, subscription.stripe_updated = stripe_status, created
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
        transaction.on_commit(lambda: restore_publication_task.delay(membership_id))
    return f"status {stripe_status}"


def checkout_completed(obj: dict, created: int) -> str:
    if obj.get("mode") != "subscription":
        return "ignored: not a subscription"
    subscription = _subscription_for(obj, obj.get("subscription"), obj.get("customer"))
    if subscription is None:
        return "ignored: unknown membership"
    subscription.stripe_customer_id = obj.get("customer") or subscription.stripe_customer_id
    subscription.stripe_subscription_id = obj.get("subscription") or subscription.stripe_subscription_id
    subscription.save(update_fields=["stripe_customer_id", "stripe_subscription_id"])
    if obj.get("payment_status") in ("paid", "no_payment_required") and not subscription.status:
        return apply_status(subscription, "active", created)
    return "linked"


def subscription_changed(obj: dict, created: int) -> str:
    subscription = _subscription_for(obj, obj.get("id"), obj.get("customer"))
    if subscription is None:
        return "ignored: unknown subscription"
    if created < subscription.stripe_updated:
        return "stale"
    subscription.stripe_subscription_id = obj.get("id") or subscription.stripe_subscription_id
    subscription.stripe_customer_id = obj.get("customer") or subscription.stripe_customer_id
    items = (obj.get("items") or {}).get("data") or []
    price = (items[0].get("price") or {}) if items else {}
    if price.get("id"):
        plan = Plan.objects.filter(stripe_monthly_price_id=price["id"]).first()
        subscription.interval = "month"
        if plan is None:
            plan = Plan.objects.filter(stripe_yearly_price_id=price["id"]).first()
            subscription.interval = "year"
        subscription.plan = plan or subscription.plan
    period_end = obj.get("current_period_end") or (items[0].get("current_period_end") if items else None)
    if period_end:
        subscription.current_period_end = datetime.fromtimestamp(period_end, tz=UTC)
    return apply_status(subscription, obj.get("status") or "", created)


def subscription_deleted(obj: dict, created: int) -> str:
    subscription = _subscription_for(obj, obj.get("id"), obj.get("customer"))
    if subscription is None:
        return "ignored: unknown subscription"
    return apply_status(subscription, "canceled", created)


def invoice_paid(obj: dict, created: int) -> str:
    subscription = _subscription_for(obj, _invoice_subscription(obj), obj.get("customer"))
    if subscription is None:
        return "ignored: unknown subscription"
    return apply_status(subscription, "active", created)


def invoice_payment_failed(obj: dict, created: int) -> str:
    subscription = _subscription_for(obj, _invoice_subscription(obj), obj.get("customer"))
    if subscription is None:
        return "ignored: unknown subscription"
    outcome = apply_status(subscription, "past_due", created)
    if outcome != "stale":
        subscription.last_payment_failed_at = timezone.now()
        subscription.save(update_fields=["last_payment_failed_at"])
        from cms.billing.tasks import send_payment_failed

        membership_id = subscription.membership_id
        transaction.on_commit(lambda: send_payment_failed.delay(membership_id))
    return outcome


def _invoice_subscription(obj: dict) -> str | None:
    """Older API versions put the subscription on the invoice, newer ones under parent.subscription_details."""
    parent = (obj.get("parent") or {}).get("subscription_details") or {}
    return obj.get("subscription") or parent.get("subscription")


HANDLERS = {
    "checkout.session.completed": checkout_completed,
    "customer.subscription.created": subscription_changed,
    "customer.subscription.updated": subscription_changed,
    "customer.subscription.deleted": subscription_deleted,
    "invoice.paid": invoice_paid,
    "invoice.payment_failed": invoice_payment_failed,
}
