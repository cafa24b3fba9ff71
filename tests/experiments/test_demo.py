import pytest

from experiments.demo import DEMO_NAME, load_experiment_demo
from experiments.models import Assignment, Experiment
from experiments.selectors import ranking_arm
from matching.demo import load_matching_demo
from network.demo import COORDINATOR_EMAIL, WORKER_EMAIL, demo_employer, load_network_demo
from network.models import User

pytestmark = pytest.mark.django_db


def test_without_the_demo_case_nothing_happens():
    assert load_experiment_demo() == {}
    assert not Experiment.objects.exists()


def test_the_demo_case_takes_part_in_the_demo_networks_experiment_and_running_again_changes_nothing():
    load_network_demo(seed=1)
    load_matching_demo()
    first = load_experiment_demo()
    network = demo_employer().memberships.get().network
    experiment = Experiment.objects.get()
    assert (experiment.name, experiment.network, experiment.is_running) == (DEMO_NAME, network, True)
    assert [(arm["key"], arm["kind"], arm["weights"]) for arm in experiment.arms] == [
        ("score", "ranking", None),
        ("gewoon", "plain", None),
    ]
    assert experiment.created_by.email == COORDINATOR_EMAIL
    assert first["case"].network == network
    assignment = Assignment.objects.get()
    assert assignment.case == first["case"] == first["assignment"].case
    assert ranking_arm(User.objects.get(email=WORKER_EMAIL)).key == assignment.arm
    second = load_experiment_demo()
    assert Experiment.objects.count() == 1 and Assignment.objects.count() == 1
    assert second["experiment"] == experiment and second["assignment"] == assignment
