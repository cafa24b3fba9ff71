"""Stripe webhook deliveries as Stripe sends them: event JSON (trimmed to the fields we read, in
Stripe's shapes) and a `Stripe-Signature` header made with Stripe's scheme (HMAC-SHA256 of
"<timestamp>.<payload>" with the endpoint secret)."""

import hashlib
import hmac
import itertools
import json
import time

SECRET = "whsec_test_passendwerk_0123456789abcdef"
_ids = itertools.count(1)


def signature(payload: str, secret: str = SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def event(event_type: str, obj: dict, created: int | None = None, event_id: str | None = None) -> str:
    return json.dumps({
        "id": event_id or f"evt_test_{next(_ids):06d}", "object": "event", "api_version": "2025-03-31.basil",
        "created": created or int(time.time()), "livemode": False, "pending_webhooks": 1,
        "type": event_type, "data": {"object": obj},
    })


def checkout_completed(membership_id: int, customer="cus_T1", subscription="sub_T1", payment_status="paid"):
    return {"id": "cs_test_1", "object": "checkout.session", "mode": "subscription", "status": "complete",
            "client_reference_id": str(membership_id), "customer": customer, "subscription": subscription,
            "payment_status": payment_status, "metadata": {"membership_id": str(membership_id)}}


def subscription(status: str, price_id="price_month_1", sub_id="sub_T1", customer="cus_T1", period_end=1800000000):
    return {"id": sub_id, "object": "subscription", "customer": customer, "status": status,
            "items": {"object": "list", "data": [{"id": "si_1", "object": "subscription_item",
                                                   "current_period_end": period_end,
                                                   "price": {"id": price_id, "object": "price"}}]},
            "metadata": {}}


def invoice(sub_id="sub_T1", customer="cus_T1", status="paid"):
    return {"id": "in_test_1", "object": "invoice", "customer": customer, "status": status,
            "parent": {"type": "subscription_details", "subscription_details": {"subscription": sub_id}}}
