"""The ranking's weights (a CMS setting, with a history of every change).

The weights are the one place that says how much each component of `matching.ranking` counts.
Staff change them in the CMS (Settings → Ranking weights); every save adds a `RankingWeightsChange`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from matching.ranking import COMPONENTS, DEFAULT_WEIGHTS, MAX_WEIGHT, Weights


def _weight(label, component):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_WEIGHTS[component],
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEIGHT)],
    )


@register_setting(icon="list-ol")
class RankingWeights(BaseGenericSetting):
    """How much each component counts in the order within a fit band (0 = not at all)."""

    interest = _weight(_("interests (RIASEC)"), "interest")
    competence = _weight(_("competences"), "competence")
    distance = _weight(_("distance against the travel limit"), "distance")
    hours = _weight(_("hours (and phased start)"), "hours")
    coaching = _weight(_("coaching offered against coaching wanted"), "coaching")
    recency = _weight(_("how recently published"), "recency")

    panels = [
        HelpPanel(
            content=_(
                "<p>Green results always come before orange ones. Within each colour, results are ordered by a "
                "score: every part below gives 0 to 1 point, times its weight. Workers see the parts in words "
                "under “Why is this vacancy here?”. Every change is kept in the history (Django admin → Ranking "
                "weight changes).</p>"
            )
        ),
        *[FieldPanel(name) for name in COMPONENTS],
    ]

    class Meta:
        verbose_name = _("ranking weights")
        verbose_name_plural = _("ranking weights")

    def clean(self):
        from django.core.exceptions import ValidationError

        from matching.validation import ProfileError, ProfileErrors

        try:
            self.as_weights()
        except (ProfileError, ProfileErrors) as error:
            message = error.message() if isinstance(error, ProfileError) else "; ".join(error.by_field().values())
            raise ValidationError(message) from error

    def as_weights(self) -> Weights:
        return Weights(**{name: float(getattr(self, name)) for name in COMPONENTS})


class RankingWeightsChange(models.Model):
    """One saved state of the weights: who changed them, when, and to what."""

    weights = models.JSONField(_("weights"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("ranking weight change")
        verbose_name_plural = _("ranking weight changes")

    def __str__(self):
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.weights}"


class RankedSearch(models.Model):
    """One search's ranked window, kept to evaluate the ranking (`evaluate_ranking`).

    No link to the account: `pseudonym` is an HMAC of the worker's id (ranking.pseudonyms), and the
    FML sections in which the worker is limited are health data, so they are sealed (matching.crypto).
    """

    pseudonym = models.CharField(_("pseudonym"), max_length=64, db_index=True)
    searched_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)
    network_slug = models.CharField(_("network"), max_length=50, blank=True)
    arm = models.CharField(_("experiment arm"), max_length=100, blank=True)
    simulated = models.BooleanField(_("simulated"), default=False)
    candidates = models.JSONField(_("candidates"), default=list)  # RankedCandidate as dicts, in the plain order
    sections_sealed = models.TextField(_("limited FML sections (sealed)"))

    class Meta:
        ordering = ["searched_at", "pk"]
        verbose_name = _("ranked search")
        verbose_name_plural = _("ranked searches")

    def __str__(self):
        return f"{self.searched_at:%Y-%m-%d %H:%M} ({len(self.candidates)})"


class SimulatedOutcome(models.Model):
    """What a simulated seeker of the demo did with a vacancy of a simulated search (ranking.demo)."""

    class Kind(models.TextChoices):
        REACTION = "reaction", _("reaction")
        INVITED = "invited", _("invited for a talk")
        HIRED = "hired", _("hired")
        NOT_FITTING = "not_fitting", _("marked as not fitting")

    search = models.ForeignKey(RankedSearch, on_delete=models.CASCADE, related_name="simulated_outcomes")
    vacancy_id = models.PositiveBigIntegerField(_("vacancy"))
    kind = models.CharField(_("outcome"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("simulated outcome")
        verbose_name_plural = _("simulated outcomes")

    def __str__(self):
        return f"{self.kind} on {self.vacancy_id}"
