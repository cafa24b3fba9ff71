from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.billing.models import Plan
from cms.billing.stripe_api import client
from cms.billing.sync import sync_plan


class Command(BaseCommand):
    help = "Create or update the Stripe products and prices of the plans managed in the CMS (idempotent)."

    def handle(self, *args, **options):
        if not settings.BILLING_ENABLED:
            raise CommandError("Billing is off: set STRIPE_SECRET_KEY to sync plans with Stripe.")
        stripe = client()
        for plan in Plan.objects.filter(active=True):
            done = sync_plan(plan, stripe)
            self.stdout.write(f"{plan.name}: {', '.join(done) if done else 'up to date'}")
