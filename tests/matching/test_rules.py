from decimal import Decimal

import pytest

from matching.rules import (
    ADAPTATION_REACH,
    Capacity,
    DimensionConstraint,
    LoadProfile,
    Status,
    VacancyHours,
    WorkerHours,
    adaptation_bridges,
    adapted_load,
    dimension_status,
    evaluate,
    hours_constraint,
    hours_status,
    search_constraints,
    worst,
)
from matching.validation import ProfileError, ProfileErrors


@pytest.mark.parametrize(
    ("load", "capacity", "adaptable", "expected"),
    [
        (0, 0, False, Status.GREEN),
        (2, 2, False, Status.GREEN),
        (1, 3, False, Status.GREEN),
        (2, 1, True, Status.ORANGE),
        (2, 1, False, Status.RED),
        (3, 1, True, Status.RED),
    ],
)
def test_dimension_status(load, capacity, adaptable, expected):
    assert dimension_status(load, capacity, adaptable) is expected


def test_worst():
    assert worst() is Status.GREEN
    assert worst(Status.GREEN, Status.ORANGE) is Status.ORANGE
    assert worst(Status.ORANGE, Status.RED, Status.GREEN) is Status.RED


def test_lifting_explanation_reads_like_the_issue_example():
    fit = evaluate(Capacity({"IV.13": 1}), LoadProfile({"IV.13": 1}))
    [lifting] = fit.dimensions
    assert lifting.status is Status.GREEN
    assert lifting.explanation("nl") == "Tillen: u kunt ongeveer 5 kg tillen, deze baan vraagt ongeveer 5 kg — past."
    assert lifting.explanation("en").startswith("Lifting: you can lift about 5 kg")
    assert lifting.explanation("en").endswith("— fits.")


def test_unstated_capacity_is_the_norm_and_unstated_load_is_zero():
    capacity, load = Capacity({}), LoadProfile({})
    assert capacity.level("IV.13") == 3
    assert load.level("IV.13") == 0
    assert evaluate(capacity, load).fit is Status.GREEN


def test_fit_is_red_if_any_dimension_is_red_else_orange_if_any_is_orange():
    capacity = Capacity({"IV.13": 1, "V.4": 1, "III.6": 0})
    orange = evaluate(capacity, LoadProfile({"IV.13": 2, "V.4": 1}, frozenset({"IV.13"})))
    assert orange.fit is Status.ORANGE
    assert [r.code for r in orange.decisive()] == ["IV.13"]
    assert "past als de werkgever dit aanpast" in orange.decisive()[0].explanation("nl")
    red = evaluate(capacity, LoadProfile({"IV.13": 2, "III.6": 1}, frozenset({"IV.13"})))
    assert red.fit is Status.RED
    assert [r.code for r in red.decisive()] == ["III.6", "IV.13"]  # red first
    assert red.decisive()[0].explanation("nl").endswith("— past niet.")


def test_results_cover_loaded_and_limited_dimensions_only():
    fit = evaluate(Capacity({"V.1": 1}), LoadProfile({"IV.4": 3}))
    assert {result.code for result in fit.dimensions} == {"V.1", "IV.4"}
    assert [r.code for r in fit.decisive()] == ["V.1"]  # all green: the worker's limitation is what was checked


def test_api_shape_of_a_result():
    fit = evaluate(Capacity({"IV.13": 1}), LoadProfile({"IV.13": 2}, frozenset({"IV.13"})))
    data = fit.as_api("en")
    assert data["fit"] == "orange"
    assert data["dimensions"][0] == {
        "code": "IV.13",
        "load": 2,
        "capacity": 1,
        "status": "orange",
        "adaptable": True,
        "explanation": data["dimensions"][0]["explanation"],
    }
    assert data["hours"] == {"status": "green", "explanation": "Hours: you did not give any hours — fits."}


@pytest.mark.parametrize(
    ("levels", "field"),
    [
        ({"IV.99": 1}, "capacity.IV.99"),
        ({"IV.13": 4}, "capacity.IV.13"),
        ({"IV.13": -1}, "capacity.IV.13"),
        ({"III.6": 2}, "capacity.III.6"),
        ({"IV.13": "3"}, "capacity.IV.13"),
        ({"IV.13": True}, "capacity.IV.13"),
        ({"IV.13": 1.5}, "capacity.IV.13"),
    ],
)
def test_capacity_rejects_unknown_codes_and_out_of_range_levels_naming_the_field(levels, field):
    with pytest.raises(ProfileError) as error:
        Capacity(levels)
    assert error.value.field == field
    assert error.value.message("nl") and error.value.message("en")


def test_several_errors_are_reported_together():
    with pytest.raises(ProfileErrors) as error:
        LoadProfile({"IV.13": 9, "X.1": 1})
    assert set(error.value.by_field("nl")) == {"load.IV.13", "load.X.1"}
    assert error.value.by_field("nl")["load.IV.13"] == "kies een niveau van 0 tot en met 3"


