"""Writes for cases (professional–worker links), preferences, export and erasure. Atomic; tasks on commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import permissions, worker_data
from matching.models import AccessLogEntry, CapacityProfile, Case, MatchFeedback, WorkerPreferences
from matching.profiles import audit, open_profile, profile_history
from network.models import Role
from network.sessions import delete_sessions_of
from outbox.relay import enqueue


@transaction.atomic
def case_invite(*, professional, email: str, name: str = "") -> Case:
    if not (permissions.has_role(professional, Role.PROFESSIONAL) and permissions.has_mfa(professional)):
        raise PermissionDenied(_("Only reintegration professionals with two-step verification invite workers."))
    email = email.strip().lower()
    if email == professional.email.lower():
        raise ValidationError({"email": _("You cannot invite yourself.")})
    if Case.objects.filter(
        professional=professional, invited_email__iexact=email, status__in=[Case.Status.INVITED, Case.Status.ACTIVE]
    ).exists():
        raise ValidationError({"email": _("You have already invited this person, or already guide them.")})
    case = Case.objects.create(professional=professional, invited_email=email, invited_name=name.strip())
    from matching.tasks import send_case_invitation

    enqueue(send_case_invitation, case.pk, key=f"case_invitation:{case.pk}")
    return case


@transaction.atomic
def case_answer(*, case: Case, user, accept: bool) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    if case.invited_email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    if not permissions.has_role(user, Role.WORKER):
        raise ValidationError(_("Only a worker's account can accept guidance."))
    case.worker = user
    case.status = Case.Status.ACTIVE if accept else Case.Status.DECLINED
    case.accepted_at = timezone.now() if accept else None
    case.ended_at = None if accept else timezone.now()
    case.save()
    return case


@transaction.atomic
def case_end(*, case: Case, by) -> Case:
    """The worker withdraws consent, or the professional closes the case: access stops at once."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if by.pk not in (case.worker_id, case.professional_id):
        raise PermissionDenied(_("This is not your case."))
    if case.status not in (Case.Status.INVITED, Case.Status.ACTIVE):
        raise ValidationError(_("This guidance has already ended."))
    case.status, case.ended_at = Case.Status.ENDED, timezone.now()
    case.save(update_fields=["status", "ended_at"])
    return case


@transaction.atomic
def preferences_save(*, worker, **values) -> WorkerPreferences:
    if not permissions.has_role(worker, Role.WORKER):
        raise PermissionDenied(_("Only workers have these preferences."))
    preferences, _created = WorkerPreferences.objects.get_or_create(worker=worker)
    for name, value in values.items():
        setattr(preferences, name, value)
    preferences.full_clean()
    preferences.save()
    return preferences


def export_data(*, worker) -> dict:
    """Everything we hold about the worker, for download (GDPR art. 15 and 20). Audited."""
    if not permissions.has_role(worker, Role.WORKER):
        raise PermissionDenied(_("Only workers download their data here."))
    profile = open_profile(worker, by=worker, purpose="export")
    history = profile_history(worker, by=worker, purpose="export")
    audit(worker=worker, by=worker, action=AccessLogEntry.Action.EXPORT, purpose="export")
    preferences = WorkerPreferences.objects.filter(worker=worker).first()
    return {
        "account": {
            "email": worker.email,
            "first_name": worker.first_name,
            "last_name": worker.last_name,
            "joined": worker.date_joined.isoformat(),
        },
        "capacity_profile": None
        if profile is None
        else {
            **profile.content(),
            "source": profile.source,
            "version": profile.version,
            "assessed_on": _iso(profile.assessed_on),
            "valid_from": _iso(profile.valid_from),
            "review_on": _iso(profile.review_on),
        },
        "profile_history": [
            {
                "version": item["number"],
                "changed_at": item["changed_at"].isoformat(),
                "changed_by": item["changed_by"].email if item["changed_by"] else None,
                "source": item["source"],
                "changed": item["changed"],
            }
            for item in history
        ],
        "preferences": None
        if preferences is None
        else {
            "interests": preferences.interests,
            "competences": preferences.competences,
            "coaching_wanted": preferences.coaching_wanted,
            "home_place": preferences.home_place,
            "travel_km": preferences.travel_km,
        },
        "guidance": [
            {
                "professional": case.professional.email,
                "status": case.status,
                "since": _iso(case.accepted_at or case.created_at),
                "ended": _iso(case.ended_at),
            }
            for case in Case.objects.filter(worker=worker).select_related("professional")
        ],
        **worker_data.exported_sections(worker),
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "who": entry.actor.email if entry.actor else None,
                "role": entry.actor_role,
                "action": entry.action,
                "purpose": entry.purpose,
            }
            for entry in AccessLogEntry.objects.filter(worker=worker).select_related("actor")
        ],
    }


def _iso(value):
    return value.isoformat() if value else None


@transaction.atomic
def erase_worker(*, worker) -> None:
    """Erase the account: profile and history gone, the access log keeps only that an erasure happened."""
    if not permissions.has_role(worker, Role.WORKER):
        raise PermissionDenied(_("Only a worker's own account can be erased here."))
    CapacityProfile.objects.filter(worker=worker).delete()  # versions go with it
    AccessLogEntry.objects.filter(worker=worker).delete()
    Case.objects.filter(worker=worker).delete()
    Case.objects.filter(invited_email__iexact=worker.email).delete()
    for anonymise in _erasure_hooks():
        anonymise(worker)
    delete_sessions_of(worker.pk)
    worker.delete()
    AccessLogEntry.objects.create(
        worker=None, actor=None, actor_role="system", action=AccessLogEntry.Action.ERASE, purpose="erasure"
    )


def _erasure_hooks():
    """Data about the worker that must be anonymised rather than deleted: ours, then the other apps'."""
    return [_anonymise_feedback, *worker_data.erasers()]


def _anonymise_feedback(worker) -> None:
    MatchFeedback.objects.filter(given_by=worker).update(given_by=None, note="")
