"""The coordinator's dashboard: figures per network, counts only."""

from datetime import date

import pytest
from django.urls import reverse

from listings.models import Vacancy, VacancyReport
from network.models import Membership
from pages.dashboard import weekly_searches
from search.models import SearchCount
from tests.listings.factories import VacancyFactory
from tests.network.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_members_vacancies_moderation_and_reports_per_network(
    client, dave, carol_link, network_a, network_b, alice
):
    employer = carol_link.employer
    MembershipFactory(network=network_a, status=Membership.Status.APPLIED)
    VacancyFactory(employer=employer, network=network_a, status=Vacancy.Status.SUBMITTED, published_at=None)
    published = VacancyFactory(employer=employer, network=network_a)
    VacancyFactory(network=network_b, status=Vacancy.Status.SUBMITTED, published_at=None)  # not dave's network
    VacancyReport.objects.create(vacancy=published, reason="other", reported_by=alice)
    client.force_login(dave)
    html = client.get(reverse("pages:coordinator_home")).content.decode()
    assert "Netwerk Amsterdam" in html and "Netwerk Twente" not in html
    assert "<strong>1</strong> vacature wacht op goedkeuring" in html
    assert "<strong>1</strong> open melding" in html
    assert "<strong>1</strong> aanmelding" in html
    assert 'aria-labelledby="searches-' in html and "<svg" in html  # a chart, with its figures in a table
    assert "Leden per status" in html and "Vacatures per status" in html


def test_searches_are_counted_per_network_with_fitting_vacancies_and_nothing_else(
    client, carol_link, network_a, network_b
):
    VacancyFactory(employer=carol_link.employer, network=network_a)
    client.post("/api/v1/search/", {"capacity": {"IV.13": 1}}, content_type="application/json")
    client.get(reverse("search:search"))
    client.get(reverse("search:search") + "?page=2")  # paging is not a new search
    assert SearchCount.objects.get(network=None).searches == 2
    assert SearchCount.objects.get(network=network_a).searches == 2
    assert not SearchCount.objects.filter(network=network_b).exists()  # no vacancies there
    # Only day, network and a number are stored.
    assert {field.name for field in SearchCount._meta.fields} == {"id", "day", "network", "searches"}


def test_weekly_figures_group_days_into_weeks(network_a):
    SearchCount.objects.create(day=date(2026, 11, 16), network=None, searches=5)  # a Monday
    SearchCount.objects.create(day=date(2026, 11, 18), network=None, searches=2)
    SearchCount.objects.create(day=date(2026, 11, 18), network=network_a, searches=3)
    SearchCount.objects.create(day=date(2026, 11, 23), network=None, searches=1)
    weeks = weekly_searches(network_a, weeks=3, today=date(2026, 11, 25))
    assert [(week.start, week.total, week.in_network) for week in weeks] == [
        (date(2026, 11, 9), 0, 0),
        (date(2026, 11, 16), 7, 3),
        (date(2026, 11, 23), 1, 0),
    ]


def test_other_roles_do_not_see_the_dashboard(client, alice, carol):
    for user in (alice, carol):
        client.force_login(user)
        assert client.get(reverse("pages:coordinator_home")).status_code == 403
