"""Counting searches for the coordinators' dashboard: per day, how many, and per network how many
had fitting vacancies there. Nothing about what was searched for is kept."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from network.models import Network
from search.models import SearchCount
from search.results import SearchResult


def record_search(result: SearchResult) -> None:
    day = timezone.localdate()
    slugs = [slug for slug, count in result.facets.get("network", {}).items() if count]
    network_ids = list(Network.objects.filter(slug__in=slugs).values_list("pk", flat=True)) if slugs else []
    for network_id in [None, *network_ids]:
        _increment(day, network_id)


def _increment(day, network_id) -> None:
    counts = SearchCount.objects.filter(day=day, network_id=network_id)
    if counts.update(searches=F("searches") + 1):
        return
    try:
        with transaction.atomic():
            SearchCount.objects.create(day=day, network_id=network_id, searches=1)
    except IntegrityError:  # another request created today's row first
        counts.update(searches=F("searches") + 1)
