"""Worker capacity profiles (sealed), professional–worker cases, preferences and the access log.

A capacity profile is special-category health data (GDPR art. 9). Its values live only in `sealed`
columns; `matching.profiles` is the one way to open them, and every opening is written to the
access log. Dates and the kind of assessor are kept in the clear so that reminders can be sent
without opening the profile.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.querysets import WorkerOwnedQuerySet


class Source(models.TextChoices):
    COMPANY_DOCTOR = "company_doctor", _("company doctor (bedrijfsarts)")
    INSURANCE_PHYSICIAN = "insurance_physician", _("insurance physician (verzekeringsarts)")
    PROFESSIONAL = "professional", _("reintegration professional")
    SELF = "self", _("self-reported by the worker")


def _new_token():
    return secrets.token_urlsafe(32)


class CaseQuerySet(models.QuerySet):
    """Cases as each side may see them: a professional their own, a worker theirs."""

    def of_professional(self, professional):
        return self.filter(professional=professional)

    def of_worker(self, worker):
        return self.filter(worker=worker)

    def active_for(self, professional):
        """The cases in which the worker accepted this professional's guidance (and did not end it)."""
        return self.of_professional(professional).filter(status=Case.Status.ACTIVE)


class Case(models.Model):
    """A professional guiding a worker. The worker accepts the invitation and can end it at any time."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACTIVE = "active", _("active")
        DECLINED = "declined", _("declined")
        ENDED = "ended", _("ended")

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cases_as_professional",
        verbose_name=_("professional"),
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases_as_worker",
        verbose_name=_("worker"),
    )
    invited_email = models.EmailField(_("e-mail address of the worker"))
    invited_name = models.CharField(_("name of the worker"), max_length=150, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    network = models.ForeignKey(
        "network.Network",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("network the worker searches in"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["professional", "invited_email"],
                condition=models.Q(status__in=["invited", "active"]),
                name="one_open_case_per_professional_and_email",
            ),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return f"{self.professional} → {self.worker or self.invited_email} ({self.status})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class CapacityProfile(models.Model):
    worker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capacity_profile", verbose_name=_("worker")
    )
    sealed = models.TextField(editable=False)  # see matching.profiles: levels, FML codes, limitations, hours
    source = models.CharField(_("assessed by"), max_length=20, choices=Source.choices)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = WorkerOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("capacity profile")
        verbose_name_plural = _("capacity profiles")

    def __str__(self):  # never the content
        return f"capacity profile #{self.pk} v{self.version}"

    @property
    def self_reported(self):
        return self.source == Source.SELF


class CapacityProfileVersion(models.Model):
    """Every saved state of a profile: who, when, and (sealed) what it held and which items changed."""

    profile = models.ForeignKey(CapacityProfile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sealed = models.TextField(editable=False)
    source = models.CharField(max_length=20, choices=Source.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["profile", "number"], name="unique_profile_version")]

    def __str__(self):
        return f"capacity profile #{self.profile_id} v{self.number}"


class Interest(models.TextChoices):
    """The six RIASEC (Holland) types, in plain words."""

    REALISTIC = "R", _("Practical work with your hands, tools or machines")
    INVESTIGATIVE = "I", _("Finding things out, solving problems")
    ARTISTIC = "A", _("Creating things, design, music or writing")
    SOCIAL = "S", _("Helping, teaching or caring for people")
    ENTERPRISING = "E", _("Leading, selling, convincing people")
    CONVENTIONAL = "C", _("Working neatly with figures, files and rules")


class CoachingWish(models.TextChoices):
    BUDDY = "buddy", _("A buddy: a colleague who helps you")
    JOB_COACH = "job_coach", _("A job coach: a professional who guides you at work")


class WorkerPreferences(models.Model):
    """What the worker adds themself: interests, competences, home place and travel distance."""

    worker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences")
    interests = models.JSONField(_("interests"), default=list, blank=True)
    competences = models.JSONField(_("competences"), default=list, blank=True)
    home_place = models.CharField(_("where you live"), max_length=100, blank=True)
    travel_km = models.PositiveSmallIntegerField(
        _("how far you can travel (km)"), default=25, validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    coaching_wanted = models.CharField(
        _("coaching you would like at work"), max_length=10, choices=CoachingWish.choices, blank=True, default=""
    )

    objects = WorkerOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker preferences")
        verbose_name_plural = _("worker preferences")

    def __str__(self):
        return f"preferences of #{self.worker_id}"


class AccessLogEntry(models.Model):
    """Who opened or changed a worker's capacity profile, when and why. The worker reads this log."""

    class Action(models.TextChoices):
        READ = "read", _("viewed")
        WRITE = "write", _("changed")
        EXPORT = "export", _("downloaded")
        SHARE = "share", _("shared a fit summary")
        ERASE = "erase", _("erased")
        RESEAL = "reseal", _("re-encrypted with a new key")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="capacity_access_log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    purpose = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["worker", "-at"])]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_role} {self.action} #{self.worker_id}"


class MatchFeedback(models.Model):
    """'Not a good match': which dimensions were off, for the network's match-quality figures (counts only)."""

    vacancy = models.ForeignKey("listings.Vacancy", on_delete=models.CASCADE, related_name="match_feedback")
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=20)
    dimensions = models.JSONField(_("what did not fit"), default=list)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["network", "-created_at"])]
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")

    def __str__(self):
        return f"feedback #{self.pk} on {self.vacancy_id}"
