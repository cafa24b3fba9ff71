"""Repair drift from missed webhooks: ask Stripe for each subscription's state and apply what differs."""

import time

from django.db import transaction

from cms.billing.models import Subscription
from cms.billing.stripe_api import client
from cms.billing.webhooks import apply_status


def reconcile(stripe=None) -> dict:
    stripe = stripe or client()
    checked = repaired = 0
    for pk, subscription_id in Subscription.objects.exclude(stripe_subscription_id="").values_list(
            "pk", "stripe_subscription_id"):
        remote = stripe.v1.subscriptions.retrieve(subscription_id)
        checked += 1
        with transaction.atomic():
            local = Subscription.objects.select_for_update().select_related("membership").get(pk=pk)
            if local.status != remote.status:
                # Stripe's current state is newer than any event we applied before this moment.
                apply_status(local, remote.status, max(int(time.time()), local.stripe_updated))
                repaired += 1
    return {"checked": checked, "repaired": repaired}
