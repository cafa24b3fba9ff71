"""Writes for listings: each a keyword-only function, atomic.

Every move in a vacancy's life cycle goes through `vacancy_transition`; search follows through
the vacancy's save signals (a vacancy that is no longer published leaves the index on commit).
Text changes to a live vacancy wait in a `VacancyRevision` (see `listings.lifecycle`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listings import gates, lifecycle, permissions, revisions
from listings.models import Application, Vacancy, VacancyReport, VacancyRevision, VacancyTransition
from outbox.relay import enqueue

LIFECYCLE_FIELDS = ("status", "published_at", "expires_at", "expiry_reminded_at")


def _reviewed_values(vacancy: Vacancy) -> dict:
    return {name: getattr(vacancy, name) for name in lifecycle.REVIEWED_FIELDS}


@transaction.atomic
def vacancy_save(*, vacancy: Vacancy, by) -> Vacancy:
    """Validate everything (model rules and the load/hours rule book), then save in one go.

    A live vacancy whose load, adaptable marks, hours or kind of opportunity changed goes back to review (with
    its new text).
    A live vacancy whose public text changed keeps the approved text; the new text waits in a revision.
    """
    if vacancy.pk is None:
        vacancy.created_by = by
    vacancy.full_clean()
    before = Vacancy.objects.select_for_update().filter(pk=vacancy.pk).first() if vacancy.pk else None
    if before is not None:  # the life cycle fields belong to vacancy_transition: keep what is stored
        for name in LIFECYCLE_FIELDS:
            setattr(vacancy, name, getattr(before, name))
    live = before is not None and before.status in lifecycle.LIVE
    if live and not lifecycle.needs_review(_reviewed_values(before), _reviewed_values(vacancy)):
        proposed, approved = revisions.public_values(vacancy), revisions.public_values(before)
        revisions.apply(vacancy, approved)  # the row keeps what the coordinator approved
        vacancy.save()
        _propose_revision(vacancy=vacancy, proposed=proposed, approved=approved, by=by)
        return vacancy
    vacancy.save()
    if live:  # the load, marks or hours changed
        vacancy = vacancy_transition(
            vacancy=vacancy,
            action="review_again",
            by=by,
            reason=_("The load, the adaptable marks, the hours or the kind of opportunity changed."),
        )
    return vacancy


def _propose_revision(*, vacancy: Vacancy, proposed: dict, approved: dict, by) -> VacancyRevision | None:
    """Keep at most one pending revision: a new text replaces it, the approved text withdraws it."""
    pending = (
        VacancyRevision.objects.select_for_update()
        .filter(vacancy=vacancy, status=VacancyRevision.Status.PENDING)
        .first()
    )
    if pending is not None and not lifecycle.text_changed(pending.proposed, proposed):
        return pending  # saved again without changing the waiting text
    if pending is not None:
        replaced = (
            VacancyRevision.Status.REPLACED
            if lifecycle.text_changed(approved, proposed)
            else VacancyRevision.Status.WITHDRAWN
        )
        pending.status = replaced
        pending.save(update_fields=["status"])
    if not lifecycle.text_changed(approved, proposed):
        return None
    return VacancyRevision.objects.create(vacancy=vacancy, proposed=proposed, created_by=by)


def _check_allowed(vacancy: Vacancy, action: str, by) -> None:
    if action in ("submit", "close", "review_again"):
        if by is None or not permissions.can_edit_vacancy(by, vacancy):
            raise PermissionDenied(_("This vacancy belongs to another employer."))
    elif action in ("approve", "reject", "unpublish"):
        if by is None or not permissions.can_moderate(by, vacancy.network):
            raise PermissionDenied(
                _("Only the coordinators of %(network)s decide on its vacancies.") % {"network": vacancy.network}
            )
    elif action == "expire" and by is not None:
        raise PermissionDenied(_("Vacancies expire by themselves."))
    elif action in ("billing_suspend", "billing_resume") and by is not None:
        raise PermissionDenied(_("Only the billing job takes vacancies offline for an unpaid fee."))
    if action in ("submit", "approve") and not permissions.can_publish_in(vacancy.employer, vacancy.network):
        raise ValidationError(
            _("%(employer)s is not an active member of %(network)s, so it cannot publish there yet.")
            % {"employer": vacancy.employer, "network": vacancy.network}
        )
    if action in ("submit", "approve"):
        refusal = gates.publishing_refusal(vacancy.employer, vacancy.network, approving=action == "approve")
        if refusal:
            raise ValidationError(refusal)


@transaction.atomic
def vacancy_transition(*, vacancy: Vacancy, action: str, by, reason: str = "") -> Vacancy:
    """The one way a vacancy changes status; every move is recorded with who, when, what and why."""
    vacancy = Vacancy.objects.select_for_update().select_related("employer", "network").get(pk=vacancy.pk)
    try:
        target = lifecycle.target_of(action, vacancy.status, reason)
    except lifecycle.TransitionError as error:
        if lifecycle.ACTIONS.get(action) and lifecycle.ACTIONS[action].needs_reason and not reason.strip():
            raise ValidationError({"reason": _("Give a reason: the employer reads it.")}) from error
        raise ValidationError(
            _("This vacancy is %(status)s; that cannot be done now.") % {"status": vacancy.get_status_display()}
        ) from error
    _check_allowed(vacancy, action, by)
    if action in ("submit", "approve"):
        vacancy.full_clean()
    now = timezone.now()
    source = vacancy.status
    vacancy.status = target
    if action == "billing_resume":
        pass  # back online with its original publication dates
    elif target == Vacancy.Status.PUBLISHED:
        vacancy.published_at = now
        vacancy.expires_at = now + lifecycle.PUBLICATION
        vacancy.expiry_reminded_at = None
    elif source == Vacancy.Status.PUBLISHED and target != Vacancy.Status.SUSPENDED:
        vacancy.expires_at = None
    vacancy.save(update_fields=["status", "published_at", "expires_at", "expiry_reminded_at", "updated_at"])
    record = VacancyTransition.objects.create(
        vacancy=vacancy, action=action, from_status=source, to_status=target, by=by, at=now, reason=reason.strip()
    )
    if target not in lifecycle.LIVE:  # a text change waits only while the approved text is (nearly) online
        vacancy.revisions.filter(status=VacancyRevision.Status.PENDING).update(status=VacancyRevision.Status.WITHDRAWN)
    if action in ("approve", "reject", "unpublish"):
        from listings.tasks import send_decision

        enqueue(send_decision, record.pk, key=f"vacancy_decision:{record.pk}")
    return vacancy


def _decidable_revision(revision: VacancyRevision, by) -> tuple[VacancyRevision, Vacancy]:
    """Lock the vacancy, then the revision (the order vacancy_save uses); refuse anyone but its coordinators."""
    vacancy = (
        Vacancy.objects.select_for_update()
        .select_related("employer", "network", "occupation")
        .get(pk=revision.vacancy_id)
    )
    if by is None or not permissions.can_moderate(by, vacancy.network):
        raise PermissionDenied(
            _("Only the coordinators of %(network)s decide on its vacancies.") % {"network": vacancy.network}
        )
    revision = VacancyRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != VacancyRevision.Status.PENDING or vacancy.status not in lifecycle.LIVE:
        raise ValidationError(
            _(
                "This change no longer waits for a decision: the employer changed the vacancy "
                "again, or another coordinator decided already."
            )
        )
    return revision, vacancy


def _decide(revision: VacancyRevision, *, status: str, by, reason: str = "") -> VacancyRevision:
    revision.status, revision.decided_by, revision.decided_at, revision.reason = (
        status,
        by,
        timezone.now(),
        reason.strip(),
    )
    revision.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    from listings.tasks import send_revision_decision

    enqueue(send_revision_decision, revision.pk, key=f"revision_decision:{revision.pk}")
    return revision


@transaction.atomic
def revision_approve(*, revision: VacancyRevision, by) -> VacancyRevision:
    """A coordinator approves a text change: it goes online (search follows the vacancy's save)."""
    revision, vacancy = _decidable_revision(revision, by)
    revisions.apply(vacancy, revision.proposed)
    vacancy.clean_fields(
        exclude=[field.name for field in Vacancy._meta.concrete_fields if field.name not in lifecycle.REVISION_FIELDS]
    )
    vacancy.save(update_fields=[*lifecycle.REVISION_FIELDS, "updated_at"])
    return _decide(revision, status=VacancyRevision.Status.APPROVED, by=by)


@transaction.atomic
def revision_reject(*, revision: VacancyRevision, by, reason: str) -> VacancyRevision:
    """A coordinator refuses a text change with a reason the employer reads; the approved text stays."""
    revision, _vacancy = _decidable_revision(revision, by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason: the employer reads it.")})
    return _decide(revision, status=VacancyRevision.Status.REJECTED, by=by, reason=reason)


def bulk_approve(*, vacancies, by) -> tuple[list[Vacancy], list[tuple[Vacancy, str]]]:
    """Approve each vacancy on its own, so one that cannot be approved does not hold up the rest."""
    approved, refused = [], []
    for vacancy in vacancies:
        try:
            approved.append(vacancy_transition(vacancy=vacancy, action="approve", by=by))
        except (ValidationError, PermissionDenied) as error:
            refused.append((vacancy, " ".join(getattr(error, "messages", [str(error)]))))
    return approved, refused


@transaction.atomic
def vacancy_report(*, vacancy: Vacancy, by, reason: str, comment: str = "") -> VacancyReport:
    if not permissions.can_report(by):
        raise PermissionDenied(_("Only workers and reintegration professionals can report a vacancy."))
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise ValidationError(_("This vacancy is no longer published."))
    if vacancy.reports.filter(reported_by=by, outcome=VacancyReport.Outcome.OPEN).exists():
        raise ValidationError(_("You already reported this vacancy; the coordinator will look at it."))
    return VacancyReport.objects.create(vacancy=vacancy, reported_by=by, reason=reason, comment=comment.strip())


@transaction.atomic
def report_handle(*, report: VacancyReport, by, unpublish: bool, reason: str = "") -> VacancyReport:
    """Dismiss a report, or take the vacancy offline with a reason the employer reads (back to editing)."""
    report = VacancyReport.objects.select_for_update().select_related("vacancy__network").get(pk=report.pk)
    if not permissions.can_moderate(by, report.vacancy.network):
        raise PermissionDenied(
            _("Only the coordinators of %(network)s decide on its vacancies.") % {"network": report.vacancy.network}
        )
    if report.outcome != VacancyReport.Outcome.OPEN:
        raise ValidationError(_("This report has already been handled."))
    if unpublish:
        vacancy_transition(vacancy=report.vacancy, action="unpublish", by=by, reason=reason)
    outcome = VacancyReport.Outcome.UNPUBLISHED if unpublish else VacancyReport.Outcome.DISMISSED
    # Other open reports about the same vacancy are answered by the same decision.
    report.vacancy.reports.filter(outcome=VacancyReport.Outcome.OPEN).update(
        outcome=outcome, handled_by=by, handled_at=timezone.now()
    )
    report.refresh_from_db()
    return report


# --- applications -------------------------------------------------------------------------------------

OUTCOMES_NEEDING_REASON = {"not_hired"}


def fit_for(vacancy: Vacancy, stored):
    from matching.rules import evaluate

    return evaluate(stored.capacity(), vacancy.load_profile(), stored.worker_hours(), vacancy.hours())


@transaction.atomic
def application_submit(*, vacancy: Vacancy, worker, message: str = "", share_summary: bool = False):
    """A worker reacts to a published vacancy; the fit summary goes along only if they chose to share it."""
    from matching.models import AccessLogEntry
    from matching.profiles import audit, open_profile
    from matching.summary import fit_summary
    from network.models import Role

    if not permissions.has_role(worker, Role.WORKER):
        raise PermissionDenied(_("Only workers can react to a vacancy."))
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise ValidationError(_("This vacancy is no longer open."))
    if Application.objects.filter(vacancy=vacancy, worker=worker).exists():
        raise ValidationError(_("You have already reacted to this vacancy."))
    summary = {}
    if share_summary:
        stored = open_profile(worker, by=worker, purpose="fit_summary")
        if stored is None:
            raise ValidationError(
                {"share_summary": _("You have no capacity profile yet, so there is nothing to share.")}
            )
        summary = fit_summary(fit_for(vacancy, stored))
        audit(worker=worker, by=worker, action=AccessLogEntry.Action.SHARE, purpose="fit_summary")
    application = Application.objects.create(
        vacancy=vacancy,
        worker=worker,
        name=worker.get_full_name() or worker.email,
        email=worker.email,
        message=message.strip(),
        summary=summary,
    )
    from listings.tasks import send_application_notice

    enqueue(send_application_notice, application.pk, key=f"application_notice:{application.pk}")
    return application


@transaction.atomic
def application_outcome(*, application, by, outcome: str, reason: str = ""):
    """Employer staff of the vacancy, or the worker's professional, record what came of it."""
    application = Application.objects.select_for_update().select_related("vacancy__employer").get(pk=application.pk)
    if not permissions.can_record_outcome(by, application):
        raise PermissionDenied(_("You cannot record the outcome of this application."))
    if outcome not in Application.Outcome.values or outcome in (
        Application.Outcome.SUBMITTED,
        Application.Outcome.WITHDRAWN,
    ):
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if application.outcome == Application.Outcome.WITHDRAWN:
        raise ValidationError(_("The worker has withdrawn this application."))
    if outcome in OUTCOMES_NEEDING_REASON and not reason.strip():
        raise ValidationError({"reason": _("Give a reason: it helps the worker and the professional.")})
    application.outcome, application.outcome_reason = outcome, reason.strip()
    application.outcome_by, application.outcome_at = by, timezone.now()
    application.save()
    return application


@transaction.atomic
def application_withdraw(*, application, by):
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.worker_id != by.pk:
        raise PermissionDenied(_("This is not your application."))
    application.outcome, application.outcome_at, application.outcome_by = (
        Application.Outcome.WITHDRAWN,
        timezone.now(),
        by,
    )
    application.save()
    return application


def export_applications(worker) -> list[dict]:
    """The worker's reactions, for their data export."""
    return [
        {
            "vacancy": a.vacancy.title,
            "employer": a.vacancy.employer.name,
            "sent": a.created_at.isoformat(),
            "message": a.message,
            "fit_summary_shared": a.summary,
            "outcome": a.outcome,
        }
        for a in Application.objects.of_worker(worker).select_related("vacancy__employer")
    ]


def anonymise_applications(worker) -> int:
    """On erasure: the employer keeps the application and its outcome, without who it was."""
    return Application.objects.filter(worker=worker).update(worker=None, name="", email="", message="")
