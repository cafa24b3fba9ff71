"""Matching experiments: in one network, cases are randomly given one of 2–4 orders of search results.

An `Experiment` runs from `starts_on` to `ends_on` (both included) unless it is stopped. An `Assignment`
says which arm a case got; the arm follows from the experiment's seed and the case's id (see
`experiments.rules.arm_index`), so it can be recomputed by anyone who knows both.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experiments import rules


def new_seed() -> int:
    return secrets.randbits(62)


class ExperimentQuerySet(models.QuerySet):
    def running(self, today=None):
        today = today or timezone.localdate()
        return self.filter(stopped_at__isnull=True, starts_on__lte=today, ends_on__gte=today)

    def overlapping(self, network, starts_on, ends_on):
        """The experiments of `network` that are not stopped and share a day with starts_on … ends_on."""
        return self.filter(network=network, stopped_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on)


class Experiment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        ENDED = "ended", _("ended")
        STOPPED = "stopped", _("stopped")

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="experiments", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=150)
    arms = models.JSONField(_("arms"))  # see experiments.rules.clean_arms
    seed = models.BigIntegerField(_("seed"), default=new_seed, editable=False)
    consent_text = models.TextField(_("text for the worker"), max_length=2000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="experiment_ends_after_start"
            )
        ]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")

    def __str__(self):
        return self.name

    def status(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.stopped_at is not None:
            return self.Status.STOPPED
        if today < self.starts_on:
            return self.Status.PLANNED
        if today > self.ends_on:
            return self.Status.ENDED
        return self.Status.RUNNING

    @property
    def is_running(self) -> bool:
        return self.status() == self.Status.RUNNING

    def get_status_display(self) -> str:
        return self.Status(self.status()).label

    @property
    def arm_keys(self) -> list[str]:
        return [arm["key"] for arm in self.arms]

    def arm(self, key: str) -> dict | None:
        return next((arm for arm in self.arms if arm["key"] == key), None)

    def arm_for_case(self, case_id: int) -> str:
        return rules.arm_for(self.seed, case_id, self.arm_keys)


class Assignment(models.Model):
    """A case in an experiment: the arm it got, and when the worker said they do not take part."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="assignments")
    case = models.ForeignKey("matching.Case", on_delete=models.CASCADE, related_name="experiment_assignments")
    arm = models.CharField(_("arm"), max_length=rules.KEY_MAX_LENGTH)
    assigned_at = models.DateTimeField(_("taking part since"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("not taking part since"), null=True, blank=True)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["experiment", "case"], name="one_assignment_per_case")]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):  # no person: a case number and an arm
        return f"case #{self.case_id} in experiment #{self.experiment_id}: {self.arm}"

    @property
    def arm_label(self) -> str:
        arm = self.experiment.arm(self.arm)
        return arm["label"] if arm else self.arm