def test_load_rejects_unknown_adaptable_codes():
    with pytest.raises(ProfileError) as error:
        LoadProfile({}, frozenset({"IV.13", "nonsense"}))
    assert error.value.field == "adaptable"
    assert "nonsense" in error.value.message("en")


def test_capacity_from_fml_codes_maps_code_c_to_k_minus_c():
    capacity = Capacity.from_fml({"IV.13": 2, "III.6": 1, "V.4": 0})
    assert capacity.levels == {"IV.13": 1, "III.6": 0, "V.4": 3}
    assert capacity.limited() == {"IV.13": 1, "III.6": 0}
    with pytest.raises(ProfileError) as error:
        Capacity.from_fml({"IV.13": 4})
    assert error.value.field == "fml.IV.13"


# --- hours ----------------------------------------------------------------------------------------


def vacancy(**terms):
    defaults = {"per_week_min": 24, "per_week_max": 32}
    return VacancyHours(**(defaults | terms))


def test_no_hours_given_is_green():
    assert hours_status(None, vacancy()).status is Status.GREEN


def test_per_day_limit_beats_everything():
    result = hours_status(WorkerHours(per_week=40, per_day=4), vacancy(per_day_max=8))
    assert (result.status, result.reason) == (Status.RED, "per_day")
    assert result.explanation("nl") == (
        "Uren: u kunt 4 uur per dag werken, deze baan vraagt tot 8 uur per dag — past niet."
    )


def test_enough_hours_per_week_is_green():
    assert hours_status(WorkerHours(per_week=24), vacancy()).status is Status.GREEN
    assert hours_status(WorkerHours(per_week=24, per_day=8), vacancy(per_day_max=8)).status is Status.GREEN


def test_phased_start_makes_too_few_hours_orange_when_the_target_reaches_the_minimum():
    phased = vacancy(phased_start=True, phased_start_per_week=12, phased_weeks=8)
    result = hours_status(WorkerHours(per_week=12, target_per_week=24), phased)
    assert result.status is Status.ORANGE
    assert "bouwt in 8 weken op naar 24 uur" in result.explanation("nl")
    # target below the minimum, or starting hours above what the worker can do now → red
    assert hours_status(WorkerHours(per_week=12, target_per_week=20), phased).status is Status.RED
    assert hours_status(WorkerHours(per_week=10, target_per_week=30), phased).status is Status.RED
    # without a target the target is per_week
    assert hours_status(WorkerHours(per_week=12), phased).status is Status.RED


def test_too_few_hours_without_phased_start_is_red():
    result = hours_status(WorkerHours(per_week=Decimal("16.5")), vacancy())
    assert result.status is Status.RED
    assert "16,5 uur per week" in result.explanation("nl")
    assert "16.5 hours a week" in result.explanation("en")


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"per_week_min": 32, "per_week_max": 24}, "hours.per_week_max"),
        ({"per_week_max": 61}, "hours.per_week_max"),
        ({"per_week_min": 0}, "hours.per_week_min"),
        ({"per_day_max": 13}, "hours.per_day_max"),
        ({"phased_start": True, "phased_start_per_week": 30, "phased_weeks": 4}, "hours.phased_start_per_week"),
        ({"phased_start": True, "phased_start_per_week": 12, "phased_weeks": 0}, "hours.phased_weeks"),
        ({"phased_start": True, "phased_start_per_week": 12, "phased_weeks": 53}, "hours.phased_weeks"),
        ({"phased_start": True, "phased_weeks": 6}, "hours.phased_start_per_week"),
    ],
)
def test_vacancy_hours_validation_names_the_field(terms, field):
    with pytest.raises(ProfileError) as error:
        vacancy(**terms)
    assert error.value.field == field


def test_vacancy_hours_at_the_limits_are_accepted():
    vacancy(per_week_min=60, per_week_max=60, per_day_max=12)
    vacancy(phased_start=True, phased_start_per_week=24, phased_weeks=52)
    vacancy(phased_start=True, phased_start_per_week=1, phased_weeks=1)


def test_worker_hours_validation():
    with pytest.raises(ProfileError) as error:
        WorkerHours(per_week=20, target_per_week=10)
    assert error.value.field == "hours.target_per_week"
    with pytest.raises(ProfileError):
        WorkerHours(per_week=20, per_day=13)


def test_hours_decide_the_overall_fit():
    fit = evaluate(Capacity({}), LoadProfile({}), WorkerHours(per_week=8), vacancy())
    assert fit.fit is Status.RED


# --- what search backends compile ------------------------------------------------------------------


def test_search_constraints_only_for_limited_dimensions():
    capacity = Capacity({"IV.13": 1, "V.4": 3, "III.6": 0})
    assert search_constraints(capacity) == [
        DimensionConstraint("III.6", 0, 1),
        DimensionConstraint("IV.13", 1, 2),
    ]
    assert search_constraints(capacity, include_orange=False)[1] == DimensionConstraint("IV.13", 1, None)


