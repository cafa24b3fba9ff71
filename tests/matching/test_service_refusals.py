"""Every refusal of matching/services.py: cases, preferences, export and erasure.

Each test calls the service as someone it must refuse and checks that nothing was written or read; the
page tests at the end go through the views that expose these services.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from matching import services
from matching.models import AccessLogEntry, CapacityProfile, Case, Source, WorkerPreferences
from matching.profiles import save_profile
from network.models import Role, User
from tests.network.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def cases():
    return list(Case.objects.order_by("pk").values_list("pk", "professional_id", "worker_id", "status", "ended_at"))


# --- case_invite: only professionals with two-step verification ---------------------------------------

INVITERS = {
    "professional without two-step verification": lambda f: UserFactory(role=Role.PROFESSIONAL),
    "deactivated professional": lambda f: UserFactory(role=Role.PROFESSIONAL, mfa=True, is_active=False),
    "worker (alice)": lambda f: f["alice"],
    "employer staff (carol)": lambda f: f["carol"],
    "coordinator with two-step verification (dave)": lambda f: f["dave"],
    "site staff (erin)": lambda f: f["erin"],
}


@pytest.fixture
def named(alice, bob, carol, dave, erin):
    return {"alice": alice, "bob": bob, "carol": carol, "dave": dave, "erin": erin}


def test_a_professional_with_two_step_verification_invites(bob):
    assert services.case_invite(professional=bob, email="nieuw@example.nl").status == Case.Status.INVITED


@pytest.mark.parametrize("who", INVITERS)
def test_case_invite_refuses(who, named):
    actor = INVITERS[who](named)
    with pytest.raises(PermissionDenied):
        services.case_invite(professional=actor, email="nieuw@example.nl", name="Nieuw")
    assert cases() == []


# --- case_end: only the worker and the professional of the case ---------------------------------------


@pytest.mark.parametrize("who", ["another professional", "another worker", "carol", "dave", "erin"])
def test_case_end_refuses_outsiders(who, named, case):
    actor = named.get(who) or UserFactory(role=Role.PROFESSIONAL if "professional" in who else Role.WORKER, mfa=True)
    before = cases()
    with pytest.raises(PermissionDenied):
        services.case_end(case=case, by=actor)
    assert cases() == before
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE


def test_a_pending_invitation_cannot_be_ended_by_its_addressee_before_answering(bob, alice):
    """Alice is not yet the case's worker (worker is empty until she accepts), so she cannot end it."""
    invitation = services.case_invite(professional=bob, email=alice.email)
    with pytest.raises(PermissionDenied):
        services.case_end(case=invitation, by=alice)
    invitation.refresh_from_db()
    assert invitation.status == Case.Status.INVITED


# --- case_answer: only the addressed worker, once -----------------------------------------------------


def test_case_answer_refuses_another_address(bob, carol, alice):
    invitation = services.case_invite(professional=bob, email=alice.email)
    other = UserFactory(role=Role.WORKER)
    for user in (other, carol):
        with pytest.raises(ValidationError):
            services.case_answer(case=invitation, user=user, accept=True)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.worker_id) == (Case.Status.INVITED, None)


def test_case_answer_refuses_an_account_that_is_not_a_workers(bob):
    coordinator = UserFactory(role=Role.COORDINATOR, mfa=True)
    invitation = services.case_invite(professional=bob, email=coordinator.email)
    with pytest.raises(ValidationError):
        services.case_answer(case=invitation, user=coordinator, accept=True)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.worker_id) == (Case.Status.INVITED, None)


@pytest.mark.parametrize("status", [Case.Status.DECLINED, Case.Status.ENDED, Case.Status.ACTIVE])
def test_case_answer_refuses_an_answered_invitation(status, bob, alice):
    answered = Case.objects.create(
        professional=bob,
        worker=alice if status != Case.Status.DECLINED else None,
        invited_email=alice.email,
        status=status,
    )
    with pytest.raises(ValidationError):
        services.case_answer(case=answered, user=alice, accept=True)
    answered.refresh_from_db()
    assert answered.status == status


