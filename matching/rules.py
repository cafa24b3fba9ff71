"""The rule book of DOMAIN.md: does a vacancy's load fit a worker's capacity, and why.

Plain Python on purpose (no database): search backends compile `search_constraints` and
`hours_constraint`, pages and the API show `evaluate`'s explanations, and the property tests run
without a database. What input must look like before these rules judge it is in `matching.validation`.

Words
-----
dimension
    One thing work can ask of a body or mind, taken from the FML (Functionele Mogelijkhedenlijst, the
    list UWV uses to record what someone can do): lifting (IV.13), noise (III.6), night work (VI.1b) …
    The catalogue (`matching.catalogue`, data in `matching/data/dimensions.json`) holds each one with
    its scale of levels 0..K (K = `Dimension.max`: 1 for a yes/no dimension, 1 to 3 for a graded one).
level
    A step on a dimension's scale. Capacity and load use the same scale, and it runs from less to
    more: lifting level 0 is "up to 2 kg", level 3 is "15 kg or more"; on a yes/no dimension 0 is
    "not present" and 1 is "present".
capacity level
    What a worker can bear on a dimension (`Capacity`). Higher means the worker can bear more. A
    dimension that is not stated is at K, the norm: no limitation.
FML code
    How a professional writes a limitation on the FML. It runs the other way: 0 is the norm (no
    limitation) and a higher code means more limited. `Dimension.fml` maps each code to a capacity
    level (code 0 to K; in the catalogue code c to K - c). Only `Capacity.from_fml` reads FML codes;
    every rule works with capacity levels.
load level
    What a job asks on a dimension (`LoadProfile`), on the same scale: higher asks more. A dimension
    that is not stated is 0.
adaptable
    The employer marked a dimension as one they can adapt (a lifting aid, a quieter room). An
    adaptation bridges a load at most `ADAPTATION_REACH` (one) step above the capacity.
green / orange / red
    Per dimension: green when the load is at most the capacity; orange when it is above the capacity
    but an adaptation bridges it; red otherwise. Hours are judged green, orange (it fits with a phased
    start) or red as well. The overall fit is the worst of them all: red, else orange, else green.
hours
    The worker's (`WorkerHours`): hours a week they can work now, optionally at most how many a day,
    and optionally a target a week they are building up to (without one, the target is what they can
    work now). The vacancy's (`VacancyHours`): a minimum and maximum a week, optionally a maximum a
    day, and optionally a phased start: it begins with fewer hours a week (`phased_start_per_week`)
    and builds up to the minimum in `phased_weeks` weeks.
    Red when the vacancy's day is longer than the worker's; else green when its minimum a week is at
    most what the worker can work now; else orange when a phased start begins at most at what the
    worker can work now and builds up to a minimum at most the worker's target; else red. Without
    the worker's hours, or the vacancy's, hours are green.
constraint
    A rule compiled for search. `DimensionConstraint` and `HoursConstraint` hold the worker's side as
    plain data, bounds on a vacancy's fields, which each search backend only translates into its own
    query language; their `status()` answers as the rule does.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import get_format
from django.utils.translation import gettext, gettext_noop

from core.language import in_language
from matching.catalogue import Catalogue, Dimension, get_catalogue
from matching.validation import (
    ProfileError,
    ProfileErrors,
    adaptable_problem,
    fml_problem,
    raise_all,
    speaking,
    vacancy_hours_problems,
    validated_levels,
    worker_hours_problems,
)

Number = int | float | Decimal


class Status(StrEnum):
    GREEN = "green"
    ORANGE = "orange"
    RED = "red"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Status.GREEN: 0, Status.ORANGE: 1, Status.RED: 2}


def worst(*statuses: Status) -> Status:
    """The least fitting status; green when there is nothing to judge."""
    return max(statuses, key=_SEVERITY.__getitem__, default=Status.GREEN)


VERDICT = {
    Status.GREEN: gettext_noop("fits"),
    Status.ORANGE: gettext_noop("fits if the employer adapts this"),
    Status.RED: gettext_noop("does not fit"),
}


# --- capacity and load ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """What a worker can bear per dimension. A code that is not stated is at the norm (no limitation)."""

    levels: Mapping[str, int] = field(default_factory=dict)
    catalogue: Catalogue = field(default_factory=get_catalogue, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "levels", validated_levels(self.levels, "capacity", self.catalogue))

    @classmethod
    def from_fml(cls, codes: Mapping[str, int], catalogue: Catalogue | None = None) -> "Capacity":
        """From FML codes as a professional enters them (0 = the norm, higher = more limited)."""
        catalogue = catalogue or get_catalogue()
        errors, levels = [], {}
        for code, fml_code in codes.items():
            dimension = catalogue.dimensions.get(code)
            error = fml_problem(dimension, code, fml_code, f"fml.{code}")
            if error:
                errors.append(error)
            else:
                levels[code] = dimension.fml[fml_code]
        raise_all(errors)
        return cls(levels, catalogue)

    def level(self, code: str) -> int:
        return self.levels.get(code, self.catalogue[code].max)

    def limited(self) -> dict[str, int]:
        """Only the dimensions below the norm: the ones that can rule a vacancy out."""
        return {code: level for code, level in self.levels.items() if level < self.catalogue[code].max}


@dataclass(frozen=True)
class LoadProfile:
    """What a job demands per dimension (not stated = 0), and which dimensions the employer can adapt."""

    levels: Mapping[str, int] = field(default_factory=dict)
    adaptable: frozenset[str] = frozenset()
    catalogue: Catalogue = field(default_factory=get_catalogue, repr=False, compare=False)

    def __post_init__(self):
        errors = []
        try:
            object.__setattr__(self, "levels", validated_levels(self.levels, "load", self.catalogue))
        except ProfileError as error:
            errors.append(error)
        except ProfileErrors as error:
            errors.extend(error.errors)
        adaptable = frozenset(self.adaptable)
        errors.append(adaptable_problem(adaptable, self.catalogue))
        raise_all(errors)
        object.__setattr__(self, "adaptable", adaptable)

    def level(self, code: str) -> int:
        return self.levels.get(code, 0)

    def notable(self) -> dict[str, int]:
        return {code: level for code, level in self.levels.items() if level > 0}


# --- per dimension --------------------------------------------------------------------------------

ADAPTATION_REACH = 1  # how many levels above the capacity an employer's adaptation can bridge


def adaptation_bridges(load: int, capacity: int, adaptable: bool) -> bool:
    """The load is above the capacity, but the employer can adapt it and it is at most ADAPTATION_REACH above."""
    return adaptable and capacity < load <= capacity + ADAPTATION_REACH


def adapted_load(load: int, adaptable: bool) -> int:
    """The load once the employer has adapted what they can: ADAPTATION_REACH lower (not below 0).

    A dimension is green or orange exactly when `adapted_load(load, adaptable) <= capacity`, which
    lets a search document store it and a backend test "green or orange" with one comparison.
    """
    return max(load - ADAPTATION_REACH, 0) if adaptable else load


def dimension_status(load: int, capacity: int, adaptable: bool) -> Status:
    if load <= capacity:
        return Status.GREEN
    if adaptation_bridges(load, capacity, adaptable):
        return Status.ORANGE
    return Status.RED


@dataclass(frozen=True)
class DimensionResult:
    dimension: Dimension
    load: int
    capacity: int
    adaptable: bool
    status: Status

    @property
    def code(self) -> str:
        return self.dimension.code

    def explanation(self, language: str = "nl") -> str:
        """E.g. "Tillen: u kunt ongeveer 5 kg tillen, deze baan vraagt ongeveer 5 kg — past." """
        name = in_language(self.dimension.name, language)
        capacity = in_language(self.dimension.level(self.capacity).capacity, language)
        load = in_language(self.dimension.level(self.load).load, language)
        with speaking(language):
            verdict = gettext(VERDICT[self.status])
        return f"{name}: {capacity}, {load} — {verdict}."

    def as_api(self, language: str = "nl") -> dict:
        return {
            "code": self.code,
            "load": self.load,
            "capacity": self.capacity,
            "status": str(self.status),
            "adaptable": self.adaptable,
            "explanation": self.explanation(language),
        }


def evaluate_dimension(dimension: Dimension, capacity: Capacity, load: LoadProfile) -> DimensionResult:
    load_level, capacity_level = load.level(dimension.code), capacity.level(dimension.code)
    adaptable = dimension.code in load.adaptable
    return DimensionResult(
        dimension, load_level, capacity_level, adaptable, dimension_status(load_level, capacity_level, adaptable)
    )


def evaluate_dimensions(capacity: Capacity, load: LoadProfile) -> list[DimensionResult]:
    """Every dimension where something is at stake: the job has a load or the worker a limitation.

    The others (no load, no limitation) are green by construction and would only add noise.
    """
    codes = set(load.notable()) | set(capacity.limited())
    return [evaluate_dimension(d, capacity, load) for d in capacity.catalogue if d.code in codes]


# --- hours ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerHours:
    """Hours a worker can sustain now (per week, optionally per day) and is building up to."""

    per_week: Number
    per_day: Number | None = None
    target_per_week: Number | None = None

    def __post_init__(self):
        raise_all(worker_hours_problems(self.per_week, self.per_day, self.target_per_week))

    @property
    def target(self) -> Number:
        return self.per_week if self.target_per_week is None else self.target_per_week


@dataclass(frozen=True)
class VacancyHours:
    """A vacancy's hours and phased-start terms (DOMAIN.md)."""

    per_week_min: Number
    per_week_max: Number
    per_day_max: Number | None = None
    phased_start: bool = False
    phased_start_per_week: Number | None = None
    phased_weeks: int | None = None

    def __post_init__(self):
        raise_all(self.problems())

    def problems(self) -> list[ProfileError]:
        return vacancy_hours_problems(self)


