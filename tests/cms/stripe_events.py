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


def signature(payload: str | bytes, secret: str = SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    body = payload.encode() if isinstance(payload, str) else payload  # Stripe signs the raw bytes it sends
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def event(event_type: str, obj: dict, created: int | None = None, event_id: str | None = None) -> str:
    return json.dumps(
        {
            "id": event_id or f"evt_test_{next(_ids):06d}",
            "object": "event",
            "api_version": "2025-03-31.basil",
            "created": created or int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "type": event_type,
            "data": {"object": obj},
        }
    )


def checkout_completed(membership_id: int, customer="cus_T1", subscription="sub_T1", payment_status="paid"):
    return {
        "id": "cs_test_1",
        "object": "checkout.session",
        "mode": "subscription",
        "status": "complete",
        "client_reference_id": str(membership_id),
        "customer": customer,
        "subscription": subscription,
        "payment_status": payment_status,
        "metadata": {"membership_id": str(membership_id)},
    }


def subscription(status: str, price_id="price_month_1", sub_id="sub_T1", customer="cus_T1", period_end=1800000000):
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_1",
                    "object": "subscription_item",
                    "current_period_end": period_end,
                    "price": {"id": price_id, "object": "price"},
                }
            ],
        },
        "metadata": {},
    }


def invoice(sub_id="sub_T1", customer="cus_T1", status="paid"):
    return {
        "id": "in_test_1",
        "object": "invoice",
        "customer": customer,
        "status": status,
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": sub_id}},
    }


class Remote:
    """A customer with a subscription in localstripe, moved through states the way Stripe moves them.

    Webhook handlers fetch the subscription from Stripe, so the tests set Stripe's state first and then
    deliver events (whose own copies of the subscription may be older)."""

    def __init__(self, client, plan, membership_id: int, email="carol@example.nl"):
        self.client, self.plan = client, plan
        self.customer = client.v1.customers.create(
            {
                "email": email,
                "payment_method": "pm_card_visa",
                "invoice_settings": {"default_payment_method": "pm_card_visa"},
            }
        ).id
        self.subscription = client.v1.subscriptions.create(
            {
                "customer": self.customer,
                "items": [{"plan": plan.stripe_monthly_price_id}],
                "metadata": {"membership_id": str(membership_id)},
            }
        ).id
        assert self.status() == "active"

    def retrieve(self):
        return self.client.v1.subscriptions.retrieve(self.subscription)

    def status(self) -> str:
        return self.retrieve().status

    def fail_payment(self) -> None:
        """A charge that fails on an active subscription (here: switching to the other interval with a
        declined card): Stripe makes the subscription past_due."""
        card = self.client.v1.payment_methods.attach("pm_card_chargeCustomerFail", {"customer": self.customer})
        self.client.v1.customers.update(self.customer, {"invoice_settings": {"default_payment_method": card.id}})
        item = self.retrieve()["items"].data[0]
        other = (
            self.plan.stripe_yearly_price_id
            if item.plan.id == self.plan.stripe_monthly_price_id
            else self.plan.stripe_monthly_price_id
        )
        self.client.v1.subscriptions.update(self.subscription, {"items": [{"id": item.id, "plan": other}]})
        assert self.status() == "past_due"

    def pay(self) -> None:
        """The employer fixes the card and the open invoice is paid: Stripe makes the subscription active."""
        self.client.v1.customers.update(self.customer, {"invoice_settings": {"default_payment_method": "pm_card_visa"}})
        for invoice in self.client.v1.invoices.list({"customer": self.customer}).data:
            if invoice.status == "open":
                self.client.v1.invoices.pay(invoice.id)
        assert self.status() == "active"

    def cancel(self) -> None:
        self.client.v1.subscriptions.cancel(self.subscription)
        assert self.status() == "canceled"

    def event_object(self, status: str | None = None) -> dict:
        """The subscription as an event carries it: Stripe's copy, optionally claiming another status."""
        obj = self.retrieve().to_dict()
        return obj if status is None else {**obj, "status": status}
