"""Writes for feeds: connecting a feed (from the employer's page, or a partner's key with `vacancies:import`)."""

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from feeds import fetching, tasks
from feeds.models import JobFeed
from listings.selectors import networks_for_publishing
from network.permissions import is_staff_of
from outbox.relay import enqueue

MAX_URL = 2000


@transaction.atomic
def connect_feed(*, employer, url: str, format: str = JobFeed.Format.AUTO, by, network=None) -> JobFeed:  # noqa: A002
    """Connect a job feed for `employer`. `by` must work for the employer: the runs act in their name.

    Without `network`, the employer's only network is used; with several, the caller must choose.
    """
    if by is None or not is_staff_of(by, employer):
        raise PermissionDenied(_("Only the staff of %(employer)s can connect its job feed.") % {"employer": employer})
    url = (url or "").strip()
    problem = fetching.url_problem(url) if len(url) <= MAX_URL else _("The web address is too long.")
    if problem:
        raise ValidationError({"url": problem})
    if format not in JobFeed.Format.values:
        raise ValidationError({"format": _("Choose a format.")})
    networks = networks_for_publishing([employer])
    if network is None:
        if networks.count() != 1:
            raise ValidationError({"network": _("Choose the network the vacancies are for.")})
        network = networks.get()
    elif not networks.filter(pk=network.pk).exists():
        raise ValidationError({"network": _("%(employer)s is not a member of this network.") % {"employer": employer}})
    if JobFeed.objects.filter(employer=employer, url=url).exists():
        raise ValidationError({"url": _("This feed is already connected.")})
    return JobFeed.objects.create(employer=employer, network=network, url=url, format=format, created_by=by)


@transaction.atomic
def set_active(*, feed: JobFeed, active: bool, by) -> JobFeed:
    if by is None or not is_staff_of(by, feed.employer):
        raise PermissionDenied(_("This feed belongs to another employer."))
    feed.active = active
    feed.save(update_fields=["active"])
    return feed


def run_soon(feed: JobFeed) -> None:
    """A run of `feed` through the outbox, after the current transaction commits.

    One message per feed per second: a double click starts one run (and a busy feed skips a second one)."""
    enqueue(tasks.run_feed, feed.pk, key=f"feed_run:{feed.pk}:{int(time.time())}")
