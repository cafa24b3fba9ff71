"""A placement's build-up plan, week by week: making it, checking it, and whether the work falls behind it.

Plain Python like the rest of the rule book (no database): the placements app passes dates, hours and
check-ins in. Hours are Decimals in steps of half an hour. Week 1 is the week (Monday to Sunday) of the
first working day; every later week starts on a Monday.

Problems are `ProfileError`s (see `matching.validation`) that name the field ("start_hours", "weeks",
"plan.3" for week 3, …), so a form can show each one at its own field.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext_noop

from matching.validation import MAX_HOURS_PER_WEEK, MAX_PHASED_WEEKS, ProfileError

HALF = Decimal("0.5")
MIN_PLAN_HOURS = HALF  # a planned week has at least half an hour of work
MAX_PLAN_HOURS = Decimal(MAX_HOURS_PER_WEEK)
MAX_PLAN_WEEKS = MAX_PHASED_WEEKS
BEHIND_WEEKS = 2  # this many completed weeks in a row behind the plan alert the professional

# The side whose report counts when both reported a week: the employer's, else the worker's.
EMPLOYER, WORKER = "employer", "worker"


def to_half(value) -> Decimal:
    """`value` rounded to the nearest half hour (half a step rounds up: 8.25 → 8.5)."""
    return (Decimal(value) * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def _as_decimal(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def make_plan(start, target, weeks: int) -> list[Decimal]:
    """`weeks` weekly hours that go up evenly from `start` to `target`, in half hours, ending at `target`.

    One week is just the target. The steps never go down (up to `target`; with `target` below `start`
    they never go up): rounding a rising line keeps it rising.
    """
    if weeks < 1:
        raise ValueError("a plan has at least one week")
    start, target = to_half(start), to_half(target)
    if weeks == 1:
        return [target]
    step = (target - start) / (weeks - 1)
    return [to_half(start + step * index) for index in range(weeks - 1)] + [target]


def _hours_problem(value, field: str) -> ProfileError | None:
    number = _as_decimal(value)
    if number is None:
        return ProfileError(field, gettext_noop("enter a number of hours"))
    if not MIN_PLAN_HOURS <= number <= MAX_PLAN_HOURS:
        return ProfileError(
            field,
            gettext_noop("enter at least half an hour and at most %(maximum)s hours a week"),
            maximum=MAX_HOURS_PER_WEEK,
        )
    if number % HALF:
        return ProfileError(field, gettext_noop("enter whole or half hours, such as 8 or 8.5"))
    return None


def terms_problems(start, target, weeks) -> list[ProfileError]:
    """The terms a plan is made from: hours at the start and at the end, and over how many weeks."""
    problems = [
        problem
        for problem in (_hours_problem(start, "start_hours"), _hours_problem(target, "target_hours"))
        if problem is not None
    ]
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_PLAN_WEEKS:
        problems.append(
            ProfileError("weeks", gettext_noop("enter a number of weeks from 1 to %(maximum)s"), maximum=MAX_PLAN_WEEKS)
        )
    if problems:
        return problems
    if Decimal(str(target)) < Decimal(str(start)):
        problems.append(ProfileError("target_hours", gettext_noop("the hours at the end cannot be below the start")))
    elif weeks < 2 and Decimal(str(target)) > Decimal(str(start)):
        problems.append(ProfileError("weeks", gettext_noop("building up takes at least 2 weeks")))
    return problems


def plan_problems(plan: Sequence, start, target) -> list[ProfileError]:
    """A plan changed by hand: 1 to 52 weeks, each between the start and the target hours (in half hours,
    0.5 to 60), the last week at the target. A week may be lower than the week before (a holiday week)."""
    if not 1 <= len(plan) <= MAX_PLAN_WEEKS:
        return [ProfileError("plan", gettext_noop("a plan has 1 to %(maximum)s weeks"), maximum=MAX_PLAN_WEEKS)]
    low, high = sorted((Decimal(str(start)), Decimal(str(target))))
    problems = []
    for week, hours in enumerate(plan, start=1):
        field = f"plan.{week}"
        problem = _hours_problem(hours, field)
        if problem is None and not low <= Decimal(str(hours)) <= high:
            problem = ProfileError(
                field,
                gettext_noop("enter hours from %(start)s to %(target)s: the start and the end of the plan"),
                start=hours_text(low),
                target=hours_text(high),
            )
        if problem:
            problems.append(problem)
    if not problems and Decimal(str(plan[-1])) != Decimal(str(target)):
        problems.append(
            ProfileError(
                f"plan.{len(plan)}",
                gettext_noop("the last week is the hours at the end: %(target)s"),
                target=hours_text(Decimal(str(target))),
            )
        )
    return problems


def hours_text(value) -> str:
    """Hours as people write them, in the active language: 8 → "8", 12.5 → "12,5" in Dutch."""
    value = Decimal(str(value))
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.quantize(Decimal("0.1"))
    return number_format(value)


# --- weeks and dates ------------------------------------------------------------------------------------


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_of(starts_on: date, day: date) -> int:
    """The plan week `day` falls in: 1 for the week of the first working day, 0 or less before it."""
    return (monday_of(day) - monday_of(starts_on)).days // 7 + 1


def week_first_day(starts_on: date, week: int) -> date:
    """The first working day of `week`: the first day of the placement in week 1, else that week's Monday."""
    return starts_on if week == 1 else monday_of(starts_on) + timedelta(weeks=week - 1)


