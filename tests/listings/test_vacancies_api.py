from datetime import timedelta

import pytest
from django.utils import timezone

from listings.models import Vacancy
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def test_vacancies_api_lists_published_vacancies_in_the_contract_shape(client, network_a):
    vacancy = VacancyFactory(
        network=network_a,
        employer__name="Bakkerij Jansen",
        occupation__isco_code="9412",
        occupation__title_nl="Keukenhulp",
        per_day_max=6,
        phased_start=True,
        phased_start_per_week=12,
        phased_weeks=6,
        load={"IV.13": 2, "V.4": 3, "I.1": 0},
        adaptable=["V.4"],
    )
    VacancyFactory(status=Vacancy.Status.DRAFT, published_at=None)
    VacancyFactory(status=Vacancy.Status.CLOSED)
    response = client.get("/api/v1/vacancies/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None
    assert body["results"] == [
        {
            "id": vacancy.pk,
            "kind": "vacancy",
            "title": vacancy.title,
            "employer": "Bakkerij Jansen",
            "network": "amsterdam",
            "occupation": {"isco": "9412", "title": "Keukenhulp"},
            "location": {"lat": 52.0907, "lon": 5.1214, "place": "Utrecht"},
            "remote": False,
            "load": {"IV.13": 2, "V.4": 3},
            "adaptable": ["V.4"],
            "hours": {
                "per_week_min": 24.0,
                "per_week_max": 32.0,
                "per_day_max": 6.0,
                "phased_start": True,
                "phased_start_per_week": 12.0,
                "phased_weeks": 6,
            },
            "terms": {"duration_weeks": None, "certificate": False, "expense_allowance": False},
            "published_at": vacancy.published_at.isoformat(),
        }
    ]


def test_vacancies_api_paginates_newest_first(client):
    now = timezone.now()
    vacancies = [VacancyFactory(published_at=now - timedelta(hours=i)) for i in range(25)]
    first = client.get("/api/v1/vacancies/").json()
    assert first["count"] == 25 and len(first["results"]) == 20
    assert [r["id"] for r in first["results"]] == [v.pk for v in vacancies[:20]]
    assert first["next"].endswith("/api/v1/vacancies/?page=2")
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == [v.pk for v in vacancies[20:]]
    assert second["next"] is None


def test_vacancies_api_rejects_bad_pages(client):
    assert client.get("/api/v1/vacancies/?page=0").status_code == 400
    response = client.get("/api/v1/vacancies/?page=abc")
    assert response.status_code == 400
    assert "page" in response.json()["errors"]
    assert client.get("/api/v1/vacancies/?page=2").status_code == 404
