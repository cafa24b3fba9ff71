"""Writes for placements: each keyword-only and atomic; refusals are PermissionDenied (not yours to do) or
ValidationError (the user can fix it).

A placement opens when an employer (or the worker's professional) records that the worker starts:
`open_for_application`, called by placements.signals. The employer shapes the plan; any change clears the
three confirmations. Worker and employer check in every week; two completed weeks in a row behind the plan
send the professional an e-mail (once per run of weeks behind). The employer or the professional ends it.
"""

from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.language import current_language
from matching import placement_rules as rules
from matching.validation import MAX_HOURS_PER_WEEK, ProfileError
from outbox.relay import enqueue
from placements import permissions
from placements.models import CheckIn, Placement

CONFIRMATION_FIELDS = {
    permissions.WORKER: "worker_confirmed_at",
    permissions.EMPLOYER: "employer_confirmed_at",
    permissions.PROFESSIONAL: "professional_confirmed_at",
}
OPENING_OUTCOMES = {"hired": Placement.Kind.HIRE, "trial": Placement.Kind.TRIAL}
DEFAULT_BUILD_UP_WEEKS = 4  # when the vacancy's phased start names no number of weeks
NOTE_MAX_LENGTH = CheckIn._meta.get_field("note").max_length
REASON_MAX_LENGTH = Placement._meta.get_field("ending_reason").max_length


def as_plan(values) -> list[str]:
    """The plan as stored: strings with one decimal ("8.0", "12.5")."""
    return [f"{Decimal(str(value)):.1f}" for value in values]


def plan_hours(placement: Placement) -> list[Decimal]:
    return [Decimal(str(value)) for value in placement.plan]


def _raise(problems: list[ProfileError]) -> None:
    """The rule book's problems as one ValidationError, each at its own field ("plan.3" → "week_3")."""
    if not problems:
        return
    errors: dict[str, list[str]] = {}
    for problem in problems:
        field = problem.field.replace("plan.", "week_") if problem.field.startswith("plan.") else problem.field
        field = NON_FIELD_ERRORS if field == "plan" else field  # the plan as a whole: no field of its own
        message = problem.message(current_language())
        errors.setdefault(field, []).append(message[:1].upper() + message[1:] + ".")
    raise ValidationError(errors)


