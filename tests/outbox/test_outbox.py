"""The transactional outbox: a message commits with its action, goes out after commit, and runs once."""

import pytest
from django.core import mail
from django.db import transaction

from config.celery import app as celery_app
from network import services
from network.models import StaffInvitation
from network.tasks import send_staff_invitation
from outbox.models import OutboxMessage
from outbox.relay import HEADER, backlog, enqueue, relay_due
from outbox.tasks import relay_outbox
from tests.network.factories import EmployerStaffFactory
from tests.services import forget_broker_connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    link = EmployerStaffFactory()
    return StaffInvitation.objects.create(employer=link.employer, email="collega@example.nl", invited_by=link.user)


@pytest.fixture
def broker_down(settings):
    """Tasks go to a broker that refuses connections (a closed port), as when Redis is down.

    The web process publishes through `broker_write_url` (Celery prefers the CELERY_BROKER_URL environment
    variable over `broker_url` itself, so that one cannot be changed here).
    """
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    original = celery_app.conf.broker_write_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_write_url = f"redis://127.0.0.1:{port}/0"
    celery_app.conf.task_always_eager = False
    forget_broker_connections()
    yield
    celery_app.conf.broker_write_url, celery_app.conf.task_always_eager = original
    forget_broker_connections()


def test_the_message_commits_with_the_action(invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue(send_staff_invitation, invitation.pk, key=f"invitation:{invitation.pk}")
    message = OutboxMessage.objects.get()
    assert message.task == "network.tasks.send_staff_invitation" and message.args == [invitation.pk]
    assert message.published_at is None and mail.outbox == []  # nothing goes out before the commit
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.published_at and message.done_at
    assert len(mail.outbox) == 1


def test_a_rolled_back_action_leaves_no_message(invitation):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(send_staff_invitation, invitation.pk, key=f"invitation:{invitation.pk}")
        raise RuntimeError("the action failed")
    assert not OutboxMessage.objects.exists()


def test_one_message_per_key(invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue(send_staff_invitation, invitation.pk, key="same-key")
        second = enqueue(send_staff_invitation, invitation.pk, key="same-key")
    assert first is not None and second is None
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1


def test_with_the_broker_down_the_action_succeeds_and_the_message_waits(
    carol, broker_down, django_capture_on_commit_callbacks
):
    employer = carol.employer_links.get().employer
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.staff_invite(employer=employer, email="nieuw@example.nl", by=carol)
    assert StaffInvitation.objects.filter(pk=invitation.pk).exists()
    message = OutboxMessage.objects.get()
    assert message.published_at is None and message.attempts == 1 and message.last_error
    assert message.next_attempt_at > message.created_at  # it waits a little before the next try
    assert backlog()["waiting"] == 1
    assert mail.outbox == []


def test_the_relay_sends_what_waits_once_the_broker_is_back(invitation, broker_down, settings):
    with transaction.atomic():
        enqueue(send_staff_invitation, invitation.pk, key="waits")
    OutboxMessage.objects.update(next_attempt_at=OutboxMessage.objects.get().created_at)
    celery_app.conf.task_always_eager = True  # the broker is back (in-process here; see test_drill for Redis)
    assert relay_outbox() == 1
    assert relay_due() == 0  # nothing twice
    message = OutboxMessage.objects.get()
    assert message.published_at and message.done_at
    assert len(mail.outbox) == 1 and backlog()["waiting"] == 0


def test_a_message_published_twice_runs_once(invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue(send_staff_invitation, invitation.pk, key="twice")
    StaffInvitation.objects.filter(pk=invitation.pk).update(sent_at=None)  # the task alone would send again
    send_staff_invitation.apply_async(args=[invitation.pk], headers={HEADER: message.pk})
    assert len(mail.outbox) == 1


def test_a_message_not_yet_done_runs(invitation):
    message = OutboxMessage.objects.create(
        key="manual", task=send_staff_invitation.name, args=[invitation.pk], published_at=invitation.created_at
    )
    send_staff_invitation.apply_async(args=[invitation.pk], headers={HEADER: message.pk})
    message.refresh_from_db()
    assert message.done_at and len(mail.outbox) == 1
