"""Every refusal over HTTP (and in the services): who may run, see, stop and download experiments, who may
withdraw, and who may set a client's network. Each test fails when its guard is taken away."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from experiments import services
from experiments.models import Assignment, Experiment
from matching.models import Case
from network.models import Role
from tests.experiments.test_flow import arm_post
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


def coordinator_pages(experiment, network):
    return [
        ("get", reverse("experiments:list")),
        ("get", reverse("experiments:create", args=[network.pk])),
        ("post", reverse("experiments:create", args=[network.pk])),
        ("get", reverse("experiments:detail", args=[experiment.pk])),
        ("post", reverse("experiments:stop", args=[experiment.pk])),
        ("get", reverse("experiments:csv", args=[experiment.pk])),
    ]


def test_visitors_are_sent_to_the_login(client, experiment, network_a):
    for method, url in coordinator_pages(experiment, network_a):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize("role", [Role.WORKER, Role.PROFESSIONAL, Role.EMPLOYER])
def test_other_roles_get_403(client, users_by_role, role, experiment, network_a):
    client.force_login(users_by_role[role])
    for method, url in coordinator_pages(experiment, network_a):
        assert getattr(client, method)(url).status_code == 403, url
    experiment.refresh_from_db()
    assert experiment.stopped_at is None


def test_a_coordinator_without_two_step_verification_sets_it_up_first(client, refused_coordinators, network_a):
    client.force_login(refused_coordinators["coordinator without two-step verification"])
    response = client.get(reverse("experiments:create", args=[network_a.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_a_coordinator_of_another_network_does_not_reach_this_one(client, refused_coordinators, experiment, network_a):
    client.force_login(refused_coordinators["coordinator of another network"])
    for method, url in coordinator_pages(experiment, network_a)[1:5]:
        assert getattr(client, method)(url, arm_post() if method == "post" else None).status_code == 404, url
    assert "Score or plain" not in client.get(reverse("experiments:list")).content.decode()
    assert Experiment.objects.count() == 1
    experiment.refresh_from_db()
    assert experiment.stopped_at is None


def test_staff_run_experiments_in_every_network(client, erin, network_b):
    client.force_login(erin)
    assert "Netwerk Twente" in client.get(reverse("experiments:list")).content.decode()
    response = client.post(reverse("experiments:create", args=[network_b.pk]), arm_post())
    assert response.status_code == 302
    assert Experiment.objects.get().network == network_b


def test_only_staff_download_the_figures(client, dave, experiment):
    client.force_login(dave)
    assert client.get(reverse("experiments:detail", args=[experiment.pk])).status_code == 200
    assert client.get(reverse("experiments:csv", args=[experiment.pk])).status_code == 403


def test_stopping_is_a_post(client, dave, experiment):
    client.force_login(dave)
    assert client.get(reverse("experiments:stop", args=[experiment.pk])).status_code == 405
    assert client.post(reverse("experiments:stop", args=[experiment.pk])).status_code == 302
    experiment.refresh_from_db()
    assert experiment.stopped_at is not None and not experiment.is_running
    # Stopping twice is refused with a message, not an error.
    response = client.post(reverse("experiments:stop", args=[experiment.pk]), follow=True)
    assert response.status_code == 200


def test_the_services_refuse_who_may_not(dave, network_b, experiment, alice, bob, case):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.create_experiment(
            network=network_b,
            by=dave,
            name="Elsewhere",
            arms=experiment.arms,
            consent_text="Text",
            starts_on=today,
            ends_on=today,
        )
    with pytest.raises(PermissionDenied):
        services.stop_experiment(experiment=experiment, by=bob)
    assignment = Assignment.objects.create(experiment=experiment, case=case, arm="score")
    with pytest.raises(PermissionDenied):
        services.withdraw(assignment=assignment, by=bob)
    with pytest.raises(PermissionDenied):
        services.set_case_network(case=case, network=network_b, by=UserFactory(role=Role.PROFESSIONAL))
    case.status = Case.Status.ENDED
    with pytest.raises(PermissionDenied):
        services.set_case_network(case=case, network=network_b, by=bob)


# --- one running experiment per network, and what a form refuses ------------------------------------


def test_overlapping_experiments_in_one_network_are_refused(english, dave, experiment, network_a, make_experiment):
    english.force_login(dave)
    starts = experiment.ends_on
    response = english.post(
        reverse("experiments:create", args=[network_a.pk]),
        arm_post(starts_on=starts.isoformat(), ends_on=(starts + timedelta(days=3)).isoformat()),
    )
    assert response.status_code == 400
    assert "already has an experiment" in response.content.decode()
    assert Experiment.objects.count() == 1
    # The day after it ends is free; so is any date once it is stopped.
    make_experiment(network_a, starts_in=(experiment.ends_on - timezone.localdate()).days + 1, days=3)
    services.stop_experiment(experiment=experiment, by=dave)
    make_experiment(network_a, starts_in=0, days=2, name="Next")
    assert Experiment.objects.count() == 3


def test_a_second_network_has_its_own_experiment(make_experiment, experiment, network_b):
    assert make_experiment(network_b).network == network_b


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "A\x00B"}, "name", "Null characters are not allowed."),
        ({"starts_on": "2001-01-01"}, "starts_on", "cannot start in the past"),
        ({"ends_on": "2001-01-01"}, "ends_on", "cannot be before the first day"),
        ({"ends_on": "9999-12-31"}, "ends_on", "at most a year"),
        ({"starts_on": "31-31-2020"}, "starts_on", "Enter a valid date."),
        ({"arm_2_key": "", "arm_2_label": "", "arm_2_kind": ""}, None, "at least two arms"),
        ({"arm_2_key": "score"}, "arm_2_key", "its own key"),
        ({"arm_2_key": "met spatie"}, "arm_2_key", "Enter a valid"),
        ({"arm_2_label": ""}, "arm_2_label", "Give this arm a name"),
        ({"arm_2_kind": ""}, "arm_2_kind", "Choose the order"),
        ({"arm_2_kind": "random"}, "arm_2_kind", "Select a valid choice"),
        ({"arm_2_weights": "interest=2"}, "arm_2_weights", "plain order uses no weights"),
        ({"arm_1_weights": "salary=2"}, "arm_1_weights", "unknown component: salary"),
        ({"arm_1_weights": "interest=500"}, "arm_1_weights", "choose a weight from 0 to 100"),
        ({"arm_1_weights": "interest=nan"}, "arm_1_weights", "enter a number"),
        ({"arm_1_weights": "interest"}, "arm_1_weights", "write component=number"),
    ],
)
def test_the_form_refuses_with_the_reason(english, dave, network_a, overrides, field, message):
    english.force_login(dave)
    response = english.post(reverse("experiments:create", args=[network_a.pk]), arm_post(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__")
    assert errors and any(message in error for error in errors), form.errors
    assert not Experiment.objects.exists()


def test_three_and_four_arms_with_own_weights(english, dave, network_a):
    english.force_login(dave)
    extra = {
        "arm_3_key": "interest",
        "arm_3_label": "Interests count most",
        "arm_3_kind": "ranking",
        "arm_3_weights": "interest=10, competence=1",
        "arm_4_key": "near",
        "arm_4_label": "Nearby first",
        "arm_4_kind": "ranking",
        "arm_4_weights": "distance=5",
    }
    assert english.post(reverse("experiments:create", args=[network_a.pk]), arm_post(**extra)).status_code == 302
    arms = Experiment.objects.get().arms
    assert [arm["key"] for arm in arms] == ["score", "gewoon", "interest", "near"]
    assert arms[2]["weights"]["interest"] == 10.0 and arms[3]["weights"]["distance"] == 5.0


# --- withdrawing --------------------------------------------------------------------------------------


@pytest.fixture
def assignment(experiment, case_in_a):
    return services.assign_on_case_open(case_in_a)


def test_only_the_worker_themself_withdraws(client, assignment, bob, dave):
    url = reverse("experiments:withdraw", args=[assignment.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    other_worker = UserFactory(role=Role.WORKER)
    client.force_login(other_worker)
    assert client.post(url).status_code == 404
    for user in (bob, dave):
        client.force_login(user)
        assert client.post(url).status_code == 403
    assignment.refresh_from_db()
    assert assignment.withdrawn_at is None


def test_withdrawing_is_a_post(client, alice, assignment):
    client.force_login(alice)
    assert client.get(reverse("experiments:withdraw", args=[assignment.pk])).status_code == 405
    assignment.refresh_from_db()
    assert assignment.withdrawn_at is None


# --- the client's network -------------------------------------------------------------------------------


def test_only_the_own_professional_sets_the_clients_network(client, case, alice, network_a):
    url = reverse("experiments:case_network", args=[case.pk])
    other = UserFactory(role=Role.PROFESSIONAL, mfa=True)
    client.force_login(other)
    assert client.post(url, {"network": network_a.pk}).status_code == 404
    client.force_login(alice)
    assert client.post(url, {"network": network_a.pk}).status_code == 403
    case.refresh_from_db()
    assert case.network is None


def test_not_on_a_case_that_is_not_active(client, case, bob, network_a):
    case.status = Case.Status.ENDED
    case.save()
    client.force_login(bob)
    assert (
        client.post(reverse("experiments:case_network", args=[case.pk]), {"network": network_a.pk}).status_code == 403
    )
    case.refresh_from_db()
    assert case.network is None


def test_a_network_that_does_not_exist_is_refused(english, case, bob, network_a):
    english.force_login(bob)
    url = reverse("experiments:case_network", args=[case.pk])
    for value in ("999999", "abc", "1\x00"):
        response = english.post(url, {"network": value}, follow=True)
        assert response.status_code == 200
        assert "Choose one of the networks in the list." in response.content.decode()
    case.refresh_from_db()
    assert case.network is None
    english.post(url, {"network": network_a.pk})
    english.post(url, {"network": ""})  # no network
    case.refresh_from_db()
    assert case.network is None
