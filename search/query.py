"""The one search query both backends compile, and how the API's JSON body becomes one.

A `SearchQuery` carries the worker's capacity; it lives only for the request. Backends turn it
into filter clauses; it is never logged, cached, queued or put in a URL.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from core.language import in_language
from core.limits import text_problem
from matching.catalogue import get_catalogue
from matching.competences import competences as known_competences
from matching.ranking import COACHING_STEPS, RIASEC
from matching.rules import (
    Capacity,
    DimensionConstraint,
    HoursConstraint,
    WorkerHours,
    hours_constraint,
    search_constraints,
)
from matching.validation import MAX_HOURS_PER_DAY, MAX_HOURS_PER_WEEK, ProfileError, ProfileErrors

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_RADIUS_KM = 300
MAX_TEXT_LENGTH = 200
MAX_PAGE = 10_000
SORTS = ("best", "distance", "newest")

# Hours bands for the facet, on a vacancy's minimum hours per week: (key, lower bound, upper bound).
HOURS_BANDS = (
    ("lt16", 0, 16),
    ("16-24", 16, 24),
    ("24-32", 24, 32),
    ("32plus", 32, None),
)
COACHING = ("none", "buddy", "job_coach")
# What is on offer (`listings.Vacancy.Kind`): a paid job, or unpaid work that rebuilds capacity and experience.
KINDS = ("vacancy", "trial_placement", "work_experience", "volunteering")
FITS = ("green", "orange")
# Facets a user can narrow on; each holds a set of allowed values (empty = no narrowing).
FACETS = ("kind", "network", "region", "hours_band", "phased_start", "coaching", "trial_placement", "remote", "fit")


def hours_band(per_week_min) -> str:
    for key, lower, upper in HOURS_BANDS:
        if per_week_min >= lower and (upper is None or per_week_min < upper):
            return key
    return HOURS_BANDS[0][0]


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class SearchQuery:
    capacity: Capacity = field(default_factory=Capacity)
    hours: WorkerHours | None = None
    location: Location | None = None
    radius_km: float | None = None
    text: str = ""
    networks: tuple[str, ...] = ()
    include_orange: bool = True
    # Facet narrowing: facet name -> allowed values (strings; "true"/"false" for yes/no facets).
    selected: dict[str, frozenset[str]] = field(default_factory=dict)
    sort: str = "best"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def __repr__(self):
        # Never print a capacity, not even by accident in a traceback or log line.
        return f"SearchQuery(networks={self.networks!r}, page={self.page}, sort={self.sort!r}, …)"

    __str__ = __repr__

    @property
    def constraints(self) -> list[DimensionConstraint]:
        return search_constraints(self.capacity, self.include_orange)

    @property
    def hours_rule(self) -> HoursConstraint | None:
        return hours_constraint(self.hours, self.include_orange)

    @property
    def words(self) -> list[str]:
        return [word for word in self.text.casefold().split() if word]

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def selection(self, facet: str) -> frozenset[str]:
        return self.selected.get(facet, frozenset())


# --- from the API body ----------------------------------------------------------------------------


def _error(field_name: str, nl: str, en: str) -> ProfileError:
    return ProfileError(field_name, nl, en)


def exact_hours(value):
    """Hours as an exact decimal (24.3 stays 24.3), so rules and backends compare the same number."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return value


