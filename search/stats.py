"""Counting searches for the coordinators' dashboard: per day, how many, and per network how many
had fitting vacancies there. Nothing about what was searched for is kept."""

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from search.labels import current_labels
from search.models import SearchCount
from search.results import SearchResult


def record_search(result: SearchResult) -> None:
    """One UPDATE for the total and every network with results; a row that is not there yet is made."""
    day = timezone.localdate()
    slugs = {slug for slug, count in result.facets.get("network", {}).items() if count}
    network_ids = current_labels().network_ids(slugs) if slugs else []
    rows = SearchCount.objects.filter(Q(network__isnull=True) | Q(network_id__in=network_ids), day=day)
    # A statistic: the page need not wait for the disk. A crash may lose the last fraction of a second of
    # counts, never a row of anything else (the setting ends with this transaction, which is its own).
    without_waiting = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if without_waiting:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        updated = rows.update(searches=F("searches") + 1)
    if updated == len(network_ids) + 1:
        return
    present = set(SearchCount.objects.filter(day=day).values_list("network_id", flat=True))
    for network_id in [None, *network_ids]:
        if network_id not in present:
            _create_or_increment(day, network_id)


def _create_or_increment(day, network_id) -> None:
    counts = SearchCount.objects.filter(day=day, network_id=network_id)
    try:
        with transaction.atomic():
            SearchCount.objects.create(day=day, network_id=network_id, searches=1)
    except IntegrityError:  # another request created today's row first
        counts.update(searches=F("searches") + 1)
