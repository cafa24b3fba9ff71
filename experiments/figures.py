"""The figures of an experiment per arm: cases, withdrawn, and what the cases' workers did after assignment.

Every assigned case counts in its arm, withdrawn or not ("intention to treat": leaving out those who
withdrew would compare groups that chance no longer made alike). An outcome counts the reactions the
worker sent from the moment of assignment to the experiment's end (or stop), with the outcome they
have now: reacted (at least one reaction), invited (a reaction now invited, trial or hired), hired
(a reaction now trial placement or hired).
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from experiments import rules
from experiments.models import Experiment
from listings.models import Application
from matching.ranking import COMPONENTS
from ranking.models import RankingWeights

INVITED = (Application.Outcome.INVITED, Application.Outcome.TRIAL, Application.Outcome.HIRED)
HIRED = (Application.Outcome.TRIAL, Application.Outcome.HIRED)
MEASURES = ("withdrawn", "reacted", "invited", "hired")


def component_labels() -> list[tuple[str, str]]:
    """(key, what it means) for every part of the score, as the CMS setting of the weights names them."""
    return [(name, str(RankingWeights._meta.get_field(name).verbose_name)) for name in COMPONENTS]


def describe_arm(arm: dict) -> str:
    """An arm's order in words."""
    if arm["kind"] == "plain":
        return _("Plain order: fit, distance, date")
    if not arm["weights"]:
        return _("Order by score, with the weights in force")
    weights = ", ".join(f"{label} {arm['weights'][name]:g}" for name, label in component_labels())
    return _("Order by score, with these weights: %(weights)s") % {"weights": weights}


@dataclass(frozen=True)
class Proportion:
    count: int
    total: int

    @property
    def share(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return rules.wilson_interval(self.count, self.total)

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(100 * self.share)

    @property
    def low_percent(self) -> int | None:
        return None if self.interval is None else round(100 * self.interval[0])

    @property
    def high_percent(self) -> int | None:
        return None if self.interval is None else round(100 * self.interval[1])


@dataclass(frozen=True)
class ArmFigures:
    key: str
    label: str
    order: str  # the arm's order in words
    cases: int
    withdrawn: Proportion
    reacted: Proportion
    invited: Proportion
    hired: Proportion


def experiment_end(experiment: Experiment) -> datetime:
    """The moment the experiment ended: when it was stopped, or the end of its last day."""
    last = timezone.make_aware(datetime.combine(experiment.ends_on, time.max))
    return min(experiment.stopped_at, last) if experiment.stopped_at else last


def arm_figures(experiment: Experiment) -> list[ArmFigures]:
    reactions = Application.objects.filter(
        worker=OuterRef("case__worker"),
        created_at__gte=OuterRef("assigned_at"),
        created_at__lte=experiment_end(experiment),
    )
    rows = experiment.assignments.annotate(
        reacted=Exists(reactions),
        invited=Exists(reactions.filter(outcome__in=INVITED)),
        hired=Exists(reactions.filter(outcome__in=HIRED)),
    ).values_list("arm", "withdrawn_at", "reacted", "invited", "hired")
    counts = {key: dict.fromkeys(("cases", *MEASURES), 0) for key in experiment.arm_keys}
    for arm, withdrawn_at, reacted, invited, hired in rows:
        if arm not in counts:
            continue
        tally = counts[arm]
        tally["cases"] += 1
        tally["withdrawn"] += withdrawn_at is not None
        tally["reacted"] += reacted
        tally["invited"] += invited
        tally["hired"] += hired
    return [
        ArmFigures(
            key=arm["key"],
            label=arm["label"],
            order=describe_arm(arm),
            cases=counts[arm["key"]]["cases"],
            **{measure: Proportion(counts[arm["key"]][measure], counts[arm["key"]]["cases"]) for measure in MEASURES},
        )
        for arm in experiment.arms
    ]


CSV_HEADER = ("arm", "name", "cases", "withdrawn", "reacted", "invited", "hired")


def _cell(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(experiment: Experiment) -> list[tuple[str, ...]]:
    """One row per arm, counts only, every count below 5 written as "<5": no names, ids or e-mail addresses."""
    rows = [CSV_HEADER]
    for figures in arm_figures(experiment):
        rows.append(
            (
                _cell(figures.key),
                _cell(figures.label),
                rules.suppressed(figures.cases),
                *(rules.suppressed(getattr(figures, measure).count) for measure in MEASURES),
            )
        )
    return rows
