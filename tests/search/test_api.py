"""POST /api/v1/search/ through the Django test client, on both backends (see conftest.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from listings.models import Vacancy
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory

URL = "/api/v1/search/"


def post(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


@pytest.fixture
def vacancies(engine):
    utrecht = NetworkFactory(slug="utrecht", name="Netwerk Utrecht")
    twente = NetworkFactory(slug="twente", name="Netwerk Twente")
    created = {
        "light": VacancyFactory(title="Lichte inpakker", network=utrecht, load={"IV.13": 1}, adaptable=[]),
        "heavy_adaptable": VacancyFactory(title="Orderpicker", network=utrecht, load={"IV.13": 2}, adaptable=["IV.13"]),
        "heavy": VacancyFactory(
            title="Magazijnmedewerker",
            network=twente,
            load={"IV.13": 3},
            adaptable=[],
            latitude=52.2215,
            longitude=6.8937,
            place="Enschede",
        ),
        "draft": VacancyFactory(title="Concept", network=utrecht, load={}, status=Vacancy.Status.DRAFT),
    }
    engine.sync()
    return created


def test_green_and_orange_fits_are_returned_red_ones_never(client, vacancies):
    response = post(client, {"capacity": {"IV.13": 1}})
    assert response.status_code == 200
    body = response.json()
    by_title = {result["title"]: result for result in body["results"]}
    assert set(by_title) == {"Lichte inpakker", "Orderpicker"}
    assert body["count"] == 2
    assert [result["fit"] for result in body["results"]] == ["green", "orange"]
    lifting = next(d for d in by_title["Orderpicker"]["dimensions"] if d["code"] == "IV.13")
    assert lifting == {
        "code": "IV.13",
        "name": "Tillen",
        "load": 2,
        "capacity": 1,
        "status": "orange",
        "explanation": "Tillen: u kunt ongeveer 5 kg tillen, deze baan vraagt ongeveer 10 kg — "
        "past als de werkgever dit aanpast.",
    }
    assert by_title["Orderpicker"]["hours"] == {
        "status": "green",
        "explanation": "Uren: u heeft geen uren opgegeven — past.",
    }


def test_orange_can_be_switched_off(client, vacancies):
    body = post(client, {"capacity": {"IV.13": 1}, "include_orange": False}).json()
    assert [result["title"] for result in body["results"]] == ["Lichte inpakker"]


def test_explanations_follow_the_language(client, vacancies):
    body = post(client, {"capacity": {"IV.13": 1}}, HTTP_ACCEPT_LANGUAGE="en").json()
    lifting = body["results"][0]["dimensions"][0]
    assert lifting["explanation"] == "Lifting: you can lift about 5 kg, this job asks you to lift about 5 kg — fits."


def test_hours_and_phased_start(client, engine):
    phased = VacancyFactory(
        title="Opbouw",
        per_week_min=Decimal(24),
        per_week_max=Decimal(32),
        phased_start=True,
        phased_start_per_week=Decimal(12),
        phased_weeks=10,
        load={},
    )
    VacancyFactory(title="Geen opbouw", per_week_min=Decimal(24), per_week_max=Decimal(32), load={})
    engine.sync()
    body = post(client, {"hours": {"per_week": 12, "target_per_week": 24}}).json()
    assert [(r["id"], r["fit"]) for r in body["results"]] == [(phased.pk, "orange")]
    assert body["results"][0]["hours"]["explanation"].startswith("Uren: u kunt nu 12 uur per week werken")


def test_location_radius_and_remote(client, vacancies, engine):
    remote = VacancyFactory(title="Thuiswerk", load={}, remote=True, latitude=53.2, longitude=6.56)
    engine.sync()
    body = post(client, {"location": {"lat": 52.0907, "lon": 5.1214}, "radius_km": 30}).json()
    titles = {result["title"] for result in body["results"]}
    assert titles == {"Lichte inpakker", "Orderpicker", remote.title}
    distances = {result["title"]: result["distance_km"] for result in body["results"]}
    assert distances["Orderpicker"] == 0.0 and distances[remote.title] > 100


def test_networks_and_facets(client, vacancies):
    body = post(client, {"networks": ["twente"]}).json()
    assert [result["title"] for result in body["results"]] == ["Magazijnmedewerker"]
    everything = post(client, {"capacity": {"IV.13": 1}, "filters": {"fit": ["green"]}}).json()
    assert everything["count"] == 1
    fit = {item["value"]: item["count"] for item in everything["facets"]["fit"]}
    assert fit == {"green": 1, "orange": 1}  # a facet's own selection does not narrow its counts
    networks = {item["value"]: item["count"] for item in everything["facets"]["network"]}
    assert networks == {"utrecht": 1}


def test_words_narrow_the_results(client, vacancies):
    body = post(client, {"query": "orderpicker"}).json()
    assert [result["title"] for result in body["results"]] == ["Orderpicker"]
    assert post(client, {"query": "orderpicker", "capacity": {"IV.13": 0}}).json()["count"] == 0


def test_pagination(client, engine):
    VacancyFactory.create_batch(25, load={})
    engine.sync()
    first = post(client, {"page_size": 10}).json()
    third = post(client, {"page_size": 10, "page": 3}).json()
    assert first["count"] == 25 and len(first["results"]) == 10 and len(third["results"]) == 5
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in third["results"]}
    assert first["backend"] == engine.name and first["fallback"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"capacity": {"IV.13": 9}}, "capacity.IV.13"),
        ({"capacity": {"XX.1": 1}}, "capacity.XX.1"),
        ({"hours": {"per_week": 80}}, "hours.per_week"),
        ({"hours": {"per_day": 4}}, "hours.per_week"),
        ({"location": {"lat": 95, "lon": 5}}, "location.lat"),
        ({"radius_km": 10}, "radius_km"),
        ({"networks": ["atlantis"]}, "networks"),
        ({"page_size": 500}, "page_size"),
        ({"filters": {"coaching": ["therapist"]}}, "filters.coaching"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_invalid_input_is_refused_naming_the_field(client, db, body, field):
    response = post(client, body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert field in response.json()["detail"]


def test_error_messages_are_in_the_users_language(client, db):
    dutch = post(client, {"capacity": {"IV.13": 9}}).json()
    english = post(client, {"capacity": {"IV.13": 9}}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert dutch["errors"]["capacity.IV.13"] == "kies een niveau van 0 tot en met 3"
    assert english["errors"]["capacity.IV.13"] == "choose a level from 0 to 3"


def test_capacity_in_the_query_string_is_refused(client, vacancies):
    response = client.post(f"{URL}?capacity.IV.13=1", {}, content_type="application/json")
    assert response.status_code == 400
    assert "capacity" in response.json()["errors"]


def test_search_stores_only_a_count(client, vacancies, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        post(client, {"capacity": {"IV.13": 1}, "hours": {"per_week": 20}})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    # The dashboard's counter (day, network, number) is the only write; the query itself is not kept.
    assert writes and all('"search_searchcount"' in sql for sql in writes)
    assert not any("IV.13" in sql or "per_week" in sql for sql in writes)


def test_schema_documents_the_search_endpoint(client, db):
    schema = client.get(reverse("api-v1:openapi-json")).json()
    assert "/api/v1/search/" in schema["paths"]


def test_api_clients_need_no_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, {"capacity": {"IV.13": 1}}, content_type="application/json")
    assert response.status_code == 200
