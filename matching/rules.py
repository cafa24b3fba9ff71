"""The rule book of DOMAIN.md: does a vacancy's load fit a worker's capacity, and why.

Pure Python on purpose (no Django): search backends compile `search_constraints`, pages and the
API show `evaluate`'s explanations, and the property tests run without a database.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from matching.catalogue import Catalogue, Dimension, get_catalogue, in_language

MAX_HOURS_PER_WEEK = 60
MAX_HOURS_PER_DAY = 12
MAX_PHASED_WEEKS = 52

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
    Status.GREEN: {"nl": "past", "en": "fits"},
    Status.ORANGE: {"nl": "past als de werkgever dit aanpast", "en": "fits if the employer adapts this"},
    Status.RED: {"nl": "past niet", "en": "does not fit"},
}


class ProfileError(ValueError):
    """Input that a profile cannot hold; `field` names it, `messages` says why in nl and en."""

    def __init__(self, field: str, nl: str, en: str):
        super().__init__(f"{field}: {en}")
        self.field = field
        self.messages = {"nl": nl, "en": en}

    def message(self, language: str = "nl") -> str:
        return in_language(self.messages, language)


class ProfileErrors(ValueError):
    """Several `ProfileError`s at once, so a form can show every wrong field in one go."""

    def __init__(self, errors: list[ProfileError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors

    def by_field(self, language: str = "nl") -> dict[str, str]:
        return {error.field: error.message(language) for error in self.errors}


def _raise_all(errors: list[ProfileError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ProfileErrors(errors)


def _check_level(dimension: Dimension | None, code, level, field_name: str) -> ProfileError | None:
    if dimension is None:
        return ProfileError(field_name, f"onbekende code {code!r}", f"unknown code {code!r}")
    if isinstance(level, bool) or not isinstance(level, int):
        return ProfileError(field_name, "vul een heel getal in", "enter a whole number")
    if not 0 <= level <= dimension.max:
        return ProfileError(
            field_name,
            f"kies een niveau van 0 tot en met {dimension.max}",
            f"choose a level from 0 to {dimension.max}",
        )
    return None


def _validated_levels(levels: Mapping[str, int], prefix: str, catalogue: Catalogue) -> dict[str, int]:
    if not isinstance(levels, Mapping):
        raise ProfileError(prefix, "verwacht per code een niveau", "expected a level per code")
    errors = []
    for code, level in levels.items():
        error = _check_level(catalogue.dimensions.get(code), code, level, f"{prefix}.{code}")
        if error:
            errors.append(error)
    _raise_all(errors)
    return dict(levels)


@dataclass(frozen=True)
class CapacityProfile:
    """What a worker can sustain per dimension. A code that is not stated is at the norm (no limitation)."""

    levels: Mapping[str, int] = field(default_factory=dict)
    catalogue: Catalogue = field(default_factory=get_catalogue, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "levels", _validated_levels(self.levels, "capacity", self.catalogue))

    @classmethod
    def from_fml(cls, codes: Mapping[str, int], catalogue: Catalogue | None = None) -> "CapacityProfile":
        """From FML codes as a professional enters them (0 = the norm, higher = more limited)."""
        catalogue = catalogue or get_catalogue()
        errors, levels = [], {}
        for code, fml_code in codes.items():
            dimension = catalogue.dimensions.get(code)
            name = f"fml.{code}"
            if dimension is None:
                errors.append(ProfileError(name, f"onbekende code {code!r}", f"unknown code {code!r}"))
            elif isinstance(fml_code, bool) or fml_code not in dimension.fml:
                allowed = ", ".join(str(c) for c in dimension.fml)
                errors.append(
                    ProfileError(name, f"kies een FML-code uit {allowed}", f"choose an FML code from {allowed}")
                )
            else:
                levels[code] = dimension.fml[fml_code]
        _raise_all(errors)
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
            object.__setattr__(self, "levels", _validated_levels(self.levels, "load", self.catalogue))
        except ProfileError as error:
            errors.append(error)
        except ProfileErrors as error:
            errors.extend(error.errors)
        adaptable = frozenset(self.adaptable)
        unknown = sorted(code for code in adaptable if code not in self.catalogue)
        if unknown:
            joined = ", ".join(unknown)
            errors.append(ProfileError("adaptable", f"onbekende code(s): {joined}", f"unknown code(s): {joined}"))
        _raise_all(errors)
        object.__setattr__(self, "adaptable", adaptable)

    def level(self, code: str) -> int:
        return self.levels.get(code, 0)

    def notable(self) -> dict[str, int]:
        return {code: level for code, level in self.levels.items() if level > 0}


def dimension_status(load: int, capacity: int, adaptable: bool) -> Status:
    if load <= capacity:
        return Status.GREEN
    if load == capacity + 1 and adaptable:
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
        return f"{name}: {capacity}, {load} — {in_language(VERDICT[self.status], language)}."

    def as_api(self, language: str = "nl") -> dict:
        return {
            "code": self.code,
            "load": self.load,
            "capacity": self.capacity,
            "status": str(self.status),
            "adaptable": self.adaptable,
            "explanation": self.explanation(language),
        }


def evaluate_dimension(dimension: Dimension, capacity: CapacityProfile, load: LoadProfile) -> DimensionResult:
    load_level, capacity_level = load.level(dimension.code), capacity.level(dimension.code)
    adaptable = dimension.code in load.adaptable
    return DimensionResult(
        dimension, load_level, capacity_level, adaptable, dimension_status(load_level, capacity_level, adaptable)
    )


def evaluate_dimensions(capacity: CapacityProfile, load: LoadProfile) -> list[DimensionResult]:
    """Every dimension where something is at stake: the job has a load or the worker a limitation.

    The others (no load, no limitation) are green by construction and would only add noise.
    """
    codes = set(load.notable()) | set(capacity.limited())
    return [evaluate_dimension(d, capacity, load) for d in capacity.catalogue if d.code in codes]


# --- hours ----------------------------------------------------------------------------------------


def _hours_error(name: str, nl: str, en: str) -> ProfileError:
    return ProfileError(f"hours.{name}", nl, en)


def _positive_hours(value, name: str, maximum: int, unit_nl: str, unit_en: str) -> ProfileError | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return _hours_error(name, "vul een aantal uren in", "enter a number of hours")
    if not 0 < value <= maximum:
        return _hours_error(
            name,
            f"vul meer dan 0 en hoogstens {maximum} uur {unit_nl} in",
            f"enter more than 0 and at most {maximum} hours {unit_en}",
        )
    return None


@dataclass(frozen=True)
class WorkerHours:
    """Hours a worker can sustain now (per week, optionally per day) and is building up to."""

    per_week: Number
    per_day: Number | None = None
    target_per_week: Number | None = None

    def __post_init__(self):
        errors = [_positive_hours(self.per_week, "per_week", MAX_HOURS_PER_WEEK, "per week", "a week")]
        if self.per_day is not None:
            errors.append(_positive_hours(self.per_day, "per_day", MAX_HOURS_PER_DAY, "per dag", "a day"))
        if self.target_per_week is not None:
            errors.append(
                _positive_hours(self.target_per_week, "target_per_week", MAX_HOURS_PER_WEEK, "per week", "a week")
            )
        errors = [error for error in errors if error]
        if not errors and self.target_per_week is not None and self.target_per_week < self.per_week:
            errors.append(
                _hours_error(
                    "target_per_week",
                    "het doel kan niet lager zijn dan wat u nu kunt werken",
                    "the target cannot be lower than the hours you can work now",
                )
            )
        _raise_all(errors)

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
        _raise_all(self.problems())

    def problems(self) -> list[ProfileError]:
        week_errors = [
            _positive_hours(self.per_week_min, "per_week_min", MAX_HOURS_PER_WEEK, "per week", "a week"),
            _positive_hours(self.per_week_max, "per_week_max", MAX_HOURS_PER_WEEK, "per week", "a week"),
        ]
        errors = [error for error in week_errors if error]
        if self.per_day_max is not None:
            day_error = _positive_hours(self.per_day_max, "per_day_max", MAX_HOURS_PER_DAY, "per dag", "a day")
            errors += [day_error] if day_error else []
        if not any(week_errors) and self.per_week_max < self.per_week_min:
            errors.append(
                _hours_error(
                    "per_week_max",
                    "het maximum kan niet lager zijn dan het minimum aantal uren",
                    "the maximum cannot be lower than the minimum hours",
                )
            )
        if self.phased_start:
            errors.extend(self._phased_problems())
        return errors

    def _phased_problems(self) -> list[ProfileError]:
        errors = []
        start = self.phased_start_per_week
        if start is None:
            errors.append(
                _hours_error(
                    "phased_start_per_week",
                    "vul in met hoeveel uur per week iemand begint",
                    "enter how many hours a week someone starts with",
                )
            )
        else:
            error = _positive_hours(start, "phased_start_per_week", MAX_HOURS_PER_WEEK, "per week", "a week")
            if error:
                errors.append(error)
            elif isinstance(self.per_week_min, int | float | Decimal) and start > self.per_week_min:
                errors.append(
                    _hours_error(
                        "phased_start_per_week",
                        "bij een opbouw begint iemand met hoogstens het minimum aantal uren",
                        "a phased start begins with at most the minimum hours",
                    )
                )
        weeks = self.phased_weeks
        if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_PHASED_WEEKS:
            errors.append(
                _hours_error(
                    "phased_weeks",
                    f"vul een aantal weken van 1 tot en met {MAX_PHASED_WEEKS} in",
                    f"enter a number of weeks from 1 to {MAX_PHASED_WEEKS}",
                )
            )
        return errors


def _hours_text(value: Number, language: str) -> str:
    text = f"{float(value):g}"
    return text.replace(".", ",") if language == "nl" else text


@dataclass(frozen=True)
class HoursResult:
    status: Status
    reason: str  # not_given | per_day | per_week | phased | too_many
    worker: WorkerHours | None = None
    vacancy: VacancyHours | None = None

    def explanation(self, language: str = "nl") -> str:
        verdict = in_language(VERDICT[self.status], language)
        if self.reason == "not_given":
            texts = {"nl": "Uren: u heeft geen uren opgegeven", "en": "Hours: you did not give any hours"}
            return f"{in_language(texts, language)} — {verdict}."
        w, v = self.worker, self.vacancy
        h = lambda value: _hours_text(value, language)  # noqa: E731
        if self.reason == "per_day":
            texts = {
                "nl": f"Uren: u kunt {h(w.per_day)} uur per dag werken, "
                f"deze baan vraagt tot {h(v.per_day_max)} uur per dag",
                "en": f"Hours: you can work {h(w.per_day)} hours a day, "
                f"this job asks up to {h(v.per_day_max)} hours a day",
            }
        elif self.reason == "phased":
            texts = {
                "nl": f"Uren: u kunt nu {h(w.per_week)} uur per week werken; deze baan begint met "
                f"{h(v.phased_start_per_week)} uur per week en bouwt in {v.phased_weeks} weken op naar "
                f"{h(v.per_week_min)} uur",
                "en": f"Hours: you can work {h(w.per_week)} hours a week now; this job starts with "
                f"{h(v.phased_start_per_week)} hours a week and builds up to {h(v.per_week_min)} hours "
                f"in {v.phased_weeks} weeks",
            }
            verdict = in_language({"nl": "past met opbouw van uren", "en": "fits with a phased start"}, language)
        else:
            texts = {
                "nl": f"Uren: u kunt {h(w.per_week)} uur per week werken, deze baan vraagt minstens "
                f"{h(v.per_week_min)} uur per week",
                "en": f"Hours: you can work {h(w.per_week)} hours a week, this job asks at least "
                f"{h(v.per_week_min)} hours a week",
            }
        return f"{in_language(texts, language)} — {verdict}."

    def as_api(self, language: str = "nl") -> dict:
        return {"status": str(self.status), "explanation": self.explanation(language)}


def hours_status(worker: WorkerHours | None, vacancy: VacancyHours) -> HoursResult:
    if worker is None:
        return HoursResult(Status.GREEN, "not_given")
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
    capacity: CapacityProfile,
    load: LoadProfile,
    worker_hours: WorkerHours | None = None,
    vacancy_hours: VacancyHours | None = None,
) -> FitResult:
    dimensions = tuple(evaluate_dimensions(capacity, load))
    hours = hours_status(worker_hours, vacancy_hours) if vacancy_hours else HoursResult(Status.GREEN, "not_given")
    fit = worst(hours.status, *(result.status for result in dimensions))
    return FitResult(fit, dimensions, hours)


# --- what a search backend compiles ---------------------------------------------------------------


@dataclass(frozen=True)
class DimensionConstraint:
    """A vacancy passes if load ≤ green_max, or load == orange_level and the dimension is adaptable."""

    code: str
    green_max: int
    orange_level: int | None  # None when orange results are switched off

    def status(self, load: int, adaptable: Iterable[str]) -> Status:
        if load <= self.green_max:
            return Status.GREEN
        if self.orange_level is not None and load == self.orange_level and self.code in adaptable:
            return Status.ORANGE
        return Status.RED


def search_constraints(capacity: CapacityProfile, include_orange: bool = True) -> list[DimensionConstraint]:
    """One constraint per dimension where the capacity is below the norm; the rest cannot rule anything out."""
    return [
        DimensionConstraint(code, level, level + 1 if include_orange else None)
        for code, level in sorted(capacity.limited().items())
    ]


@dataclass(frozen=True)
class HoursConstraint:
    """The hours rule as a backend compiles it (see `hours_status`).

    A vacancy passes when `per_day_max` is absent or ≤ `per_day`, and either `per_week_min` ≤ `per_week`
    (green) or, with orange allowed, it offers a phased start beginning at ≤ `per_week` hours and its
    `per_week_min` ≤ `target_per_week` (orange).
    """

    per_week: Number
    per_day: Number | None
    target_per_week: Number
    include_orange: bool


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


def in_range(distance: float | None, radius_km: float | None, remote: bool) -> bool:
    """A vacancy is in range if it lies within the radius or can be done fully remotely."""
    return radius_km is None or remote or (distance is not None and distance <= radius_km)
