"""The public API under generated input: schemathesis against the served OpenAPI document, in-process.

Schemathesis' engine (what `schemathesis run` uses) loads /api/v1/schema/ from the Django WSGI app and
runs its phases against it: examples, coverage (boundary values, missing and wrong types, methods the
document does not list) and fuzzing, each with valid and invalid data. Every built-in check runs on
every answer: no 5xx, status codes, content types, headers and bodies as documented, valid input
accepted and invalid input refused, 405 with `Allow`. Any failed check fails the test, with the curl
line that reproduces it.

(The engine rather than `schema.parametrize()`: the schema lists the networks in the database, so it
can only be loaded inside a test, and the plugin's fixture-loaded schemas do not run under pytest 9.)
"""

import threading
from collections import Counter

import pytest
import schemathesis
import schemathesis.engine
from django.core.wsgi import get_wsgi_application
from django.db import connections
from schemathesis.engine import Status, events

from search.indexing import rebuild_entries
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory

MAX_EXAMPLES = 40  # per operation and phase


def map_target_at_least_now(ctx, body):
    """The one rule of the search body that JSON Schema cannot state: `hours.target_per_week` ≥ `hours.per_week`
    (the document says so in words). Swapping the two keeps a valid body valid and an invalid one invalid."""
    hours = body.get("hours") if isinstance(body, dict) else None
    if isinstance(hours, dict):
        now, target = hours.get("per_week"), hours.get("target_per_week")
        numbers = all(isinstance(value, int | float) and not isinstance(value, bool) for value in (now, target))
        if numbers and target < now:
            hours["per_week"], hours["target_per_week"] = target, now
    return body


def closing_connections(application):
    """The WSGI app, closing each request properly: schemathesis' client leaves the response open, so Django
    would keep the worker thread's database connection, and PostgreSQL could not drop the test database."""

    def app(environ, start_response):
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
            if threading.current_thread() is not threading.main_thread():
                connections.close_all()

    return app


@pytest.fixture
def api_data(transactional_db, settings):
    """Networks and published vacancies, committed: schemathesis calls the app from its worker thread."""
    settings.SEARCH_BACKEND = "database"
    utrecht = NetworkFactory(slug="utrecht", name="Netwerk Utrecht")
    twente = NetworkFactory(slug="twente", name="Netwerk Twente")
    VacancyFactory(network=utrecht, load={"IV.13": 1}, adaptable=[], remote=True)
    VacancyFactory(
        network=utrecht,
        load={"IV.13": 2},
        adaptable=["IV.13"],
        per_day_max=6,
        phased_start=True,
        phased_start_per_week=8,
        phased_weeks=4,
    )
    VacancyFactory(network=twente, load={}, latitude=52.2215, longitude=6.8937, place="Enschede")
    rebuild_entries()


# Committed data (see api_data), flushed afterwards without re-creating what migrations made (content types,
# Wagtail's pages): serialized_rollback restores that for the next test that needs it, as for the browser and
# worker tests that run after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_operation_answers_as_documented(api_data):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", closing_connections(get_wsgi_application()))
    schema.config.generation.update(max_examples=MAX_EXAMPLES, database="none")
    schema.config.update(workers=1)
    schema.hook("map_body")(map_target_at_least_now)

    checks, failures, errors, cases = Counter(), [], [], 0
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.cases)
            for nodes in event.recorder.checks.values():
                for node in nodes:
                    checks[node.name, node.status] += 1
                    if node.failure_info is not None:
                        failure = node.failure_info.failure
                        failures.append(
                            f"{failure.operation}: {failure.title}\n{failure.message}\n{node.failure_info.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(repr(getattr(event, "value", None) or getattr(event, "exception", None)))

    assert not errors, "\n".join(errors)
    assert not failures, f"{len(failures)} failed checks:\n\n" + "\n\n".join(dict.fromkeys(failures))
    assert cases > 100  # every operation was called, many times
    ran = {name for name, status in checks if status == Status.SUCCESS}
    assert {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "positive_data_acceptance",
    } <= ran
