from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_case_invitation(self, case_id: int) -> bool:
    """Invite a worker to accept a professional's guidance. Only ids travel; the e-mail holds no health data."""
    from matching.models import Case

    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .select_related("professional")
            .filter(pk=case_id, status=Case.Status.INVITED, sent_at__isnull=True)
            .first()
        )
        if case is None:
            return False
        link = settings.SITE_URL + reverse("matching:case_accept", args=[case.token])
        professional = case.professional.get_full_name() or case.professional.email
        send_mail(
            subject=_("%(professional)s invites you to Passend Werk") % {"professional": professional},
            message=_(
                "Hello %(name)s,\n\n%(professional)s guides you back to work and invites you to Passend Werk.\n"
                "There you find vacancies that fit what you can do.\n\n"
                "If you accept, %(professional)s can enter and see your capacity (what you can and cannot do "
                "at work). You can stop this at any time.\n\nOpen this link to answer:\n%(link)s\n"
            )
            % {"name": case.invited_name or "", "professional": professional, "link": link},
            from_email=None,
            recipient_list=[case.invited_email],
        )
        case.sent_at = timezone.now()
        case.save(update_fields=["sent_at"])
    return True