def test_constraint_agrees_with_the_dimension_rule():
    for capacity in range(4):
        constraint = DimensionConstraint("IV.13", capacity, capacity + 1)
        for load in range(4):
            for adaptable in (set(), {"IV.13"}):
                assert constraint.status(load, adaptable) is dimension_status(load, capacity, bool(adaptable))


def test_an_adaptation_bridges_one_level_and_no_more():
    assert ADAPTATION_REACH == 1
    assert adaptation_bridges(2, 1, adaptable=True)
    assert not adaptation_bridges(2, 1, adaptable=False)
    assert not adaptation_bridges(3, 1, adaptable=True)  # two levels above the capacity
    assert not adaptation_bridges(1, 1, adaptable=True)  # not above the capacity: green, nothing to bridge


def test_the_adapted_load_is_what_backends_compare_with_the_capacity():
    for capacity in range(4):
        for load in range(4):
            for adaptable in (False, True):
                passes = dimension_status(load, capacity, adaptable) is not Status.RED
                assert passes is (adapted_load(load, adaptable) <= capacity)


def test_worker_hours_without_vacancy_hours_say_the_vacancy_states_none():
    fit = evaluate(Capacity({}), LoadProfile({}), WorkerHours(per_week=24))
    assert fit.hours.status is Status.GREEN
    assert fit.hours.explanation("nl") == "Uren: deze vacature vermeldt geen uren — past."
    assert fit.hours.explanation("en") == "Hours: this vacancy does not state its hours — fits."
    assert "you did not give" not in fit.hours.explanation("en")
    assert "u heeft geen uren opgegeven" not in fit.hours.explanation("nl")


def test_hours_explanations_in_both_languages():
    phased = vacancy(per_week_min=Decimal("24.5"), phased_start=True, phased_start_per_week=12, phased_weeks=8)
    result = hours_status(WorkerHours(per_week=Decimal("12.0"), target_per_week=32), phased)
    assert result.explanation("nl") == (
        "Uren: u kunt nu 12 uur per week werken; deze baan begint met 12 uur per week en bouwt in 8 weken op "
        "naar 24,5 uur — past met opbouw van uren."
    )
    assert result.explanation("en") == (
        "Hours: you can work 12 hours a week now; this job starts with 12 hours a week and builds up to "
        "24.5 hours in 8 weeks — fits with a phased start."
    )
    green = hours_status(WorkerHours(per_week=32), vacancy())
    assert (
        green.explanation("nl")
        == "Uren: u kunt 32 uur per week werken, deze baan vraagt minstens 24 uur per week — past."
    )
    assert (
        green.explanation("en") == "Hours: you can work 32 hours a week, this job asks at least 24 hours a week — fits."
    )
    assert hours_status(None, vacancy()).explanation("nl") == "Uren: u heeft geen uren opgegeven — past."


def test_validation_messages_in_both_languages():
    with pytest.raises(ProfileErrors) as error:
        VacancyHours(per_week_min=0, per_week_max=61, per_day_max=13, phased_start=True, phased_weeks=53)
    assert error.value.by_field("nl") == {
        "hours.per_week_min": "vul meer dan 0 en hoogstens 60 uur per week in",
        "hours.per_week_max": "vul meer dan 0 en hoogstens 60 uur per week in",
        "hours.per_day_max": "vul meer dan 0 en hoogstens 12 uur per dag in",
        "hours.phased_start_per_week": "vul in met hoeveel uur per week iemand begint",
        "hours.phased_weeks": "vul een aantal weken van 1 tot en met 52 in",
    }
    assert error.value.by_field("en")["hours.per_day_max"] == "enter more than 0 and at most 12 hours a day"
    with pytest.raises(ProfileError) as error:
        Capacity.from_fml({"IV.13": 4})
    assert error.value.message("nl") == "kies een FML-code uit 0, 1, 2, 3"
    assert str(error.value) == "fml.IV.13: choose an FML code from 0, 1, 2, 3"
    with pytest.raises(ProfileError) as error:
        Capacity({"X.1": 1})
    assert (error.value.message("nl"), error.value.message("en")) == ("onbekende code 'X.1'", "unknown code 'X.1'")


def test_the_hours_constraint_agrees_with_the_hours_rule():
    steps = [Decimal(h) for h in ("4", "8", "12", "12.5", "16", "24", "32")]
    days = [None, Decimal("4"), Decimal("7.5"), Decimal("8")]
    workers = [
        WorkerHours(now, day, target)
        for now in steps
        for day in days
        for target in [None, *[h for h in steps if h >= now]]
    ]
    vacancies = [
        VacancyHours(minimum, minimum, day, True, start, 4) if start else VacancyHours(minimum, minimum, day)
        for minimum in steps
        for day in days
        for start in [None, *[h for h in steps if h <= minimum]]
    ]
    for worker in workers:
        for include_orange in (True, False):
            constraint = hours_constraint(worker, include_orange)
            for hours in vacancies:
                expected = hours_status(worker, hours).status
                if expected is Status.ORANGE and not include_orange:
                    expected = Status.RED
                assert constraint.status(hours) is expected, (worker, hours, include_orange)
    assert hours_constraint(None) is None
