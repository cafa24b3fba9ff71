"""Billing pages for employer staff and the Stripe webhook endpoint. Workers never reach a payment page."""

import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.billing import stripe_api, webhooks
from cms.billing.models import Plan, Subscription
from network import permissions
from network.models import Membership, Role

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """See cms.billing.webhooks: 413/400 for what is not a genuine delivery, 200 for every genuine one
    (also when it is malformed: stored as failed), 503 when Stripe cannot be asked now (Stripe retries)."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return HttpResponseNotFound("Billing is off: no webhook secret is configured.")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > webhooks.MAX_BODY_BYTES:  # before reading it
        logger.warning("Stripe webhook refused: body of %s bytes", declared)
        return HttpResponse("Body too large.", status=413, content_type="text/plain")
    try:
        delivery = webhooks.verify(request.body, request.headers.get("Stripe-Signature"), secret)
    except webhooks.BadDelivery as error:
        logger.warning("Stripe webhook refused: %s", error)
        return HttpResponseBadRequest("Invalid Stripe webhook delivery.")
    stored = webhooks.store(delivery)
    try:
        outcome = webhooks.process(stored.pk)
    except webhooks.StripeUnavailable as error:
        logger.error("Stripe event %s (%s) not processed, Stripe will retry: %s", stored.event_id, stored.type, error)
        return HttpResponse("Stripe cannot be reached; please retry.", status=503, content_type="text/plain")
    logger.info("Stripe event %s (%s): %s", stored.event_id, stored.type, outcome)
    return HttpResponse(outcome, content_type="text/plain")


@permissions.role_required(Role.EMPLOYER)
def overview(request):
    memberships = (
        Membership.objects.of_staff(request.user)
        .select_related("employer", "network", "subscription__plan")
        .order_by("employer__name", "network__name")
    )
    if request.GET.get("betaald"):
        messages.success(
            request, _("Thank you. Stripe confirms the payment to us; the status below follows within a minute.")
        )
    rows = [
        {
            "membership": m,
            "plans": Plan.objects.filter(active=True, networks=m.network).exclude(stripe_monthly_price_id=""),
        }
        for m in memberships
    ]
    return render(request, "cms/billing/overview.html", {"rows": rows, "billing_enabled": settings.BILLING_ENABLED})


def _staff_membership(request, membership_id) -> Membership:
    membership = get_object_or_404(
        Membership.objects.of_staff(request.user).select_related("employer", "network"), pk=membership_id
    )
    return membership


def _billing_off(request):
    messages.error(request, _("Online payment is switched off on this platform."))
    return redirect("billing:overview")


@require_POST
@permissions.role_required(Role.EMPLOYER)
def checkout(request, membership_id):
    """Stripe Checkout (subscription mode): card details are entered on Stripe's page, never here."""
    if not settings.BILLING_ENABLED:
        return _billing_off(request)
    membership = _staff_membership(request, membership_id)
    if membership.status != Membership.Status.ACTIVE:
        messages.error(request, _("Only an active membership can be paid for."))
        return redirect("billing:overview")
    plan = Plan.objects.filter(pk=request.POST.get("plan"), active=True, networks=membership.network).first()
    interval = request.POST.get("interval", "month")
    if plan is None or interval not in ("month", "year") or not plan.price_id(interval):
        messages.error(request, _("Choose one of the plans offered in %(network)s.") % {"network": membership.network})
        return redirect("billing:overview")
    subscription = Subscription.objects.filter(membership=membership).first()
    params = {
        "mode": "subscription",
        "line_items": [{"price": plan.price_id(interval), "quantity": 1}],
        "client_reference_id": str(membership.pk),
        "metadata": {"membership_id": str(membership.pk)},
        "subscription_data": {"metadata": {"membership_id": str(membership.pk)}},
        "success_url": settings.SITE_URL + reverse("billing:overview") + "?betaald=1",
        "cancel_url": settings.SITE_URL + reverse("billing:overview"),
        "locale": "nl" if (request.LANGUAGE_CODE or "nl").startswith("nl") else "en",
    }
    if subscription and subscription.stripe_customer_id:
        params["customer"] = subscription.stripe_customer_id
    else:
        params["customer_email"] = request.user.email
    try:
        session = stripe_api.client().v1.checkout.sessions.create(params)
    except stripe.StripeError:
        logger.exception("Stripe Checkout could not be started for membership %s", membership.pk)
        messages.error(request, _("Stripe cannot be reached right now. Nothing was charged; please try again later."))
        return redirect("billing:overview")
    return redirect(session.url, permanent=False)


@require_POST
@permissions.role_required(Role.EMPLOYER)
def portal(request, membership_id):
    """Stripe's Customer Portal: payment method, invoices and cancellation."""
    if not settings.BILLING_ENABLED:
        return _billing_off(request)
    membership = _staff_membership(request, membership_id)
    subscription = Subscription.objects.filter(membership=membership).exclude(stripe_customer_id="").first()
    if subscription is None:
        messages.error(request, _("There is no payment for this membership yet."))
        return redirect("billing:overview")
    try:
        session = stripe_api.client().v1.billing_portal.sessions.create(
            {"customer": subscription.stripe_customer_id, "return_url": settings.SITE_URL + reverse("billing:overview")}
        )
    except stripe.StripeError:
        logger.exception("Stripe Customer Portal could not be opened for membership %s", membership.pk)
        messages.error(request, _("Stripe cannot be reached right now. Please try again later."))
        return redirect("billing:overview")
    return redirect(session.url, permanent=False)