def _hours_text(value: Number) -> str:
    """Hours as people write them in the active language: 16,5 in Dutch, 16.5 in English, 24 not 24.0."""
    return f"{float(value):g}".replace(".", get_format("DECIMAL_SEPARATOR"))


@dataclass(frozen=True)
class HoursResult:
    status: Status
    reason: str  # not_given | vacancy_not_given | per_day | per_week | phased | too_many
    worker: WorkerHours | None = None
    vacancy: VacancyHours | None = None

    def explanation(self, language: str = "nl") -> str:
        with speaking(language):
            verdict = gettext("fits with a phased start") if self.reason == "phased" else gettext(VERDICT[self.status])
            return f"{self._text()} — {verdict}."

    def _text(self) -> str:
        w, v = self.worker, self.vacancy
        if self.reason == "not_given":
            return gettext("Hours: you did not give any hours")
        if self.reason == "vacancy_not_given":
            return gettext("Hours: this vacancy does not state its hours")
        if self.reason == "per_day":
            return gettext(
                "Hours: you can work %(per_day)s hours a day, this job asks up to %(per_day_max)s hours a day"
            ) % {"per_day": _hours_text(w.per_day), "per_day_max": _hours_text(v.per_day_max)}
        if self.reason == "phased":
            return gettext(
                "Hours: you can work %(per_week)s hours a week now; this job starts with %(start)s hours a week "
                "and builds up to %(minimum)s hours in %(weeks)s weeks"
            ) % {
                "per_week": _hours_text(w.per_week),
                "start": _hours_text(v.phased_start_per_week),
                "minimum": _hours_text(v.per_week_min),
                "weeks": v.phased_weeks,
            }
        return gettext(
            "Hours: you can work %(per_week)s hours a week, this job asks at least %(minimum)s hours a week"
        ) % {"per_week": _hours_text(w.per_week), "minimum": _hours_text(v.per_week_min)}

    def as_api(self, language: str = "nl") -> dict:
        return {"status": str(self.status), "explanation": self.explanation(language)}


