"""Occupation-level rules: an occupation's load profile from its tasks, and task triage (PIM-style).

Pure Python, no ORM: listings passes task data in, pages show what comes out.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from matching.rules import Capacity, DimensionResult, LoadProfile, Status, evaluate_dimensions, worst

# A task that takes less than this share of working time is incidental: it does not set the
# occupation's load (the employer can usually swap it away), but it is still shown in the triage.
INCIDENTAL_SHARE_BELOW = 10


@dataclass(frozen=True)
class TaskLoad:
    name: Mapping[str, str]
    share: int
    load: Mapping[str, int] = field(default_factory=dict)

    @property
    def incidental(self) -> bool:
        return self.share < INCIDENTAL_SHARE_BELOW


@dataclass(frozen=True)
class TaskTriage:
    task: TaskLoad
    status: Status
    dimensions: tuple[DimensionResult, ...]


def derive_load_profile(tasks: Iterable[TaskLoad]) -> dict[str, int]:
    """Per dimension, the highest load among the tasks that are more than incidental."""
    profile: dict[str, int] = {}
    for task in tasks:
        if task.incidental:
            continue
        for code, level in task.load.items():
            if level > profile.get(code, 0):
                profile[code] = level
    return profile


def triage_tasks(
    capacity: Capacity, tasks: Iterable[TaskLoad], adaptable: Iterable[str] | None = None
) -> list[TaskTriage]:
    """Each task green (fits), orange (fits if adapted) or red (does not fit) for this capacity.

    For an occupation (no employer yet) every dimension counts as adaptable, as in a PIM task
    analysis: one level too high can be met with an aid or an adaptation of that task, more cannot.
    For a vacancy, pass the employer's adaptable marks.
    """
    triage = []
    for task in tasks:
        marks = frozenset(task.load) if adaptable is None else frozenset(adaptable)
        results = evaluate_dimensions(capacity, LoadProfile(task.load, marks))
        status = worst(*(result.status for result in results)) if results else Status.GREEN
        triage.append(TaskTriage(task=task, status=status, dimensions=tuple(results)))
    return triage


# --- job carving (taakcreatie): a tailored job made of some of an occupation's tasks -------------------------


def carved_load(tasks: Iterable[TaskLoad]) -> dict[str, int]:
    """The load of a tailored job: per dimension, the highest load among ALL the chosen tasks.

    Unlike `derive_load_profile`, incidental tasks count too: the chosen tasks are the whole job, so
    nothing can be swapped away any more. Dimensions no chosen task loads stay out (not stated = 0).
    """
    profile: dict[str, int] = {}
    for task in tasks:
        for code, level in task.load.items():
            if level > profile.get(code, 0):
                profile[code] = level
    return profile


def hours_covered(tasks: Iterable[TaskLoad], week_hours) -> Decimal:
    """The hours a week the chosen tasks fill in a job of `week_hours` hours a week, to the half hour.

    A task's share is the part of the occupation's working time (in %) that the task takes, as the
    occupation's task profile says: in a 32-hour week a task with a share of 25 takes about 8 hours.
    The shares of the chosen tasks are added up (at most 100%) and taken of `week_hours`, then rounded
    to the nearest half hour, a quarter rounding up (14.25 → 14.5, 14.2 → 14.0, 14.8 → 15.0).
    """
    share = min(sum(task.share for task in tasks), 100)
    hours = Decimal(share) * Decimal(str(week_hours)) / 100
    return (hours * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
