from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import StaffInvitation


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_staff_invitation(self, invitation_id: int) -> bool:
    """Send the invitation e-mail once. Returns False when there was nothing (more) to send."""
    with transaction.atomic():
        invitation = (
            StaffInvitation.objects.select_for_update()
            .select_related("employer")
            .filter(pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            return False
        link = settings.SITE_URL + reverse("network:accept_invitation", args=[invitation.token])
        send_mail(
            subject=_("You are invited to join %(employer)s on Passend Werk") % {"employer": invitation.employer},
            message=_(
                "Hello,\n\nA colleague invited you to work with %(employer)s on Passend Werk.\n"
                "Open this link to accept:\n%(link)s\n"
            )
            % {"employer": invitation.employer, "link": link},
            from_email=None,
            recipient_list=[invitation.email],
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_membership_decision(self, membership_id: int, action: str) -> bool:
    """E-mail the employer's staff about a coordinator's decision (ids only in the message)."""
    from network.models import Membership

    membership = Membership.objects.select_related("employer", "network").filter(pk=membership_id).first()
    if membership is None:
        return False
    names = {"network": membership.network.name}
    subjects = {
        "accept": _("Welcome to %(network)s") % names,
        "decline": _("Your application to %(network)s") % names,
        "suspend": _("Your membership of %(network)s is suspended") % names,
        "reinstate": _("Your membership of %(network)s is active again") % names,
        "end": _("Your membership of %(network)s has ended") % names,
    }
    body = _("Hello,\n\nThe coordinator of %(network)s decided about %(employer)s: %(status)s.\n") % {
        "network": membership.network.name,
        "employer": membership.employer.name,
        "status": membership.get_status_display().lower(),
    }
    if membership.decision_reason:
        body += _("\nThe reason:\n%(reason)s\n") % {"reason": membership.decision_reason}
    body += "\n" + settings.SITE_URL + reverse("network:employer_home") + "\n"
    recipients = membership.employer.staff_emails()
    send_mail(subject=subjects[action], message=body, from_email=None, recipient_list=recipients)
    return True


def _claim_deciders(claim) -> list[str]:
    """Who answers a claim: the employer's staff managers, else the coordinators of its networks."""
    from network.models import Membership, User

    managers = claim.employer.staff_links.filter(is_admin=True).values_list("user__email", flat=True)
    if managers:
        return sorted(managers)
    networks = claim.employer.memberships.exclude(status=Membership.Status.ENDED).values("network_id")
    return sorted(User.objects.filter(coordinated_networks__in=networks).values_list("email", flat=True).distinct())


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_claim_request(self, claim_id: int) -> bool:
    from network.models import EmployerClaim

    claim = (
        EmployerClaim.objects.select_related("employer", "user")
        .filter(pk=claim_id, status=EmployerClaim.Status.OPEN)
        .first()
    )
    recipients = _claim_deciders(claim) if claim else []
    if not recipients:
        return False
    send_mail(
        subject=_("%(person)s asks to work for %(employer)s on Passend Werk")
        % {"person": claim.user.get_full_name() or claim.user.email, "employer": claim.employer.name},
        message=_(
            "Hello,\n\n%(person)s (%(email)s) asks to publish vacancies for %(employer)s.\n"
            "Accept or decline on your overview:\n%(link)s\n"
        )
        % {
            "person": claim.user.get_full_name() or claim.user.email,
            "email": claim.user.email,
            "employer": claim.employer.name,
            "link": settings.SITE_URL + reverse("network:claims"),
        },
        from_email=None,
        recipient_list=recipients,
    )
    return True


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_claim_decision(self, claim_id: int) -> bool:
    from network.models import EmployerClaim

    claim = (
        EmployerClaim.objects.select_related("employer", "user")
        .filter(pk=claim_id)
        .exclude(status=EmployerClaim.Status.OPEN)
        .first()
    )
    if claim is None:
        return False
    names = {"employer": claim.employer.name}
    if claim.status == EmployerClaim.Status.ACCEPTED:
        subject = _("You now work for %(employer)s on Passend Werk") % names
        body = _("Hello,\n\nYour request was accepted. You can now manage the vacancies of %(employer)s.\n") % names
    else:
        subject = _("Your request to join %(employer)s") % names
        body = _("Hello,\n\nYour request to join %(employer)s was declined.\n\nThe reason:\n%(reason)s\n") % {
            **names,
            "reason": claim.decision_reason,
        }
    body += "\n" + settings.SITE_URL + reverse("network:employer_home") + "\n"
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[claim.user.email])
    return True
