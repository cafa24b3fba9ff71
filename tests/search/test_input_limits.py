"""Input that used to give a 500 (fault drills), and its neighbours: refused per field, never a server error.

Runs on SQLite and on PostgreSQL (DATABASE_URL), where NUL characters and integer overflow used to
reach the database.
"""

import json

import pytest

from core.limits import MAX_BODY_BYTES, MAX_JSON_DEPTH, nesting_depth
from search.views import SESSION_KEY
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/search/"
PAGE = "/werk-zoeken/"


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.SEARCH_BACKEND = "database"


@pytest.fixture
def vacancies():
    network = NetworkFactory(slug="utrecht", name="Netwerk Utrecht")
    return [VacancyFactory(title=f"Inpakker {n}", network=network, load={}) for n in range(3)]


def post_raw(client, body: bytes | str, **extra):
    return client.post(API, body, content_type="application/json", **extra)


def refused(response, status=400) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["errors"] and all(isinstance(message, str) and message for message in body["errors"].values())
    for field in body["errors"]:
        assert field in body["detail"] or status == 413
    return body["errors"]


# --- the four API inputs of the fault drill -------------------------------------------------------


def test_nan_hours_are_refused_naming_the_field(client, vacancies):
    errors = refused(post_raw(client, '{"hours": {"per_week": NaN}}'))
    assert errors == {"hours.per_week": "NaN is geen getal; geef een gewoon getal"}


@pytest.mark.parametrize("spelled", ["Infinity", "-Infinity", "1e400", "-1e999"])
def test_infinite_numbers_are_refused_naming_the_field(client, spelled):
    errors = refused(post_raw(client, f'{{"location": {{"lat": {spelled}, "lon": 5}}, "radius_km": 10}}'))
    assert set(errors) == {"location.lat"}


def test_a_lone_surrogate_in_the_query_is_refused(client, vacancies):
    errors = refused(post_raw(client, '{"query": "\\ud800"}'))
    assert errors == {"query": "bevat een ongeldig Unicode-teken (een losse surrogaat)"}


def test_a_nul_character_in_the_query_is_refused_before_the_database(client, vacancies):
    errors = refused(post_raw(client, '{"query": "a\\u0000b"}'))
    assert errors == {"query": "mag geen NUL-teken (\\u0000) bevatten"}


def test_nul_and_surrogates_anywhere_are_refused_with_their_place(client):
    body = '{"filters": {"region": ["ok", "x\\u0000"]}, "networks": ["\\udfff"], "a\\u0000": 1}'
    errors = refused(post_raw(client, body))
    assert set(errors) == {"filters.region[1]", "networks[0]", "a\\u0000"}
    assert errors["a\\u0000"] == "de veldnaam mag geen NUL-teken (\\u0000) bevatten"


def test_arrays_nested_ten_thousand_deep_are_refused_before_parsing(client):
    errors = refused(post_raw(client, "[" * 10_000 + "]" * 10_000))
    assert errors == {"body": f"de JSON is dieper genest dan {MAX_JSON_DEPTH} niveaus"}
    errors = refused(post_raw(client, '{"filters": ' * 2_000 + "{}" + "}" * 2_000))
    assert set(errors) == {"body"}


def test_nesting_is_counted_outside_strings_only():
    assert nesting_depth('{"query": "[[[[{{{{"}') == 1
    assert nesting_depth('{"query": "\\"[[["}') == 1
    assert nesting_depth("[[1], [[2]]]") == 3


def test_a_body_within_the_depth_limit_is_parsed_and_checked(client):
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    errors = refused(post_raw(client, f'{{"networks": {nested[2:-2]}}}'))
    assert set(errors) == {"networks"}  # parsed, then refused by the field's own rule


# --- more of the same family ----------------------------------------------------------------------


def test_huge_integers_are_refused_per_field(client):
    errors = refused(post_raw(client, json.dumps({"page": 10**29, "capacity": {"IV.13": 10**25}})))
    assert errors == {
        "page": "kies een heel getal van 1 tot en met 10000",
        "capacity.IV.13": "kies een niveau van 0 tot en met 3",
    }
    errors = refused(post_raw(client, '{"page": ' + "9" * 5000 + ', "hours": {"per_day": -' + "9" * 31 + "}}"))
    too_long = "dit getal heeft meer dan 30 cijfers"
    assert errors == {"page": too_long, "hours.per_day": too_long}


def test_messages_follow_accept_language(client):
    response = post_raw(client, '{"hours": {"per_week": NaN}, "query": "\\ud800"}', HTTP_ACCEPT_LANGUAGE="en")
    errors = refused(response)
    assert errors == {
        "hours.per_week": "NaN is not a number; give a plain number",
        "query": "contains an invalid Unicode character (a lone surrogate)",
    }
    assert response.json()["detail"].startswith("Invalid input in:")


