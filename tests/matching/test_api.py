import pytest

from matching.catalogue import get_catalogue


@pytest.mark.django_db
def test_dimensions_api_serves_the_catalogue_in_the_contract_shape(client):
    response = client.get("/api/v1/dimensions/")
    assert response.status_code == 200
    dimensions = response.json()["dimensions"]
    assert [d["code"] for d in dimensions] == list(get_catalogue().codes)
    lifting = next(d for d in dimensions if d["code"] == "IV.13")
    assert lifting["section"] == "IV"
    assert lifting["name"] == {"nl": "Tillen", "en": "Lifting"}
    assert lifting["kind"] == "ordinal" and lifting["max"] == 3
    assert [level["value"] for level in lifting["levels"]] == [0, 1, 2, 3]
    assert set(lifting["levels"][1]["label"]) == {"nl", "en"}
    noise = next(d for d in dimensions if d["code"] == "III.6")
    assert noise["kind"] == "binary" and noise["max"] == 1


@pytest.mark.django_db
def test_openapi_schema_describes_the_endpoints(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/dimensions/", "/api/v1/vacancies/"} <= set(schema["paths"])
