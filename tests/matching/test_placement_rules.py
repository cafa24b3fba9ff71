from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from matching import placement_rules as rules

D = Decimal


def fields(problems) -> list[str]:
    return [problem.field for problem in problems]


# --- making a plan -------------------------------------------------------------------------------------


def test_a_plan_goes_up_evenly_in_half_hours_and_ends_at_the_target():
    plan = rules.make_plan(16, 32, 12)
    assert len(plan) == 12 and plan[0] == 16 and plan[-1] == 32
    assert plan == sorted(plan)
    assert all(hours % D("0.5") == 0 for hours in plan)
    assert rules.make_plan(8, 11, 4) == [8, 9, 10, 11]
    assert rules.make_plan(8, 9, 3) == [8, D("8.5"), 9]


def test_one_week_is_the_target_and_no_build_up_is_flat():
    assert rules.make_plan(16, 32, 1) == [32]
    assert rules.make_plan(24, 24, 3) == [24, 24, 24]


def test_a_plan_needs_a_week():
    with pytest.raises(ValueError, match="at least one week"):
        rules.make_plan(8, 16, 0)


@given(
    start=st.integers(min_value=1, max_value=120).map(lambda n: D(n) / 2),
    extra=st.integers(min_value=0, max_value=119).map(lambda n: D(n) / 2),
    weeks=st.integers(min_value=1, max_value=52),
)
def test_every_plan_is_monotone_in_half_hours_and_ends_at_the_target(start, extra, weeks):
    target = min(start + extra, D(60))
    start = min(start, target)
    plan = rules.make_plan(start, target, weeks)
    assert len(plan) == weeks and plan[-1] == target
    assert plan == sorted(plan) and all(start <= hours <= target for hours in plan)
    assert all(hours % D("0.5") == 0 for hours in plan)
    if weeks > 1:
        assert plan[0] == start
    assert rules.plan_problems(plan, start, target) == []


def test_to_half_rounds_to_the_nearest_half_hour():
    assert [rules.to_half(value) for value in (D("8.2"), D("8.25"), D("8.74"), D("8.75"), 8)] == [
        8,
        D("8.5"),
        D("8.5"),
        9,
        8,
    ]


# --- checking the terms and a plan changed by hand ------------------------------------------------------


def test_good_terms_pass():
    assert rules.terms_problems(D(16), D(32), 12) == []
    assert rules.terms_problems(D(24), D(24), 1) == []


@pytest.mark.parametrize(
    ("start", "target", "weeks", "expected"),
    [
        (D(0), D(32), 4, ["start_hours"]),
        (D(16), D("60.5"), 4, ["target_hours"]),
        (D("8.25"), D(16), 4, ["start_hours"]),
        ("acht", D(16), 4, ["start_hours"]),
        (None, None, 4, ["start_hours", "target_hours"]),
        (True, D(16), 4, ["start_hours"]),
        (D(16), D(32), 0, ["weeks"]),
        (D(16), D(32), 53, ["weeks"]),
        (D(16), D(32), True, ["weeks"]),
        (D(16), D(32), "4", ["weeks"]),
        (D(32), D(16), 4, ["target_hours"]),
        (D(16), D(32), 1, ["weeks"]),
    ],
)
def test_terms_that_make_no_plan_are_refused_at_their_field(start, target, weeks, expected):
    assert fields(rules.terms_problems(start, target, weeks)) == expected


def test_a_plan_changed_by_hand_may_dip_but_stays_between_start_and_target():
    assert rules.plan_problems([D(16), D(20), D(18), D(24)], D(16), D(24)) == []  # a holiday week


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ([D(16), D(15), D(24)], ["plan.2"]),  # below the start
        ([D(16), D(25), D(24)], ["plan.2"]),  # above the target
        ([D(16), D(20), D(22)], ["plan.3"]),  # the last week is not the target
        ([D(16), D("20.3"), D(24)], ["plan.2"]),  # not in half hours
        ([D(16), "twintig", D(24)], ["plan.2"]),
        ([D(16), D(61), D(24)], ["plan.2"]),
        ([], ["plan"]),
        ([D(24)] * 53, ["plan"]),
    ],
)
def test_a_plan_changed_by_hand_is_refused_at_the_wrong_week(plan, expected):
    assert fields(rules.plan_problems(plan, D(16), D(24))) == expected


def test_problems_say_why_in_both_languages():
    [problem] = rules.plan_problems([D(16), D(25), D(24)], D(16), D(24))
    assert problem.message("en") == "enter hours from 16 to 24: the start and the end of the plan"
    assert problem.message("nl")


# --- weeks and dates ------------------------------------------------------------------------------------


