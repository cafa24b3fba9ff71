"""The whole journey over HTTP: a coordinator creates an experiment, a professional opens a client's page,
the client is assigned, sees the notice, reacts to a vacancy, and the figures show it; staff download them."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from experiments.models import Assignment, Experiment
from experiments.selectors import ranking_arm
from listings.models import Application
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def arm_post(**overrides):
    today = timezone.localdate()
    data = {
        "name": "Score or plain",
        "consent_text": "We test which order of vacancies helps most. You can stop at any time.",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(weeks=6)).isoformat(),
        "arm_1_key": "score",
        "arm_1_label": "Order by score",
        "arm_1_kind": "ranking",
        "arm_1_weights": "",
        "arm_2_key": "gewoon",
        "arm_2_label": "Plain order",
        "arm_2_kind": "plain",
        "arm_2_weights": "",
    }
    return {**data, **overrides}


def test_from_creating_an_experiment_to_the_figures(english, dave, bob, alice, erin, case, network_a, carol_link):
    client = english
    # The coordinator finds the experiments from the dashboard and creates one in their network.
    client.force_login(dave)
    assert reverse("experiments:list") in client.get(reverse("pages:coordinator_home")).content.decode()
    listing = client.get(reverse("experiments:list"))
    assert listing.status_code == 200 and "Netwerk Amsterdam" in listing.content.decode()
    assert client.get(reverse("experiments:create", args=[network_a.pk])).status_code == 200
    response = client.post(reverse("experiments:create", args=[network_a.pk]), arm_post())
    experiment = Experiment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("experiments:detail", args=[experiment.pk])
    assert experiment.network == network_a and experiment.created_by == dave and experiment.is_running
    assert [arm["key"] for arm in experiment.arms] == ["score", "gewoon"]

    # The professional says which network the client searches in, and opens the client's page: assigned.
    client.force_login(bob)
    response = client.post(reverse("experiments:case_network", args=[case.pk]), {"network": network_a.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.network == network_a
    assert not Assignment.objects.exists()
    page = client.get(reverse("pages:client_detail", args=[case.pk])).content.decode()
    assignment = Assignment.objects.get()
    assert assignment.case == case and assignment.experiment == experiment
    assert assignment.arm == experiment.arm_for_case(case.pk)
    assert "takes part in the experiment “Score or plain” since" in page
    client.get(reverse("pages:client_detail", args=[case.pk]))
    assert Assignment.objects.count() == 1  # opening the page again assigns nothing new

    # The worker sees the notice with the text, the name and the dates; the arm decides their order.
    client.force_login(alice)
    profile = client.get(reverse("matching:my_profile")).content.decode()
    assert "You take part in a test: Score or plain" in profile
    assert "We test which order of vacancies helps most." in profile
    assert reverse("experiments:withdraw", args=[assignment.pk]) in profile
    arm = ranking_arm(alice)
    assert arm.experiment_id == experiment.pk and arm.key == assignment.arm
    assert arm.plain == (assignment.arm == "gewoon") and arm.weights is None

    # She reacts to a vacancy; it is invited for a talk.
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a)
    Application.objects.create(vacancy=vacancy, worker=alice, outcome=Application.Outcome.INVITED)

    # The coordinator's dashboard per arm shows the counts.
    client.force_login(dave)
    detail = client.get(reverse("experiments:detail", args=[experiment.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "1 of 1: 100% (range 21–100%)" in html  # reacted and invited, with the Wilson interval of 1 of 1
    assert "95% confidence interval" in html
    assert reverse("experiments:csv", args=[experiment.pk]) not in html  # coordinators do not download

    # Staff download the figures: one row per arm, small counts suppressed, nobody named.
    client.force_login(erin)
    detail = client.get(reverse("experiments:detail", args=[experiment.pk])).content.decode()
    assert reverse("experiments:csv", args=[experiment.pk]) in detail
    response = client.get(reverse("experiments:csv", args=[experiment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["arm", "name", "cases", "withdrawn", "reacted", "invited", "hired"]
    assert [row[0] for row in rows[1:]] == ["score", "gewoon"]
    assert all(cell == "<5" for row in rows[1:] for cell in row[2:])
    for private in (alice.email, alice.first_name, str(case.pk), bob.email):
        assert private not in body


def test_the_worker_withdraws_and_gets_the_normal_order(english, alice, bob, experiment, case_in_a):
    english.force_login(bob)
    english.get(reverse("pages:client_detail", args=[case_in_a.pk]))
    assignment = Assignment.objects.get()
    english.force_login(alice)
    response = english.post(
        reverse("experiments:withdraw", args=[assignment.pk]), {"next": reverse("matching:my_profile")}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("matching:my_profile")
    html = response.content.decode()
    assert "You no longer take part in Score or plain" in html  # the confirmation
    assert "You chose not to take part in the experiment" in html
    assert reverse("experiments:withdraw", args=[assignment.pk]) not in html  # no button any more
    assignment.refresh_from_db()
    assert assignment.withdrawn_at is not None
    assert ranking_arm(alice) is None
    # The professional sees it too; the assignment stays (it counts in its arm).
    english.force_login(bob)
    page = english.get(reverse("pages:client_detail", args=[case_in_a.pk])).content.decode()
    assert "not to take part in the experiment “Score or plain”" in page
    assert Assignment.objects.count() == 1


def test_withdrawing_goes_back_only_to_a_page_of_this_site(alice, experiment, case_in_a, client):
    from experiments.services import assign_on_case_open

    assignment = assign_on_case_open(case_in_a)
    client.force_login(alice)
    url = reverse("experiments:withdraw", args=[assignment.pk])
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == reverse("matching:my_profile")
    assert client.post(url, {"next": "/werk-zoeken/\n"})["Location"] == reverse("matching:my_profile")
    assert client.post(url, {"next": "/werk-zoeken/?q=a"})["Location"] == "/werk-zoeken/?q=a"


def test_figures_count_reactions_after_assignment_and_before_the_end(alice, bob, experiment, case_in_a, carol_link):
    from experiments.figures import arm_figures
    from experiments.services import assign_on_case_open

    before = VacancyFactory(employer=carol_link.employer)
    Application.objects.create(vacancy=before, worker=alice, outcome=Application.Outcome.HIRED)  # before: not counted
    assignment = assign_on_case_open(case_in_a)
    arms = {arm.key: arm for arm in arm_figures(experiment)}
    mine = arms[assignment.arm]
    assert mine.cases == 1 and mine.reacted.count == 0 and mine.hired.count == 0
    after = VacancyFactory(employer=carol_link.employer)
    Application.objects.create(vacancy=after, worker=alice, outcome=Application.Outcome.TRIAL)
    mine = {arm.key: arm for arm in arm_figures(experiment)}[assignment.arm]
    assert (mine.reacted.count, mine.invited.count, mine.hired.count) == (1, 1, 1)
    Application.objects.filter(vacancy=after).delete()
    late = VacancyFactory(employer=carol_link.employer)
    Application.objects.create(vacancy=late, worker=alice, created_at=timezone.now() + timedelta(days=60))
    assert {arm.key: arm for arm in arm_figures(experiment)}[assignment.arm].reacted.count == 0  # after the last day
    other = next(arm for key, arm in arms.items() if key != assignment.arm)
    assert other.cases == 0 and other.reacted.interval is None
