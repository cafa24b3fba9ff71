"""Demo vacancies: realistic, deterministic per index, topped up to the requested number in bulk.

Vacancy i is drawn from its own random generator seeded with (seed, i), so running loaddemo again
with a larger N only adds the missing vacancies, and the same N always gives the same data.
"""

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from listings.lifecycle import PUBLICATION
from listings.models import Occupation, Vacancy
from matching.catalogue import get_catalogue
from network.models import Employer, Membership

BATCH_SIZE = 2000
PUBLICATION_DAYS = 90
WEEK_MINIMUMS = [8, 12, 16, 16, 20, 24, 24, 28, 32, 32, 36]
TITLE_SUFFIXES = ["", "", "", " (parttime)", " (instapfunctie)", " – tweede spoor welkom", " (opbouw mogelijk)"]
OPENNESS = [
    "Je krijgt een vaste buddy die je de eerste weken helpt.",
    "We passen werktijden en pauzes aan op wat jij aankunt.",
    "Een rustige werkplek en een vaste begeleider zijn mogelijk.",
    "We werken al jaren met mensen die na ziekte opnieuw beginnen.",
    "Je mag starten met een proefplaatsing, zonder verplichtingen.",
    "Hulpmiddelen (zoals een sta-zittafel of tilhulp) regelen we samen.",
]
INTRO = [
    "Wij zoeken een collega die {title_lower} wil worden.",
    "Kom ons team versterken als {title_lower}.",
    "Ben jij op zoek naar passend werk als {title_lower}? Dan zoeken wij jou.",
]

StartProgress = Callable[[int], Callable[[int], None]]  # called with the total, returns "advance by n"


def _demo_employers() -> list[tuple[Employer, Membership]]:
    memberships = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, employer__kvk_number__isnull=False)
        .select_related("employer", "network")
        .order_by("network__slug", "employer__kvk_number")
    )
    return [(membership.employer, membership) for membership in memberships]


def _vary_load(rng: random.Random, load: dict[str, int]) -> dict[str, int]:
    catalogue = get_catalogue()
    varied = dict(load)
    for code in list(varied):
        roll = rng.random()
        if roll < 0.15:
            varied[code] = max(0, varied[code] - 1)
        elif roll < 0.22:
            varied[code] = min(catalogue[code].max, varied[code] + 1)
    return {code: level for code, level in varied.items() if level > 0}


def _hours(rng: random.Random) -> dict:
    minimum = rng.choice(WEEK_MINIMUMS)
    maximum = min(40, minimum + rng.choice([0, 4, 8, 8, 12]))
    phased = rng.random() < 0.55
    terms = {
        "per_week_min": Decimal(minimum),
        "per_week_max": Decimal(maximum),
        "per_day_max": Decimal(rng.choice([4, 6, 8, 8, 9])) if rng.random() < 0.6 else None,
        "phased_start": phased,
        "phased_start_per_week": Decimal(max(4, (minimum // 2) - rng.choice([0, 2, 4]))) if phased else None,
        "phased_weeks": rng.choice([4, 6, 8, 12, 16, 26]) if phased else None,
    }
    if terms["per_day_max"] is not None and terms["per_day_max"] * 5 < minimum:
        terms["per_day_max"] = Decimal(8)
    return terms


def demo_vacancy(index: int, *, seed: int, employers, occupations, loads, now) -> Vacancy:
    rng = random.Random(f"{seed}-{index}")
    employer, membership = employers[index % len(employers)]
    occupation = occupations[rng.randrange(len(occupations))]
    load = _vary_load(rng, loads[occupation.pk])
    adaptable = sorted(rng.sample(sorted(load), k=min(len(load), rng.choice([0, 1, 1, 2, 3]))))
    title = occupation.title_nl or occupation.title_en
    description = " ".join(
        [
            rng.choice(INTRO).format(title_lower=title.lower()),
            occupation.description_nl or occupation.description_en,
            f"Je werkt bij {employer.name} in {employer.municipality}.",
        ]
    )
    published_at = now - timedelta(days=rng.randrange(PUBLICATION_DAYS), minutes=rng.randrange(1440))
    return Vacancy(
        employer=employer,
        network=membership.network,
        occupation=occupation,
        title=f"{title}{rng.choice(TITLE_SUFFIXES)}",
        description=description,
        place=employer.municipality,
        latitude=round(employer.latitude + rng.uniform(-0.01, 0.01), 5),
        longitude=round(employer.longitude + rng.uniform(-0.015, 0.015), 5),
        remote=rng.random() < 0.08,
        coaching=rng.choice(Vacancy.Coaching.values),
        trial_placement=rng.random() < 0.5,
        openness_statement=" ".join(rng.sample(OPENNESS, k=2)),
        load=load,
        adaptable=adaptable,
        status=Vacancy.Status.PUBLISHED,  # demo vacancies start out approved
        created_at=published_at - timedelta(days=rng.randrange(1, 5)),
        published_at=published_at,
        expires_at=published_at + PUBLICATION,
        **_hours(rng),
    )


def load_vacancy_demo(*, count: int, seed: int = 1, start_progress: StartProgress | None = None) -> dict:
    """Top the demo vacancies up to `count` (the demo employers' vacancies are the demo vacancies)."""
    employers = _demo_employers()
    occupations = list(Occupation.objects.filter(source=Occupation.Source.CURATED).prefetch_related("tasks"))
    if not employers or not occupations:
        raise ValueError("load the demo networks and the curated occupations first")
    loads = {occupation.pk: occupation.load_profile() for occupation in occupations}
    existing = Vacancy.objects.filter(employer__in=[employer for employer, _m in employers]).count()
    now = timezone.now()
    created = 0
    advance = start_progress(max(0, count - existing)) if start_progress else None
    for start in range(existing, count, BATCH_SIZE):
        stop = min(count, start + BATCH_SIZE)
        batch = [
            demo_vacancy(i, seed=seed, employers=employers, occupations=occupations, loads=loads, now=now)
            for i in range(start, stop)
        ]
        with transaction.atomic():
            Vacancy.objects.bulk_create(batch)
        created += len(batch)
        if advance:
            advance(len(batch))
    return {"existing": existing, "created": created}