def _locked(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().select_related("vacancy__employer", "worker").get(pk=placement.pk)


def _refuse_if_ended(placement: Placement) -> None:
    if placement.status == Placement.Status.ENDED:
        raise ValidationError(_("This placement has ended. It can no longer be changed."))


def _role(by, placement: Placement, allowed: tuple[str, ...], refusal: str) -> str:
    role = permissions.role_of(by, placement)
    if role not in allowed:
        raise PermissionDenied(refusal)
    return role


# --- opening ------------------------------------------------------------------------------------------


def prefill(vacancy, today) -> dict:
    """A first plan from the vacancy's terms: its phased start if it has one, else straight at its hours."""
    target = rules.to_half(min(max(vacancy.per_week_max, rules.MIN_PLAN_HOURS), rules.MAX_PLAN_HOURS))
    start = target
    weeks = 1
    if vacancy.phased_start and vacancy.phased_start_per_week:
        start = rules.to_half(min(max(vacancy.phased_start_per_week, rules.MIN_PLAN_HOURS), target))
        weeks = min(max(vacancy.phased_weeks or DEFAULT_BUILD_UP_WEEKS, 1), rules.MAX_PLAN_WEEKS)
        if start < target and weeks < 2:
            weeks = 2
    return {
        "starts_on": rules.next_monday(today),
        "start_hours": start,
        "target_hours": target,
        "plan": as_plan(rules.make_plan(start, target, weeks)),
    }


@transaction.atomic
def open_for_application(application) -> Placement | None:
    """Open the placement of a hired or trial application, once; None when there is none to open.

    Called in the transaction that records the outcome (placements.signals). The worker may have erased
    their account: then there is nobody to place.
    """
    kind = OPENING_OUTCOMES.get(application.outcome)
    if kind is None or application.worker_id is None:
        return None
    vacancy = application.vacancy
    placement, _created = Placement.objects.get_or_create(
        application_id=application.pk,
        defaults={
            "vacancy": vacancy,
            "worker_id": application.worker_id,
            "network_id": vacancy.network_id,
            "kind": kind,
            **prefill(vacancy, timezone.localdate()),
        },
    )
    return placement


# --- the plan -----------------------------------------------------------------------------------------


def _clear_confirmations(placement: Placement) -> None:
    for field in CONFIRMATION_FIELDS.values():
        setattr(placement, field, None)
    placement.status = Placement.Status.PLANNING


def _plan_refusal() -> str:
    return _("Only the employer changes the plan.")


@transaction.atomic
def plan_save(
    *,
    placement: Placement,
    by,
    starts_on,
    start_hours,
    target_hours,
    weeks: int,
    coach="",
    coach_contact="",
    adaptations="",
) -> Placement:
    """The employer sets the terms. New start or end hours or another number of weeks make a new plan
    (evenly up to the end); otherwise the week-by-week hours stay as they are. Any change asks all three
    to confirm again."""
    placement = _locked(placement)
    _role(by, placement, (permissions.EMPLOYER,), _plan_refusal())
    _refuse_if_ended(placement)
    if starts_on is None:
        raise ValidationError({"starts_on": _("Enter the first working day.")})
    _raise(rules.terms_problems(start_hours, target_hours, weeks))
    start, target = Decimal(str(start_hours)), Decimal(str(target_hours))
    plan = placement.plan
    if (start, target, weeks) != (placement.start_hours, placement.target_hours, len(placement.plan)):
        plan = as_plan(rules.make_plan(start, target, weeks))
    values = {
        "starts_on": starts_on,
        "start_hours": start,
        "target_hours": target,
        "plan": plan,
        "coach": coach.strip(),
        "coach_contact": coach_contact.strip(),
        "adaptations": adaptations.strip(),
    }
    return _apply(placement, values)


@transaction.atomic
def plan_weeks_save(*, placement: Placement, by, hours: list) -> Placement:
    """The employer changes the hours of single weeks (a holiday week, a slower step)."""
    placement = _locked(placement)
    _role(by, placement, (permissions.EMPLOYER,), _plan_refusal())
    _refuse_if_ended(placement)
    _raise(rules.plan_problems(hours, placement.start_hours, placement.target_hours))
    return _apply(placement, {"plan": as_plan(hours)})


def _apply(placement: Placement, values: dict) -> Placement:
    changed = [name for name, value in values.items() if getattr(placement, name) != value]
    if not changed:
        return placement
    for name in changed:
        setattr(placement, name, values[name])
    _clear_confirmations(placement)
    placement.full_clean(exclude=["application", "vacancy", "worker", "network"])
    placement.save()
    return placement


def confirmations_needed(placement: Placement) -> tuple[str, ...]:
    """Worker and employer always; the professional when one guides the worker now."""
    if permissions.guided(placement):
        return permissions.CONFIRMING_ROLES
    return (permissions.WORKER, permissions.EMPLOYER)


@transaction.atomic
def plan_confirm(*, placement: Placement, by) -> Placement:
    """The worker, the employer or the professional agrees to the plan; with everyone's yes it is active."""
    placement = _locked(placement)
    role = _role(by, placement, permissions.CONFIRMING_ROLES, _("You cannot confirm this plan."))
    _refuse_if_ended(placement)
    if not placement.plan:
        raise ValidationError(_("There is no plan to confirm yet."))
    field = CONFIRMATION_FIELDS[role]
    if getattr(placement, field) is None:
        setattr(placement, field, timezone.now())
    if all(getattr(placement, CONFIRMATION_FIELDS[needed]) for needed in confirmations_needed(placement)):
        placement.status = Placement.Status.ACTIVE
    placement.save()
    return placement


# --- weekly check-ins ---------------------------------------------------------------------------------


def current_week(placement: Placement, today=None) -> int:
    return rules.week_of(placement.starts_on, today or timezone.localdate())


@transaction.atomic
def check_in(*, placement: Placement, by, week: int, hours_worked, feeling: str, note: str = "") -> CheckIn:
    """The worker or the employer says how a week went. A week that has begun, not a future one; sending
    the same week again changes one's own check-in (each side has one per week)."""
    placement = _locked(placement)
    role = _role(by, placement, permissions.CHECKING_IN_ROLES, _("Only the worker and the employer check in."))
    _refuse_if_ended(placement)
    today = timezone.localdate()
    now_week = current_week(placement, today)
    if now_week < 1:
        raise ValidationError(_("The placement has not started yet. Check in from the first working day."))
    if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= now_week:
        raise ValidationError({"week": _("Choose a week that has begun: week 1 to %(week)s.") % {"week": now_week}})
    hours = _worked_hours(hours_worked)
    if feeling not in CheckIn.Feeling.values:
        raise ValidationError({"feeling": _("Choose how it went.")})
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("Write at most %(maximum)s characters.") % {"maximum": NOTE_MAX_LENGTH}})
    record, _created = CheckIn.objects.update_or_create(
        placement=placement,
        week=week,
        role=role,
        defaults={"hours_worked": hours, "feeling": feeling, "note": note, "by": by, "at": timezone.now()},
    )
    _alert_if_behind(placement, now_week)
    return record


