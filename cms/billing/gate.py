"""Billing gates publishing: with Stripe on, a member needs a paying (or invoiced) membership, and
publishing beyond the plan's quota is refused. With billing off nothing is gated here."""

from django.conf import settings
from django.utils.translation import gettext as _

from network.models import Membership

MAY_PUBLISH = {
    Membership.Billing.TRIALING,
    Membership.Billing.ACTIVE,
    Membership.Billing.INVOICED_OFFLINE,
    Membership.Billing.PAST_DUE,
}


def publishing_refusal(employer, network, *, approving: bool) -> str | None:
    """Why this employer may not publish (one more vacancy) in this network now, or None."""
    if not settings.BILLING_ENABLED:
        return None
    membership = (
        Membership.objects.filter(employer=employer, network=network).select_related("subscription__plan").first()
    )
    if membership is None:
        return None  # the membership rule already refuses
    subscription = getattr(membership, "subscription", None)
    if membership.billing_status not in MAY_PUBLISH or (
        membership.billing_status == Membership.Billing.PAST_DUE and subscription and subscription.unpublished_at
    ):
        return _(
            "The membership fee of %(employer)s for %(network)s is not paid, so it cannot publish. "
            "See “Membership fees”."
        ) % {"employer": employer, "network": network}
    plan = subscription.plan if subscription else None
    if approving and plan is not None:
        from listings.models import Vacancy

        published = Vacancy.objects.filter(employer=employer, network=network, status=Vacancy.Status.PUBLISHED).count()
        if published >= plan.included_vacancies:
            return _(
                "The plan %(plan)s includes %(count)s published vacancies, and %(employer)s already has "
                "%(count)s online in %(network)s. Close one, or choose a larger plan."
            ) % {"plan": plan.name, "count": plan.included_vacancies, "employer": employer, "network": network}
    return None
