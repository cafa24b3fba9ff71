"""Which experiment decides a worker's order, and what the worker is told about it.

An assignment counts while the experiment runs, the case is active, the worker has not withdrawn, and
the case still searches in the experiment's network (a professional who moves the case to another
network takes it out of that network's experiment; the assignment itself stays, for the figures).
"""

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from experiments.models import Assignment, Experiment
from matching.models import Case
from matching.ranking import Weights


@dataclass(frozen=True)
class Arm:
    experiment_id: int
    key: str
    label: str
    plain: bool  # True: the plain order (fit, distance, date); False: the transparent score with `weights`
    weights: Weights | None  # None with plain=False: the weights in force (ranking.weights.current_weights)


def current_assignments(worker, today=None):
    """The worker's assignments in running experiments of their active cases' networks, newest first
    (withdrawn ones included: the worker is told they do not take part)."""
    today = today or timezone.localdate()
    if not Experiment.objects.running(today).exists():
        return Assignment.objects.none()  # the common case: one cheap query instead of the join below
    return (
        Assignment.objects.filter(
            case__worker=worker,
            case__status=Case.Status.ACTIVE,
            experiment__network=F("case__network"),
            experiment__in=Experiment.objects.running(today),
        )
        .select_related("experiment")
        .order_by("-assigned_at", "-pk")
    )


def ranking_arm(worker, assignments=None) -> Arm | None:
    """The arm that decides this worker's order, or None for the normal order.

    `assignments`: the worker's `current_assignments`, when the caller has them already (the search page
    shows them too), so they are read once per request.
    """
    if worker is None or not getattr(worker, "is_authenticated", False):
        return None
    if assignments is None:
        assignments = current_assignments(worker)
    assignment = next((a for a in assignments if a.withdrawn_at is None), None)
    if assignment is None:
        return None
    arm = assignment.experiment.arm(assignment.arm)
    if arm is None:
        return None
    plain = arm["kind"] == "plain"
    weights = None if plain or arm["weights"] is None else Weights.from_mapping(arm["weights"])
    return Arm(assignment.experiment_id, arm["key"], arm["label"], plain, weights)


def case_assignment(case, today=None) -> Assignment | None:
    """The assignment of a case in its network's running experiment, if it has one."""
    if case.network_id is None:
        return None
    return (
        Assignment.objects.filter(case=case, experiment__in=Experiment.objects.running(today))
        .filter(experiment__network_id=case.network_id)
        .select_related("experiment")
        .first()
    )
