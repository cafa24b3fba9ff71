"""The load test's users (locust): `make loadtest` runs them through deploy/loadtest/run.py.

- AssessedVisitor (60 %): an anonymous visitor posts the quick self-assessment once (it is kept in the
  session), then browses the search page: the results, filters (htmx), sort orders, later pages.
- DemoWorker (20 %): the demo worker logs in once (password only: a worker needs no second factor) and
  browses the search page, which searches with her stored capacity profile.
- ApiClient (20 %): `POST /api/v1/search/` with a capacity, hours and a place in the JSON body.

The requests themselves come from deploy/loadtest/scenarios.py (tests/deploy/test_loadtest.py sends them through
Django's test client). A request fails on a status outside 2xx/3xx, and on an answer without the marker that
shows it did what it was meant to. LOADTEST_WAIT: seconds each user waits between requests (default 0).
"""

import os
import random
import sys
from pathlib import Path

from locust import FastHttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenarios  # noqa: E402 - next to this file

WAIT = float(os.environ.get("LOADTEST_WAIT", "0") or 0)
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def check(response, *, marker: str | None = None, redirect_to: str | None = None) -> None:
    """Inside `with ... catch_response=True`: fail outside 2xx/3xx, without the marker or the wrong redirect."""
    status = response.status_code
    if not 200 <= status < 400:
        response.failure(f"status {status}")
    elif redirect_to is not None and not (300 <= status < 400 and redirect_to in response.headers.get("Location", "")):
        response.failure(f"expected a redirect to {redirect_to}, got {status} {response.headers.get('Location')}")
    elif marker is not None and marker not in (response.text or ""):
        response.failure(f"no {marker!r} in the answer")
    else:
        response.success()


class SearchPageUser(FastHttpUser):
    abstract = True
    wait_time = constant(WAIT)
    prefix = ""  # of the request names in the statistics
    located = True
    page_marker = ""

    def on_start(self):
        self.rng = random.Random()  # noqa: S311 - a load test, not security

    @task
    def browse(self):
        name, params, htmx = scenarios.search_step(self.rng, located=self.located)
        url = scenarios.search_url(params)
        headers = scenarios.htmx_headers(self.host + url) if htmx else None
        marker = scenarios.HTMX_MARKER if htmx else self.page_marker
        with self.client.get(url, name=f"{self.prefix} {name}", headers=headers, catch_response=True) as response:
            check(response, marker=marker)

    def csrf_from(self, url: str, name: str) -> str | None:
        with self.client.get(url, name=name, catch_response=True) as response:
            token = scenarios.csrf_token(response.text or "")
            check(response, marker="csrfmiddlewaretoken")
        return token

    def post_form(self, url: str, name: str, data: dict, token: str | None, redirect_to: str) -> None:
        body = scenarios.form_body(scenarios.with_csrf(data, token or ""))
        with self.client.post(
            url, data=body, name=name, headers=FORM_HEADERS, allow_redirects=False, catch_response=True
        ) as response:
            check(response, redirect_to=redirect_to)


class AssessedVisitor(SearchPageUser):
    """Anonymous, with the quick self-assessment in the session."""

    weight = 3
    prefix = "visitor"
    page_marker = scenarios.ASSESSED_MARKER

    def on_start(self):
        super().on_start()
        assessment = scenarios.choose_assessment(self.rng)
        self.located = assessment["location"] is not None
        token = self.csrf_from(scenarios.SEARCH_PATH, "visitor first page")
        self.post_form(
            scenarios.SEARCH_PATH,
            "visitor POST assessment",
            scenarios.assessment_form(assessment),
            token,
            redirect_to=scenarios.SEARCH_PATH,
        )


class DemoWorker(SearchPageUser):
    """The demo worker, logged in: the search page uses her stored capacity profile and home place."""

    weight = 1
    prefix = "worker"
    page_marker = scenarios.STORED_PROFILE_MARKER

    def on_start(self):
        super().on_start()
        token = self.csrf_from(scenarios.LOGIN_PATH, "worker login page")
        self.post_form(scenarios.LOGIN_PATH, "worker POST login", scenarios.login_form(), token, redirect_to="/mijn/")


class ApiClient(FastHttpUser):
    """`POST /api/v1/search/`: anonymous, the capacity in the body."""

    weight = 1
    wait_time = constant(WAIT)

    def on_start(self):
        self.rng = random.Random()  # noqa: S311 - a load test, not security

    @task
    def search(self):
        name, body = scenarios.api_body(self.rng)
        with self.client.post(scenarios.API_PATH, json=body, name=name, catch_response=True) as response:
            check(response, marker='"count"')
