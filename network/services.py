"""Writes for the network app: each a keyword-only function, atomic, tasks dispatched on commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network import permissions
from network.models import Employer, EmployerStaff, Membership, Role, StaffInvitation, User


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


# --- memberships --------------------------------------------------------------------------------------

# action: (statuses it starts from, status it leads to, whether the employer must be told why)
MEMBERSHIP_ACTIONS = {
    "accept": ({Membership.Status.APPLIED}, Membership.Status.ACTIVE, False),
    "decline": ({Membership.Status.APPLIED}, Membership.Status.ENDED, True),
    "suspend": ({Membership.Status.ACTIVE}, Membership.Status.SUSPENDED, True),
    "reinstate": ({Membership.Status.SUSPENDED}, Membership.Status.ACTIVE, False),
    "end": ({Membership.Status.ACTIVE, Membership.Status.SUSPENDED}, Membership.Status.ENDED, True),
}


@transaction.atomic
def membership_apply(*, employer: Employer, network, by: User, offers: list[str], statement: str) -> Membership:
    if not permissions.is_staff_of(by, employer):
        raise PermissionDenied(_("You do not work for this employer."))
    membership = Membership.objects.select_for_update().filter(employer=employer, network=network).first()
    if membership is not None and membership.status != Membership.Status.ENDED:
        raise ValidationError({"network": _("%(employer)s is already a member of, or has applied to, %(network)s.")
                               % {"employer": employer, "network": network}})
    membership = membership or Membership(employer=employer, network=network)
    membership.status = Membership.Status.APPLIED
    membership.applied_at = timezone.now()
    membership.offers, membership.statement = sorted(offers), statement.strip()
    membership.started_at = membership.ended_at = membership.decided_at = membership.decided_by = None
    membership.decision_reason = ""
    membership.save()
    return membership


@transaction.atomic
def membership_decide(*, membership: Membership, action: str, by: User, reason: str = "") -> Membership:
    """A coordinator's decision on a membership; the employer's staff are e-mailed after commit.

    A suspended or ended member no longer publishes: its published vacancies in the network go offline.
    """
    membership = Membership.objects.select_for_update().select_related("employer", "network").get(pk=membership.pk)
    if not permissions.can_moderate(by, membership.network):
        raise PermissionDenied(_("Only the coordinators of %(network)s decide on its members.")
                               % {"network": membership.network})
    sources, target, needs_reason = MEMBERSHIP_ACTIONS[action]
    if membership.status not in sources:
        raise ValidationError(_("This membership is %(status)s; that cannot be done now.")
                              % {"status": membership.get_status_display().lower()})
    if needs_reason and not reason.strip():
        raise ValidationError({"reason": _("Give a reason: the employer reads it.")})
    now = timezone.now()
    membership.status = target
    membership.decided_by, membership.decided_at, membership.decision_reason = by, now, reason.strip()
    if target == Membership.Status.ACTIVE and membership.started_at is None:
        membership.started_at = now
    if target == Membership.Status.ENDED:
        membership.ended_at = now
    membership.save()
    if target in (Membership.Status.SUSPENDED, Membership.Status.ENDED):
        _take_vacancies_offline(membership, by, reason)
    from network.tasks import send_membership_decision

    transaction.on_commit(lambda: send_membership_decision.delay(membership.pk, action))
    return membership


def _take_vacancies_offline(membership: Membership, by: User, reason: str) -> None:
    from listings.models import Vacancy
    from listings.services import vacancy_transition

    published = Vacancy.objects.filter(employer=membership.employer, network=membership.network,
                                       status=Vacancy.Status.PUBLISHED)
    for vacancy in published:
        vacancy_transition(vacancy=vacancy, action="unpublish", by=by,
                           reason=_("The membership of the network is %(status)s: %(reason)s")
                           % {"status": membership.get_status_display().lower(), "reason": reason})
