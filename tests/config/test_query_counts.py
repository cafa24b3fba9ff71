"""Every list page asks the database the same number of questions however many rows it shows.

Each page is rendered through the test client with a few rows and again with many more. The number of
queries must not grow with the rows (a query per row, an N+1, shows up as the difference), and stays
under a ceiling that says roughly what the page costs. The pages are asked for by their paths: these
tests are about the pages, wherever their views live.
"""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from listings.models import Application, Vacancy, VacancyReport, VacancyRevision
from matching.models import MatchFeedback, Source
from matching.profiles import save_profile
from network.models import Membership, Role
from search.models import SearchCount
from tests.listings.factories import OccupationTaskFactory, VacancyFactory
from tests.network.factories import EmployerFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 15  # both within one page of every list (20 rows)


def queries(client, path, *, follow=False) -> tuple[list[str], str]:
    """The SQL of one visit (following redirects if asked), and the page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, follow=follow)
    assert response.status_code == 200, path
    return [query["sql"] for query in captured.captured_queries], response.content.decode()


def per_row(few: list[str], many: list[str]) -> str:
    """The queries the longer list added (literals left out), for the failure message."""
    added = Counter(map(_shape, many)) - Counter(map(_shape, few))
    return "\n".join(f"{count} x {sql[:300]}" for sql, count in added.most_common(5))


def _shape(sql: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def assert_queries_do_not_grow(client, path, add_rows, *, ceiling, markers):
    """`add_rows(n)` adds n rows to the list; each of `markers` occurs in the page at least once per row shown."""
    add_rows(FEW)
    client.get(path)  # the first visit fills caches (catalogue, session); count the second
    few, html = queries(client, path)
    assert all(html.count(marker) >= FEW for marker in markers)
    add_rows(MANY - FEW)
    client.get(path)  # again: the first search after vacancies changed catches the fit index up (two queries)
    many, html = queries(client, path)
    assert all(html.count(marker) >= MANY for marker in markers)
    assert len(many) == len(few), (
        f"{path}: {len(few)} queries with {FEW} rows, {len(many)} with {MANY}, a query per row:\n{per_row(few, many)}"
    )
    assert len(few) <= ceiling, f"{path}: {len(few)} queries"


def _published(network, n):
    for index in range(n):
        VacancyFactory(
            network=network,
            title=f"Rij-vacature {Vacancy.objects.count()}",
            load={"IV.13": 1 + index % 2},
            adaptable=["IV.13"],
        )


@pytest.mark.parametrize("visitor", ["anonymous", "with a quick self-assessment", "worker with a stored profile"])
def test_the_search_page(client, network_a, alice, visitor):
    if visitor == "with a quick self-assessment":
        client.post("/werk-zoeken/", {"capacity_IV_13": "1", "per_week": "24", "place": "Utrecht", "radius_km": "25"})
    elif visitor == "worker with a stored profile":
        save_profile(
            alice, by=alice, levels={"IV.13": 1}, limitations={}, source=Source.SELF, purpose="self_assessment"
        )
        client.force_login(alice)
    assert_queries_do_not_grow(
        client, "/werk-zoeken/", lambda n: _published(network_a, n), ceiling=30, markers=["Rij-vacature"]
    )


def test_the_coordinators_moderation_queue(client, dave, network_a, alice):
    """Submitted vacancies with their checklist, open reports and pending text changes: all three grow."""

    def add_rows(n):
        for _ in range(n):
            employer = EmployerFactory()
            MembershipFactory(employer=employer, network=network_a)
            waiting = VacancyFactory(
                employer=employer,
                network=network_a,
                status=Vacancy.Status.SUBMITTED,
                published_at=None,
                title="Rij-wacht",
            )
            OccupationTaskFactory(occupation=waiting.occupation, load={"IV.13": 2, "V.4": 1})
            reported = VacancyFactory(employer=employer, network=network_a, title="Rij-gemeld")
            VacancyReport.objects.create(vacancy=reported, reason="other", reported_by=alice)
            changed = VacancyFactory(employer=employer, network=network_a, title="Rij-gewijzigd")
            VacancyRevision.objects.create(vacancy=changed, proposed={"title": "Nieuw"}, created_by=None)

    client.force_login(dave, second_factor=True)
    assert_queries_do_not_grow(
        client, "/coordinator/moderatie/", add_rows, ceiling=18, markers=["Rij-wacht", "Rij-gemeld", "Rij-gewijzigd"]
    )


def test_the_members_page(client, dave, network_a):
    statuses = list(Membership.Status)

    def add_rows(n):
        for index in range(n):
            MembershipFactory(
                network=network_a,
                employer=EmployerFactory(name=f"Rij-werkgever {Membership.objects.count()}"),
                status=statuses[index % len(statuses)],
            )

    client.force_login(dave, second_factor=True)
    assert_queries_do_not_grow(client, "/coordinator/leden/", add_rows, ceiling=15, markers=["Rij-werkgever"])


def test_the_employers_reactions_page(client, carol, carol_link, network_a):
    vacancies = [VacancyFactory(employer=carol_link.employer, network=network_a) for _ in range(2)]

    def add_rows(n):
        for index in range(n):
            worker = UserFactory(role=Role.WORKER)
            Application.objects.create(
                vacancy=vacancies[index % 2],
                worker=worker,
                name=f"Rij-reactie {worker.pk}",
                email=worker.email,
                summary={"IV": "green", "hours": "orange"} if index % 2 else {},
            )

    client.force_login(carol)
    assert_queries_do_not_grow(client, "/werkgever/reacties/", add_rows, ceiling=15, markers=["Rij-reactie"])


def test_the_coordinators_dashboard(client, dave, network_a, alice):
    """/mijn/ brings a coordinator to the figures of their networks: counts, however much there is to count."""
    today = timezone.localdate()

    def add_rows(n):
        for index in range(n):
            employer = EmployerFactory()
            MembershipFactory(employer=employer, network=network_a, status=list(Membership.Status)[index % 4])
            vacancy = VacancyFactory(employer=employer, network=network_a)
            worker = UserFactory(role=Role.WORKER)
            Application.objects.create(vacancy=vacancy, worker=worker, name="Rij", outcome="invited")
            VacancyReport.objects.create(vacancy=vacancy, reason="other", reported_by=alice)
            MatchFeedback.objects.create(
                vacancy=vacancy, network=network_a, given_by=worker, role="worker", dimensions=["IV.13"]
            )
            SearchCount.objects.create(day=today - timedelta(days=SearchCount.objects.count()), searches=1)

    client.force_login(dave, second_factor=True)
    add_rows(FEW)
    client.get("/mijn/", follow=True)
    few, html = queries(client, "/mijn/", follow=True)
    assert f"<strong>{FEW}</strong>" in html  # FEW open reports
    add_rows(MANY - FEW)
    many, html = queries(client, "/mijn/", follow=True)
    assert f"<strong>{MANY}</strong>" in html
    assert len(many) == len(few), (
        f"/mijn/: {len(few)} queries with {FEW} rows of each kind, {len(many)} with {MANY}:\n{per_row(few, many)}"
    )
    assert len(few) <= 25, f"/mijn/: {len(few)} queries"
