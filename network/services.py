"""Writes for the network app: each a keyword-only function, atomic, tasks through the outbox."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network import permissions, signals
from network.models import Employer, EmployerClaim, EmployerStaff, Membership, Role, StaffInvitation, User
from outbox.relay import enqueue


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

    enqueue(send_staff_invitation, invitation.pk, key=f"staff_invitation:{invitation.pk}")
    return invitation


@transaction.atomic
def staff_invitation_accept(*, invitation: StaffInvitation, user: User) -> EmployerStaff:
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    if user.role not in (Role.EMPLOYER, Role.WORKER) or (user.role == Role.WORKER and user.employer_links.exists()):
        raise ValidationError(_("Your account cannot join an employer."))
    if user.role != Role.EMPLOYER:
        user.role = Role.EMPLOYER
        user.save(update_fields=["role"])
    link, _created = EmployerStaff.objects.get_or_create(employer=invitation.employer, user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return link


# --- registering and claiming an employer -------------------------------------------------------------


@transaction.atomic
def employer_register(*, by: User, **fields) -> Employer:
    """Register a new employer; the person registering it becomes its first staff manager."""
    if not has_employer_role(by):
        raise PermissionDenied(_("Only employer accounts can register an employer."))
    if Employer.objects.filter(kvk_number=fields["kvk_number"]).exists():
        raise ValidationError({"kvk_number": _("An employer with this KvK number is already registered.")})
    employer = Employer(**fields)
    employer.full_clean()
    employer.save()
    EmployerStaff.objects.create(employer=employer, user=by, is_admin=True)
    return employer


def has_employer_role(user: User) -> bool:
    return permissions.has_role(user, Role.EMPLOYER)


@transaction.atomic
def employer_claim(*, employer: Employer, by: User, message: str = "") -> EmployerClaim:
    """Ask to work for an employer that is already registered; its staff managers (or coordinators) decide."""
    if not has_employer_role(by):
        raise PermissionDenied(_("Only employer accounts can ask to join an employer."))
    if employer.staff_links.filter(user=by).exists():
        raise ValidationError(_("You already work for %(employer)s here.") % {"employer": employer})
    if employer.claims.filter(user=by, status=EmployerClaim.Status.OPEN).exists():
        raise ValidationError(
            _("You have already asked to join %(employer)s. Please wait for the answer.") % {"employer": employer}
        )
    claim = EmployerClaim.objects.create(employer=employer, user=by, message=message.strip())
    from network.tasks import send_claim_request

    enqueue(send_claim_request, claim.pk, key=f"claim_request:{claim.pk}")
    return claim


@transaction.atomic
def employer_claim_decide(*, claim: EmployerClaim, by: User, accept: bool, reason: str = "") -> EmployerClaim:
    claim = EmployerClaim.objects.select_for_update().select_related("employer", "user").get(pk=claim.pk)
    if not permissions.can_decide_claim(by, claim.employer):
        raise PermissionDenied(_("You cannot decide who works for %(employer)s.") % {"employer": claim.employer})
    if claim.status != EmployerClaim.Status.OPEN:
        raise ValidationError(_("This request has already been answered."))
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Give a reason: the person who asked reads it.")})
    claim.status = EmployerClaim.Status.ACCEPTED if accept else EmployerClaim.Status.DECLINED
    claim.decided_by, claim.decided_at, claim.decision_reason = by, timezone.now(), reason.strip()
    claim.save()
    if accept:
        # Someone let in by a coordinator manages the employer's staff from then on.
        first_manager = not claim.employer.staff_links.filter(is_admin=True).exists()
        EmployerStaff.objects.get_or_create(
            employer=claim.employer, user=claim.user, defaults={"is_admin": first_manager}
        )
    from network.tasks import send_claim_decision

    enqueue(send_claim_decision, claim.pk, key=f"claim_decision:{claim.pk}")
    return claim


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
        raise ValidationError(
            {
                "network": _("%(employer)s is already a member of, or has applied to, %(network)s.")
                % {"employer": employer, "network": network}
            }
        )
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
        raise PermissionDenied(
            _("Only the coordinators of %(network)s decide on its members.") % {"network": membership.network}
        )
    sources, target, needs_reason = MEMBERSHIP_ACTIONS[action]
    if membership.status not in sources:
        raise ValidationError(
            _("This membership is %(status)s; that cannot be done now.")
            % {"status": membership.get_status_display().lower()}
        )
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
        signals.membership_left.send(sender=Membership, membership=membership, by=by, reason=reason)
    from network.tasks import send_membership_decision

    enqueue(
        send_membership_decision, membership.pk, action, key=f"membership_decision:{membership.pk}:{uuid.uuid4().hex}"
    )
    return membership


@transaction.atomic
def membership_verify(*, membership: Membership, by: User, verified: bool = True) -> Membership:
    """A coordinator confirms (or withdraws) that the employer really offers the support it claims."""
    membership = Membership.objects.select_for_update().select_related("network").get(pk=membership.pk)
    if not permissions.can_moderate(by, membership.network):
        raise PermissionDenied(
            _("Only the coordinators of %(network)s verify its members.") % {"network": membership.network}
        )
    if verified and membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Only active members can be verified."))
    membership.verified_at, membership.verified_by = (timezone.now(), by) if verified else (None, None)
    membership.save(update_fields=["verified_at", "verified_by"])
    return membership


# --- billing state (set by cms.billing; network owns memberships) --------------------------------------


@transaction.atomic
def membership_set_billing_status(*, membership: Membership, status: str) -> Membership:
    """Record the billing state Stripe (or a coordinator, for offline invoices) reports for a membership."""
    if status not in Membership.Billing.values:
        raise ValueError(f"unknown billing status {status!r}")
    Membership.objects.filter(pk=membership.pk).update(billing_status=status)
    membership.billing_status = status
    return membership


@transaction.atomic
def membership_mark_invoiced(*, membership: Membership, by: User, invoiced: bool = True) -> Membership:
    """A coordinator records that the network invoices this member itself (outside Stripe)."""
    membership = Membership.objects.select_for_update().select_related("network").get(pk=membership.pk)
    if not permissions.can_moderate(by, membership.network):
        raise PermissionDenied(
            _("Only the coordinators of %(network)s record how its members pay.") % {"network": membership.network}
        )
    if invoiced and membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Only active members can be invoiced."))
    status = Membership.Billing.INVOICED_OFFLINE if invoiced else Membership.Billing.NONE
    return membership_set_billing_status(membership=membership, status=status)
