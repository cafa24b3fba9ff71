"""Small builders for the evaluation tests: candidates, recorded searches and reactions."""

from datetime import timedelta

from django.utils import timezone

from listings.models import Application
from matching.ranking import RankedCandidate
from ranking.log import record_ranked_search
from ranking.models import RankedSearch

LOW = {"interest": 0.0, "competence": 0.0, "distance": 0.0, "hours": 0.0, "coaching": None, "recency": 0.5}
HIGH = {"interest": 1.0, "competence": 1.0, "distance": 1.0, "hours": 1.0, "coaching": None, "recency": 0.5}


def candidate(vacancy, position, values=LOW, band="green", title_words=0):
    return RankedCandidate(
        vacancy_id=vacancy.pk,
        network_id=vacancy.network_id,
        band=band,
        plain_position=position,
        title_words=title_words,
        components=dict(values),
    )


def recorded(worker, candidates, sections=(), days_ago=10, arm=""):
    """A search kept through the real path, moved back in time."""
    search = record_ranked_search(worker=worker, candidates=candidates, limited_sections=sections, arm=arm)
    RankedSearch.objects.filter(pk=search.pk).update(searched_at=timezone.now() - timedelta(days=days_ago))
    search.refresh_from_db()
    return search


def reacted(worker, vacancy, search, outcome=Application.Outcome.SUBMITTED, days_after=1):
    return Application.objects.create(
        vacancy=vacancy, worker=worker, outcome=outcome, created_at=search.searched_at + timedelta(days=days_after)
    )
