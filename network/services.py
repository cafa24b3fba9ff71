"""Writes for the network app: each a keyword-only function, atomic, tasks dispatched on commit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Employer, EmployerStaff, Role, StaffInvitation, User


@transaction.atomic
def staff_invite(*, employer: Employer, email: str, by: User) -> StaffInvitation:
    email = email.strip().lower()
    if employer.staff_links.filter(user__email__iexact=email).exists():
        message = _("This person already works with %(employer)s here.") % {"employer": employer}
        raise ValidationError({"email": message})
    if employer.invitations.filter(email__iexact=email, accepted_at__isnull=True).exists():
        raise ValidationError({"email": _("This person has already been invited and has not answered yet.")})
    invitation = StaffInvitation.objects.create(employer=employer, email=email, invited_by=by)
    from network.tasks import send_staff_invitation

    transaction.on_commit(lambda: send_staff_invitation.delay(invitation.pk))
    return invitation


@transaction.atomic
def staff_invitation_accept(*, invitation: StaffInvitation, user: User) -> EmployerStaff:
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    if user.role not in (Role.EMPLOYER, Role.WORKER) or (
        user.role == Role.WORKER and user.employer_links.exists()
    ):
        raise ValidationError(_("Your account cannot join an employer."))
    if user.role != Role.EMPLOYER:
        user.role = Role.EMPLOYER
        user.save(update_fields=["role"])
    link, _created = EmployerStaff.objects.get_or_create(employer=invitation.employer, user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return link
