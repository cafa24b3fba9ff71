"""Assignment when the professional opens the case page, and which arm decides the worker's order."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from experiments.models import Assignment, Experiment
from experiments.selectors import ranking_arm
from experiments.services import assign_on_case_open, withdraw
from matching.models import Case
from matching.ranking import Weights
from network.models import Role
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


def open_case_page(client, professional, case):
    client.force_login(professional)
    response = client.get(reverse("pages:client_detail", args=[case.pk]))
    assert response.status_code == 200
    return response


def test_opening_the_case_page_assigns_exactly_once(client, bob, experiment, case_in_a):
    for _ in range(3):
        open_case_page(client, bob, case_in_a)
    assignment = Assignment.objects.get()
    assert (assignment.experiment, assignment.case) == (experiment, case_in_a)
    assert assignment.arm == experiment.arm_for_case(case_in_a.pk)


def test_the_same_seed_gives_the_same_arms_in_a_new_experiment(bob, make_experiment, network_a, network_b):
    cases = [
        Case.objects.create(
            professional=bob,
            worker=UserFactory(role=Role.WORKER),
            invited_email=f"w{index}@example.nl",
            status=Case.Status.ACTIVE,
            network=network_a,
        )
        for index in range(40)
    ]
    first = make_experiment(network_a, seed=99)
    arms_first = [assign_on_case_open(case).arm for case in cases]
    again = make_experiment(network_b, seed=99)
    for case in cases:
        case.network = network_b
    assert [assign_on_case_open(case).arm for case in cases] == arms_first
    assert again.seed == first.seed and set(arms_first) == {"score", "gewoon"}


@pytest.mark.parametrize(
    "setup",
    ["no network", "other network", "planned", "ended", "stopped", "case ended"],
)
def test_no_assignment_outside_a_running_experiment_of_the_cases_network(
    client, bob, setup, make_experiment, case, network_a, network_b
):
    case.network = network_b if setup == "other network" else None if setup == "no network" else network_a
    case.save()
    experiment = make_experiment(network_a, starts_in=1 if setup == "planned" else 0)
    if setup == "ended":
        Experiment.objects.filter(pk=experiment.pk).update(
            starts_on=timezone.localdate() - timedelta(days=10), ends_on=timezone.localdate() - timedelta(days=1)
        )
    if setup == "stopped":
        Experiment.objects.filter(pk=experiment.pk).update(stopped_at=timezone.now())
    if setup == "case ended":
        case.status = Case.Status.ENDED
        case.save()
        assert assign_on_case_open(case) is None
    else:
        open_case_page(client, bob, case)
    assert not Assignment.objects.exists()


def test_a_simultaneous_assignment_is_read_back_not_doubled(experiment, case_in_a):
    """Two page opens at once: the other request's row wins the unique constraint, this one reads it."""
    Assignment.objects.create(experiment=experiment, case=case_in_a, arm="gewoon")  # the other request's row
    # This request's get_or_create looked before that row was there, and its insert hits the constraint.
    lost = IntegrityError("UNIQUE constraint failed: experiments_assignment.experiment_id, case_id")
    with mock.patch.object(Assignment.objects, "get_or_create", side_effect=lost):
        assignment = assign_on_case_open(case_in_a)
    assert assignment.arm == "gewoon" and Assignment.objects.count() == 1


def test_the_unique_constraint_holds(experiment, case_in_a):
    Assignment.objects.create(experiment=experiment, case=case_in_a, arm="score")
    with pytest.raises(IntegrityError):
        Assignment.objects.create(experiment=experiment, case=case_in_a, arm="gewoon")


def test_ranking_arm_gives_the_arm_with_its_weights(alice, make_experiment, network_a, case_in_a):
    weights = {"interest": 9, "distance": 1}
    experiment = make_experiment(
        network_a,
        seed=5,
        arms=[
            {"key": "a", "label": "A", "kind": "ranking", "weights": weights},
            {"key": "b", "label": "B", "kind": "ranking", "weights": weights},
        ],
    )
    assert ranking_arm(alice) is None  # not assigned yet
    assignment = assign_on_case_open(case_in_a)
    arm = ranking_arm(alice)
    assert (arm.experiment_id, arm.key, arm.plain) == (experiment.pk, assignment.arm, False)
    assert arm.weights == Weights.from_mapping(weights)
    assert arm.label == assignment.arm.upper()


def test_ranking_arm_plain_and_weights_in_force(alice, experiment, case_in_a):
    assignment = assign_on_case_open(case_in_a)
    arm = ranking_arm(alice)
    assert arm.plain == (assignment.arm == "gewoon")
    assert arm.weights is None


def test_ranking_arm_is_the_newest_of_several(alice, make_experiment, network_a, network_b, case_in_a):
    make_experiment(network_a)
    older = assign_on_case_open(case_in_a)
    other_professional = UserFactory(role=Role.PROFESSIONAL, mfa=True)
    second = Case.objects.create(
        professional=other_professional, worker=alice, invited_email=alice.email, status="active", network=network_b
    )
    experiment_b = make_experiment(network_b)
    Assignment.objects.filter(pk=older.pk).update(assigned_at=timezone.now() - timedelta(days=1))
    newer = assign_on_case_open(second)
    assert ranking_arm(alice).experiment_id == experiment_b.pk and ranking_arm(alice).key == newer.arm
    withdraw(assignment=newer, by=alice)
    assert ranking_arm(alice).experiment_id == older.experiment_id


@pytest.mark.parametrize("change", ["withdrawn", "case ended", "network changed", "stopped", "other worker"])
def test_ranking_arm_is_none_when_the_assignment_no_longer_counts(alice, experiment, case_in_a, network_b, change):
    assignment = assign_on_case_open(case_in_a)
    assert ranking_arm(alice) is not None
    worker = alice
    if change == "withdrawn":
        withdraw(assignment=assignment, by=alice)
    elif change == "case ended":
        Case.objects.filter(pk=case_in_a.pk).update(status=Case.Status.ENDED)
    elif change == "network changed":
        Case.objects.filter(pk=case_in_a.pk).update(network=network_b)
    elif change == "stopped":
        Experiment.objects.filter(pk=experiment.pk).update(stopped_at=timezone.now())
    else:
        worker = UserFactory(role=Role.WORKER)
    assert ranking_arm(worker) is None


def test_ranking_arm_of_nobody(rf):
    from django.contrib.auth.models import AnonymousUser

    assert ranking_arm(None) is None and ranking_arm(AnonymousUser()) is None


def test_the_notice_tag_shows_nothing_to_others(alice, bob, experiment, case_in_a):
    from django.template import Context, Template

    assign_on_case_open(case_in_a)
    template = Template("{% load experiments_tags %}{% experiment_notice user %}")
    assert "Score or plain" in template.render(Context({"user": alice}))
    assert template.render(Context({"user": bob})).strip() == ""
    assert template.render(Context({})).strip() == ""