def test_weeks_run_from_monday_to_sunday_and_week_1_holds_the_first_working_day():
    wednesday = date(2026, 12, 9)
    assert rules.monday_of(wednesday) == date(2026, 12, 7)
    assert rules.week_of(wednesday, date(2026, 12, 7)) == 1  # the Monday before the first day: week 1 still
    assert rules.week_of(wednesday, date(2026, 12, 13)) == 1
    assert rules.week_of(wednesday, date(2026, 12, 14)) == 2
    assert rules.week_of(wednesday, date(2026, 12, 6)) == 0
    assert rules.week_of(wednesday, date(2027, 1, 4)) == 5  # over the new year
    assert rules.week_first_day(wednesday, 1) == wednesday
    assert rules.week_first_day(wednesday, 2) == date(2026, 12, 14)
    assert rules.week_last_day(wednesday, 1) == date(2026, 12, 13)
    assert rules.week_last_day(wednesday, 4) == date(2027, 1, 3)


def test_the_next_monday_is_always_after_today():
    assert rules.next_monday(date(2026, 12, 1)) == date(2026, 12, 7)  # a Tuesday
    assert rules.next_monday(date(2026, 12, 6)) == date(2026, 12, 7)  # a Sunday
    assert rules.next_monday(date(2026, 12, 7)) == date(2026, 12, 14)  # a Monday: the next one


def test_after_the_plan_the_target_is_planned():
    plan = [D(16), D(24)]
    assert [rules.planned_hours(plan, D(24), week) for week in (1, 2, 3, 40)] == [16, 24, 24, 24]


# --- behind the plan ------------------------------------------------------------------------------------


def test_the_employers_hours_count_when_both_reported():
    assert rules.counted_hours({"worker": D(20), "employer": D(12)}) == 12
    assert rules.counted_hours({"worker": D(20)}) == 20
    assert rules.counted_hours({}) is None


def test_only_completed_weeks_with_a_report_can_be_behind():
    plan = [D(16), D(20), D(24)]
    reports = {
        1: {"worker": D(16)},  # on plan
        2: {"worker": D(20), "employer": D(18)},  # the employer's 18 counts: behind
        3: {"worker": D(10)},  # behind, but week 3 is not over yet
        5: {"worker": D(30)},
    }
    assert rules.weeks_behind(plan, D(24), reports, completed_up_to=2) == {2}
    assert rules.weeks_behind(plan, D(24), reports, completed_up_to=5) == {2, 3}


@pytest.mark.parametrize(
    ("behind", "completed", "alerted", "expected"),
    [
        ({3}, 4, None, None),  # one week is not yet a worry
        ({3, 4}, 4, None, 4),
        ({3, 4}, 5, None, 4),  # reported late: still alerted
        ({3, 4, 5}, 5, 4, None),  # the same run grew: alerted once
        ({3, 4, 5}, 5, None, 5),
        ({3, 4, 7, 8}, 8, 4, 8),  # a new run after a week on plan
        ({3, 4, 7, 8}, 8, 8, None),
        ({3, 4, 7}, 8, 4, None),  # the latest run of two was alerted; a single week is not a run
        ({4, 5}, 4, None, None),  # week 5 has not ended
        (set(), 10, None, None),
    ],
)
def test_two_completed_weeks_in_a_row_behind_alert_once_per_run(behind, completed, alerted, expected):
    assert rules.streak_to_alert(behind, completed, alerted) == expected


def test_hours_read_as_people_write_them():
    with translation.override("nl"):
        assert [rules.hours_text(value) for value in (D("8.0"), D("12.5"), D(20), "40")] == ["8", "12,5", "20", "40"]
    with translation.override("en"):
        assert rules.hours_text(D("12.5")) == "12.5"


@pytest.mark.parametrize(
    ("worked", "completed", "expected"),
    [
        ({1: "8", 2: "12", 3: "16"}, 3, True),
        ({1: "8", 2: "10", 3: "16"}, 5, True),  # one week behind is still on plan
        ({1: "6", 2: "10", 3: "16"}, 3, False),  # two weeks in a row behind
        ({1: "8", 2: "12", 3: "15"}, 3, False),  # the target not reached in the last week
        ({1: "8", 2: "12"}, 3, False),  # the last week not reported
        ({1: "8", 2: "12", 3: "16"}, 2, False),  # the last week is not over yet
    ],
)
def test_a_build_up_completed_on_plan(worked, completed, expected):
    reports = {week: {"employer": D(hours)} for week, hours in worked.items()}
    assert rules.completed_on_plan(["8", "12", "16"], D(16), reports, completed) is expected
    assert rules.completed_on_plan([], D(16), {}, 10) is False
