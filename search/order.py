"""The order a person sees: the fit bands, then the transparent score of `matching.ranking`, with reasons.

Backends decide which vacancies pass and put them in the plain order (fit, title words, distance,
date). For "best", this module asks the backend for the first `SEARCH_RANK_WINDOW` results of that
order (one call, the same count and facets) and reorders them: band first (green before orange
stays absolute), then how many search words are in the title, then the score. Pages past the
window keep the plain order, which continues where the window ends, so no result is shown twice
or skipped. Every result on the page gets its score, its reasons and a sentence on its position.
"""

import math
import time
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from experiments.selectors import ranking_arm
from listings.models import Occupation, Vacancy
from matching.catalogue import get_catalogue
from matching.ranking import (
    RIASEC,
    Offer,
    RankedCandidate,
    Ranking,
    Seeker,
    Weights,
    components,
    rank,
    ranked_order,
)
from matching.rules import distance_km
from ranking.weights import current_weights
from search.query import SearchQuery
from search.results import Hit, SearchResult
from search.service import run_search


@dataclass(frozen=True)
class RankingContext:
    """Who is searching (for the score) and which order they get: the weights, or None for the plain order."""

    seeker: Seeker
    weights: Weights | None
    arm: str = ""  # "experiment id:arm key" when an experiment decides the order

    def __repr__(self):
        return f"RankingContext(arm={self.arm!r}, …)"

    __str__ = __repr__

    @property
    def shown_weights(self) -> Weights:
        """The weights the reasons are given in (the plain order shows them too, but does not sort by them)."""
        return self.weights or Weights()


@dataclass(frozen=True)
class Position:
    """Why a result is where it is: its ranking (score and reasons) and a sentence on the order used."""

    ranking: Ranking
    title_words: int
    note: dict[str, str]

    def as_api(self, language: str) -> dict:
        return {**self.ranking.as_api(language), "position": self.note["en" if language == "en" else "nl"]}

    def for_display(self, language: str) -> dict:
        """For the page: whole points as text, unknown components marked."""
        key = "en" if language == "en" else "nl"
        return {
            "position": self.note[key],
            "score": f"{self.ranking.score:.0f}",
            "reasons": [
                {
                    "text": reason.text[key],
                    "used": reason.value is not None,
                    "points": f"+{reason.points:.0f}",
                }
                for reason in self.ranking.reasons
            ],
        }


@dataclass
class RankedPage:
    result: SearchResult  # its hits are the page, in the order shown
    positions: dict[int, Position] = field(default_factory=dict)
    candidates: list[RankedCandidate] = field(default_factory=list)  # the ranked window (for the evaluation log)


@dataclass(frozen=True)
class _Vacancy:
    offer: Offer
    network_id: int
    title_words: int


def window_size() -> int:
    return settings.SEARCH_RANK_WINDOW


OCCUPATION_CACHE_SECONDS = 300
_occupations: dict[int, tuple[str, frozenset[str]]] = {}
_occupations_read_at = -math.inf


def forget_occupations(**kwargs) -> None:
    """An occupation changed in this process: read them all again on the next search (others after the TTL)."""
    global _occupations_read_at
    _occupations_read_at = -math.inf


def occupation_interests(ids) -> dict[int, tuple[str, frozenset[str]]]:
    """Holland code and competences per occupation, kept in the process (a few hundred rows that rarely change)."""
    global _occupations_read_at
    stale = time.monotonic() - _occupations_read_at > OCCUPATION_CACHE_SECONDS
    if stale or not set(ids) <= _occupations.keys():
        _occupations.clear()
        for pk, riasec, competences in Occupation.objects.values_list("pk", "riasec", "competences"):
            _occupations[pk] = (riasec or "", frozenset(competences or ()))
        _occupations_read_at = time.monotonic()
    return _occupations


def _offers(hits: list[Hit], query: SearchQuery, now: datetime) -> dict[int, _Vacancy]:
    """What the ranking needs of each hit's vacancy, in one narrow query (the title only with search words)."""
    words = query.words
    columns = ["pk", "network_id", "remote", "per_week_min", "per_week_max", "phased_start", "coaching"]
    columns += ["published_at", "latitude", "longitude", "occupation_id", *(["title"] if words else [])]
    rows = list(Vacancy.objects.filter(pk__in=[hit.id for hit in hits]).values_list(*columns))
    occupations = occupation_interests({row[10] for row in rows})
    distances = {hit.id: hit.distance_km for hit in hits}
    found = {}
    for pk, network_id, remote, low, high, phased, coaching, published, lat, lon, occupation_id, *title in rows:
        distance = distances.get(pk)
        if distance is None and query.location is not None:
            distance = distance_km(query.location.lat, query.location.lon, lat, lon)
        riasec, competences = occupations.get(occupation_id, ("", frozenset()))
        offer = Offer(
            riasec=riasec,
            competences=competences,
            distance_km=distance,
            remote=remote,
            per_week_min=low,
            per_week_max=high,
            phased_start=phased,
            coaching=coaching,
            age_days=(now - published).total_seconds() / 86400 if published else 0.0,
        )
        title_words = sum(1 for word in words if word in title[0].casefold()) if words else 0
        found[pk] = _Vacancy(offer, network_id, title_words)
    return found


BAND_NOTES = {
    "green": (
        "Past helemaal bij u (groen). Groene vacatures staan altijd vóór oranje.",
        "Fits you fully (green). Green vacancies always come before orange ones.",
    ),
    "orange": (
        "Past als de werkgever iets aanpast (oranje). Daarom staat deze na alle groene vacatures.",
        "Fits if the employer adapts something (orange), so it comes after all green vacancies.",
    ),
}


