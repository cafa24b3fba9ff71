"""Shared fixtures: one named user per role (alice the worker, bob the professional, carol the
employer staff member, dave the coordinator, erin the staff member), and the real-services switch."""

import os

import pytest
from django.core.cache import cache

from config.celery import app as celery_app
from network.models import Role
from tests.client import Client
from tests.network.factories import (
    EmployerStaffFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

SERVICES_CONFIGURED = bool(os.environ.get("CELERY_BROKER_URL")) and os.environ.get("DATABASE_URL", "").startswith(
    ("postgres://", "postgresql://")
)


def pytest_collection_modifyitems(config, items):
    """Tests marked `services` need PostgreSQL, Redis and a Celery worker process.

    .ci/run runs the suite twice: on SQLite (these are skipped, with a reason) and on the real
    services with REQUIRE_SERVICES=1, where a missing service is an error, never a skip.
    """
    if SERVICES_CONFIGURED:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        raise pytest.UsageError(
            "REQUIRE_SERVICES=1 but DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL are not both set."
        )
    skip = pytest.mark.skip(reason="needs PostgreSQL + Redis + a Celery worker: runs in .ci/run's second pass")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def client():
    return Client()


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; every test starts without earlier attempts.
    cache.clear()
    from search.order import forget_occupations

    forget_occupations()  # the ranking's occupations, kept per process: ids repeat after a test's rollback
    yield


@pytest.fixture(autouse=True)
def _search_engine_breaker_closed():
    """The Elasticsearch circuit breaker keeps its state in the process: every test starts with it closed."""
    from search import breaker

    breaker.reset()
    yield
    breaker.reset()


@pytest.fixture(scope="session")
def osmem_server(osmem_server):
    """osmem-server's own fixture (its pytest plugin), closing what it leaves open.

    OsmemServer.close() stops the server process but not the pipe the server's address was read from;
    with warnings as errors (pyproject.toml) that unclosed file fails the last test of the session.
    """
    yield osmem_server
    osmem_server.close()  # the plugin's own close() after this one finds the process gone
    if osmem_server.process.stdout is not None:
        osmem_server.process.stdout.close()


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@example.nl", first_name="Alice", role=Role.WORKER)


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.nl", first_name="Bob", role=Role.PROFESSIONAL, mfa=True)


@pytest.fixture
def network_a(db):
    return NetworkFactory(name="Netwerk Amsterdam", slug="amsterdam")


@pytest.fixture
def network_b(db):
    return NetworkFactory(name="Netwerk Twente", slug="twente")


@pytest.fixture
def carol_link(db, network_a):
    link = EmployerStaffFactory(
        user=UserFactory(email="carol@example.nl", first_name="Carol", role=Role.EMPLOYER),
        employer__name="Bakkerij Carol",
    )
    MembershipFactory(employer=link.employer, network=network_a)
    return link


@pytest.fixture
def carol(carol_link):
    return carol_link.user


@pytest.fixture
def dave(db, network_a):
    user = UserFactory(email="dave@example.nl", first_name="Dave", role=Role.COORDINATOR, mfa=True)
    network_a.coordinators.add(user)
    return user


@pytest.fixture
def erin(db):
    return UserFactory(
        email="erin@example.nl", first_name="Erin", role=Role.WORKER, is_staff=True, is_superuser=True, mfa=True
    )


@pytest.fixture
def refused_coordinators(network_a, network_b):
    """Coordinators who may not decide in network_a: of another network, without two-step verification,
    deactivated."""
    of_b = UserFactory(role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(of_b)
    without_mfa = UserFactory(role=Role.COORDINATOR)
    deactivated = UserFactory(role=Role.COORDINATOR, mfa=True, is_active=False)
    network_a.coordinators.add(without_mfa, deactivated)
    return {
        "coordinator of another network": of_b,
        "coordinator without two-step verification": without_mfa,
        "deactivated coordinator": deactivated,
    }


@pytest.fixture
def users_by_role(alice, bob, carol, dave):
    return {Role.WORKER: alice, Role.PROFESSIONAL: bob, Role.EMPLOYER: carol, Role.COORDINATOR: dave}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_footer():
    """The footer is cached per process (cms/footer.py); every test starts from its own database."""
    from cms import footer

    footer.forget()


@pytest.fixture(autouse=True)
def _fit_index_inline(settings):
    """The fit index loads within the first search: a loading thread would not see a test's transaction.
    (tests/search/test_fit_index.py tests the loading thread itself.)"""
    settings.SEARCH_FIT_INDEX_LOAD = "inline"


@pytest.fixture(autouse=True)
def _celery_eager_unless_services(request):
    """In-process tests run tasks eagerly; tests marked `services` use the real broker and worker."""
    original = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = "services" not in request.keywords
    yield
    celery_app.conf.task_always_eager = original


@pytest.fixture
def case(bob, alice):
    """Bob guides Alice: she accepted his invitation."""
    from django.utils import timezone

    from matching.models import Case

    return Case.objects.create(
        professional=bob, worker=alice, invited_email=alice.email, status=Case.Status.ACTIVE, accepted_at=timezone.now()
    )


@pytest.fixture
def curated_occupations(db):
    from listings.importers import import_curated
    from listings.models import Occupation
    from listings.reference import read_curated_profiles

    import_curated(read_curated_profiles())
    return Occupation.objects.filter(source=Occupation.Source.CURATED)


@pytest.fixture
def order_picker(curated_occupations):
    return curated_occupations.get(key="order-picker")
