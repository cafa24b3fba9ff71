"""Repair drift from missed webhooks: ask Stripe for each subscription's state and apply what differs."""

import logging

from django.db import transaction

from cms.billing.models import Subscription
from cms.billing.stripe_api import client
from cms.billing.webhooks import Malformed, apply_remote, fetch_subscription

logger = logging.getLogger(__name__)


def reconcile(stripe=None) -> dict:
    stripe = stripe or client()
    checked = repaired = 0
    for pk in Subscription.objects.exclude(stripe_subscription_id="").values_list("pk", flat=True):
        # Asked under the row lock, like the webhook: a webhook processed meanwhile waits, then fetches
        # again, so an older answer never overwrites a newer one.
        with transaction.atomic():
            local = Subscription.objects.select_for_update().select_related("membership").get(pk=pk)
            try:
                remote = fetch_subscription(local.stripe_subscription_id, stripe)
            except Malformed as error:
                logger.warning("Reconcile: subscription #%s: %s", pk, error)
                continue
            checked += 1
            if local.status != remote.get("status"):
                apply_remote(local, remote, local.stripe_updated)
                repaired += 1
    return {"checked": checked, "repaired": repaired}