def hours_status(worker: WorkerHours | None, vacancy: VacancyHours | None) -> HoursResult:
    if worker is None:
        return HoursResult(Status.GREEN, "not_given")
    if vacancy is None:
        return HoursResult(Status.GREEN, "vacancy_not_given", worker)
    if worker.per_day is not None and vacancy.per_day_max is not None and vacancy.per_day_max > worker.per_day:
        return HoursResult(Status.RED, "per_day", worker, vacancy)
    if vacancy.per_week_min <= worker.per_week:
        return HoursResult(Status.GREEN, "per_week", worker, vacancy)
    if (
        vacancy.phased_start
        and vacancy.phased_start_per_week is not None
        and vacancy.phased_start_per_week <= worker.per_week
        and vacancy.per_week_min <= worker.target
    ):
        return HoursResult(Status.ORANGE, "phased", worker, vacancy)
    return HoursResult(Status.RED, "too_many", worker, vacancy)


# --- the overall fit ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitResult:
    fit: Status
    dimensions: tuple[DimensionResult, ...]
    hours: HoursResult

    def decisive(self) -> list[DimensionResult]:
        """The dimensions that decided the fit: the non-green ones, else those where the worker is limited."""
        not_green = [result for result in self.dimensions if result.status is not Status.GREEN]
        if not_green:
            return sorted(not_green, key=lambda result: -result.status.severity)
        return [result for result in self.dimensions if result.capacity < result.dimension.max]

    def as_api(self, language: str = "nl") -> dict:
        return {
            "fit": str(self.fit),
            "dimensions": [result.as_api(language) for result in self.dimensions],
            "hours": self.hours.as_api(language),
        }


def evaluate(
    capacity: Capacity,
    load: LoadProfile,
    worker_hours: WorkerHours | None = None,
    vacancy_hours: VacancyHours | None = None,
) -> FitResult:
    dimensions = tuple(evaluate_dimensions(capacity, load))
    hours = hours_status(worker_hours, vacancy_hours)
    fit = worst(hours.status, *(result.status for result in dimensions))
    return FitResult(fit, dimensions, hours)


# --- what a search backend compiles ---------------------------------------------------------------


