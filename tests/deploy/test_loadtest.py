"""The load test (deploy/loadtest, `make loadtest`) stays in step with the app: every request it builds gets a 200.

deploy/loadtest/scenarios.py builds the requests without locust or Django; here the same requests go through
Django's test client (with CSRF checks on, as in a browser) against the demo accounts and a few vacancies.
"""

import importlib.util
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from core import places
from matching.catalogue import get_catalogue
from matching.demo import load_matching_demo
from matching.forms import capacity_field_name
from network import demo as network_demo
from network.models import Membership
from search.query import FACET_VALUES, SORTS
from tests.client import Client
from tests.listings.factories import VacancyFactory

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("loadtest_scenarios", ROOT / "deploy" / "loadtest" / "scenarios.py")
scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenarios)

FORM = "application/x-www-form-urlencoded"
LOADS = [{"IV.13": 1}, {"IV.13": 3, "V.1": 2}, {"V.4": 2}, {}, {"II.6": 2, "IV.4": 3}, {"IV.16": 1}]


@pytest.fixture
def demo(db):
    """The demo accounts (the worker with her stored profile) and a few published vacancies in the demo networks."""
    network_demo.load_network_demo(seed=1)
    load_matching_demo(home_place="Utrecht")
    memberships = Membership.objects.filter(status=Membership.Status.ACTIVE).select_related("employer", "network")
    for number, membership in enumerate(memberships[:24]):
        employer = membership.employer
        VacancyFactory(
            employer=employer,
            network=membership.network,
            place=employer.municipality,
            latitude=employer.latitude,
            longitude=employer.longitude,
            per_week_min=Decimal(8 + 4 * (number % 6)),
            per_week_max=Decimal(40),
            load=LOADS[number % len(LOADS)],
            adaptable=list(LOADS[number % len(LOADS)])[:1] if number % 2 else [],
            coaching=("none", "buddy", "job_coach")[number % 3],
        )


def steps(seed: int, count: int = 24) -> list[tuple[str, dict, bool]]:
    rng = random.Random(seed)
    return [scenarios.search_step(rng) for _ in range(count)]


def get_step(client, params: dict, htmx: bool):
    url = scenarios.search_url(params)
    headers = scenarios.htmx_headers("http://testserver" + url) if htmx else {}
    return client.get(url, headers=headers)


def csrf_from(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    token = scenarios.csrf_token(response.content.decode())
    assert token, f"no CSRF token on {path}"
    return token


def test_the_paths_names_and_values_are_the_apps():
    assert reverse("search:search") == scenarios.SEARCH_PATH
    assert reverse("account_login") == scenarios.LOGIN_PATH
    assert scenarios.API_PATH == "/api/v1/search/"
    assert scenarios.WORKER_EMAIL == network_demo.WORKER_EMAIL
    assert scenarios.DEMO_PASSWORD == network_demo.DEMO_PASSWORD
    for dimension in get_catalogue():
        assert scenarios.capacity_field(dimension.code) == capacity_field_name(dimension.code)
    for facet, values in scenarios.FILTERS.items():
        assert set(values) <= set(FACET_VALUES[facet]), facet
    assert set(scenarios.SORTS) <= set(SORTS)
    choices = {value for value, _label in places.place_choices()}
    for assessment in scenarios.ASSESSMENTS:
        catalogue = get_catalogue()
        assert all(level < catalogue[code].max for code, level in assessment["capacity"].items()), assessment
        if assessment["place"]:
            assert assessment["place"] in choices
            place = places.find_place(assessment["place"])
            assert assessment["location"] == {"lat": place.latitude, "lon": place.longitude}
        else:
            assert assessment["location"] is None


def test_every_step_is_covered():
    assert {name for name, _params, _htmx in steps(1)} == {"page", "page filter (htmx)", "page sort+filter", "page 2-5"}
    assert {scenarios.api_body(random.Random(seed))[0] for seed in range(20)} == {"api plain", "api filter", "api page"}


@pytest.mark.parametrize("number", range(len(scenarios.ASSESSMENTS)))
def test_a_visitor_posts_the_assessment_and_browses_with_it(demo, number):
    assessment = scenarios.ASSESSMENTS[number]
    client = Client(enforce_csrf_checks=True)
    token = csrf_from(client, scenarios.SEARCH_PATH)
    body = scenarios.form_body(scenarios.with_csrf(scenarios.assessment_form(assessment), token))
    response = client.post(scenarios.SEARCH_PATH, body, content_type=FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(scenarios.SEARCH_PATH)
    for name, params, htmx in steps(number, 10):
        response = get_step(client, params, htmx)
        assert response.status_code == 200, (name, params)
        marker = scenarios.HTMX_MARKER if htmx else scenarios.ASSESSED_MARKER
        assert marker in response.content.decode(), (name, params)


def test_the_demo_worker_logs_in_with_the_password_alone_and_searches_with_her_profile(demo):
    client = Client(enforce_csrf_checks=True)
    token = csrf_from(client, scenarios.LOGIN_PATH)
    body = scenarios.form_body(scenarios.with_csrf(scenarios.login_form(), token))
    response = client.post(scenarios.LOGIN_PATH, body, content_type=FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    for name, params, htmx in steps(7):
        response = get_step(client, params, htmx)
        assert response.status_code == 200, (name, params)
        marker = scenarios.HTMX_MARKER if htmx else scenarios.STORED_PROFILE_MARKER
        assert marker in response.content.decode(), (name, params)


def test_every_api_body_gets_a_200(demo):
    client = Client()
    rng = random.Random(3)
    bodies = [scenarios.api_body(rng, assessment) for assessment in scenarios.ASSESSMENTS for _ in range(4)]
    counts = []
    for name, body in bodies:
        response = client.post(scenarios.API_PATH, json.dumps(body), content_type="application/json")
        assert response.status_code == 200, (name, body, response.content.decode())
        counts.append(response.json()["count"])
    assert any(counts), "no body found a vacancy: the test data no longer fits the load test's assessments"
