from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_payment_failed(self, membership_id: int) -> bool:
    """Tell the employer's staff a payment failed and what happens if it is not fixed (ids in, no card data)."""
    from network.models import Membership

    membership = Membership.objects.select_related("employer", "network").filter(pk=membership_id).first()
    if membership is None:
        return False
    recipients = sorted(membership.employer.staff_links.values_list("user__email", flat=True))
    if not recipients:
        return False
    send_mail(
        subject=_("Payment failed for your membership of %(network)s") % {"network": membership.network.name},
        message=_("Hello,\n\nThe payment for the membership of %(employer)s in %(network)s failed.\n"
                  "Please update your payment method within %(days)s days; after that your vacancies go offline "
                  "until the payment succeeds.\n\n%(link)s\n")
        % {"employer": membership.employer.name, "network": membership.network.name,
           "days": settings.BILLING_GRACE_DAYS, "link": settings.SITE_URL + reverse("billing:overview")},
        from_email=None,
        recipient_list=recipients,
    )
    return True
