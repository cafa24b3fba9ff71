from celery import Task, shared_task
from django.utils import timezone

from outbox.models import OutboxMessage
from outbox.relay import HEADER, relay_due


class OutboxAwareTask(Task):
    """The base of every task (config/celery.py): a message from the outbox runs once.

    The relay sends the message's id in a header. A message that is already done is skipped (it was
    published twice); one whose task succeeds is marked done.
    """

    def __call__(self, *args, **kwargs):
        message_id = (getattr(self.request, "headers", None) or {}).get(HEADER) or getattr(self.request, HEADER, None)
        if message_id and OutboxMessage.objects.filter(pk=message_id, done_at__isnull=False).exists():
            return None
        result = super().__call__(*args, **kwargs)
        if message_id:
            OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(done_at=timezone.now())
        return result


@shared_task(ignore_result=True)
def relay_outbox() -> int:
    """Beat job: publish the messages that wait (the broker was down when their action committed)."""
    return relay_due()