@dataclass(frozen=True)
class DimensionConstraint:
    """A vacancy passes if load ≤ green_max, or (orange allowed) an adaptation bridges the load.

    `orange_level` is the highest load an adaptation bridges, green_max + ADAPTATION_REACH.
    """

    code: str
    green_max: int
    orange_level: int | None  # None when orange results are switched off

    def status(self, load: int, adaptable: Iterable[str]) -> Status:
        if load <= self.green_max:
            return Status.GREEN
        if self.orange_level is not None and adaptation_bridges(load, self.green_max, self.code in adaptable):
            return Status.ORANGE
        return Status.RED


def search_constraints(capacity: Capacity, include_orange: bool = True) -> list[DimensionConstraint]:
    """One constraint per dimension where the capacity is below the norm; the rest cannot rule anything out."""
    return [
        DimensionConstraint(code, level, level + ADAPTATION_REACH if include_orange else None)
        for code, level in sorted(capacity.limited().items())
    ]


@dataclass(frozen=True)
class AtMost:
    """A bound on one of a vacancy's hours fields: `field` ≤ `value`; with `or_missing`, no value passes too."""

    field: str  # a field of VacancyHours, named the same in every search document
    value: Number
    or_missing: bool = False

    def holds(self, vacancy: VacancyHours) -> bool:
        actual = getattr(vacancy, self.field)
        return self.or_missing if actual is None else actual <= self.value


@dataclass(frozen=True)
class IsTrue:
    """One of a vacancy's yes/no fields is yes."""

    field: str

    def holds(self, vacancy: VacancyHours) -> bool:
        return bool(getattr(vacancy, self.field))


HoursCondition = AtMost | IsTrue


def _all_hold(conditions: Iterable[HoursCondition], vacancy: VacancyHours) -> bool:
    return all(condition.holds(vacancy) for condition in conditions)


@dataclass(frozen=True)
class HoursConstraint:
    """The hours rule (`hours_status`) for one worker, as conditions on a vacancy's fields.

    A vacancy passes when all `required` conditions hold and either all `green` ones or (with orange
    allowed) all `orange` ones; a passing vacancy is orange when not all `green` ones hold. Backends
    translate each `AtMost`/`IsTrue` into their own query language and write no hours rule themselves.
    """

    per_week: Number
    per_day: Number | None
    target_per_week: Number
    include_orange: bool

    @property
    def required(self) -> tuple[HoursCondition, ...]:
        """No longer days than the worker can work (a vacancy that sets no day maximum passes)."""
        if self.per_day is None:
            return ()
        return (AtMost("per_day_max", self.per_day, or_missing=True),)

    @property
    def green(self) -> tuple[HoursCondition, ...]:
        """The minimum hours a week are at most what the worker can work now."""
        return (AtMost("per_week_min", self.per_week),)

    @property
    def orange(self) -> tuple[HoursCondition, ...] | None:
        """A phased start that begins at most at what the worker can work now and builds up to a minimum at
        most the worker's target; None when orange results are switched off."""
        if not self.include_orange:
            return None
        return (
            IsTrue("phased_start"),
            AtMost("phased_start_per_week", self.per_week),
            AtMost("per_week_min", self.target_per_week),
        )

    def status(self, vacancy: VacancyHours) -> Status:
        """As `hours_status(worker, vacancy).status`, except that orange is red when orange is switched off."""
        if not _all_hold(self.required, vacancy):
            return Status.RED
        if _all_hold(self.green, vacancy):
            return Status.GREEN
        if self.orange is not None and _all_hold(self.orange, vacancy):
            return Status.ORANGE
        return Status.RED


def hours_constraint(worker: WorkerHours | None, include_orange: bool = True) -> HoursConstraint | None:
    if worker is None:
        return None
    return HoursConstraint(worker.per_week, worker.per_day, worker.target, include_orange)


# --- location -------------------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088  # the mean Earth radius DOMAIN.md fixes for distances


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = math.radians(lat2 - lat1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def box_around(lat: float, lon: float, radius_km: float) -> tuple[tuple[float, float], tuple[float, float] | None]:
    """(latitude range, longitude range or None) of a box that holds every point within `radius_km` of the
    point, with a margin: a cheap pre-filter before the exact distance. No longitude range near a pole or
    the date line, where the box would wrap."""
    dlat = radius_km / KM_PER_DEGREE * 1.01 + 0.001
    latitudes = (lat - dlat, lat + dlat)
    if abs(lat) + dlat >= 89:
        return latitudes, None
    dlon = dlat / math.cos(math.radians(abs(lat) + dlat))
    if lon - dlon <= -180 or lon + dlon >= 180:
        return latitudes, None
    return latitudes, (lon - dlon, lon + dlon)
