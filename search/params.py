"""Turning what a visitor has (a session assessment, a stored profile, GET parameters) into a SearchQuery.

Used by the search pages and by the saved-search digest, so it lives apart from the views.
"""

from dataclasses import replace
from decimal import Decimal

from django.http import QueryDict

from listings import places
from matching.rules import CapacityProfile, ProfileError, ProfileErrors, WorkerHours
from search.explain import facet_labels
from search.query import FACET_VALUES, FACETS, SORTS, Location, SearchQuery

PAGE_SIZE = 20


def saved_query(saved: dict | None) -> SearchQuery:
    """The session's assessment as a query; anything the rule book no longer accepts is dropped."""
    saved = saved or {}
    try:
        capacity = CapacityProfile(saved.get("capacity", {}))
    except (ProfileError, ProfileErrors):
        capacity = CapacityProfile()
    hours = None
    raw_hours = saved.get("hours") or {}
    if raw_hours.get("per_week"):
        try:
            hours = WorkerHours(*(Decimal(raw_hours[name]) if raw_hours.get(name) else None
                                  for name in ("per_week", "per_day", "target_per_week")))
        except (ProfileError, ProfileErrors, ArithmeticError):
            hours = None
    place = places.find_place(saved.get("place") or "")
    location = Location(place.latitude, place.longitude) if place else None
    return SearchQuery(capacity=capacity, hours=hours, location=location,
                       radius_km=float(saved.get("radius_km") or 25) if location else None)


def with_parameters(query: SearchQuery, params: QueryDict) -> SearchQuery:
    known_networks = set(facet_labels()["network"])
    selected = {}
    for facet in FACETS:
        allowed = FACET_VALUES.get(facet) or (known_networks if facet == "network" else None)
        values = [value for value in params.getlist(facet) if allowed is None or value in allowed]
        if values:
            selected[facet] = frozenset(values)
    sort = params.get("sort", "best")
    if sort not in SORTS or (sort == "distance" and query.location is None):
        sort = "best"
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    return replace(query, text=params.get("q", "").strip()[:200], selected=selected, sort=sort, page=page,
                   page_size=PAGE_SIZE, include_orange=params.get("orange") != "0")


def profile_query(stored, preferences) -> SearchQuery:
    """A stored capacity profile (opened and audited by the caller) and the worker's place as a query."""
    place = places.find_place(preferences.home_place) if preferences and preferences.home_place else None
    location = Location(place.latitude, place.longitude) if place else None
    return SearchQuery(capacity=stored.capacity(), hours=stored.worker_hours(), location=location,
                       radius_km=float(preferences.travel_km) if location else None)
