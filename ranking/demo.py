"""Simulated searches and outcomes for the demo, so `evaluate_ranking` has something to show.

Invented seekers (interests, competences, hours, travel limit, coaching wish, limited FML sections,
a home near one network's vacancies) search the demo's published vacancies. Each sees them in the
plain order (band, distance, newest) and acts on a hidden utility: a mix of the ranking's components
with noise, seen through a position bias (lower in the list is looked at less). The figures this gives
only show that the harness works; they say nothing about real workers (docs/evaluation.md).

Deterministic for the same data and seed, and idempotent: earlier simulated rows are deleted first.
"""

import random
from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from listings.models import Vacancy
from matching.catalogue import get_catalogue
from matching.competences import competences as competence_list
from matching.crypto import seal
from matching.ranking import COACHING_STEPS, COMPONENTS, RIASEC, Offer, RankedCandidate, Seeker, components
from matching.rules import distance_km
from network.models import Network
from ranking.log import main_network_id
from ranking.models import RankedSearch, SimulatedOutcome
from ranking.pseudonyms import pseudonym

POOL_LIMIT = 5000  # published vacancies the simulation draws from (the first by id)
DRAWN_PER_SEARCH = 150  # vacancies of the network a search looks at, of which the nearest are its candidates
CANDIDATES = 30
GREEN_SHARE = 0.8
SEARCH_DAYS = 120  # the simulated searches are spread over this many days before now
LIMITATION_CHANCE = 0.3  # per FML section
# The hidden utility: how much each component matters to the invented seekers (not the ranking's weights).
HIDDEN_WEIGHTS = {"interest": 3.0, "competence": 1.5, "distance": 2.5, "hours": 3.0, "coaching": 1.5, "recency": 0.5}
UNKNOWN_VALUE = 0.5  # an unknown component neither attracts nor repels
ORANGE_PENALTY = 0.1
NOISE = 0.12
POSITION_BIAS = 0.5  # chance of looking at position p (0-based): 1 / (1 + p) ** POSITION_BIAS
THRESHOLDS = (("hired", 0.86), ("invited", 0.78), ("reaction", 0.66))
NOT_FITTING_BELOW = 0.35
NOT_FITTING_CHANCE = 0.5

FIELDS = (
    "pk",
    "network_id",
    "latitude",
    "longitude",
    "remote",
    "per_week_min",
    "per_week_max",
    "phased_start",
    "coaching",
    "published_at",
    "occupation__riasec",
    "occupation__competences",
)


def _pool() -> list[dict]:
    return list(Vacancy.objects.published().order_by("pk").values(*FIELDS)[:POOL_LIMIT])


def _seeker(rng: random.Random, competence_codes: list[str]) -> Seeker:
    hours_now = rng.choice([8, 12, 16, 20, 24, 32])
    return Seeker(
        interests=tuple(rng.sample(RIASEC, rng.randint(1, 3))),
        competences=frozenset(rng.sample(competence_codes, min(len(competence_codes), rng.randint(3, 8)))),
        travel_km=float(rng.choice([10, 15, 25, 40])),
        hours_now=hours_now,
        hours_target=hours_now + rng.choice([0, 0, 4, 8, 12]),
        coaching_wanted=rng.choice([None, None, *COACHING_STEPS[1:]]),
    )


def _offer(row: dict, home: tuple[float, float], newest) -> Offer:
    age = (newest - row["published_at"]).total_seconds() / 86400 if row["published_at"] and newest else 0.0
    return Offer(
        riasec=row["occupation__riasec"] or "",
        competences=frozenset(row["occupation__competences"] or ()),
        distance_km=distance_km(home[0], home[1], row["latitude"], row["longitude"]),
        remote=row["remote"],
        per_week_min=row["per_week_min"],
        per_week_max=row["per_week_max"],
        phased_start=row["phased_start"],
        coaching=row["coaching"],
        age_days=age,
    )


def hidden_utility(values: dict, band: str) -> float:
    total = sum(HIDDEN_WEIGHTS.values())
    value = sum(
        weight * (UNKNOWN_VALUE if values.get(name) is None else values[name])
        for name, weight in HIDDEN_WEIGHTS.items()
    )
    return value / total - (ORANGE_PENALTY if band != "green" else 0.0)


