"""Billing in the Wagtail admin: an overview per network and a page per member. Staff see every
network, coordinators their own."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from cms.billing.models import StripeEvent, Subscription
from network import permissions
from network.models import Membership, Network

MONTHS_PER_INTERVAL = {"month": 1, "year": 12}
FAILED_EVENTS_SHOWN = 10


def networks_for(user):
    networks = Network.objects.order_by("name")
    return networks if permissions.is_site_admin(user) else networks.coordinated_by(user)


def monthly_revenue_cents(subscriptions) -> int:
    """Monthly recurring revenue of the paying (or trialing) subscriptions, yearly ones spread over 12."""
    total = 0
    for subscription in subscriptions:
        if subscription.plan and subscription.status in ("active", "trialing", "past_due"):
            price = (
                subscription.plan.yearly_price_cents
                if subscription.interval == "year"
                else subscription.plan.monthly_price_cents
            )
            total += price // MONTHS_PER_INTERVAL.get(subscription.interval, 1)
    return total


def overview(request):
    sections = []
    for network in networks_for(request.user):
        memberships = (
            Membership.objects.filter(network=network)
            .exclude(status=Membership.Status.ENDED)
            .select_related("employer", "subscription__plan")
            .order_by("employer__name")
        )
        subscriptions = [m.subscription for m in memberships if hasattr(m, "subscription")]
        sections.append(
            {
                "network": network,
                "memberships": memberships,
                "mrr": monthly_revenue_cents(subscriptions) / 100,
                "failed": sum(1 for m in memberships if m.billing_status == Membership.Billing.PAST_DUE),
            }
        )
    failed = StripeEvent.objects.none()
    if permissions.is_site_admin(request.user):  # a malformed event names no network we could check, so staff only
        failed = StripeEvent.objects.exclude(failure="").order_by("-received_at")
    return render(
        request,
        "cms/billing/admin_overview.html",
        {
            "sections": sections,
            "title": _("Billing"),
            "billing_enabled": settings.BILLING_ENABLED,
            "failed_events": failed[:FAILED_EVENTS_SHOWN],
            "failed_events_count": failed.count(),
        },
    )


def membership_detail(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("employer", "network"), pk=pk)
    if not networks_for(request.user).filter(pk=membership.network_id).exists():
        raise PermissionDenied
    subscription = Subscription.objects.filter(membership=membership).select_related("plan").first()
    events = StripeEvent.objects.none()
    if subscription:
        ids = [value for value in (subscription.stripe_subscription_id, subscription.stripe_customer_id) if value]
        query = Q(payload__data__object__client_reference_id=str(membership.pk))
        for value in ids:
            query |= Q(payload__data__object__id=value) | Q(payload__data__object__customer=value)
        events = StripeEvent.objects.filter(query)[:50]
    return render(
        request,
        "cms/billing/admin_membership.html",
        {
            "membership": membership,
            "subscription": subscription,
            "events": events,
            "title": _("Billing of %(employer)s") % {"employer": membership.employer.name},
        },
    )
