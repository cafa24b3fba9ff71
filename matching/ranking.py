"""The transparent order within a fit band: a plain weighted sum of six components, each explained in words.

Green before orange stays absolute (the bands come from `matching.rules`); this module only orders
vacancies *within* a band. Every component is a number from 0 to 1 (or unknown), the score is the
weighted sum scaled to 0–100, and every component says in words why it scored what it did. Plain
Python, no database: the search, the evaluation harness and the experiments all call the same code.

Components (`COMPONENTS`):
- interest: the worker's RIASEC interests against the occupation's three-letter Holland code
  (first letter counts 3, second 2, third 1);
- competence: the share of the occupation's competences the worker has;
- distance: 1 at home (or remote work), 0 at the worker's travel limit or beyond;
- hours: 1 when the hours the worker wants fall within the vacancy's hours, less the further off;
  half when the worker must build up hours and the employer offers no phased start;
- coaching: 1 when the coaching offered is at least what the worker wants, ½ one step below, else 0;
- recency: 1 today, ½ after 30 days, ¼ after 60 (a half-life).

A component the search cannot know (no interests given, no location …) is unknown: it counts 0 for
every vacancy alike, so it changes no order, and the reasons say it was not used.
"""

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import cached_property

from matching.validation import ProfileError, ProfileErrors

COMPONENTS = ("interest", "competence", "distance", "hours", "coaching", "recency")
DEFAULT_WEIGHTS = {"interest": 3, "competence": 2, "distance": 2, "hours": 2, "coaching": 1, "recency": 1}
MAX_WEIGHT = 100
RIASEC = "RIASEC"
HOLLAND_POSITION_WEIGHTS = (3, 2, 1)
COACHING_STEPS = ("none", "buddy", "job_coach")
RECENCY_HALF_LIFE_DAYS = 30
HOURS_GAP_TO_ZERO = 16  # hours a week off the vacancy's range at which the hours component reaches 0

Number = int | float | Decimal


@dataclass(frozen=True)
class Weights:
    """How much each component counts. Whole or decimal numbers from 0 to 100; at least one above 0."""

    interest: float = DEFAULT_WEIGHTS["interest"]
    competence: float = DEFAULT_WEIGHTS["competence"]
    distance: float = DEFAULT_WEIGHTS["distance"]
    hours: float = DEFAULT_WEIGHTS["hours"]
    coaching: float = DEFAULT_WEIGHTS["coaching"]
    recency: float = DEFAULT_WEIGHTS["recency"]

    def __post_init__(self):
        errors = []
        for name in COMPONENTS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float | Decimal) or not math.isfinite(value):
                errors.append(ProfileError(f"weights.{name}", "vul een getal in", "enter a number"))
            elif not 0 <= value <= MAX_WEIGHT:
                errors.append(
                    ProfileError(
                        f"weights.{name}",
                        f"kies een gewicht van 0 tot en met {MAX_WEIGHT}",
                        f"choose a weight from 0 to {MAX_WEIGHT}",
                    )
                )
        if not errors and self.total == 0:
            errors.append(
                ProfileError("weights", "minstens één gewicht moet boven 0 zijn", "at least one weight above 0")
            )
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ProfileErrors(errors)

    @cached_property
    def total(self) -> float:
        return float(sum(getattr(self, name) for name in COMPONENTS))

    @cached_property
    def pairs(self) -> tuple[tuple[str, float], ...]:
        """(component, weight) in COMPONENTS order, read once (the score is computed for every result)."""
        return tuple((name, float(getattr(self, name))) for name in COMPONENTS)

    def as_dict(self) -> dict[str, float]:
        return {name: float(value) for name, value in asdict(self).items()}

    @classmethod
    def from_mapping(cls, values: Mapping) -> "Weights":
        """From a dict such as {"interest": 3, …}; missing components keep their default, unknown ones are refused."""
        if not isinstance(values, Mapping):
            raise ProfileError("weights", "verwacht per onderdeel een gewicht", "expected a weight per component")
        unknown = sorted(set(values) - set(COMPONENTS))
        if unknown:
            raise ProfileError(
                "weights",
                f"onbekend onderdeel: {', '.join(map(str, unknown))}; kies uit {', '.join(COMPONENTS)}",
                f"unknown component: {', '.join(map(str, unknown))}; choose from {', '.join(COMPONENTS)}",
            )
        return cls(**{name: values[name] for name in COMPONENTS if name in values})

    @classmethod
    def parse(cls, text: str) -> "Weights":
        """From "interest=3,competence=2,…" (the command line's form)."""
        values = {}
        for part in filter(None, (piece.strip() for piece in str(text).split(","))):
            name, sep, raw = part.partition("=")
            try:
                number = float(raw)
            except ValueError:
                number = None
            if not sep or number is None:
                raise ProfileError(
                    "weights",
                    f"schrijf onderdeel=getal, niet {part!r}",
                    f"write component=number, not {part!r}",
                )
            values[name.strip()] = number
        return cls.from_mapping(values)


