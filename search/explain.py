"""Every hit explained by the rule book, dimension by dimension, in the user's language.

Backends only decide which vacancies pass; the fit and the explanation shown to the user come
from `matching.rules.evaluate` on the vacancy itself, so a page can never say something the rule
book would not.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.language import current_language, in_language
from listings.models import Vacancy
from listings.selectors import verified_vacancy_ids
from matching.opportunity_kinds import KINDS as OPPORTUNITY_KINDS
from matching.rules import FitResult, distance_km, evaluate
from search.labels import current_labels
from search.order import Position
from search.query import COACHING, HOURS_BANDS, KINDS, SearchQuery
from search.results import SearchResult


@dataclass(frozen=True)
class ExplainedHit:
    vacancy: Vacancy
    result: FitResult
    distance_km: float | None
    employer_verified: bool = False
    position: Position | None = None  # the score, its reasons and why it stands here (search.order)

    def as_api(self, language: str) -> dict:
        vacancy = self.vacancy
        return {
            "id": vacancy.pk,
            "title": vacancy.title,
            "fit": str(self.result.fit),
            "distance_km": None if self.distance_km is None else round(self.distance_km, 2),
            "dimensions": [
                {
                    "code": d.dimension.code,
                    "name": in_language(d.dimension.name, language),
                    "load": d.load,
                    "capacity": d.capacity,
                    "status": str(d.status),
                    "explanation": d.explanation(language),
                }
                for d in self.result.dimensions
            ],
            "hours": self.result.hours.as_api(language),
            "employer": vacancy.employer.name,
            "employer_verified": self.employer_verified,
            "kind": vacancy.kind,
            "network": vacancy.network.slug,
            "place": vacancy.place,
            "remote": vacancy.remote,
            "published_at": vacancy.published_at.isoformat() if vacancy.published_at else None,
            "ranking": None if self.position is None else self.position.as_api(language),
        }


def explain(query: SearchQuery, result: SearchResult, positions: dict | None = None) -> list[ExplainedHit]:
    ids = [hit.id for hit in result.hits]
    vacancies = Vacancy.objects.select_related("employer", "network", "occupation").in_bulk(ids)
    verified = verified_vacancy_ids(vacancies.values())
    explained = []
    for pk in ids:
        vacancy = vacancies.get(pk)
        if vacancy is None:  # deleted between search and load
            continue
        distance = None
        if query.location is not None:
            distance = distance_km(query.location.lat, query.location.lon, vacancy.latitude, vacancy.longitude)
        fit = evaluate(query.capacity, vacancy.load_profile(), query.hours, vacancy.hours())
        position = (positions or {}).get(pk)
        explained.append(ExplainedHit(vacancy, fit, distance, vacancy.pk in verified, position))
    return explained


def kind_labels() -> dict[str, str]:
    """What is on offer, in plain words ("Betaalde baan", "Proefplaatsing" …): the names of
    `matching.opportunity_kinds`, for the kind facet and the label on every result card."""
    language = current_language()
    return {code: in_language(kind.name, language) for code, kind in OPPORTUNITY_KINDS.items()}


def facet_labels() -> dict[str, dict[str, str]]:
    """Human labels for facet values, in the active language."""
    names = current_labels()
    return {
        "kind": kind_labels(),
        "network": dict(names.network_names),
        "region": dict(names.region_names),
        "hours_band": {
            "lt16": _("less than 16 hours"),
            "16-24": _("16 to 24 hours"),
            "24-32": _("24 to 32 hours"),
            "32plus": _("32 hours or more"),
        },
        "phased_start": {"true": _("phased start possible"), "false": _("no phased start")},
        "coaching": {"none": _("no coaching"), "buddy": _("a buddy"), "job_coach": _("a job coach")},
        "trial_placement": {"true": _("trial placement possible"), "false": _("no trial placement")},
        "remote": {"true": _("can be done from home"), "false": _("on location")},
        "fit": {"green": _("fits"), "orange": _("fits with an adaptation")},
    }


VALUE_ORDER = {
    "kind": list(KINDS),
    "hours_band": [key for key, _low, _high in HOURS_BANDS],
    "coaching": list(COACHING),
    "fit": ["green", "orange"],
    "phased_start": ["true", "false"],
    "trial_placement": ["true", "false"],
    "remote": ["true", "false"],
}


def facets_for_display(result: SearchResult) -> dict[str, list[dict]]:
    labels = facet_labels()
    display = {}
    for facet, counts in result.facets.items():
        names = labels[facet]
        order = VALUE_ORDER.get(facet)
        if order:
            values = [value for value in order if value in counts]
        else:
            values = sorted(counts, key=lambda value, names=names: names.get(value, value))
        display[facet] = [{"value": v, "label": names.get(v, v), "count": counts[v]} for v in values]
    return display