def position_note(query: SearchQuery, context: RankingContext, fit: str, ranking: Ranking, ranked: bool) -> dict:
    """One or two plain sentences: which order placed this result here."""
    if query.sort == "newest":
        return {"nl": "U sorteert op datum: de nieuwste eerst.", "en": "You sort by date: newest first."}
    if query.sort == "distance":
        return {"nl": "U sorteert op afstand: de dichtstbijzijnde eerst.", "en": "You sort by distance: nearest first."}
    band_nl, band_en = BAND_NOTES.get(fit, BAND_NOTES["green"])
    words_nl = " Vacatures met meer van uw zoekwoorden in de titel staan eerder." if query.words else ""
    words_en = " Vacancies with more of your search words in the title come first." if query.words else ""
    if context.weights is None:
        then_nl = " Daarna staan ze op afstand en datum."
        then_en = " Then they are ordered by distance and date."
    elif ranked:
        score = f"{ranking.score:.0f}"
        then_nl = f" Daarna telt de score: deze vacature heeft {score} van de 100 punten."
        then_en = f" Then the score counts: this vacancy has {score} of 100 points."
    else:
        size = window_size()
        then_nl = f" Na de eerste {size} resultaten staan vacatures op afstand en datum."
        then_en = f" After the first {size} results, vacancies are ordered by distance and date."
    return {"nl": band_nl + words_nl + then_nl, "en": band_en + words_en + then_en}


def ranked_search(query: SearchQuery, context: RankingContext | None, now: datetime | None = None) -> RankedPage:
    """The search's page in the order shown, and per result its position (empty without a context)."""
    if context is None:
        return RankedPage(run_search(query))
    now = now or timezone.now()
    size = window_size()
    in_window = query.sort == "best" and query.offset + query.page_size <= size
    if not in_window:
        result = run_search(query)
        vacancies = _offers(result.hits, query, now)
        return RankedPage(result, _positions(result.hits, vacancies, query, context, ranked=False))
    wide = run_search(replace(query, page=1, page_size=size))
    vacancies = _offers(wide.hits, query, now)
    candidates = [
        RankedCandidate(
            vacancy_id=hit.id,
            network_id=vacancies[hit.id].network_id,
            band=hit.fit,
            plain_position=position,
            title_words=vacancies[hit.id].title_words,
            components=components(context.seeker, vacancies[hit.id].offer),
        )
        for position, hit in enumerate(wide.hits)
        if hit.id in vacancies  # a vacancy deleted between the search and this read is left out
    ]
    ordered = ranked_order(candidates, context.weights)[query.offset : query.offset + query.page_size]
    by_id = {hit.id: hit for hit in wide.hits}
    hits = [by_id[candidate.vacancy_id] for candidate in ordered]
    result = replace(wide, hits=hits)
    return RankedPage(result, _positions(hits, vacancies, query, context, ranked=True), candidates)


def _positions(hits, vacancies, query, context, *, ranked: bool) -> dict[int, Position]:
    positions = {}
    for hit in hits:
        vacancy = vacancies.get(hit.id)
        if vacancy is None:
            continue
        ranking = rank(context.seeker, vacancy.offer, context.shown_weights)
        positions[hit.id] = Position(
            ranking, vacancy.title_words, position_note(query, context, hit.fit, ranking, ranked)
        )
    return positions


# --- who is searching --------------------------------------------------------------------------------


def _hours_of(query: SearchQuery) -> dict:
    if query.hours is None:
        return {}
    return {"hours_now": query.hours.per_week, "hours_target": query.hours.target}


def seeker_from_preferences(query: SearchQuery, preferences) -> Seeker:
    """A worker with stored preferences (interests, competences, coaching wish) and the query's hours and place."""
    if preferences is None:
        return anonymous_seeker(query)
    return Seeker(
        interests=tuple(letter for letter in preferences.interests if letter in RIASEC),
        competences=frozenset(preferences.competences),
        travel_km=float(preferences.travel_km) if query.location is not None else None,
        coaching_wanted=preferences.coaching_wanted or None,
        **_hours_of(query),
    )


def anonymous_seeker(query: SearchQuery) -> Seeker:
    """A visitor: only what the search itself says (hours, and the radius as travel limit)."""
    return Seeker(travel_km=query.radius_km, **_hours_of(query))


def limited_sections(query: SearchQuery) -> list[str]:
    """The FML sections in which the capacity is below the norm (for the evaluation's fairness check)."""
    catalogue = get_catalogue()
    return sorted({catalogue[code].section for code in query.capacity.limited()})


def seeker_from_body(body: dict, query: SearchQuery) -> Seeker:
    """The API body's optional interests, competences and coaching wish (`parse_search` checked them)."""
    return Seeker(
        interests=tuple(body.get("interests") or ()),
        competences=frozenset(body.get("competences") or ()),
        coaching_wanted=body.get("coaching_wanted") or None,
        travel_km=query.radius_km,
        **_hours_of(query),
    )


def worker_ranking(worker, query: SearchQuery, preferences, assignments=None) -> RankingContext:
    """A worker's order: the weights in force, unless an experiment the worker takes part in decides it."""
    seeker = seeker_from_preferences(query, preferences)
    arm = ranking_arm(worker, assignments)
    if arm is None:
        return RankingContext(seeker, current_weights())
    weights = None if arm.plain else (arm.weights or current_weights())
    return RankingContext(seeker, weights, f"{arm.experiment_id}:{arm.key}")


def visitor_ranking(query: SearchQuery) -> RankingContext:
    return RankingContext(anonymous_seeker(query), current_weights())
