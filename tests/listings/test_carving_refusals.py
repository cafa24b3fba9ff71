"""Job carving's refusals: only the worker shares or withdraws, only the vacancy's employer carves, only green
tasks, valid hours, never without the worker's colours; a refusal saves nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from listings import carving
from listings.models import Application, Vacancy
from matching.models import AccessLogEntry, Source
from matching.profiles import save_profile
from network.models import Membership, Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy(carol_link, network_a, order_picker):
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        occupation=order_picker,
        load=order_picker.load_profile(),
        per_week_min=Decimal(24),
        per_week_max=Decimal(32),
    )


@pytest.fixture
def application(vacancy, alice, bob, case):
    save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1},
        hours={"per_week": "24"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )
    return Application.objects.create(vacancy=vacancy, worker=alice, name="Alice")


@pytest.fixture
def shared(application):
    return carving.task_colours_share(application=application, by=application.worker)


def position_of(application, colour: str) -> int:
    return min(int(position) for position, value in application.task_colours.items() if value == colour)


def carve_data(application, **changes) -> dict:
    return {
        "tasks": [position_of(application, "green")],
        "title": "Op maat",
        "description": "Alleen scannen.",
        "hours": "8",
        **changes,
    }


@pytest.fixture
def other_worker(db):
    return UserFactory(role=Role.WORKER)


# --- the worker's consent ---------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["share", "withdraw"])
def test_only_the_applications_own_worker_may_share_or_withdraw_over_http(
    client, application, other_worker, carol, bob, dave, action
):
    url = reverse("listings:application_tasks", args=[application.pk])
    client.force_login(other_worker)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": action}).status_code == 404
    for user in (carol, bob, dave):
        client.force_login(user)
        assert client.post(url, {"action": action}).status_code == 403
    application.refresh_from_db()
    assert (application.task_colours, application.tasks_shared_at) == ({}, None)
    assert not AccessLogEntry.objects.filter(purpose="job_carving").exists()


@pytest.mark.parametrize("service", [carving.task_colours_share, carving.task_colours_withdraw])
def test_the_services_refuse_anyone_but_the_applications_worker(application, shared, other_worker, carol, service):
    for user in (other_worker, carol, None):
        with pytest.raises(PermissionDenied):
            service(application=application, by=user)
    application.refresh_from_db()
    assert application.task_colours and application.tasks_shared_at  # untouched


def test_without_a_profile_nothing_is_shared(client, vacancy, other_worker):
    application = Application.objects.create(vacancy=vacancy, worker=other_worker, name="Zonder profiel")
    client.force_login(other_worker)
    url = reverse("listings:application_tasks", args=[application.pk])
    response = client.post(url, {"action": "share"}, follow=True)
    assert response.status_code == 200
    assert "U heeft nog geen belastbaarheidsprofiel, dus er is niets om te delen." in response.content.decode()
    application.refresh_from_db()
    assert (application.task_colours, application.tasks_shared_at) == ({}, None)
    assert not AccessLogEntry.objects.filter(worker=other_worker).exists()


def test_a_withdrawn_reaction_shares_nothing(application):
    Application.objects.filter(pk=application.pk).update(outcome=Application.Outcome.WITHDRAWN)
    with pytest.raises(ValidationError):
        carving.task_colours_share(application=application, by=application.worker)
    application.refresh_from_db()
    assert application.task_colours == {} and not AccessLogEntry.objects.filter(purpose="job_carving").exists()


def test_an_unknown_action_changes_nothing(client, application, shared):
    client.force_login(application.worker)
    response = client.post(reverse("listings:application_tasks", args=[application.pk]), {"action": "delete"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.task_colours and application.tasks_shared_at


# --- the employer's tailored job --------------------------------------------------------------------------


def test_only_staff_of_the_vacancys_employer_see_the_colours_or_carve(client, shared, bob, dave, alice):
    url = reverse("listings:application_carving", args=[shared.pk])
    other_staff = EmployerStaffFactory().user
    client.force_login(other_staff)
    assert client.get(url).status_code == 404
    assert client.post(url, carve_data(shared)).status_code == 404
    for user in (alice, bob, dave):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, carve_data(shared)).status_code == 403
    assert not Vacancy.objects.filter(carved_for=shared).exists()


def test_the_carving_service_refuses_anyone_but_the_vacancys_staff(shared, alice, dave):
    other_staff = EmployerStaffFactory().user
    for user in (other_staff, alice, dave, None):
        with pytest.raises(PermissionDenied):
            carving.carve_opportunity(
                application=shared, by=user, tasks=[position_of(shared, "green")], title="X", description="Y", hours=8
            )
    assert not Vacancy.objects.filter(carved_for=shared).exists()


def test_others_are_refused_before_they_learn_anything_about_the_workers_consent(application, alice, dave):
    """Refused first: an outsider never hears whether the worker shares their tasks (or which are green)."""
    other_staff = EmployerStaffFactory().user
    for user in (other_staff, alice, dave, None):
        with pytest.raises(PermissionDenied):
            carving.carve_opportunity(application=application, by=user, tasks=[1], title="X", description="Y", hours=8)


def test_a_task_that_is_not_green_cannot_be_chosen(client, shared, carol):
    client.force_login(carol)
    red = position_of(shared, "red")
    response = client.post(
        reverse("listings:application_carving", args=[shared.pk]),
        carve_data(shared, tasks=[position_of(shared, "green"), red]),
    )
    assert response.status_code == 400
    assert 'id="tasks-error"' in response.content.decode()
    assert not Vacancy.objects.filter(carved_for=shared).exists()


@pytest.mark.parametrize("tasks", [[], ["abc"], ["999"]])
def test_no_task_or_a_task_that_is_not_in_the_list_is_refused(client, shared, carol, tasks):
    client.force_login(carol)
    response = client.post(reverse("listings:application_carving", args=[shared.pk]), carve_data(shared, tasks=tasks))
    assert response.status_code == 400
    assert not Vacancy.objects.filter(carved_for=shared).exists()


@pytest.mark.parametrize("hours", ["0", "61", "-4"])
def test_hours_outside_the_vacancy_rules_are_refused_in_dutch_and_nothing_is_saved(client, shared, carol, hours):
    client.force_login(carol)
    response = client.post(reverse("listings:application_carving", args=[shared.pk]), carve_data(shared, hours=hours))
    assert response.status_code == 400
    assert "vul meer dan 0 en hoogstens 60 uur per week in" in response.content.decode()
    assert not Vacancy.objects.filter(carved_for=shared).exists()


@pytest.mark.parametrize("hours", ["", "veel", "12345"])
def test_hours_that_are_no_number_are_refused(client, shared, carol, hours):
    client.force_login(carol)
    response = client.post(reverse("listings:application_carving", args=[shared.pk]), carve_data(shared, hours=hours))
    assert response.status_code == 400
    assert not Vacancy.objects.filter(carved_for=shared).exists()


def test_without_the_workers_colours_nothing_is_made(client, shared, carol):
    data = carve_data(shared)
    carving.task_colours_withdraw(application=shared, by=shared.worker)
    with pytest.raises(ValidationError) as refused:
        carving.carve_opportunity(application=shared, by=carol, **{**data, "hours": Decimal(8)})
    assert not hasattr(refused.value, "error_dict")  # the reason is the consent, not the chosen tasks
    client.force_login(carol)
    response = client.post(reverse("listings:application_carving", args=[shared.pk]), data)
    assert response.status_code == 302
    assert not Vacancy.objects.filter(carved_for=shared).exists()


def test_a_withdrawn_reaction_cannot_be_carved(shared, carol):
    data = carve_data(shared)
    Application.objects.filter(pk=shared.pk).update(outcome=Application.Outcome.WITHDRAWN)
    with pytest.raises(ValidationError):
        carving.carve_opportunity(application=shared, by=carol, **{**data, "hours": Decimal(8)})
    assert not Vacancy.objects.filter(carved_for=shared).exists()


def test_when_submitting_is_refused_the_new_vacancy_is_not_saved_either(client, shared, carol, carol_link):
    """Atomic: the draft is saved before the submit transition, which refuses a lapsed membership."""
    Membership.objects.filter(employer=carol_link.employer).update(status=Membership.Status.ENDED)
    client.force_login(carol)
    response = client.post(reverse("listings:application_carving", args=[shared.pk]), carve_data(shared))
    assert response.status_code == 400
    assert "utrecht-alert--error" in response.content.decode()
    assert not Vacancy.objects.filter(carved_for=shared).exists()
