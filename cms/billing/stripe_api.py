"""The one place that talks to Stripe. `STRIPE_API_BASE` points it at a local test server."""

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def client() -> stripe.StripeClient:
    if not settings.BILLING_ENABLED:
        raise ImproperlyConfigured("Billing is off: STRIPE_SECRET_KEY is not set.")
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2)