def week_last_day(starts_on: date, week: int) -> date:
    """The Sunday that ends `week`."""
    return monday_of(starts_on) + timedelta(weeks=week - 1, days=6)


def next_monday(today: date) -> date:
    """The first Monday after `today` (a week later when today is a Monday)."""
    return today + timedelta(days=7 - today.weekday())


def planned_hours(plan: Sequence, target, week: int) -> Decimal:
    """The hours planned for `week`; after the last week of the plan, the target."""
    if 1 <= week <= len(plan):
        return Decimal(str(plan[week - 1]))
    return Decimal(str(target))


# --- behind the plan --------------------------------------------------------------------------------------


def counted_hours(reports: Mapping[str, object]) -> Decimal | None:
    """The hours that count for a week: the employer's report if there is one, else the worker's."""
    for side in (EMPLOYER, WORKER):
        if reports.get(side) is not None:
            return Decimal(str(reports[side]))
    return None


def weeks_behind(plan: Sequence, target, reports: Mapping[int, Mapping[str, object]], completed_up_to: int) -> set[int]:
    """The completed weeks (1..`completed_up_to`) in which fewer hours were worked than planned.

    `reports` maps a week to {"employer": hours, "worker": hours} (either may be missing). A week without
    any report is not counted as behind: nobody said so.
    """
    behind = set()
    for week, sides in reports.items():
        if not 1 <= week <= completed_up_to:
            continue
        worked = counted_hours(sides)
        if worked is not None and worked < planned_hours(plan, target, week):
            behind.add(week)
    return behind


def streak_to_alert(behind: Iterable[int], completed_up_to: int, alerted_week: int | None) -> int | None:
    """The week to alert the professional about, or None.

    Looks at the latest run of completed weeks behind the plan that is at least `BEHIND_WEEKS` long and
    returns its last week, unless `alerted_week` (the week of the last alert) already lies in that run:
    a run is alerted once, however long it grows. A later run, after a week on plan, alerts again.
    """
    behind = {week for week in behind if 1 <= week <= completed_up_to}
    for last in sorted(behind, reverse=True):
        first = last
        while first - 1 in behind:
            first -= 1
        if last - first + 1 < BEHIND_WEEKS:
            continue
        if alerted_week is not None and first <= alerted_week <= last:
            return None
        return last
    return None


def completed_on_plan(
    plan: Sequence, target, reports: Mapping[int, Mapping[str, object]], completed_up_to: int
) -> bool:
    """Whether the build-up was completed on plan: its last week is over, the hours that count for that week
    reached the target, and it never fell behind the plan for `BEHIND_WEEKS` weeks in a row."""
    weeks = len(plan)
    if weeks == 0 or completed_up_to < weeks:
        return False
    last = counted_hours(reports.get(weeks, {}))
    if last is None or last < Decimal(str(target)):
        return False
    behind = weeks_behind(plan, target, reports, weeks)
    return streak_to_alert(behind, weeks, None) is None
