"""The vacancy life cycle as plain data: which action moves a vacancy from which states to which.

draft → submitted → published → closed or expired; submitted → rejected (back to editing, then
submitted again).

Edits after publication. A live vacancy (published, or suspended for an unpaid fee and so back online
as soon as the fee is paid) only ever shows what a coordinator of its network approved. When its
employer saves it:

- The load, adaptable marks, hours, or the kind of opportunity and its number of weeks changed
  (REVIEWED_FIELDS): the whole vacancy goes back to review ("review_again"), with its new text as
  well. It is offline until a coordinator approves it again, so nothing unreviewed is shown, and a
  pending text revision is withdrawn: its text is part of what the coordinator now reviews. This is
  also what happens when the text and the load or hours change together.
- Only the public text changed (PUBLIC_FIELDS: everything a worker reads on the vacancy page and the
  search card apart from load and hours): the vacancy row keeps the approved text, online and in
  search, and the new text becomes a pending `VacancyRevision` that a coordinator approves (the text
  is applied to the vacancy) or rejects with a reason (the old text stays). Both are e-mailed to the
  employer. A vacancy has at most one pending revision: a new edit replaces it, an edit back to the
  approved text withdraws it.
- A pending revision is withdrawn when the vacancy stops being live (closed, expired, taken offline,
  back to review).

Vacancies that are not live (draft, submitted, rejected) are edited directly: a coordinator reviews
the whole vacancy before it is published.
"""

from dataclasses import dataclass
from datetime import timedelta

DRAFT, SUBMITTED, PUBLISHED, REJECTED, CLOSED, EXPIRED, SUSPENDED = (
    "draft",
    "submitted",
    "published",
    "rejected",
    "closed",
    "expired",
    "suspended",
)

PUBLICATION = timedelta(days=90)
EXPIRY_REMINDER = timedelta(days=7)

# Statuses in which the approved version is online, or comes back online by itself (billing_resume).
LIVE = frozenset({PUBLISHED, SUSPENDED})

# What a coordinator has to look at again when it changes on a published vacancy.
REVIEWED_FIELDS = (
    "load",
    "adaptable",
    "per_week_min",
    "per_week_max",
    "per_day_max",
    "phased_start",
    "phased_start_per_week",
    "phased_weeks",
    # A paid job that becomes a trial placement (unpaid) is another offer: the coordinator looks again.
    "kind",
    "duration_weeks",
)

# What a worker reads on a live vacancy besides load and hours; a change waits in a revision.
PUBLIC_FIELDS = (
    "title",
    "description",
    "place",
    "remote",
    "coaching",
    "trial_placement",
    "openness_statement",
    "certificate",  # the extras of a work-experience place and of volunteering, like the coaching
    "expense_allowance",
)
# A revision also carries the coordinates, which follow the place.
REVISION_FIELDS = (*PUBLIC_FIELDS, "latitude", "longitude")


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
        Action("review_again", LIVE, SUBMITTED),
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


def _normal_text(value):
    # Browsers send line ends as CRLF; text stored by other means has LF. Neither is a change.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def text_changed(before: dict, after: dict) -> bool:
    """Did anything a worker reads (apart from load and hours) change?"""
    return any(_normal_text(before.get(name)) != _normal_text(after.get(name)) for name in PUBLIC_FIELDS)
