from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.billing.reconcile import reconcile


class Command(BaseCommand):
    help = "Fetch every subscription from Stripe and repair states that missed a webhook."

    def handle(self, *args, **options):
        if not settings.BILLING_ENABLED:
            raise CommandError("Billing is off: set STRIPE_SECRET_KEY to reconcile with Stripe.")
        result = reconcile()
        self.stdout.write(f"Checked {result['checked']} subscriptions, repaired {result['repaired']}.")
