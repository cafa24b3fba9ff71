from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """A task that a user action causes, written in the action's own transaction.

    The relay publishes it to the broker after commit (at once, and again from a beat job while the
    broker is down); the worker marks it done, so a message published twice runs once.
    """

    key = models.CharField(max_length=200, unique=True)  # idempotency key: one message per action
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)  # ids only: never capacity values
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["published_at", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.task}{tuple(self.args)} [{self.key}]"
