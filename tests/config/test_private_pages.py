"""Pages with health data, cases, reports or the access log are never stored by a browser or proxy."""

import json

import pytest
from django.urls import reverse

from matching.profiles import save_profile
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def is_private(response) -> bool:
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= cache_control


@pytest.fixture
def profile(alice, bob, case):
    return save_profile(
        alice, by=bob, source="company_doctor", levels={"IV.13": 1}, hours={"per_week": "24"}, purpose="self_assessment"
    )


def test_the_worker_and_professional_pages_with_health_data(client, alice, bob, case, profile):
    client.force_login(alice)
    for name in (
        "matching:my_profile",
        "matching:access_log",
        "matching:export",
        "pages:worker_report",
        "pages:worker_report_pdf",
        "search:search",
        "search:saved_searches",
        "matching:preferences",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert is_private(response), name
    client.force_login(bob)
    for name in (
        "matching:clients",
        "pages:client_detail",
        "matching:client_profile_edit",
        "pages:client_report",
        "pages:client_report_pdf",
        "search:client_search",
    ):
        args = [] if name == "matching:clients" else [case.pk]
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert is_private(response), name


def test_the_coordinators_pages(client, dave):
    client.force_login(dave)
    for name in ("listings:moderation_queue", "pages:coordinator_home", "network:members"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and is_private(response), name


def test_an_anonymous_self_assessment_is_private(client):
    public = client.get(reverse("search:search"))
    assert not is_private(public)  # nothing personal yet: may be cached
    answers = {"capacity_IV_13": "1", "per_week": "24", "place": "Utrecht", "radius_km": "25"}
    assert client.post(reverse("search:search"), answers).status_code == 302
    response = client.get(reverse("search:search"))
    assert response.status_code == 200 and is_private(response)


def test_the_search_api_answer_is_private(client):
    response = client.post("/api/v1/search/", json.dumps({"capacity": {"IV.13": 1}}), content_type="application/json")
    assert response.status_code == 200 and is_private(response)


def test_a_public_vacancy_for_an_anonymous_visitor_may_be_cached(client, carol, network_a):
    vacancy = VacancyFactory(employer=carol.employer_links.get().employer, network=network_a)
    response = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk]))
    assert response.status_code == 200 and not is_private(response)