@dataclass(frozen=True)
class Seeker:
    """What the ranking knows of the worker. No capacity levels: the fit band has used those already."""

    interests: tuple[str, ...] = ()  # RIASEC letters
    competences: frozenset[str] = frozenset()
    travel_km: float | None = None
    hours_now: Number | None = None  # per week, now
    hours_target: Number | None = None  # per week, the build-up goal
    coaching_wanted: str | None = None  # a COACHING_STEPS value above "none", or None for no wish

    def __repr__(self):  # hours come from a capacity profile: never in a log line or traceback
        return "Seeker(…)"

    __str__ = __repr__

    @property
    def wanted_hours(self) -> Number | None:
        return self.hours_target if self.hours_target is not None else self.hours_now


@dataclass(frozen=True)
class Offer:
    """What the ranking knows of a vacancy."""

    riasec: str = ""  # the occupation's Holland code, e.g. "RCE"
    competences: frozenset[str] = frozenset()
    distance_km: float | None = None
    remote: bool = False
    per_week_min: Number = 0
    per_week_max: Number = 0
    phased_start: bool = False
    coaching: str = "none"
    age_days: float = 0.0


def interest_component(seeker: Seeker, offer: Offer) -> float | None:
    if not seeker.interests or not offer.riasec:
        return None
    code = offer.riasec[: len(HOLLAND_POSITION_WEIGHTS)]
    total = sum(HOLLAND_POSITION_WEIGHTS[: len(code)])
    shared = sum(HOLLAND_POSITION_WEIGHTS[i] for i, letter in enumerate(code) if letter in seeker.interests)
    return shared / total


def competence_component(seeker: Seeker, offer: Offer) -> float | None:
    if not seeker.competences or not offer.competences:
        return None
    return len(seeker.competences & offer.competences) / len(offer.competences)


def distance_component(seeker: Seeker, offer: Offer) -> float | None:
    if offer.remote:
        return 1.0
    if offer.distance_km is None or not seeker.travel_km:
        return None
    return max(0.0, 1.0 - offer.distance_km / seeker.travel_km)


def needs_build_up(seeker: Seeker, offer: Offer) -> bool:
    return seeker.hours_now is not None and Decimal(str(seeker.hours_now)) < Decimal(str(offer.per_week_min))


def hours_gap(seeker: Seeker, offer: Offer) -> float | None:
    """Hours a week between what the worker wants and the vacancy's range (0 inside it)."""
    wanted = seeker.wanted_hours
    if wanted is None:
        return None
    wanted, low, high = float(wanted), float(offer.per_week_min), float(offer.per_week_max)
    return max(low - wanted, wanted - high, 0.0)


def hours_component(seeker: Seeker, offer: Offer) -> float | None:
    gap = hours_gap(seeker, offer)
    if gap is None:
        return None
    closeness = max(0.0, 1.0 - gap / HOURS_GAP_TO_ZERO)
    if needs_build_up(seeker, offer) and not offer.phased_start:
        closeness /= 2
    return closeness


def coaching_component(seeker: Seeker, offer: Offer) -> float | None:
    if seeker.coaching_wanted not in COACHING_STEPS[1:]:
        return None
    wanted = COACHING_STEPS.index(seeker.coaching_wanted)
    offered = COACHING_STEPS.index(offer.coaching) if offer.coaching in COACHING_STEPS else 0
    if offered >= wanted:
        return 1.0
    return 0.5 if offered == wanted - 1 else 0.0


def recency_component(seeker: Seeker, offer: Offer) -> float:
    return 0.5 ** (max(0.0, offer.age_days) / RECENCY_HALF_LIFE_DAYS)


COMPONENT_FUNCTIONS = {
    "interest": interest_component,
    "competence": competence_component,
    "distance": distance_component,
    "hours": hours_component,
    "coaching": coaching_component,
    "recency": recency_component,
}