def _integral(value):
    """JSON has one number type: 2.0 is the whole number 2 (as JSON Schema's "integer" says)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(raw, name: str, errors: list, low: float, high: float) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        errors.append(_error(name, "vul een getal in", "enter a number"))
        return None
    if not low <= raw <= high:
        errors.append(
            _error(name, f"kies een getal van {low:g} tot en met {high:g}", f"choose a number from {low:g} to {high:g}")
        )
        return None
    return float(raw)


def _capacity(raw, errors: list) -> Capacity:
    if raw is None:
        return Capacity()
    if not isinstance(raw, dict):
        errors.append(_error("capacity", "verwacht per code een niveau", "expected a level per code"))
        return Capacity()
    try:
        return Capacity({code: _integral(level) for code, level in raw.items()})
    except ProfileError as error:
        errors.append(error)
    except ProfileErrors as error:
        errors.extend(error.errors)
    return Capacity()


def _hours(raw, errors: list) -> WorkerHours | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(_error("hours", "verwacht uren per week en per dag", "expected hours per week and per day"))
        return None
    unknown = set(raw) - {"per_week", "per_day", "target_per_week"}
    for name in sorted(unknown):
        errors.append(_error(f"hours.{name}", "onbekend veld", "unknown field"))
    if all(raw.get(name) is None for name in ("per_week", "per_day", "target_per_week")):
        return None
    if raw.get("per_week") is None:
        errors.append(
            _error(
                "hours.per_week",
                "vul in hoeveel uur per week u nu kunt werken",
                "enter how many hours a week you can work now",
            )
        )
        return None
    try:
        return WorkerHours(
            per_week=exact_hours(raw.get("per_week")),
            per_day=exact_hours(raw.get("per_day")),
            target_per_week=exact_hours(raw.get("target_per_week")),
        )
    except ProfileError as error:
        errors.append(error)
    except ProfileErrors as error:
        errors.extend(error.errors)
    return None


def _location(raw, radius, errors: list) -> tuple[Location | None, float | None]:
    location = None
    if raw is not None:
        if not isinstance(raw, dict):
            errors.append(_error("location", "verwacht lat en lon", "expected lat and lon"))
        else:
            for name in sorted(set(raw) - {"lat", "lon"}):
                errors.append(_error(f"location.{name}", "onbekend veld", "unknown field"))
            lat = _number(raw.get("lat"), "location.lat", errors, -90, 90)
            lon = _number(raw.get("lon"), "location.lon", errors, -180, 180)
            if lat is not None and lon is not None:
                location = Location(lat, lon)
    radius_km = None
    if radius is not None:
        radius_km = _number(radius, "radius_km", errors, 0, MAX_RADIUS_KM)
        if raw is None:
            errors.append(_error("radius_km", "geef ook een plaats (location) op", "give a location as well"))
    return location, radius_km


def _strings(raw, name: str, errors: list, allowed=None) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        errors.append(_error(name, "verwacht een lijst met teksten", "expected a list of strings"))
        return ()
    if allowed is not None:
        wrong = sorted(set(raw) - set(allowed))
        if wrong:
            errors.append(
                _error(name, f"onbekende waarde(n): {', '.join(wrong)}", f"unknown value(s): {', '.join(wrong)}")
            )
            return ()
    return tuple(dict.fromkeys(raw))


FACET_VALUES = {
    "kind": list(KINDS),
    "hours_band": [key for key, _low, _high in HOURS_BANDS],
    "phased_start": ["true", "false"],
    "coaching": list(COACHING),
    "trial_placement": ["true", "false"],
    "remote": ["true", "false"],
    "fit": list(FITS),
}
YES_NO_FACETS = ("phased_start", "trial_placement", "remote")


def _selected(raw, errors: list) -> dict[str, frozenset[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        errors.append(_error("filters", "verwacht per filter een lijst", "expected a list per filter"))
        return {}
    selected = {}
    for name, values in raw.items():
        if name not in FACETS:
            errors.append(_error(f"filters.{name}", "onbekend filter", "unknown filter"))
            continue
        if isinstance(values, bool) and name in YES_NO_FACETS:
            values = ["true" if values else "false"]
        chosen = _strings(values, f"filters.{name}", errors, FACET_VALUES.get(name))
        if chosen:
            selected[name] = frozenset(chosen)
    return selected


def _whole(raw, name: str, errors: list, low: int, high: int, default: int) -> int:
    if raw is None:
        return default
    raw = _integral(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        errors.append(
            _error(
                name, f"kies een heel getal van {low} tot en met {high}", f"choose a whole number from {low} to {high}"
            )
        )
        return default
    return raw


KNOWN_FIELDS = {
    "capacity",
    "hours",
    "location",
    "radius_km",
    "query",
    "networks",
    "include_orange",
    "filters",
    "sort",
    "page",
    "page_size",
    *("interests", "competences", "coaching_wanted"),  # for the order within a band (search.order)
}


def _seeker_fields(body: dict, errors: list) -> None:
    """The optional interests, competences and coaching wish; `search.order.seeker_from_body` reads them."""
    interests = body.get("interests")
    if interests is not None and (
        not isinstance(interests, list)
        or not all(isinstance(item, str) and len(item) == 1 and item in RIASEC for item in interests)
        or len(set(interests)) != len(interests)
    ):
        errors.append(
            _error(
                "interests",
                "verwacht een lijst met verschillende letters uit R, I, A, S, E, C",
                "expected a list of distinct letters from R, I, A, S, E, C",
            )
        )
    competences = body.get("competences")
    known = known_competences()
    if competences is not None and (
        not isinstance(competences, list)
        or not all(isinstance(item, str) and item in known for item in competences)
        or len(set(competences)) != len(competences)
    ):
        errors.append(
            _error(
                "competences",
                "verwacht een lijst met verschillende bekende vaardigheden (zie de API-beschrijving)",
                "expected a list of distinct known competence codes (see the API description)",
            )
        )
    wish = body.get("coaching_wanted")
    if wish is not None and wish not in COACHING_STEPS:
        errors.append(
            _error(
                "coaching_wanted", f"kies uit {', '.join(COACHING_STEPS)}", f"choose from {', '.join(COACHING_STEPS)}"
            )
        )


def parse_search(body, known_networks=None) -> SearchQuery:
    """The API body (DOMAIN.md) as a SearchQuery; every problem is collected and raised together."""
    if not isinstance(body, dict):
        raise ProfileError("body", "verwacht een JSON-object", "expected a JSON object")
    errors: list[ProfileError] = []
    for name in sorted(set(body) - KNOWN_FIELDS):
        errors.append(_error(name, "onbekend veld", "unknown field"))
    capacity = _capacity(body.get("capacity"), errors)
    hours = _hours(body.get("hours"), errors)
    location, radius_km = _location(body.get("location"), body.get("radius_km"), errors)
    text = body.get("query")
    if text is None:
        text = ""
    elif not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
        errors.append(
            _error(
                "query",
                f"een tekst van hoogstens {MAX_TEXT_LENGTH} tekens",
                f"a text of at most {MAX_TEXT_LENGTH} characters",
            )
        )
        text = ""
    elif text_problem(text):
        errors.append(_error("query", *text_problem(text)))
        text = ""
    networks = _strings(body.get("networks"), "networks", errors, known_networks)
    _seeker_fields(body, errors)
    include_orange = body.get("include_orange", True)
    if not isinstance(include_orange, bool):
        errors.append(_error("include_orange", "kies true of false", "choose true or false"))
        include_orange = True
    sort = body.get("sort", "best")
    if sort not in SORTS:
        errors.append(_error("sort", f"kies uit {', '.join(SORTS)}", f"choose from {', '.join(SORTS)}"))
        sort = "best"
    if sort == "distance" and body.get("location") is None:
        errors.append(
            _error(
                "sort",
                "sorteren op afstand kan alleen met een plaats (location)",
                "sorting by distance needs a location",
            )
        )
    query = SearchQuery(
        capacity=capacity,
        hours=hours,
        location=location,
        radius_km=radius_km,
        text=text.strip(),
        networks=networks,
        include_orange=include_orange,
        selected=_selected(body.get("filters"), errors),
        sort=sort,
        page=_whole(body.get("page"), "page", errors, 1, MAX_PAGE, 1),
        page_size=_whole(body.get("page_size"), "page_size", errors, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
    )
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ProfileErrors(errors)
    return query


# --- the body as JSON Schema (the OpenAPI document's request body) --------------------------------

NO_NUL = "^[^\\x00]*$"  # NUL characters are refused in every text (PostgreSQL cannot store them)


def _nullable(kind: str | list[str]) -> list[str]:
    return [*([kind] if isinstance(kind, str) else kind), "null"]


def _hours_property(maximum: int, description: str) -> dict:
    return {"type": _nullable("number"), "exclusiveMinimum": 0, "maximum": maximum, "description": description}


def _is_number(name: str) -> dict:
    return {"required": [name], "properties": {name: {"type": "number"}}}


def _needs_location(condition: dict) -> dict:
    return {"if": condition, "then": {"required": ["location"], "properties": {"location": {"type": "object"}}}}


def _facet_schema(name: str) -> dict:
    if name in YES_NO_FACETS:
        return {
            "type": _nullable(["array", "boolean"]),
            "items": {"enum": FACET_VALUES[name]},
            "description": 'true, false, or a list of "true"/"false".',
        }
    if name == "kind":
        return {
            "type": _nullable("array"),
            "items": {"enum": FACET_VALUES[name]},
            "description": "What is on offer: vacancy (a paid job), trial_placement, work_experience or volunteering.",
        }
    if name in FACET_VALUES:
        return {"type": _nullable("array"), "items": {"enum": FACET_VALUES[name]}}
    return {
        "type": _nullable("array"),
        "items": {"type": "string", "pattern": NO_NUL},
        "description": f"{name} slugs (as in the facet values of a search answer).",
    }


def search_body_schema(catalogue=None) -> dict:
    """What `parse_search` accepts, as JSON Schema: a body that fits it is answered (200), any other gets a 400.

    Two rules JSON Schema cannot state are in the descriptions: `hours.target_per_week` is at least
    `hours.per_week`, and `networks` holds only slugs of existing networks (the served document lists them).
    """
    catalogue = catalogue or get_catalogue()
    capacity = {
        dimension.code: {
            "type": "integer",
            "minimum": 0,
            "maximum": dimension.max,
            "description": in_language(dimension.name, "en"),
        }
        for dimension in catalogue
    }
    hours = {
        "type": _nullable("object"),
        "additionalProperties": False,
        "description": "Hours the worker can sustain. per_week is required when per_day or target_per_week is "
        "given; target_per_week is at least per_week.",
        "properties": {
            "per_week": _hours_property(MAX_HOURS_PER_WEEK, "Hours a week the worker can work now."),
            "per_day": _hours_property(MAX_HOURS_PER_DAY, "Hours a day, at most."),
            "target_per_week": _hours_property(
                MAX_HOURS_PER_WEEK, "Hours a week the worker builds up to (at least per_week; default per_week)."
            ),
        },
        "if": {"anyOf": [_is_number("per_day"), _is_number("target_per_week")]},
        "then": {"required": ["per_week"], "properties": {"per_week": {"type": "number"}}},
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "description": "Every field is optional; null means not given. Every problem is reported at once, per "
        "field, in a 400.",
        "properties": {
            "capacity": {
                "type": _nullable("object"),
                "additionalProperties": False,
                "properties": capacity,
                "description": "A level per dimension code (GET /api/v1/dimensions/); a code that is "
                "not given is at the norm (its max).",
            },
            "hours": hours,
            "location": {
                "type": _nullable("object"),
                "additionalProperties": False,
                "required": ["lat", "lon"],
                "properties": {
                    "lat": {"type": "number", "minimum": -90, "maximum": 90},
                    "lon": {"type": "number", "minimum": -180, "maximum": 180},
                },
            },
            "radius_km": {
                "type": _nullable("number"),
                "minimum": 0,
                "maximum": MAX_RADIUS_KM,
                "description": "Only with a location. Remote vacancies are always in range.",
            },
            "query": {
                "type": _nullable("string"),
                "maxLength": MAX_TEXT_LENGTH,
                "pattern": NO_NUL,
                "description": "Words that must all occur in the vacancy.",
            },
            "networks": {
                "type": _nullable("array"),
                "items": {"type": "string"},
                "description": "Slugs of networks to search in (all when not given).",
            },
            "include_orange": {
                "type": "boolean",
                "default": True,
                "description": "Also vacancies that fit if the employer adapts something.",
            },
            "filters": {
                "type": _nullable("object"),
                "additionalProperties": False,
                "properties": {name: _facet_schema(name) for name in FACETS},
                "description": "Facet values to narrow on (see `facets` in the answer).",
            },
            "sort": {"enum": list(SORTS), "default": "best", "description": "distance needs a location."},
            "interests": {
                "type": _nullable("array"),
                "items": {"enum": list(RIASEC)},
                "uniqueItems": True,
                "description": "The worker's interests (RIASEC letters), for the order within a fit band.",
            },
            "competences": {
                "type": _nullable("array"),
                "items": {"enum": sorted(known_competences())},
                "uniqueItems": True,
                "description": "The worker's competences, for the order within a fit band.",
            },
            "coaching_wanted": {
                "enum": [*COACHING_STEPS, None],
                "description": "The coaching the worker would like at work (none = no wish).",
            },
            "page": {"type": _nullable("integer"), "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            "page_size": {
                "type": _nullable("integer"),
                "minimum": 1,
                "maximum": MAX_PAGE_SIZE,
                "default": DEFAULT_PAGE_SIZE,
            },
        },
        "allOf": [
            _needs_location(_is_number("radius_km")),
            _needs_location({"required": ["sort"], "properties": {"sort": {"const": "distance"}}}),
        ],
    }
