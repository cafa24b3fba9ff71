"""Turning what a visitor has (a session assessment, a stored profile, GET parameters) into a SearchQuery.

Used by the search pages and by the saved-search digest, so it lives apart from the views.
"""

from dataclasses import replace

from django.http import QueryDict
from django.utils.translation import gettext as _

from core import places
from core.limits import clean_text, text_problem
from listings.presentation import assessment_capacity, assessment_hours
from search.explain import facet_labels
from search.query import FACET_VALUES, FACETS, MAX_PAGE, MAX_TEXT_LENGTH, SORTS, Location, SearchQuery

PAGE_SIZE = 20
MAX_FACET_VALUE_LENGTH = 100


def saved_query(saved: dict | None) -> SearchQuery:
    """The session's assessment as a query; anything the rule book no longer accepts is dropped."""
    saved = saved or {}
    place = places.find_place(saved.get("place") or "")
    location = Location(place.latitude, place.longitude) if place else None
    return SearchQuery(
        capacity=assessment_capacity(saved),
        hours=assessment_hours(saved),
        location=location,
        radius_km=float(saved.get("radius_km") or 25) if location else None,
    )


def facet_titles() -> dict[str, str]:
    return {
        "kind": _("Kind of work"),
        "fit": _("Fit"),
        "network": _("Network"),
        "region": _("Region"),
        "hours_band": _("Hours a week"),
        "phased_start": _("Phased start"),
        "coaching": _("Coaching"),
        # A paid job that can start as a trial placement; not the kind "trial placement" (the facet above).
        "trial_placement": _("Starting with a trial placement"),
        "remote": _("Working from home"),
    }


def page_number(raw: str | None) -> int:
    """A page number from a URL, clamped to 1..MAX_PAGE: anything else is page 1 (the view clamps to the last page)."""
    digits = (raw or "").strip()
    if not digits.isascii() or not digits.isdigit():
        return 1
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(MAX_PAGE)):  # never parse a number of a thousand digits
        return MAX_PAGE
    return min(max(1, int(digits)), MAX_PAGE)


def read_parameters(query: SearchQuery, params: QueryDict) -> tuple[SearchQuery, dict[str, str]]:
    """The query narrowed by the URL's words, filters, sorting and page, and what had to be left out, per parameter.

    Nothing in a URL breaks the page: unknown filter values and sorts are ignored, characters that cannot be
    searched for are dropped, the page number is clamped. Each of those (except the page number) is reported in
    the second value, in the active language, for the page to show.
    """
    problems = {}
    titles = facet_titles()
    known = {"network": set(facet_labels()["network"])}
    selected = {}
    for facet in FACETS:
        allowed = FACET_VALUES.get(facet) or known.get(facet)
        given = params.getlist(facet)
        values = [
            value
            for value in given
            if (
                value in allowed
                if allowed is not None
                else len(value) <= MAX_FACET_VALUE_LENGTH and not text_problem(value)
            )
        ]
        if len(values) < len(given):
            problems[facet] = _("The filter “%(name)s” has no such value. It is ignored.") % {"name": titles[facet]}
        if values:
            selected[facet] = frozenset(values)
    sort = params.get("sort", "best")
    if sort not in SORTS:
        problems["sort"] = _("Sort by best fit, newest or distance. We sort by best fit.")
        sort = "best"
    elif sort == "distance" and query.location is None:
        sort = "best"
    raw_text = params.get("q", "")
    text = clean_text(raw_text).strip()
    if text_problem(raw_text):
        problems["q"] = _(
            "The words contained a character that cannot be searched for (such as a NUL character). It is left out."
        )
    if len(text) > MAX_TEXT_LENGTH:
        problems["q"] = _("Use at most %(count)s characters for the words. The rest is left out.") % {
            "count": MAX_TEXT_LENGTH
        }
        text = text[:MAX_TEXT_LENGTH].strip()
    narrowed = replace(
        query,
        text=text,
        selected=selected,
        sort=sort,
        page=page_number(params.get("page")),
        page_size=PAGE_SIZE,
        include_orange=params.get("orange") != "0",
    )
    return narrowed, problems


def with_parameters(query: SearchQuery, params: QueryDict) -> SearchQuery:
    return read_parameters(query, params)[0]


def profile_query(stored, preferences) -> SearchQuery:
    """A stored capacity profile (opened and audited by the caller) and the worker's place as a query."""
    place = places.find_place(preferences.home_place) if preferences and preferences.home_place else None
    location = Location(place.latitude, place.longitude) if place else None
    return SearchQuery(
        capacity=stored.capacity(),
        hours=stored.worker_hours(),
        location=location,
        radius_km=float(preferences.travel_km) if location else None,
    )