def test_a_body_larger_than_the_limit_gets_413_without_being_read(client):
    body = json.dumps({"query": "x" * MAX_BODY_BYTES})
    errors = refused(post_raw(client, body), status=413)
    assert errors == {"body": "de body is groter dan 32 KiB"}


def test_bodies_that_are_not_json_or_not_utf8(client):
    assert set(refused(post_raw(client, b"\xff\xfe{}"))) == {"body"}
    assert refused(post_raw(client, '{"query": '))["body"].startswith("de body is geen geldige JSON")
    assert refused(post_raw(client, "[1, 2]")) == {"body": "verwacht een JSON-object"}


def test_json_whole_numbers_may_be_spelled_with_a_point(client, vacancies):
    response = post_raw(client, '{"capacity": {"IV.13": 1.0}, "page": 1.0, "page_size": 2.0}')
    assert response.status_code == 200
    assert response.json()["page_size"] == 2


def test_fields_refuse_what_the_documented_schema_refuses(client):
    errors = refused(
        post_raw(
            client,
            json.dumps(
                {
                    "query": 0,
                    "location": {"lat": 52, "lon": 5, "alt": 3},
                    "filters": {"coaching": True, "network": True},
                    "sort": "distance",
                }
            ),
        )
    )
    assert set(errors) == {"query", "location.alt", "filters.coaching", "filters.network"}
    errors = refused(post_raw(client, json.dumps({"sort": "distance", "location": None})))
    assert set(errors) == {"sort"}


# --- the two search-page inputs of the fault drill ------------------------------------------------


def test_an_absurd_page_number_shows_the_last_page(client, vacancies):
    response = client.get(PAGE + "?page=99999999999999999999")
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert len(response.context["hits"]) == 3
    html = response.content.decode()
    assert "3 vacatures passen" in html


@pytest.mark.parametrize("page", ["-5", "0", "abc", "1e5", "2.5", "٣", "1_0", "9" * 5000, ""])
def test_odd_page_numbers_fall_back_to_a_page_that_exists(client, vacancies, page):
    response = client.get(PAGE, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_a_page_past_the_end_shows_the_last_page_but_counts_no_new_search(client, vacancies):
    from search.models import SearchCount

    client.get(PAGE + "?page=3")
    assert not SearchCount.objects.exists()  # paging is not a new search, even past the end


def test_a_nul_character_in_the_words_is_left_out_and_said(client, vacancies):
    response = client.get(PAGE + "?q=a%00b")
    assert response.status_code == 400
    assert response.context["query"].text == "ab"
    assert response.context["parameter_problems"] == {
        "q": (
            "De zoekwoorden bevatten een teken waarop niet gezocht kan worden (zoals een NUL-teken). Dat is weggelaten."
        )
    }
    html = response.content.decode()
    assert "Een deel van het adres van deze pagina kon niet worden gebruikt" in html
    assert "waarop niet gezocht kan worden" in html


def test_unknown_sorts_and_filter_values_are_named_and_ignored(client, vacancies):
    response = client.get(PAGE, {"sort": "price", "coaching": "taxi", "network": "nowhere", "q": "x" * 300})
    assert response.status_code == 400
    problems = response.context["parameter_problems"]
    assert set(problems) == {"sort", "coaching", "network", "q"}
    assert problems["coaching"] == "Het filter „Begeleiding” heeft die waarde niet. Die is genegeerd."
    assert response.context["query"].sort == "best" and not response.context["query"].selected
    assert len(response.context["query"].text) == 200


def test_a_known_filter_value_is_no_problem(client, vacancies):
    response = client.get(PAGE, {"coaching": "none", "network": "utrecht", "sort": "newest", "page": "1"})
    assert response.status_code == 200
    assert response.context["parameter_problems"] == {}


def test_the_assessment_form_refuses_nan_and_nul_per_field(client, vacancies):
    response = client.post(
        PAGE, {"per_week": "NaN", "per_day": "Infinity", "capacity_IV_13": "1\x00", "radius_km": "25", "place": "\x00"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"per_week", "per_day", "capacity_IV_13", "place"}
    assert SESSION_KEY not in client.session


def test_saved_search_parameters_never_keep_nul_characters(client, alice):
    from matching.models import Source
    from matching.profiles import save_profile
    from search.models import SavedSearch

    save_profile(alice, by=alice, levels={"IV.13": 1}, limitations={}, source=Source.SELF, purpose="self_assessment")
    client.force_login(alice)
    client.post("/werk-zoeken/bewaren/", {"params": "q=a%00b&coaching=buddy"})
    assert SavedSearch.objects.get().params == "coaching=buddy&q=ab"
