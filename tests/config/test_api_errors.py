"""Every answer under /api/ is JSON, errors included, and the OpenAPI document describes bodies and errors."""

import json
import logging

import pytest

from config.api import ApiErrorsMiddleware
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    return body


def test_an_unknown_url_under_v1_is_a_json_404(client):
    body = json_error(client.get("/api/v1/nothing/here/"), 404)
    assert body["detail"] == "Op dit adres staat niets. De endpoints staan in /api/v1/schema/."
    json_error(client.post("/api/v1/nothing/", {}, content_type="application/json"), 404)
    json_error(client.get("/api/v1/"), 404)


def test_a_post_to_a_wrong_url_hears_so_without_a_csrf_token():
    from tests.client import Client

    client = Client(enforce_csrf_checks=True)
    json_error(client.post("/api/v1/nothing/", "{}", content_type="application/json"), 404)
    assert client.post("/api/v1/search", "{}", content_type="application/json").status_code == 308
    assert client.post("/api/v1/search/", "{}", content_type="application/json").status_code == 200


def test_a_missing_slash_is_a_redirect_that_keeps_the_method(client):
    response = client.post("/api/v1/search?x=1", "{}", content_type="application/json")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/search/?x=1"
    assert response.json()["detail"] == "Het adres eindigt op een schuine streep: /api/v1/search/"


def test_a_method_an_endpoint_does_not_offer_is_a_json_405_with_allow(client):
    body = json_error(client.get("/api/v1/search/", HTTP_ACCEPT_LANGUAGE="en"), 405)
    assert body["detail"] == "This endpoint does not accept GET; it accepts: POST."
    response = client.delete("/api/v1/vacancies/")
    json_error(response, 405)
    assert response["Allow"] == "GET"
    assert client.put("/api/v1/dimensions/")["Allow"] == "GET"


def test_query_parameters_are_refused_in_the_language_of_the_request(client):
    body = json_error(client.get("/api/v1/vacancies/", {"page": "abc"}), 400)
    assert body["errors"] == {"page": "vul een heel getal in"}
    body = json_error(client.get("/api/v1/vacancies/", {"page": "0"}, HTTP_ACCEPT_LANGUAGE="en"), 400)
    assert body == {"detail": "Invalid input in: page", "errors": {"page": "choose 1 or more"}}
    json_error(client.get("/api/v1/vacancies/", {"page": "1\x00"}), 400)


def test_a_page_past_the_end_is_a_json_404_naming_the_page(client):
    VacancyFactory()
    body = json_error(client.get("/api/v1/vacancies/", {"page": "99999999999999999999"}), 404)
    assert body["errors"] == {"page": "deze pagina bestaat niet; kies een pagina van 1 tot en met 1"}


def test_an_unexpected_error_is_a_json_500_and_is_logged(client, monkeypatch, caplog):
    def broken(query):
        raise RuntimeError("boom")

    monkeypatch.setattr("search.order.run_search", broken)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post("/api/v1/search/", "{}", content_type="application/json")
    body = json_error(response, 500)
    assert body["detail"] == "Er ging bij ons iets mis. Probeer het later nog eens."
    assert "boom" not in response.content.decode()
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.getMessage() == "Internal Server Error: /api/v1/search/" and record.exc_info


def test_an_unexpected_error_still_reaches_the_test_client_and_sentry(client, monkeypatch):
    monkeypatch.setattr("search.order.run_search", lambda query: 1 / 0)
    with pytest.raises(ZeroDivisionError):  # got_request_exception was sent, as Django sends it
        client.post("/api/v1/search/", "{}", content_type="application/json")


@pytest.fixture
def api_errors_middleware(settings):
    settings.MIDDLEWARE = ["config.api.ApiErrorsMiddleware", *settings.MIDDLEWARE]


def test_the_middleware_turns_other_api_errors_into_json(client, api_errors_middleware):
    body = json_error(client.get("/api/v2/vacancies/"), 404)
    assert body["detail"].startswith("Op dit adres staat niets.")
    json_error(client.get("/api/"), 404)
    response = client.get("/werk-zoeken/nergens/")  # elsewhere pages stay pages
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_the_middleware_keeps_status_headers_and_cookies():
    from django.http import HttpResponse, HttpResponseNotAllowed
    from django.test import RequestFactory

    request = RequestFactory().get("/api/old/")
    original = HttpResponseNotAllowed(["GET"])
    original.set_cookie("x", "1")
    response = ApiErrorsMiddleware(lambda request: original)(request)
    assert response.status_code == 405 and response["Allow"] == "GET" and response.cookies["x"].value == "1"
    assert json.loads(response.content)["detail"]
    too_big = ApiErrorsMiddleware(lambda request: HttpResponse("big", status=413))(request)
    assert too_big.status_code == 413
    assert json.loads(too_big.content)["detail"] == "De body van het verzoek is te groot."
    ok = HttpResponse("fine")
    assert ApiErrorsMiddleware(lambda request: ok)(request) is ok


# --- the OpenAPI document -------------------------------------------------------------------------


@pytest.fixture
def document(client):
    NetworkFactory(slug="utrecht")
    NetworkFactory(slug="twente")
    return client.get("/api/v1/schema/").json()


def test_the_search_body_is_described_field_by_field(document):
    operation = document["paths"]["/api/v1/search/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == {
        "capacity",
        "hours",
        "location",
        "radius_km",
        "query",
        "networks",
        "include_orange",
        "filters",
        "sort",
        "page",
        "page_size",
        "interests",
        "competences",
        "coaching_wanted",
    }
    assert body["additionalProperties"] is False
    assert body["properties"]["capacity"]["properties"]["IV.13"] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 3,
        "description": "Lifting",
    }
    assert body["properties"]["networks"]["items"] == {"enum": ["twente", "utrecht"]}
    assert body["properties"]["query"]["maxLength"] == 200
    assert body["properties"]["sort"]["enum"] == ["best", "distance", "newest"]


def test_without_networks_the_document_allows_none(client):
    body = client.get("/api/v1/schema/").json()["paths"]["/api/v1/search/"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["properties"]["networks"]["maxItems"] == 0


def test_every_error_answer_is_documented_with_its_shape(document):
    search = document["paths"]["/api/v1/search/"]["post"]["responses"]
    vacancies = document["paths"]["/api/v1/vacancies/"]["get"]["responses"]
    assert set(search) == {"200", "400", "401", "403", "413", "429"}
    assert set(vacancies) == {"200", "400", "401", "403", "404", "429"}
    error = document["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"] and set(error["properties"]) == {"detail", "errors"}
    for responses in (search, vacancies):
        for status in ("400",):
            assert responses[status]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorOut"
            }
    assert "Accept-Language" in document["info"]["description"]
