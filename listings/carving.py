"""Job carving (taakcreatie): a tailored opportunity ('functie op maat') made of the tasks that fit a worker.

1. The worker who reacted to a vacancy may let its employer see which of the occupation's tasks fit them
   (`task_colours_share`). Only a colour per task position is stored on the application: green (fits)
   or red (does not fit), judged strictly (no adaptation counted). Never a level or a limitation. They
   can withdraw it (`task_colours_withdraw`); what the employer made before stays, the colours go.
2. Staff of the vacancy's employer see those colours and make a new vacancy of some of the green tasks
   (`carve_opportunity`). Its load comes from the chosen tasks only (`matching.occupation_rules.carved_load`),
   with no adaptable marks, so the worker fits it without any adaptation. It is created as a draft and
   submitted through the normal life cycle: a coordinator approves it like any other vacancy.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listings import permissions, services
from listings.models import Application, OccupationTask, Vacancy
from matching.occupation_rules import carved_load, triage_tasks
from matching.rules import Capacity, Status

PURPOSE = "job_carving"  # matching.profiles.PURPOSES: what the worker reads in their access log
GREEN = str(Status.GREEN)
WITHDRAWN = Application.Outcome.WITHDRAWN


def task_colours(capacity: Capacity, tasks: list[OccupationTask]) -> dict[str, str]:
    """Per task position (as text: JSON keys), its colour for this capacity; no adaptation counted."""
    triage = triage_tasks(capacity, [task.as_task_load() for task in tasks], adaptable=())
    return {str(task.position): str(result.status) for task, result in zip(tasks, triage, strict=True)}


def _own_application(application: Application, by) -> Application:
    application = Application.objects.select_for_update().select_related("vacancy__occupation").get(pk=application.pk)
    if by is None or application.worker_id is None or application.worker_id != by.pk:
        raise PermissionDenied(_("This is not your application."))
    return application


@transaction.atomic
def task_colours_share(*, application: Application, by) -> Application:
    """The worker lets the employer see which tasks fit them. Sharing again brings the colours up to date."""
    from matching.models import AccessLogEntry
    from matching.profiles import audit, open_profile

    application = _own_application(application, by)
    if application.outcome == WITHDRAWN:
        raise ValidationError(_("You withdrew this reaction, so there is nothing to share."))
    tasks = list(application.vacancy.occupation.tasks.order_by("position"))
    if not tasks:
        raise ValidationError(_("This occupation has no list of tasks, so there is nothing to share."))
    stored = open_profile(by, by=by, purpose=PURPOSE)
    if stored is None:
        raise ValidationError(_("You have no capacity profile yet, so there is nothing to share."))
    application.task_colours = task_colours(stored.capacity(), tasks)
    application.tasks_shared_at = timezone.now()
    application.save(update_fields=["task_colours", "tasks_shared_at"])
    audit(worker=by, by=by, action=AccessLogEntry.Action.SHARE, purpose=PURPOSE)
    return application


@transaction.atomic
def task_colours_withdraw(*, application: Application, by) -> Application:
    """The worker stops sharing: the colours are erased. A tailored opportunity already made stays."""
    application = _own_application(application, by)
    application.task_colours, application.tasks_shared_at = {}, None
    application.save(update_fields=["task_colours", "tasks_shared_at"])
    return application


def shared_colours(application: Application) -> dict[str, str]:
    """The colours the employer may see: none once the worker withdrew the consent or the reaction."""
    if application.tasks_shared_at is None or application.outcome == WITHDRAWN:
        return {}
    return dict(application.task_colours or {})


# Where a refusal of the vacancy's rules shows on the carving form.
FORM_FIELD_OF = {
    "per_week_min": "hours",
    "per_week_max": "hours",
    "per_day_max": "hours",
    "title": "title",
    "description": "description",
}


def _on_form_fields(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    errors: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        target = FORM_FIELD_OF.get(field, "__all__")
        errors.setdefault(target, [])
        errors[target] += [message for message in messages if message not in errors[target]]
    return ValidationError(errors)


@transaction.atomic
def carve_opportunity(*, application: Application, by, tasks, title: str, description: str, hours: Decimal) -> Vacancy:
    """Staff of the vacancy's employer make a tailored opportunity of green tasks, submitted for moderation.

    Everything else (employer, network, occupation, kind, place and working terms) is the source
    vacancy's. Refused without the worker's colours or with a task that is not green; the vacancy's own
    rules (hours, text) are checked by `vacancy_save`, and nothing is saved when anything is refused.
    """
    application = (
        Application.objects.select_for_update()
        .select_related("vacancy__employer", "vacancy__network", "vacancy__occupation")
        .get(pk=application.pk)
    )
    source = application.vacancy
    if by is None or not permissions.can_edit_vacancy(by, source):
        raise PermissionDenied(_("This vacancy belongs to another employer."))
    colours = shared_colours(application)
    if not colours:
        raise ValidationError(_("The worker does not share which tasks fit them (any more)."))
    by_position = {task.position: task for task in source.occupation.tasks.all()}
    try:
        chosen = sorted({int(position) for position in tasks})
    except (TypeError, ValueError) as error:
        raise ValidationError({"tasks": _("Choose tasks from the list.")}) from error
    if not chosen:
        raise ValidationError({"tasks": _("Choose at least one task that fits.")})
    if any(position not in by_position or colours.get(str(position)) != GREEN for position in chosen):
        raise ValidationError({"tasks": _("Only tasks that fit the worker (green) can be part of a tailored job.")})
    per_day = source.per_day_max if source.per_day_max and hours and source.per_day_max <= hours else None
    vacancy = Vacancy(
        employer=source.employer,
        network=source.network,
        occupation=source.occupation,
        kind=source.kind,
        title=(title or "").strip(),
        description=(description or "").strip(),
        place=source.place,
        latitude=source.latitude,
        longitude=source.longitude,
        remote=source.remote,
        per_week_min=hours,
        per_week_max=hours,
        per_day_max=per_day,
        coaching=source.coaching,
        trial_placement=source.trial_placement,
        openness_statement=source.openness_statement,
        duration_weeks=source.duration_weeks,
        certificate=source.certificate,
        expense_allowance=source.expense_allowance,
        carved_tasks=chosen,
        carved_for=application,
        load=carved_load(by_position[position].as_task_load() for position in chosen),
        adaptable=[],
    )
    try:
        vacancy = services.vacancy_save(vacancy=vacancy, by=by)
    except ValidationError as error:
        raise _on_form_fields(error) from error
    return services.vacancy_transition(vacancy=vacancy, action="submit", by=by)


def carved_tasks_of(vacancy: Vacancy) -> list[OccupationTask]:
    """The tasks a tailored opportunity is made of (empty for any other vacancy)."""
    positions = set(vacancy.carved_tasks or ())
    return [task for task in vacancy.occupation.tasks.all() if task.position in positions]


def published_for(application: Application) -> list[Vacancy]:
    """The tailored opportunities made for this application that are online, for its worker."""
    return list(application.carved_opportunities.filter(status=Vacancy.Status.PUBLISHED).order_by("-published_at"))


# --- demo -------------------------------------------------------------------------------------------------


def share_demo_tasks() -> bool:
    """The demo worker shares the task colours of her story reaction that was invited for a talk, so the
    demo employer can try job carving. Idempotent: True when it shared now, False when it had already
    shared or the demo (worker, profile, story reaction) is missing."""
    from listings.demo import STORY_VACANCIES
    from matching.models import CapacityProfile
    from network.demo import WORKER_EMAIL, demo_employer

    employer = demo_employer()
    invited = STORY_VACANCIES[0]  # load_story_demo: the reaction to it was invited for a talk
    application = (
        Application.objects.filter(worker__email=WORKER_EMAIL, vacancy__employer=employer, vacancy__title=invited.title)
        .select_related("worker")
        .first()
        if employer is not None
        else None
    )
    if application is None or application.tasks_shared_at is not None:
        return False
    if not CapacityProfile.objects.filter(worker=application.worker).exists():
        return False
    task_colours_share(application=application, by=application.worker)
    return True
