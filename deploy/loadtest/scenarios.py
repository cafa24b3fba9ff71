"""What the load test sends, as plain functions: no locust (its gevent patches the whole process) and no Django.

deploy/loadtest/locustfile.py sends these requests; tests/deploy/test_loadtest.py sends the same ones through
Django's test client and expects a 200 for each, so the load test stays in step with the forms, the URL
parameters and the API body. Every function that chooses takes a `random.Random`, so a seed repeats a run.
"""

import random
import re
from urllib.parse import urlencode

SEARCH_PATH = "/werk-zoeken/"
LOGIN_PATH = "/accounts/login/"
API_PATH = "/api/v1/search/"

# The demo worker of `manage.py loaddemo` (network.demo): a stored capacity profile (matching.demo) and no
# second factor (only professionals, coordinators and staff need one), so the load test can log in with the
# password alone.
WORKER_EMAIL = "werkzoekende@passendwerk.test"
DEMO_PASSWORD = "PassendWerk-demo-2026"  # noqa: S105 - loaddemo's published demo password

# Quick self-assessments as visitors fill them in: a few limitations (levels below the norm, per catalogue
# code), hours and a home place with a distance. The places are municipalities (core.places) where the demo
# networks have employers; one visitor answers "anywhere".
ASSESSMENTS = (
    {
        "capacity": {"IV.13": 2, "IV.14": 1, "V.4": 1, "V.6": 1},
        "hours": {"per_week": "20", "per_day": "5", "target_per_week": "32"},
        "place": "Utrecht",
        "location": {"lat": 52.0907, "lon": 5.1214},
        "radius_km": 25,
    },
    {
        "capacity": {"IV.13": 1, "IV.16": 2, "I.1": 1},
        "hours": {"per_week": "16"},
        "place": "Amsterdam",
        "location": {"lat": 52.3676, "lon": 4.9041},
        "radius_km": 15,
    },
    {
        "capacity": {"V.1": 2, "V.2": 2},
        "hours": {"per_week": "24", "target_per_week": "32"},
        "place": "Rotterdam",
        "location": {"lat": 51.9244, "lon": 4.4777},
        "radius_km": 50,
    },
    {
        "capacity": {"II.6": 1, "IV.4": 2},
        "hours": {"per_week": "32"},
        "place": "",
        "location": None,
        "radius_km": 25,
    },
    {
        "capacity": {"IV.10": 1, "V.8": 2},
        "hours": {"per_week": "12", "per_day": "4"},
        "place": "Enschede",
        "location": {"lat": 52.2215, "lon": 6.8937},
        "radius_km": 100,
    },
)

# What a visitor narrows the results on (search.query.FACET_VALUES; networks and regions depend on the data).
FILTERS = {
    "fit": ("green", "orange"),
    "hours_band": ("lt16", "16-24", "24-32", "32plus"),
    "phased_start": ("true",),
    "coaching": ("buddy", "job_coach"),
    "trial_placement": ("true",),
    "remote": ("true", "false"),
}
SORTS = ("best", "newest")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def capacity_field(code: str) -> str:
    """The form field of a catalogue code (matching.forms.capacity_field_name)."""
    return "capacity_" + code.replace(".", "_")


def choose_assessment(rng: random.Random) -> dict:
    return rng.choice(ASSESSMENTS)


def assessment_form(assessment: dict) -> dict[str, str]:
    """The quick self-assessment on the search page (search.forms.AssessmentForm) as posted by a browser.

    Questions left alone are not sent; the form reads those as "no limitation".
    """
    data = {capacity_field(code): str(level) for code, level in assessment["capacity"].items()}
    data.update(assessment["hours"])
    data["place"] = assessment["place"]
    data["radius_km"] = str(assessment["radius_km"])
    return data


def with_csrf(data: dict[str, str], token: str) -> dict[str, str]:
    return {"csrfmiddlewaretoken": token, **data}


def csrf_token(html: str) -> str | None:
    """The CSRF token of the first form on a page (a page with a form also sets the CSRF cookie)."""
    match = CSRF_INPUT.search(html)
    return match.group(1) if match else None


def login_form(email: str = WORKER_EMAIL, password: str = DEMO_PASSWORD) -> dict[str, str]:
    """allauth's login form (log in with the e-mail address)."""
    return {"login": email, "password": password}


def form_body(data: dict[str, str]) -> str:
    return urlencode(data)


def search_step(rng: random.Random, *, located: bool = True) -> tuple[str, dict[str, str | list[str]], bool]:
    """One step through the results: (name for the statistics, GET parameters, sent by htmx).

    As on the page: the plain results, a filter clicked (htmx answers with the results region only), the sort
    order changed, a later page. `located`: the visitor gave a place, so sorting by distance is offered.
    """
    step = rng.choices(("results", "filter", "sort", "page"), weights=(3, 3, 2, 2))[0]
    if step == "results":
        return "page", {}, False
    if step == "filter":
        params: dict[str, str | list[str]] = {}
        for facet in rng.sample(sorted(FILTERS), rng.randint(1, 2)):
            params[facet] = [rng.choice(FILTERS[facet])]
        return "page filter (htmx)", params, True
    if step == "sort":
        sort = rng.choice(SORTS + (("distance",) if located else ()))
        facet = rng.choice(sorted(FILTERS))
        return "page sort+filter", {"sort": sort, facet: [rng.choice(FILTERS[facet])]}, False
    return "page 2-5", {"page": str(rng.randint(2, 5))}, False


def search_url(params: dict[str, str | list[str]]) -> str:
    query = urlencode(params, doseq=True)
    return SEARCH_PATH + ("?" + query if query else "")


def htmx_headers(url: str) -> dict[str, str]:
    """What htmx sends with the results region's requests (django_htmx reads HX-Request)."""
    return {"HX-Request": "true", "HX-Target": "search-results", "HX-Current-URL": url}


def api_body(rng: random.Random, assessment: dict | None = None) -> tuple[str, dict]:
    """(name for the statistics, JSON body) for POST /api/v1/search/: the capacity in the body, as DOMAIN.md says."""
    assessment = assessment or choose_assessment(rng)
    hours = {name: float(value) for name, value in assessment["hours"].items()}
    body: dict = {"capacity": dict(assessment["capacity"]), "hours": hours}
    if assessment["location"] is not None:
        body["location"] = dict(assessment["location"])
        body["radius_km"] = assessment["radius_km"]
    step = rng.choices(("plain", "filter", "page"), weights=(4, 4, 2))[0]
    if step == "filter":
        facet = rng.choice(sorted(FILTERS))
        body["filters"] = {facet: [rng.choice(FILTERS[facet])]}
        body["sort"] = rng.choice(SORTS + (("distance",) if "location" in body else ()))
    elif step == "page":
        body["page"] = rng.randint(2, 5)
    return f"api {step}", body


# Markers in the answers that show the request did what it was meant to (a 200 alone could be the wrong page).
ASSESSED_MARKER = 'action="/werk-zoeken/wissen/"'  # "Clear my data": the page searched with the session's answers
STORED_PROFILE_MARKER = 'href="/werkzoekende/zoekopdrachten/"'  # "My saved searches": the stored profile was used
HTMX_MARKER = 'id="results-status" hx-swap-oob'  # only the results region came back
