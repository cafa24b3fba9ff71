"""Drill with the real services: the broker goes down while people act; nothing fails, nothing is lost.

Redis (the broker) is reached through a small TCP proxy on loopback that the test cuts and restores:
for the web process the broker is down, while the real Celery worker keeps its own connection.
"""

import contextlib
import os
import re
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.urls import reverse

from config.celery import app as celery_app
from network.models import StaffInvitation
from outbox.models import OutboxMessage
from outbox.tasks import relay_outbox
from tests.network.factories import EmployerStaffFactory
from tests.services import celery_worker, forget_broker_connections, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class CuttableProxy:
    """Forwards a loopback port to the broker until `cut()`; `restore()` listens on the same port again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = None
        self.sockets: list[socket.socket] = []
        self.listener = None

    def restore(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port or 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # stops listening and wakes the blocked accept()
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()


@pytest.fixture
def broker_through_proxy():
    real = urlsplit(os.environ["CELERY_BROKER_URL"])
    proxy = CuttableProxy((real.hostname, real.port or 6379))
    proxy.restore()
    original = celery_app.conf.broker_write_url
    celery_app.conf.broker_write_url = urlunsplit(real._replace(netloc=f"127.0.0.1:{proxy.port}"))
    forget_broker_connections()
    yield proxy
    proxy.cut()
    celery_app.conf.broker_write_url = original
    forget_broker_connections()


def test_an_invitation_made_while_the_broker_is_down_arrives_once_it_is_back(client, tmp_path, broker_through_proxy):
    link = EmployerStaffFactory(is_admin=True)
    client.force_login(link.user)
    with celery_worker(tmp_path):
        broker_through_proxy.cut()
        response = client.post(
            reverse("network:staff_invite", args=[link.employer.pk]), {"email": "collega@example.nl"}
        )
        assert response.status_code == 302  # the employer sees the normal result
        invitation = StaffInvitation.objects.get()
        message = OutboxMessage.objects.get()
        assert message.published_at is None and message.attempts == 1
        assert "Error" in message.last_error or "refused" in message.last_error.lower()

        broker_through_proxy.restore()
        OutboxMessage.objects.update(next_attempt_at=message.created_at)  # its pause is over
        forget_broker_connections()
        relay_outbox.delay()  # as beat does every OUTBOX_RELAY_INTERVAL seconds; the worker relays

        def sent():
            invitation.refresh_from_db()
            return invitation.sent_at is not None

        assert wait_for(sent), (tmp_path / "worker.log").read_text()
        assert wait_for(lambda: OutboxMessage.objects.filter(done_at__isnull=False).count() == 1)
        relay_outbox.delay()  # a second relay sends nothing again
        log = tmp_path / "worker.log"
        assert wait_for(lambda: len(re.findall(r"relay_outbox\[[^\]]+\] succeeded", log.read_text())) >= 2)
    mails = [path.read_text() for path in tmp_path.glob("*.log") if path.name != "worker.log"]
    assert len(mails) == 1 and "collega@example.nl" in mails[0]
