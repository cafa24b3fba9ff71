"""The evaluation log: every ranked search of a worker with a stored profile, under a pseudonym.

`record_ranked_search` is called by the search views (sort "best", page 1). It keeps the first
`KEPT_CANDIDATES` of the ranked window with their components, and the FML sections in which the worker
is limited, sealed (health data). Keeping the log must never break the search: a database error is
caught in a savepoint and logged without any data.
"""

import logging
from collections import Counter
from collections.abc import Iterable

from django.db import DatabaseError, transaction

from matching.crypto import seal
from matching.ranking import RankedCandidate
from network.models import Network
from ranking.models import RankedSearch
from ranking.pseudonyms import every_pseudonym, pseudonym

logger = logging.getLogger(__name__)

KEPT_CANDIDATES = 100


def as_row(candidate: RankedCandidate) -> dict:
    """The candidate as the log keeps it (what `dataclasses.asdict` gives, without its deep copy: 100 per search)."""
    return {
        "vacancy_id": candidate.vacancy_id,
        "network_id": candidate.network_id,
        "band": candidate.band,
        "plain_position": candidate.plain_position,
        "title_words": candidate.title_words,
        "components": dict(candidate.components),
    }


def main_network_id(candidates: list[RankedCandidate]) -> int | None:
    """The network most candidates belong to (the first of equals in the list's order)."""
    counts = Counter(candidate.network_id for candidate in candidates)
    return counts.most_common(1)[0][0] if counts else None


def record_ranked_search(*, worker, candidates: list[RankedCandidate], limited_sections: Iterable[str], arm: str = ""):
    """Keep this search for the evaluation; returns the row, or None when the database refused it."""
    kept = list(candidates)[:KEPT_CANDIDATES]
    sealed = seal(sorted(set(limited_sections)))
    try:
        with transaction.atomic():
            network_id = main_network_id(kept)
            slug = Network.objects.filter(pk=network_id).values_list("slug", flat=True).first() if network_id else None
            return RankedSearch.objects.create(
                pseudonym=pseudonym(worker.pk),
                network_slug=slug or "",
                arm=arm,
                simulated=False,
                candidates=[as_row(candidate) for candidate in kept],
                sections_sealed=sealed,
            )
    except DatabaseError:
        # No exception text: it can quote the values the database refused.
        logger.warning("A ranked search was not kept for the evaluation: the database refused it.")
        return None


def erase_ranked_searches(worker) -> int:
    """On erasure: the worker's searches go, under every pseudonym they may have been kept."""
    deleted, _ = RankedSearch.objects.filter(pseudonym__in=every_pseudonym(worker.pk), simulated=False).delete()
    return deleted


def export_ranked_searches(worker) -> dict:
    """For the worker's data export: how many searches are kept, and when they were made."""
    dates = list(
        RankedSearch.objects.filter(pseudonym__in=every_pseudonym(worker.pk), simulated=False)
        .order_by("searched_at")
        .values_list("searched_at", flat=True)
    )
    return {"count": len(dates), "dates": [date.isoformat() for date in dates]}
