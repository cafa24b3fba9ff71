"""Job carving's rules: a tailored job's load is the maximum over the chosen tasks (incidental ones too),
the hours its tasks cover, and that tasks which are each green make a job that fits green.

Property-style: many random task sets and capacities, drawn from a seeded random, so a failure repeats.
"""

import random
from decimal import Decimal

import pytest

from matching.catalogue import get_catalogue
from matching.occupation_rules import (
    INCIDENTAL_SHARE_BELOW,
    TaskLoad,
    carved_load,
    derive_load_profile,
    hours_covered,
    triage_tasks,
)
from matching.rules import Capacity, LoadProfile, Status, VacancyHours, WorkerHours, evaluate

CATALOGUE = get_catalogue()
CODES = list(CATALOGUE.codes)
RUNS = 300


def random_task(rng: random.Random, number: int) -> TaskLoad:
    codes = rng.sample(CODES, rng.randint(0, 6))
    return TaskLoad(
        name={"nl": f"Taak {number}", "en": f"Task {number}"},
        share=rng.randint(1, 60),
        load={code: rng.randint(0, CATALOGUE[code].max) for code in codes},
    )


def random_capacity(rng: random.Random) -> Capacity:
    codes = rng.sample(CODES, rng.randint(0, 8))
    return Capacity({code: rng.randint(0, CATALOGUE[code].max) for code in codes})


def test_the_carved_load_is_the_maximum_over_every_chosen_task():
    rng = random.Random(21)
    for _run in range(RUNS):
        tasks = [random_task(rng, n) for n in range(rng.randint(0, 8))]
        load = carved_load(tasks)
        for code in CODES:
            highest = max((task.load.get(code, 0) for task in tasks), default=0)
            assert load.get(code, 0) == highest
            assert code not in load or load[code] > 0  # only what some task asks
        LoadProfile(load)  # always a valid load for the rule book


def test_an_incidental_task_counts_when_it_is_chosen():
    main = TaskLoad(name={"nl": "Hoofdtaak"}, share=80, load={"IV.13": 1})
    incidental = TaskLoad(name={"nl": "Soms"}, share=INCIDENTAL_SHARE_BELOW - 1, load={"IV.13": 3, "VI.1b": 1})
    assert derive_load_profile([main, incidental]) == {"IV.13": 1}  # the occupation: swapped away
    assert carved_load([main, incidental]) == {"IV.13": 3, "VI.1b": 1}  # the tailored job: it is part of it


def test_a_capacity_that_fits_every_chosen_task_green_fits_the_tailored_job_green():
    rng = random.Random(2021)
    checked = 0
    for _run in range(RUNS):
        capacity = random_capacity(rng)
        tasks = [random_task(rng, n) for n in range(rng.randint(1, 8))]
        triage = triage_tasks(capacity, tasks, adaptable=())  # strict: no adaptation counted
        chosen = [t.task for t in triage if t.status is Status.GREEN]
        if not chosen:
            continue
        chosen = rng.sample(chosen, rng.randint(1, len(chosen)))
        hours = hours_covered(chosen, 40) or Decimal("0.5")
        fit = evaluate(
            capacity,
            LoadProfile(carved_load(chosen), frozenset()),
            WorkerHours(per_week=hours),
            VacancyHours(per_week_min=hours, per_week_max=hours),
        )
        assert fit.fit is Status.GREEN, (capacity.levels, [t.load for t in chosen])
        checked += 1
    assert checked > RUNS // 4  # the property was really exercised


def test_a_task_that_is_not_green_makes_the_job_not_green():
    """The other way round: the guard that only green tasks are chosen matters."""
    capacity = Capacity({"IV.13": 1})
    fits = TaskLoad(name={"nl": "Post sorteren"}, share=50, load={"IV.13": 1})
    heavy = TaskLoad(name={"nl": "Dozen tillen"}, share=5, load={"IV.13": 3})
    statuses = [t.status for t in triage_tasks(capacity, [fits, heavy], adaptable=())]
    assert statuses == [Status.GREEN, Status.RED]
    assert evaluate(capacity, LoadProfile(carved_load([fits]))).fit is Status.GREEN
    assert evaluate(capacity, LoadProfile(carved_load([fits, heavy]))).fit is Status.RED


@pytest.mark.parametrize(
    ("shares", "week", "covered"),
    [
        ([25], 32, Decimal(8)),
        ([25, 20], 32, Decimal("14.5")),  # 14.4 → 14.5
        ([10], 32, Decimal(3)),  # 3.2 → 3
        ([33], 13, Decimal("4.5")),  # 4.29 → 4.5
        ([25], Decimal("24.5"), Decimal(6)),  # 6.125 → 6
        ([60, 60], 20, Decimal(20)),  # never more than the whole week
        ([], 32, Decimal(0)),
    ],
)
def test_hours_covered_are_the_shares_of_the_week_to_the_half_hour(shares, week, covered):
    tasks = [TaskLoad(name={"nl": "Taak"}, share=share) for share in shares]
    assert hours_covered(tasks, week) == covered


def test_hours_covered_round_halves_up_and_stay_on_half_hours():
    assert hours_covered([TaskLoad(name={}, share=25)], 29) == Decimal("7.5")  # 7.25 → 7.5
    rng = random.Random(7)
    for _run in range(RUNS):
        tasks = [TaskLoad(name={}, share=rng.randint(1, 50)) for _n in range(rng.randint(0, 5))]
        week = Decimal(rng.randint(1, 120)) / 2
        covered = hours_covered(tasks, week)
        assert (covered * 2) % 1 == 0 and 0 <= covered <= week
        exact = Decimal(min(sum(t.share for t in tasks), 100)) * week / 100
        assert abs(covered - exact) <= Decimal("0.25")