def _worked_hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except ArithmeticError:
        hours = None
    if hours is None or not hours.is_finite() or not 0 <= hours <= rules.MAX_PLAN_HOURS:
        raise ValidationError(
            {"hours_worked": _("Enter the hours worked: 0 to %(maximum)s.") % {"maximum": MAX_HOURS_PER_WEEK}}
        )
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({"hours_worked": _("Enter the hours with at most one decimal, such as 7.5.")})
    return hours


def reports_by_week(placement: Placement) -> dict[int, dict[str, Decimal]]:
    """{week: {side: hours worked}}; reads `placement.check_ins` once (a prefetch of them is used)."""
    reports: dict[int, dict[str, Decimal]] = {}
    for check_in in placement.check_ins.all():
        reports.setdefault(check_in.week, {})[check_in.role] = check_in.hours_worked
    return reports


def _alert_if_behind(placement: Placement, now_week: int) -> None:
    """Two completed weeks in a row behind the plan: e-mail the professional, once per run of such weeks."""
    completed = now_week - 1
    behind = rules.weeks_behind(placement.plan, placement.target_hours, reports_by_week(placement), completed)
    week = rules.streak_to_alert(behind, completed, placement.behind_alerted_week)
    if week is None:
        return
    placement.behind_alerted_week = week
    placement.save(update_fields=["behind_alerted_week"])
    from placements.tasks import send_behind_alert

    enqueue(send_behind_alert, placement.pk, week, key=f"placement_behind:{placement.pk}:{week}")


# --- the end ------------------------------------------------------------------------------------------


@transaction.atomic
def placement_end(*, placement: Placement, by, ending: str, reason: str = "") -> Placement:
    """The employer or the professional records how it ended: a contract, an extension, or stopped (why)."""
    placement = _locked(placement)
    _role(by, placement, permissions.ENDING_ROLES, _("Only the employer and the professional end a placement."))
    _refuse_if_ended(placement)
    if ending not in Placement.Ending.values:
        raise ValidationError({"ending": _("Choose how it ended.")})
    reason = (reason or "").strip()
    if ending == Placement.Ending.STOPPED and not reason:
        raise ValidationError({"reason": _("Give a reason why it stopped: it helps everyone next time.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("Write at most %(maximum)s characters.") % {"maximum": REASON_MAX_LENGTH}})
    placement.ending, placement.ending_reason = ending, reason
    placement.ended_at, placement.ended_by = timezone.now(), by
    placement.status = Placement.Status.ENDED
    placement.full_clean(exclude=["application", "vacancy", "worker", "network"])
    placement.save()
    return placement


# --- the worker's data --------------------------------------------------------------------------------


def export_placements(worker) -> list[dict]:
    """For the worker's data export: every placement with its plan and the check-ins of both sides."""
    rows = []
    for placement in (
        Placement.objects.filter(worker=worker).select_related("vacancy__employer").prefetch_related("check_ins")
    ):
        rows.append(
            {
                "opportunity": placement.vacancy.title,
                "employer": placement.vacancy.employer.name,
                "kind": placement.kind,
                "status": placement.status,
                "first_working_day": placement.starts_on.isoformat(),
                "start_hours": str(placement.start_hours),
                "target_hours": str(placement.target_hours),
                "plan": list(placement.plan),
                "coach": placement.coach,
                "coach_contact": placement.coach_contact,
                "adaptations": placement.adaptations,
                "confirmed": {role: _iso(getattr(placement, field)) for role, field in CONFIRMATION_FIELDS.items()},
                "ending": placement.ending,
                "ending_reason": placement.ending_reason,
                "ended_at": _iso(placement.ended_at),
                "check_ins": [
                    {
                        "week": item.week,
                        "by": item.role,
                        "hours_worked": str(item.hours_worked),
                        "how_it_went": item.feeling,
                        "note": item.note,
                        "at": item.at.isoformat(),
                    }
                    for item in placement.check_ins.all()
                ],
            }
        )
    return rows


def _iso(value):
    return value.isoformat() if value else None


def erase_placements(worker) -> int:
    """On erasure: the worker's placements go, with every check-in (theirs and the employer's)."""
    deleted, _per_model = Placement.objects.filter(worker=worker).delete()
    return deleted