# --- preferences, export, erasure: a worker's own account only ----------------------------------------

NOT_WORKERS = {
    "professional (bob)": lambda f: f["bob"],
    "employer staff (carol)": lambda f: f["carol"],
    "coordinator (dave)": lambda f: f["dave"],
    "deactivated worker": lambda f: UserFactory(role=Role.WORKER, is_active=False),
}


@pytest.mark.parametrize("who", NOT_WORKERS)
def test_preferences_save_refuses(who, named):
    actor = NOT_WORKERS[who](named)
    with pytest.raises(PermissionDenied):
        services.preferences_save(worker=actor, home_place="Utrecht", travel_km=10)
    assert not WorkerPreferences.objects.exists()


@pytest.mark.parametrize("who", NOT_WORKERS)
def test_export_data_refuses(who, named):
    actor = NOT_WORKERS[who](named)
    with pytest.raises(PermissionDenied) as refused:
        services.export_data(worker=actor)
    # Its own refusal, before the profile is even asked for (open_profile would refuse with another message).
    assert str(refused.value) == gettext("Only workers download their data here.")
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("who", NOT_WORKERS)
def test_erase_worker_refuses(who, named, case):
    actor = NOT_WORKERS[who](named)
    Case.objects.create(professional=named["bob"], invited_email=actor.email, worker=None)
    before = cases()
    with pytest.raises(PermissionDenied):
        services.erase_worker(worker=actor)
    assert User.objects.filter(pk=actor.pk).exists()
    assert cases() == before
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.ERASE).exists()


def test_erasure_refused_for_a_professional_keeps_the_clients_profile(bob, alice, case):
    save_profile(alice, by=bob, levels={"IV.13": 1}, source=Source.PROFESSIONAL, purpose="client_edit")
    with pytest.raises(PermissionDenied):
        services.erase_worker(worker=bob)
    assert CapacityProfile.objects.filter(worker=alice).exists()
    assert AccessLogEntry.objects.filter(worker=alice).count() == 1


# --- through the pages -----------------------------------------------------------------------------------


def test_pages_refuse_an_invitation_from_a_worker(client, alice):
    client.force_login(alice)
    response = client.post(reverse("matching:case_invite"), {"email": "nieuw@example.nl", "name": "Nieuw"})
    assert response.status_code == 403
    assert cases() == []


def test_pages_refuse_preferences_export_and_erasure_to_a_professional(client, bob, case):
    client.force_login(bob)
    assert client.post(reverse("matching:preferences"), {"home_place": "Utrecht", "travel_km": 10}).status_code == 403
    assert client.get(reverse("matching:export")).status_code == 403
    assert client.post(reverse("matching:erase"), {"password": TEST_PASSWORD}).status_code == 403
    assert not WorkerPreferences.objects.exists()
    assert not AccessLogEntry.objects.exists()
    assert User.objects.filter(pk=bob.pk).exists()
    assert cases() == [(case.pk, bob.pk, case.worker_id, Case.Status.ACTIVE, None)]


def test_pages_do_not_let_outsiders_end_a_case(client, case):
    """Someone else's case is not found (404) for another professional or worker; it stays active."""
    client.force_login(UserFactory(role=Role.PROFESSIONAL, mfa=True))
    assert client.post(reverse("matching:professional_case_end", args=[case.pk])).status_code == 404
    client.force_login(UserFactory(role=Role.WORKER))
    assert client.post(reverse("matching:worker_case_end", args=[case.pk])).status_code == 404
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE


def test_pages_refuse_an_invitation_answered_from_another_account(client, bob, alice, carol):
    invitation = services.case_invite(professional=bob, email=alice.email)
    client.force_login(carol)
    assert client.post(reverse("matching:case_accept", args=[invitation.token]), {"accept": "1"}).status_code == 400
    invitation.refresh_from_db()
    assert (invitation.status, invitation.worker_id) == (Case.Status.INVITED, None)
