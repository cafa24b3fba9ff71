from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.language import current_language, in_language
from matching.occupation_rules import TaskLoad, carved_load, derive_load_profile
from matching.opportunity_kinds import KINDS
from matching.opportunity_kinds import field_problems as kind_problems
from matching.rules import LoadProfile, VacancyHours
from matching.validation import ProfileError, ProfileErrors


def _in_current_language(dutch: str, english: str) -> str:
    if current_language() == "en":
        return english or dutch
    return dutch or english


def profile_errors(error: ProfileError | ProfileErrors) -> list[ProfileError]:
    return error.errors if isinstance(error, ProfileErrors) else [error]


class Occupation(models.Model):
    class Source(models.TextChoices):
        ISCO = "isco", _("ISCO-08 unit group")
        ESCO = "esco", _("ESCO occupation")
        CURATED = "curated", _("curated task profile")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    isco_code = models.CharField(_("ISCO-08 code"), max_length=4, db_index=True)
    esco_uri = models.URLField(_("ESCO URI"), max_length=200, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    riasec = models.CharField(
        _("interest code (RIASEC)"), max_length=3, blank=True, help_text=_("The Holland code, e.g. RCE.")
    )
    riasec_source = models.TextField(_("source of the interest code"), blank=True)
    competences = models.JSONField(_("competences asked for"), default=list, blank=True)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["title_nl", "title_en"]

    def __str__(self):
        return f"{self.title} ({self.isco_code})"

    @property
    def title(self) -> str:
        return _in_current_language(self.title_nl, self.title_en)

    @property
    def description(self) -> str:
        return _in_current_language(self.description_nl, self.description_en)

    def task_loads(self) -> list[TaskLoad]:
        return [task.as_task_load() for task in self.tasks.all()]

    def load_profile(self) -> dict[str, int]:
        """Per dimension the highest load of a task that is more than incidental."""
        return derive_load_profile(self.task_loads())


class OccupationTask(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("position"))
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    share = models.PositiveSmallIntegerField(
        _("share of working time (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    load = models.JSONField(_("load per dimension"), default=dict, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["occupation", "position"]
        constraints = [models.UniqueConstraint(fields=["occupation", "position"], name="unique_task_position")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _in_current_language(self.name_nl, self.name_en)

    def as_task_load(self) -> TaskLoad:
        return TaskLoad(name={"nl": self.name_nl, "en": self.name_en}, share=self.share, load=dict(self.load))


# Limits on hours live in matching.validation (Vacancy.clean applies them), so they exist only once.
HOURS = {"max_digits": 4, "decimal_places": 1}


class VacancyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Vacancy.Status.PUBLISHED)

    def of_staff(self, user):
        """The vacancies of the employers this user works for."""
        return self.filter(employer__staff_links__user=user)

    def moderated_by(self, user):
        """The vacancies of the networks this coordinator looks after."""
        return self.filter(network__coordinators=user)


class Vacancy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for review")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        CLOSED = "closed", _("closed")
        EXPIRED = "expired", _("expired")
        SUSPENDED = "suspended", _("offline until the membership fee is paid")

    class Kind(models.TextChoices):
        """What is on offer. Everything but a vacancy is unpaid: it rebuilds capacity and experience."""

        VACANCY = "vacancy", _("paid job")
        TRIAL_PLACEMENT = "trial_placement", _("trial placement")
        WORK_EXPERIENCE = "work_experience", _("work-experience place")
        VOLUNTEERING = "volunteering", _("volunteering")

    class Coaching(models.TextChoices):
        NONE = "none", _("no coaching")
        BUDDY = "buddy", _("a buddy (colleague)")
        JOB_COACH = "job_coach", _("a job coach")

    employer = models.ForeignKey(
        "network.Employer", on_delete=models.CASCADE, related_name="vacancies", verbose_name=_("employer")
    )
    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("network")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("occupation")
    )
    kind = models.CharField(_("kind of opportunity"), max_length=20, choices=Kind.choices, default=Kind.VACANCY)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    place = models.CharField(_("place"), max_length=100)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    remote = models.BooleanField(_("can be done fully remotely"), default=False)

    per_week_min = models.DecimalField(_("hours per week, at least"), **HOURS)
    per_week_max = models.DecimalField(_("hours per week, at most"), **HOURS)
    per_day_max = models.DecimalField(_("hours per day, at most"), **HOURS, null=True, blank=True)
    phased_start = models.BooleanField(_("phased start possible"), default=False)
    phased_start_per_week = models.DecimalField(
        _("hours per week at the start"),
        **HOURS,
        null=True,
        blank=True,
    )
    phased_weeks = models.PositiveSmallIntegerField(
        _("weeks to build up"),
        null=True,
        blank=True,
    )

    coaching = models.CharField(_("coaching offered"), max_length=10, choices=Coaching.choices, default=Coaching.NONE)
    trial_placement = models.BooleanField(_("trial placement possible"), default=False)
    openness_statement = models.TextField(_("what we offer someone who is reintegrating"), blank=True)

    # Kind-specific terms (see matching.opportunity_kinds): how long a trial placement or work-experience place
    # lasts, whether a work-experience place ends with a certificate, whether volunteers get an expense allowance.
    duration_weeks = models.PositiveSmallIntegerField(_("how many weeks"), null=True, blank=True)
    certificate = models.BooleanField(_("ends with a certificate of the work done"), default=False)
    expense_allowance = models.BooleanField(_("volunteer expense allowance"), default=False)

    # Job carving: a tailored opportunity made of some of an occupation's tasks, for the worker whose
    # application shared which tasks fit them. Its load is derived from those tasks only.
    carved_tasks = models.JSONField(_("tasks of the tailored job"), default=list, blank=True)
    carved_for = models.ForeignKey(
        "Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carved_opportunities",
        verbose_name=_("made for the application"),
    )

    load = models.JSONField(_("load per dimension"), default=dict, blank=True)
    adaptable = models.JSONField(_("adaptable dimensions"), default=list, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_at = models.DateTimeField(_("publication ends"), null=True, blank=True)
    expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["network", "status"]),
            models.Index(fields=["kind", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(per_week_min__lte=models.F("per_week_max")),
                name="vacancy_week_min_le_max",
                violation_error_message=_("The maximum hours a week cannot be lower than the minimum."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """The rules of DOMAIN.md for hours and load, and the terms of the kind of opportunity
        (matching.opportunity_kinds); every problem is reported on its own field."""
        errors: dict[str, list[str]] = {}
        language = current_language()
        if None not in (self.per_week_min, self.per_week_max):
            try:
                self.hours()
            except (ProfileError, ProfileErrors) as error:
                for problem in profile_errors(error):
                    errors.setdefault(problem.field.removeprefix("hours."), []).append(problem.message(language))
        try:
            self.load_profile()
        except (ProfileError, ProfileErrors) as error:
            for problem in profile_errors(error):
                field = "adaptable" if problem.field == "adaptable" else "load"
                where = problem.field.removeprefix("load.")
                errors.setdefault(field, []).append(f"{where}: {problem.message(language)}")
        if self.kind in self.Kind.values:  # an unknown kind is reported by the field's own choices check
            for problem in kind_problems(self.kind, self.duration_weeks, self.certificate, self.expense_allowance):
                errors.setdefault(problem.field, []).append(problem.message(language))
        if not self.phased_start:
            self.phased_start_per_week = self.phased_weeks = None
        if errors:
            raise ValidationError(errors)

    @property
    def kind_name(self) -> str:
        """What is on offer, in the current language: "Proefplaatsing" (matching.opportunity_kinds)."""
        kind = KINDS.get(self.kind)
        return in_language(kind.name, current_language()) if kind else str(self.kind)

    def load_profile(self) -> LoadProfile:
        return LoadProfile(dict(self.load or {}), frozenset(self.adaptable or ()))

    def task_loads(self) -> list[TaskLoad]:
        """The tasks of this job: the occupation's, or only the chosen ones of a tailored job (job carving)."""
        tasks = self.occupation.tasks.all()
        if self.carved_tasks:
            chosen = set(self.carved_tasks)
            tasks = [task for task in tasks if task.position in chosen]
        return [task.as_task_load() for task in tasks]

    def expected_load(self) -> dict[str, int]:
        """What the tasks load: the occupation's profile, or for a tailored job the maximum over its tasks."""
        if self.carved_tasks:
            return carved_load(self.task_loads())
        return self.occupation.load_profile()

    def hours(self) -> VacancyHours:
        return VacancyHours(
            per_week_min=self.per_week_min,
            per_week_max=self.per_week_max,
            per_day_max=self.per_day_max,
            phased_start=self.phased_start,
            phased_start_per_week=self.phased_start_per_week if self.phased_start else None,
            phased_weeks=self.phased_weeks if self.phased_start else None,
        )


class VacancyTransition(models.Model):
    """Every move in a vacancy's life cycle: who, when, what and why (moderation decisions included)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=10, choices=Vacancy.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=Vacancy.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)  # e-mail to the employer sent

    class Meta:
        verbose_name = _("vacancy transition")
        verbose_name_plural = _("vacancy transitions")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["vacancy", "-at"])]

    def __str__(self):
        return f"{self.vacancy_id}: {self.from_status} → {self.to_status} ({self.action})"


class VacancyRevision(models.Model):
    """A change to the public text of a live vacancy, for a coordinator of its network to decide on.

    Until a coordinator approves it, the vacancy keeps (and shows) the text that was approved before.
    `proposed` holds the values of `lifecycle.REVISION_FIELDS`, nothing else is ever applied from it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("not approved")
        REPLACED = "replaced", _("replaced by a newer change")
        WITHDRAWN = "withdrawn", _("withdrawn")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("vacancy"))
    proposed = models.JSONField(_("proposed text"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)  # e-mail to the employer sent

    class Meta:
        verbose_name = _("vacancy revision")
        verbose_name_plural = _("vacancy revisions")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "vacancy"])]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy"], condition=models.Q(status="pending"), name="one_pending_revision_per_vacancy"
            ),
        ]

    def __str__(self):
        return f"revision #{self.pk} of {self.vacancy_id} ({self.status})"