def components(seeker: Seeker, offer: Offer) -> dict[str, float | None]:
    """Every component from 0 to 1, or None where it cannot be known."""
    return {name: COMPONENT_FUNCTIONS[name](seeker, offer) for name in COMPONENTS}


def score(values: Mapping[str, float | None], weights: Weights) -> float:
    """The weighted sum on a scale of 0 to 100; unknown components count 0."""
    total = sum(weight * (values.get(name) or 0.0) for name, weight in weights.pairs)
    return 100.0 * total / weights.total


def points(values: Mapping[str, float | None], weights: Weights) -> dict[str, float]:
    """What each component adds to the score (they add up to the score)."""
    return {name: 100.0 * weight * (values.get(name) or 0.0) / weights.total for name, weight in weights.pairs}


@dataclass(frozen=True)
class Reason:
    component: str
    value: float | None  # 0–1, None when unknown
    weight: float
    points: float  # its share of the score
    text: dict[str, str] = field(default_factory=dict)  # {"nl": …, "en": …}

    def as_api(self, language: str) -> dict:
        return {
            "component": self.component,
            "value": None if self.value is None else round(self.value, 3),
            "weight": self.weight,
            "points": round(self.points, 1),
            "text": self.text["en" if language == "en" else "nl"],
        }


@dataclass(frozen=True)
class Ranking:
    score: float
    reasons: tuple[Reason, ...]

    def as_api(self, language: str) -> dict:
        return {"score": round(self.score, 1), "reasons": [reason.as_api(language) for reason in self.reasons]}


INTEREST_NAMES = {
    "R": ("praktisch werk", "practical work"),
    "I": ("dingen uitzoeken", "finding things out"),
    "A": ("iets maken of ontwerpen", "creating things"),
    "S": ("mensen helpen", "helping people"),
    "E": ("leiden en verkopen", "leading and selling"),
    "C": ("netjes werken met cijfers en regels", "working neatly with figures and rules"),
}
COACHING_NAMES = {
    "none": ("geen begeleiding", "no coaching"),
    "buddy": ("een buddy", "a buddy"),
    "job_coach": ("een jobcoach", "a job coach"),
}


def _number(value: Number) -> str:
    value = float(value)
    return f"{value:g}"