def simulated_outcome(rng: random.Random, utility: float, position: int) -> str | None:
    """What an invented seeker does with the vacancy shown at `position`: a SimulatedOutcome kind or None."""
    if rng.random() >= 1 / (1 + position) ** POSITION_BIAS:
        return None  # not looked at
    felt = utility + rng.gauss(0, NOISE)
    for kind, threshold in THRESHOLDS:
        if felt >= threshold:
            return kind
    if felt < NOT_FITTING_BELOW and rng.random() < NOT_FITTING_CHANCE:
        return SimulatedOutcome.Kind.NOT_FITTING
    return None


def simulate_demo_outcomes(seed: int = 1, searches: int = 300) -> dict:
    """Replace the simulated searches and their outcomes; returns counts."""
    rng = random.Random(seed)
    now = timezone.now()
    pool = _pool()
    by_network = defaultdict(list)
    for row in pool:
        by_network[row["network_id"]].append(row)
    networks = sorted(by_network)
    slugs = dict(Network.objects.filter(pk__in=networks).values_list("pk", "slug"))
    newest = max((row["published_at"] for row in pool if row["published_at"]), default=None)
    competence_codes = sorted(competence_list())
    sections = [section.code for section in get_catalogue().sections]

    planned = []  # (RankedSearch, [(vacancy id, kind)])
    for index in range(searches if networks else 0):
        vacancies = by_network[rng.choice(networks)]
        anchor = rng.choice(vacancies)
        home = (anchor["latitude"] + rng.uniform(-0.05, 0.05), anchor["longitude"] + rng.uniform(-0.05, 0.05))
        seeker = _seeker(rng, competence_codes)
        limited = sorted(section for section in sections if rng.random() < LIMITATION_CHANCE)
        offers = {
            row["pk"]: _offer(row, home, newest) for row in rng.sample(vacancies, min(DRAWN_PER_SEARCH, len(vacancies)))
        }
        nearest = sorted(offers, key=lambda pk: (offers[pk].distance_km, pk))[:CANDIDATES]
        bands = {pk: "green" if rng.random() < GREEN_SHARE else "orange" for pk in nearest}
        plain = sorted(nearest, key=lambda pk: (bands[pk] != "green", offers[pk].distance_km, offers[pk].age_days, pk))
        network_of = {row["pk"]: row["network_id"] for row in vacancies}
        candidates = [
            RankedCandidate(
                vacancy_id=pk,
                network_id=network_of[pk],
                band=bands[pk],
                plain_position=position,
                title_words=0,
                components=components(seeker, offers[pk]),
            )
            for position, pk in enumerate(plain)
        ]
        outcomes = []
        for candidate in candidates:
            kind = simulated_outcome(
                rng, hidden_utility(candidate.components, candidate.band), candidate.plain_position
            )
            if kind:
                outcomes.append((candidate.vacancy_id, kind))
        search = RankedSearch(
            pseudonym=pseudonym(f"simulated:{index}"),
            searched_at=now - timedelta(days=SEARCH_DAYS * (searches - index) / searches),
            network_slug=slugs.get(main_network_id(candidates), ""),
            simulated=True,
            candidates=[asdict(candidate) for candidate in candidates],
            sections_sealed=seal(limited),
        )
        planned.append((search, outcomes))

    with transaction.atomic():
        RankedSearch.objects.filter(simulated=True).delete()  # their outcomes go with them
        for search, _outcomes in planned:
            search.save()
        SimulatedOutcome.objects.bulk_create(
            [
                SimulatedOutcome(search=search, vacancy_id=vacancy_id, kind=kind)
                for search, outcomes in planned
                for vacancy_id, kind in outcomes
            ],
            batch_size=2000,
        )
    kinds = Counter(kind for _search, outcomes in planned for _vacancy, kind in outcomes)
    return {
        "searches": len(planned),
        "vacancies": len(pool),
        "outcomes": sum(kinds.values()),
        **{kind: kinds.get(kind, 0) for kind in SimulatedOutcome.Kind.values},
        "components_unknown": sorted(
            name
            for name in COMPONENTS
            if planned and all(c["components"][name] is None for search, _o in planned for c in search.candidates)
        ),
    }
