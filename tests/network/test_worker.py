"""Tasks dispatched on commit reach a real Celery worker through Redis and act on PostgreSQL."""

import pytest

from network import services
from network.models import StaffInvitation
from tests.network.factories import EmployerStaffFactory
from tests.services import celery_worker, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_invitation_is_sent_by_a_real_worker(tmp_path):
    link = EmployerStaffFactory()
    with celery_worker(tmp_path):
        invitation = services.staff_invite(employer=link.employer, email="collega@example.nl", by=link.user)

        def sent():
            invitation.refresh_from_db()
            return invitation.sent_at is not None

        assert wait_for(sent), (tmp_path / "worker.log").read_text()
    mails = [path.read_text() for path in tmp_path.glob("*.log") if path.name != "worker.log"]
    assert len(mails) == 1
    assert invitation.token in mails[0]
    assert "collega@example.nl" in mails[0]
    assert StaffInvitation.objects.get().sent_at is not None