def _pair(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


def _interest_text(seeker: Seeker, offer: Offer, value: float | None) -> dict[str, str]:
    if value is None:
        return _pair(
            "Uw interesses zijn niet bekend of dit beroep heeft geen code; niet meegeteld.",
            "Your interests are not known or this occupation has no code; not counted.",
        )
    shared = [letter for letter in offer.riasec[:3] if letter in seeker.interests]
    if not shared:
        return _pair(
            "Dit werk past niet bij de interesses die u koos.", "This work does not match the interests you chose."
        )
    nl = ", ".join(INTEREST_NAMES[letter][0] for letter in shared if letter in INTEREST_NAMES)
    en = ", ".join(INTEREST_NAMES[letter][1] for letter in shared if letter in INTEREST_NAMES)
    return _pair(f"Past bij wat u graag doet: {nl}.", f"Matches what you like to do: {en}.")


def _competence_text(seeker: Seeker, offer: Offer, value: float | None) -> dict[str, str]:
    if value is None:
        return _pair(
            "Uw vaardigheden zijn niet bekend; niet meegeteld.", "Your competences are not known; not counted."
        )
    have, asked = len(seeker.competences & offer.competences), len(offer.competences)
    return _pair(
        f"U heeft {have} van de {asked} vaardigheden die dit werk vraagt.",
        f"You have {have} of the {asked} competences this work asks for.",
    )


def _distance_text(seeker: Seeker, offer: Offer, value: float | None) -> dict[str, str]:
    if offer.remote:
        return _pair("U kunt dit werk thuis doen.", "You can do this work from home.")
    if value is None:
        return _pair(
            "Uw woonplaats of reisafstand is niet bekend; afstand niet meegeteld.",
            "Your home place or travel distance is not known; distance not counted.",
        )
    km, limit = round(offer.distance_km), _number(seeker.travel_km)
    if offer.distance_km > seeker.travel_km:
        return _pair(
            f"{km} km van huis: verder dan de {limit} km die u wilt reizen.",
            f"{km} km from home: further than the {limit} km you want to travel.",
        )
    return _pair(
        f"{km} km van huis; u wilt tot {limit} km reizen.", f"{km} km from home; you want to travel up to {limit} km."
    )


def _hours_text(seeker: Seeker, offer: Offer, value: float | None) -> dict[str, str]:
    if value is None:
        return _pair("Uw uren zijn niet bekend; niet meegeteld.", "Your hours are not known; not counted.")
    low, high, wanted = _number(offer.per_week_min), _number(offer.per_week_max), _number(seeker.wanted_hours)
    hours_nl = f"{low} uur" if low == high else f"{low} tot {high} uur"
    hours_en = f"{low} hours" if low == high else f"{low} to {high} hours"
    gap = hours_gap(seeker, offer)
    if gap == 0:
        text = _pair(
            f"{hours_nl} per week: past bij de {wanted} uur die u wilt werken.",
            f"{hours_en} a week: fits the {wanted} hours you want to work.",
        )
    else:
        text = _pair(
            f"{hours_nl} per week; u wilt {wanted} uur werken.", f"{hours_en} a week; you want to work {wanted} hours."
        )
    if needs_build_up(seeker, offer):
        if offer.phased_start:
            return _pair(
                text["nl"] + " U kunt met minder uren beginnen.", text["en"] + " You can start with fewer hours."
            )
        return _pair(
            text["nl"] + " U moet uren opbouwen, maar beginnen met minder uren kan hier niet.",
            text["en"] + " You need to build up hours, but starting with fewer hours is not possible here.",
        )
    return text


def _coaching_text(seeker: Seeker, offer: Offer, value: float | None) -> dict[str, str]:
    if value is None:
        return _pair("U gaf geen wens voor begeleiding; niet meegeteld.", "You gave no wish for coaching; not counted.")
    offered = COACHING_NAMES.get(offer.coaching, COACHING_NAMES["none"])
    wanted = COACHING_NAMES[seeker.coaching_wanted]
    if value == 1.0:
        return _pair(
            f"Er is {offered[0]}. U wilde {wanted[0]}: dat past.",
            f"There is {offered[1]}. You wanted {wanted[1]}: that fits.",
        )
    return _pair(f"Er is {offered[0]}. U wilde {wanted[0]}.", f"There is {offered[1]}. You wanted {wanted[1]}.")


def _recency_text(seeker: Seeker, offer: Offer, value: float | None) -> dict[str, str]:
    days = max(0, int(offer.age_days))
    if days == 0:
        return _pair("Vandaag geplaatst.", "Published today.")
    if days == 1:
        return _pair("Gisteren geplaatst.", "Published yesterday.")
    return _pair(f"{days} dagen geleden geplaatst.", f"Published {days} days ago.")


TEXTS = {
    "interest": _interest_text,
    "competence": _competence_text,
    "distance": _distance_text,
    "hours": _hours_text,
    "coaching": _coaching_text,
    "recency": _recency_text,
}


def rank(seeker: Seeker, offer: Offer, weights: Weights) -> Ranking:
    """The score and its reasons, the reasons that add most first (unknown components last)."""
    values = components(seeker, offer)
    shares = points(values, weights)
    reasons = [
        Reason(
            name, values[name], float(getattr(weights, name)), shares[name], TEXTS[name](seeker, offer, values[name])
        )
        for name in COMPONENTS
    ]
    reasons.sort(key=lambda reason: (reason.value is None, -reason.points, COMPONENTS.index(reason.component)))
    return Ranking(score(values, weights), tuple(reasons))


@dataclass(frozen=True)
class RankedCandidate:
    """One vacancy of a search's ranked window, as the evaluation log keeps it: ids and numbers only."""

    vacancy_id: int
    network_id: int
    band: str  # "green" | "orange"
    plain_position: int  # 0-based position in the plain order (fit, title words, distance, date)
    title_words: int  # how many of the search words are in the title (0 without words)
    components: dict[str, float | None]  # COMPONENTS → 0..1 or None


def ranked_order(candidates: list[RankedCandidate], weights: "Weights | None") -> list[RankedCandidate]:
    """The order a search shows: band, title words, then the score (None: the plain order within the band)."""

    def key(candidate: RankedCandidate):
        value = 0.0 if weights is None else score(candidate.components, weights)
        return (candidate.band != "green", -candidate.title_words, -value, candidate.plain_position)

    return sorted(candidates, key=key)
