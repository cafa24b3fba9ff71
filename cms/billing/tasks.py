import uuid

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from outbox.relay import enqueue


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_payment_failed(self, membership_id: int) -> bool:
    """Tell the employer's staff a payment failed and what happens if it is not fixed (ids in, no card data)."""
    from network.models import Membership

    membership = Membership.objects.select_related("employer", "network").filter(pk=membership_id).first()
    if membership is None:
        return False
    recipients = membership.employer.staff_emails()
    if not recipients:
        return False
    send_mail(
        subject=_("Payment failed for your membership of %(network)s") % {"network": membership.network.name},
        message=_(
            "Hello,\n\nThe payment for the membership of %(employer)s in %(network)s failed.\n"
            "Please update your payment method within %(days)s days; after that your vacancies go offline "
            "until the payment succeeds.\n\n%(link)s\n"
        )
        % {
            "employer": membership.employer.name,
            "network": membership.network.name,
            "days": settings.BILLING_GRACE_DAYS,
            "link": settings.SITE_URL + reverse("billing:overview"),
        },
        from_email=None,
        recipient_list=recipients,
    )
    return True


@shared_task
def enforce_grace_period() -> dict:
    """Daily (beat): past due longer than the grace period → the member's vacancies go offline;
    paid (or invoiced) again → they come back. Idempotent: each step is recorded on the subscription."""
    from datetime import timedelta

    from django.utils import timezone

    from cms.billing.models import Subscription
    from network.models import Membership

    limit = timezone.now() - timedelta(days=settings.BILLING_GRACE_DAYS)
    overdue = Subscription.objects.filter(
        membership__billing_status=Membership.Billing.PAST_DUE, past_due_since__lte=limit, unpublished_at__isnull=True
    )
    back = Subscription.objects.filter(unpublished_at__isnull=False).exclude(
        membership__billing_status__in=[
            Membership.Billing.PAST_DUE,
            Membership.Billing.CANCELED,
            Membership.Billing.NONE,
        ]
    )
    taken = sum(take_offline(subscription.membership_id) for subscription in overdue)
    restored = sum(restore_publication(subscription.membership_id) for subscription in back)
    return {"taken_offline": taken, "restored": restored}


def take_offline(membership_id: int) -> int:
    return switch_publication(membership_id, offline=True)


def restore_publication(membership_id: int) -> int:
    return switch_publication(membership_id, offline=False)


def switch_publication(membership_id: int, *, offline: bool) -> int:
    """Take a member's published vacancies offline for an unpaid fee, or bring the suspended ones back.

    Returns 1 when it switched, 0 when the membership already was in that state (idempotent).
    """
    from django.db import transaction
    from django.utils import timezone

    from cms.billing.models import Subscription
    from listings.models import Vacancy
    from listings.services import vacancy_transition

    source, action = (
        (Vacancy.Status.PUBLISHED, "billing_suspend") if offline else (Vacancy.Status.SUSPENDED, "billing_resume")
    )
    reason = _("The membership fee is overdue.") if offline else ""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .select_related("membership__employer", "membership__network")
            .get(membership_id=membership_id)
        )
        if (subscription.unpublished_at is not None) == offline:
            return 0
        membership = subscription.membership
        count = 0
        for vacancy in Vacancy.objects.filter(employer=membership.employer, network=membership.network, status=source):
            vacancy_transition(vacancy=vacancy, action=action, by=None, reason=reason)
            count += 1
        subscription.unpublished_at = timezone.now() if offline else None
        subscription.save(update_fields=["unpublished_at"])
        state = "offline" if offline else "online"
        enqueue(
            send_publication_notice,
            membership_id,
            state,
            count,
            key=f"publication_notice:{membership_id}:{uuid.uuid4().hex}",
        )
    return 1


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_publication_notice(self, membership_id: int, state: str, count: int) -> bool:
    from network.models import Membership

    membership = Membership.objects.select_related("employer", "network").filter(pk=membership_id).first()
    if membership is None or not membership.employer.staff_emails():
        return False
    names = {"employer": membership.employer.name, "network": membership.network.name, "count": count}
    if state == "offline":
        subject = _("Your vacancies in %(network)s are offline") % names
        body = (
            _(
                "Hello,\n\nThe membership fee of %(employer)s for %(network)s is still unpaid, so %(count)s "
                "vacancies have been taken offline. They come back as soon as the payment succeeds.\n"
            )
            % names
        )
    else:
        subject = _("Your vacancies in %(network)s are online again") % names
        body = _("Hello,\n\nThank you, the membership fee is paid. %(count)s vacancies are online again.\n") % names
    send_mail(
        subject=subject,
        message=body + "\n" + settings.SITE_URL + reverse("billing:overview") + "\n",
        from_email=None,
        recipient_list=membership.employer.staff_emails(),
    )
    return True


@shared_task
def restore_publication_task(membership_id: int) -> int:
    """Right after a payment succeeds: the member's vacancies come back without waiting for the beat job."""
    return restore_publication(membership_id)


@shared_task
def reconcile_subscriptions() -> dict:
    """Daily (beat) when billing is on: repair drift from missed webhooks."""
    if not settings.BILLING_ENABLED:
        return {"checked": 0, "repaired": 0}
    from cms.billing.reconcile import reconcile

    return reconcile()
