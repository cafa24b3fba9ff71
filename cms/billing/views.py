"""Billing pages for employer staff and the Stripe webhook endpoint. Workers never reach a payment page."""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.billing import webhooks
from network import permissions
from network.models import Membership, Role

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return HttpResponseNotFound("Billing is off: no webhook secret is configured.")
    try:
        event = webhooks.verify(request.body, request.headers.get("Stripe-Signature"), secret)
    except webhooks.BadDelivery as error:
        logger.warning("Stripe webhook refused: %s", error)
        return HttpResponseBadRequest("Invalid Stripe webhook delivery.")
    stored = webhooks.store(event)
    outcome = webhooks.process(stored.pk)
    logger.info("Stripe event %s (%s): %s", stored.event_id, stored.type, outcome)
    return HttpResponse(outcome, content_type="text/plain")


@permissions.role_required(Role.EMPLOYER)
def overview(request):
    memberships = (Membership.objects.filter(employer__staff_links__user=request.user)
                   .select_related("employer", "network", "subscription__plan").order_by("employer__name",
                                                                                        "network__name"))
    return render(request, "cms/billing/overview.html", {
        "memberships": memberships, "billing_enabled": settings.BILLING_ENABLED})
