"""The transactional outbox: tasks are written with the action and published after commit.

`enqueue(task, *ids, key=...)` writes an `OutboxMessage` in the caller's transaction, so the action
and its message commit together or not at all. Right after the commit the relay tries to publish it;
if the broker is down, the action still succeeds and the message waits. The beat job
`outbox.tasks.relay_outbox` publishes whatever waits, with a growing pause between tries. The worker
marks a message done when its task succeeds and skips a message that is already done, so a message
published twice (a relay that died between publishing and noting it) runs once.

A small model and a beat job rather than a library: the outbox packages on PyPI need `SKIP LOCKED`
(which SQLite, the embedded default, lacks), a relay process of their own, and metrics clients we do
not run.
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

HEADER = "outbox_message"
BATCH = 100
MAX_PAUSE = timedelta(minutes=10)
KEEP_DONE = timedelta(days=7)


def enqueue(task, *args, key: str, not_before=None) -> OutboxMessage | None:
    """Write the message in the current transaction; publish it once that transaction commits.

    `args` are ids (never health data). A second message with the same key is not written: the
    action already has its message. With `not_before` (a retry with backoff) the message waits for
    the beat job's first round after that time instead.
    """
    defaults = {"task": task.name, "args": list(args)}
    if not_before is not None:
        defaults["next_attempt_at"] = not_before
    message, created = OutboxMessage.objects.get_or_create(key=key, defaults=defaults)
    if created and not_before is None:
        transaction.on_commit(lambda: publish_ids([message.pk]))
    return message if created else None


def publish_ids(ids: list[int]) -> int:
    return _publish(OutboxMessage.objects.filter(pk__in=ids, published_at__isnull=True))


def relay_due() -> int:
    """Publish every message that waits and is due (the beat job). Returns how many went out.

    Messages done a week ago are deleted: the table holds what waits and what went out lately.
    """
    OutboxMessage.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).delete()
    total = 0
    while True:  # batch after batch, until the backlog is gone or the broker refuses
        published = _publish(
            OutboxMessage.objects.filter(published_at__isnull=True, next_attempt_at__lte=timezone.now())
        )
        total += published
        if published < BATCH:
            return total


def _publish(candidates) -> int:
    from celery import current_app as app  # the project's app (config/celery.py); outbox knows no higher layer

    published = 0
    for message_id in list(candidates.order_by("pk").values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            claimed = _claim(message_id)
            if claimed is None:
                continue  # another relay has it, or it went out meanwhile
            try:
                app.tasks[claimed.task].apply_async(args=claimed.args, headers={HEADER: claimed.pk}, retry=False)
            except Exception as error:  # noqa: BLE001 - any broker failure: keep the message, try later
                _postpone(claimed, error)
                continue
            claimed.published_at = timezone.now()
            claimed.save(update_fields=["published_at"])
            published += 1
    return published


def _claim(message_id: int) -> OutboxMessage | None:
    pending = OutboxMessage.objects.filter(pk=message_id, published_at__isnull=True)
    if connection.features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True)
    return pending.first()


def _postpone(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    pause = min(timedelta(seconds=15 * 2 ** min(message.attempts, 10)), MAX_PAUSE)
    message.next_attempt_at = timezone.now() + pause
    message.last_error = f"{type(error).__name__}: {error}"[:300]
    message.save(update_fields=["attempts", "next_attempt_at", "last_error"])
    logger.warning(
        "Outbox: %s not published (%s); next try in %s s",
        message.task,
        type(error).__name__,
        int(pause.total_seconds()),
    )


def backlog() -> dict:
    """What waits: for /healthz and the operations guide."""
    waiting = OutboxMessage.objects.filter(published_at__isnull=True)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "waiting": waiting.count(),
        "oldest_seconds": int((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }
