"""Employer staff invite colleagues; the e-mail goes out from a Celery task after commit."""

import pytest
from django.core import mail
from django.urls import reverse

from network.models import EmployerStaff, Role, StaffInvitation
from network.tasks import send_staff_invitation
from tests.network.factories import EmployerStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, employer, email="collega@example.nl"):
    return client.post(reverse("network:staff_invite", args=[employer.pk]), {"email": email})


def test_staff_manager_invites_and_colleague_accepts(client, carol_link, django_capture_on_commit_callbacks):
    client.force_login(carol_link.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, carol_link.employer)
    assert response.status_code == 302
    invitation = StaffInvitation.objects.get()
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert mail.outbox[0].to == ["collega@example.nl"]

    colleague = UserFactory(email="collega@example.nl", role=Role.EMPLOYER)
    client.force_login(colleague)
    url = reverse("network:accept_invitation", args=[invitation.token])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert EmployerStaff.objects.filter(employer=carol_link.employer, user=colleague).exists()
    # A used invitation cannot be used again.
    assert client.post(url).status_code == 400


def test_invitation_task_is_idempotent(carol_link, django_capture_on_commit_callbacks):
    invitation = StaffInvitation.objects.create(employer=carol_link.employer, email="x@example.nl")
    assert send_staff_invitation(invitation.pk) is True
    assert send_staff_invitation(invitation.pk) is False
    assert send_staff_invitation(999_999) is False
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(client, carol_link, django_capture_on_commit_callbacks):
    client.force_login(carol_link.user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invite(client, carol_link.employer)
    # The task is only queued on commit, never inside the request's transaction.
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_duplicate_and_invalid_invitations_are_refused(client, carol_link):
    client.force_login(carol_link.user)
    assert _invite(client, carol_link.employer).status_code == 302
    response = _invite(client, carol_link.employer)
    assert response.status_code == 400
    assert "al uitgenodigd" in response.content.decode()
    response = _invite(client, carol_link.employer, email="geen-adres")
    assert response.status_code == 400
    assert StaffInvitation.objects.count() == 1


def test_invitation_for_someone_else_is_refused(client, carol_link):
    invitation = StaffInvitation.objects.create(employer=carol_link.employer, email="juist@example.nl")
    client.force_login(UserFactory(email="verkeerd@example.nl", role=Role.EMPLOYER))
    response = client.post(reverse("network:accept_invitation", args=[invitation.token]))
    assert response.status_code == 400
    assert not EmployerStaff.objects.filter(user__email="verkeerd@example.nl").exists()


@pytest.mark.parametrize("who", ["worker", "professional", "coordinator", "other_employer", "non_admin_staff"])
def test_who_may_not_invite(client, carol_link, alice, bob, dave, who):
    users = {
        "worker": alice,
        "professional": bob,
        "coordinator": dave,
        "other_employer": EmployerStaffFactory().user,
        "non_admin_staff": EmployerStaffFactory(employer=carol_link.employer, is_admin=False).user,
    }
    client.force_login(users[who])
    assert _invite(client, carol_link.employer).status_code == 403
    assert not StaffInvitation.objects.exists()


def test_anonymous_accept_goes_to_login(client, carol_link):
    invitation = StaffInvitation.objects.create(employer=carol_link.employer, email="x@example.nl")
    response = client.get(reverse("network:accept_invitation", args=[invitation.token]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
