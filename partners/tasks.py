"""partners' Celery tasks: webhook deliveries (through the outbox) and pruning the key-use log (beat)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from partners import conf, webhooks
from partners.models import ApiKeyUse


@shared_task(ignore_result=True)
def deliver_webhook(delivery_id: int, attempt: int) -> str | None:
    """One attempt of a delivery; a failed attempt schedules the next one through the outbox."""
    return webhooks.deliver(delivery_id, attempt)


@shared_task(ignore_result=True)
def prune_key_uses() -> int:
    """Beat job (daily): forget key uses older than PARTNERS_KEY_USE_DAYS."""
    cutoff = timezone.now() - timedelta(days=conf.key_use_days())
    deleted, _ = ApiKeyUse.objects.filter(at__lt=cutoff).delete()
    return deleted


@shared_task(ignore_result=True)
def resume_stalled_deliveries() -> int:
    """Beat job: the next attempt for deliveries whose worker died during an attempt."""
    return webhooks.resume_stalled()