class VacancyReport(models.Model):
    """A worker's or professional's doubt about a published vacancy, for the network's coordinators."""

    class Reason(models.TextChoices):
        NOT_AS_DESCRIBED = "not_as_described", _("The work is not as described")
        NOT_OPEN = "not_open", _("In practice the employer is not open to reintegration")
        OTHER = "other", _("Something else")

    class Outcome(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        UNPUBLISHED = "unpublished", _("vacancy taken offline")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("what is wrong"), max_length=20, choices=Reason.choices)
    comment = models.TextField(_("explanation"), max_length=2000, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["reported_at", "pk"]
        indexes = [models.Index(fields=["outcome", "vacancy"])]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.vacancy}"


class ApplicationQuerySet(models.QuerySet):
    def of_worker(self, worker):
        return self.filter(worker=worker)

    def visible_to(self, user):
        """Reactions to the vacancies of the user's employers, and those of the workers a professional guides."""
        return self.filter(
            Q(vacancy__employer__staff_links__user=user) | Q(worker__cases_as_worker__professional=user)
        ).distinct()

    def to_employers_of(self, user):
        """Reactions to the vacancies of the employers this user works for."""
        return self.filter(vacancy__employer__staff_links__user=user)


class Application(models.Model):
    """A worker's reaction to a vacancy. The employer sees the fit summary only if the worker shared it."""

    class Outcome(models.TextChoices):
        SUBMITTED = "submitted", _("sent")
        INVITED = "invited", _("invited for a talk")
        TRIAL = "trial", _("trial placement")
        HIRED = "hired", _("hired")
        NOT_HIRED = "not_hired", _("not hired")
        WITHDRAWN = "withdrawn", _("withdrawn by the worker")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="applications")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )  # empty after the worker erased their account
    name = models.CharField(_("name"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    message = models.TextField(_("message to the employer"), max_length=3000, blank=True)
    summary = models.JSONField(_("fit summary"), default=dict, blank=True)  # {section: green|orange|red, hours: …}
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUBMITTED)
    outcome_reason = models.TextField(_("reason"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)  # e-mail to the employer sent
    # Job carving, only with the worker's consent: per task position of the occupation, its colour
    # (green/orange/red) for this worker when they shared it. Colours only, never levels.
    task_colours = models.JSONField(_("which tasks fit (colours)"), default=dict, blank=True)
    tasks_shared_at = models.DateTimeField(_("tasks shared at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "worker"], name="one_application_per_worker_and_vacancy"),
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return f"application #{self.pk} to {self.vacancy_id}"

    @property
    def shared_summary(self) -> bool:
        return bool(self.summary)
