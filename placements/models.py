"""A placement: a worker starts with an employer (a hire or a trial placement) and builds up hours.

The plan is a list of weekly hours from the starting hours to the target (`matching.placement_rules`
makes and checks it). Worker, employer and professional each confirm the plan; a change to the plan
clears the confirmations. Every week worker and employer each check in with the hours actually worked
and how it went. The employer sees the plan and the check-ins, never the worker's capacity.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HOURS = {"max_digits": 4, "decimal_places": 1}


class Placement(models.Model):
    class Kind(models.TextChoices):
        HIRE = "hire", _("job")
        TRIAL = "trial", _("trial placement")

    class Status(models.TextChoices):
        PLANNING = "planning", _("plan being agreed")
        ACTIVE = "active", _("building up")
        ENDED = "ended", _("ended")

    class Ending(models.TextChoices):
        CONTRACT = "contract", _("contract")
        EXTENDED = "extended", _("extended")
        STOPPED = "stopped", _("stopped")

    application = models.OneToOneField(
        "listings.Application", on_delete=models.CASCADE, related_name="placement", verbose_name=_("application")
    )
    vacancy = models.ForeignKey(
        "listings.Vacancy", on_delete=models.CASCADE, related_name="placements", verbose_name=_("opportunity")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="placements", verbose_name=_("worker")
    )
    network = models.ForeignKey("network.Network", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNING)

    starts_on = models.DateField(_("first working day"))
    start_hours = models.DecimalField(_("hours per week at the start"), **HOURS)
    target_hours = models.DecimalField(_("hours per week at the end"), **HOURS)
    plan = models.JSONField(_("hours per week, week by week"), default=list)  # ["8.0", "12.0", …] as strings
    coach = models.CharField(_("workplace coach"), max_length=200, blank=True)
    coach_contact = models.CharField(_("how to reach the coach"), max_length=200, blank=True)
    adaptations = models.TextField(_("agreed adaptations"), max_length=3000, blank=True)

    worker_confirmed_at = models.DateTimeField(null=True, blank=True)
    employer_confirmed_at = models.DateTimeField(null=True, blank=True)
    professional_confirmed_at = models.DateTimeField(null=True, blank=True)

    ending = models.CharField(_("how it ended"), max_length=10, choices=Ending.choices, blank=True)
    ending_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    behind_alerted_week = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The week whose "behind the plan" e-mail went out: the task sends each alert once (placements.tasks).
    behind_alert_sent_week = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self):
        return f"placement #{self.pk} ({self.vacancy_id})"


class CheckIn(models.Model):
    """One side's weekly check-in: the hours actually worked and how it went."""

    class Role(models.TextChoices):
        WORKER = "worker", _("worker")
        EMPLOYER = "employer", _("employer")

    class Feeling(models.TextChoices):
        GOOD = "good", _("good")
        OKAY = "okay", _("okay")
        HARD = "hard", _("hard")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="check_ins")
    week = models.PositiveSmallIntegerField(_("week"))  # 1 = the week of the first working day
    role = models.CharField(max_length=10, choices=Role.choices)
    hours_worked = models.DecimalField(_("hours worked"), **HOURS)
    feeling = models.CharField(_("how did it go"), max_length=10, choices=Feeling.choices)
    note = models.TextField(_("a few words"), max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["week", "role"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "week", "role"], name="one_check_in_per_week_and_side")
        ]

    def __str__(self):
        return f"week {self.week} ({self.role}) of placement #{self.placement_id}"
