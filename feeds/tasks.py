"""Celery tasks: the beat job that runs every feed that is due, and one feed's run ("run now")."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from feeds import importing
from feeds.models import JobFeed


def run_interval() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "FEED_RUN_INTERVAL_S", 6 * 60 * 60)))


@shared_task
def run_feed(feed_id: int) -> int | None:
    """Run one active feed; idempotent (a feed that did not change changes nothing), skipped while it runs."""
    feed = JobFeed.objects.select_related("employer", "network", "created_by").filter(pk=feed_id, active=True).first()
    if feed is None:
        return None
    record = importing.run_feed(feed)
    return record.pk if record else None


@shared_task
def run_due_feeds() -> int:
    """Beat: start a run for every active feed not run within FEED_RUN_INTERVAL_S (6 hours)."""
    due = JobFeed.objects.filter(active=True).filter(
        Q(last_run_at__isnull=True) | Q(last_run_at__lt=timezone.now() - run_interval())
    )
    ids = list(due.values_list("pk", flat=True))
    for feed_id in ids:
        run_feed.delay(feed_id)
    return len(ids)
