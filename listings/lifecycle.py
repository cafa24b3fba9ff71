"""The vacancy life cycle as plain data: which action moves a vacancy from which states to which.

draft → submitted → published → closed or expired; submitted → rejected (back to editing, then
submitted again). A published vacancy whose load, adaptable marks or hours change goes back to
review; a wording change does not.
"""

from dataclasses import dataclass
from datetime import timedelta

DRAFT, SUBMITTED, PUBLISHED, REJECTED, CLOSED, EXPIRED, SUSPENDED = (
    "draft", "submitted", "published", "rejected", "closed", "expired", "suspended")

PUBLICATION = timedelta(days=90)
EXPIRY_REMINDER = timedelta(days=7)

# What a coordinator has to look at again when it changes on a published vacancy.
REVIEWED_FIELDS = ("load", "adaptable", "per_week_min", "per_week_max", "per_day_max", "phased_start",
                   "phased_start_per_week", "phased_weeks")


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str
    needs_reason: bool = False


ACTIONS = {
    action.name: action
    for action in (
        Action("submit", frozenset({DRAFT, REJECTED}), SUBMITTED),
        Action("approve", frozenset({SUBMITTED}), PUBLISHED),
        Action("reject", frozenset({SUBMITTED}), REJECTED, needs_reason=True),
        Action("review_again", frozenset({PUBLISHED}), SUBMITTED),
        Action("unpublish", frozenset({PUBLISHED}), REJECTED, needs_reason=True),
        Action("close", frozenset({DRAFT, SUBMITTED, PUBLISHED, REJECTED, SUSPENDED}), CLOSED),
        Action("expire", frozenset({PUBLISHED, SUSPENDED}), EXPIRED),
        # Membership fee overdue past the grace period: offline until paid, then back as it was.
        Action("billing_suspend", frozenset({PUBLISHED}), SUSPENDED, needs_reason=True),
        Action("billing_resume", frozenset({SUSPENDED}), PUBLISHED),
    )
}


class TransitionError(ValueError):
    pass


def target_of(action_name: str, status: str, reason: str = "") -> str:
    action = ACTIONS.get(action_name)
    if action is None:
        raise TransitionError(f"unknown action {action_name!r}")
    if status not in action.sources:
        raise TransitionError(f"cannot {action_name} a vacancy that is {status}")
    if action.needs_reason and not reason.strip():
        raise TransitionError(f"{action_name} needs a reason")
    return action.target


def needs_review(before: dict, after: dict) -> bool:
    """Did anything a coordinator approved change? Load and marks compare as sets of non-zero levels."""
    def normal(values: dict) -> tuple:
        load = {code: level for code, level in (values.get("load") or {}).items() if level}
        return (
            tuple(sorted(load.items())),
            tuple(sorted(values.get("adaptable") or ())),
            *(values.get(name) for name in REVIEWED_FIELDS[2:]),
        )

    return normal(before) != normal(after)
