"""Arbitrary input everywhere a visitor can type or send something: never a 5xx, and a refusal names the problem.

Hypothesis generates JSON documents (NaN, infinities, huge integers, lone surrogates, NUL characters,
deep nesting, bytes that are no UTF-8) for every API endpoint, and texts (NUL and surrogates included,
sent as the bytes a client would send) for every field of the search page and of the vacancy editor.
"""

import json
import math
from urllib.parse import urlencode

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.limits import MAX_BODY_BYTES
from listings.forms import VacancyForm
from listings.models import Vacancy
from matching.catalogue import get_catalogue
from search.forms import AssessmentForm
from search.query import FACETS, KNOWN_FIELDS
from tests.listings.factories import VacancyFactory
from tests.listings.test_editor import details_url, valid_post
from tests.network.factories import NetworkFactory

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
API_ENDPOINTS = [
    ("post", "/api/v1/search/"),
    ("get", "/api/v1/vacancies/"),
    ("get", "/api/v1/dimensions/"),
    ("post", "/api/v1/vacancies/"),
    ("post", "/api/v1/dimensions/"),
]

# --- strategies -----------------------------------------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "\ud800",
        "x\udfffy",
        "\ufffd",
        "NaN",
        "Infinity",
        "-1",
        "1e400",
        "99999999999999999999",
        "0.05",
        " ",
        "",
        "١٢",
        "<b>",
        "%00",
        "\u202e",
    ]
)
# Every code point, surrogates included (st.text() leaves those out by default).
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
TEXT = st.one_of(ODD_TEXT, st.text(ANY_CHARACTER, max_size=30), st.text(max_size=300))
NUMBERS = st.one_of(
    st.integers(min_value=-(10**60), max_value=10**60),
    st.integers(min_value=-5, max_value=70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 0.05, 24.3, 1e-320, 1e308, -0.0, 2.0, 10**30, 10**31]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(TEXT, st.sampled_from(sorted(KNOWN_FIELDS))), children, max_size=4),
    ),
    max_leaves=12,
)
CODES = [dimension.code for dimension in get_catalogue()]
FIELD = st.one_of(NUMBERS, NUMBERS, SCALARS, JSON_VALUES)  # numbers most often: most fields are numbers
SEARCH_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "capacity": st.one_of(FIELD, st.dictionaries(st.sampled_from(CODES), FIELD, max_size=3)),
        "hours": st.one_of(
            FIELD,
            st.fixed_dictionaries({"per_week": FIELD}, optional=dict.fromkeys(("per_day", "target_per_week"), FIELD)),
        ),
        "location": st.one_of(FIELD, st.fixed_dictionaries({"lat": FIELD, "lon": FIELD})),
        "radius_km": FIELD,
        "query": FIELD,
        "networks": st.one_of(FIELD, st.lists(TEXT | st.just("utrecht"))),
        "include_orange": FIELD,
        "filters": st.one_of(FIELD, st.dictionaries(st.sampled_from(FACETS), FIELD, max_size=3)),
        "sort": st.one_of(FIELD, st.sampled_from(["best", "distance", "newest"])),
        "page": FIELD,
        "page_size": FIELD,
    },
)


def json_text(value) -> bytes:
    """As a client would send it: NaN and Infinity spelled out, surrogates as \\u escapes."""
    return json.dumps(value, allow_nan=True).encode()


BODIES = st.one_of(
    SEARCH_BODIES.map(json_text),
    SEARCH_BODIES.map(json_text),
    JSON_VALUES.map(json_text),
    st.integers(min_value=1, max_value=20_000).map(lambda depth: ("[" * depth + "]" * depth).encode()),
    st.integers(min_value=1, max_value=3_000).map(lambda depth: ('{"a":' * depth + "1" + "}" * depth).encode()),
    st.binary(max_size=200),
    st.just(b"{" + b'"query":"' + b"x" * MAX_BODY_BYTES + b'"}'),
)


def form_bytes(data: dict) -> bytes:
    """A form or query string as a browser would encode it; surrogates become the bytes they would be."""
    return urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass").encode("ascii")


# --- the API --------------------------------------------------------------------------------------


@pytest.fixture
def api_data(settings):
    settings.SEARCH_BACKEND = "database"
    network = NetworkFactory(slug="utrecht")
    VacancyFactory(network=network, load={"IV.13": 1})


def assert_api_answer(response):
    assert response.status_code < 500, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    if response.status_code in (400, 413):
        errors = body["errors"]
        assert errors, body  # a refusal names what it refuses
        assert all(isinstance(message, str) and message.strip() for message in errors.values())
        assert all(field in body["detail"] for field in errors) or response.status_code == 413
    elif response.status_code >= 400:
        assert body["detail"]


@settings(FUZZ, max_examples=200)
@given(body=BODIES, page=st.one_of(st.none(), TEXT), language=st.sampled_from(["nl", "en"]))
@example(body=b'{"hours": {"per_week": NaN}}', page=None, language="nl")  # the fault drill's inputs
@example(body=b'{"query": "\\ud800"}', page="99999999999999999999", language="en")
@example(body=b'{"query": "a\\u0000b"}', page="-1", language="nl")
@example(body=b"[" * 10_000 + b"]" * 10_000, page="a\x00b", language="nl")
def test_any_body_to_any_endpoint(client, api_data, body, page, language):
    for method, url in API_ENDPOINTS:
        query = "?" + form_bytes({"page": page}).decode() if page is not None else ""
        response = client.generic(
            method.upper(), url + query, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert_api_answer(response)


ODD_VALUES = [
    math.nan,
    math.inf,
    -math.inf,
    10**29,
    -(10**29),
    10**31,
    1e308,
    1e-320,
    -0.0,
    0,
    -1,
    0.5,
    2.0,
    True,
    False,
    None,
    "",
    "NaN",
    "\x00",
    "\ud800",
    "x" * 201,
    [],
    [None],
    {},
    {"a": {"b": [1]}},
]
BODY_PATHS = [
    ("capacity", "IV.13"),
    ("capacity", "I.8.1"),
    ("hours", "per_week"),
    ("hours", "per_day"),
    ("hours", "target_per_week"),
    ("location", "lat"),
    ("location", "lon"),
    ("radius_km",),
    ("query",),
    ("networks",),
    ("include_orange",),
    ("filters", "coaching"),
    ("filters", "remote"),
    ("filters", "region"),
    ("sort",),
    ("page",),
    ("page_size",),
]


def body_with(path: tuple, value) -> dict:
    """A valid search body with one field replaced: the other fields keep the checks going past the first."""
    body = {
        "capacity": {"IV.13": 1},
        "hours": {"per_week": 24, "per_day": 6, "target_per_week": 32},
        "location": {"lat": 52.09, "lon": 5.12},
        "radius_km": 25,
        "query": "inpak",
        "networks": ["utrecht"],
        "include_orange": True,
        "filters": {"coaching": ["buddy"]},
        "sort": "best",
        "page": 1,
        "page_size": 5,
    }
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


@pytest.mark.parametrize("path", BODY_PATHS, ids=".".join)
def test_every_field_of_the_search_body_with_every_odd_value(client, api_data, path):
    """A sweep next to the random search: each field gets each value that has broken something somewhere."""
    for value in ODD_VALUES:
        response = client.post("/api/v1/search/", json_text(body_with(path, value)), content_type="application/json")
        assert_api_answer(response)
        if response.status_code == 400:
            assert set(response.json()["errors"]) <= {".".join(path), path[0], "sort"}, (value, response.json())


def test_the_strategies_reach_the_odd_corners():
    odd = json_text({"hours": {"per_week": math.nan}, "query": "\ud800\x00", "page": 10**40})
    assert b"NaN" in odd and b"\\ud800" in odd and b"\\u0000" in odd


# --- the search page ------------------------------------------------------------------------------

SEARCH_PARAMETERS = ["q", "page", "sort", "orange", *FACETS]


@pytest.fixture
def search_data(settings):
    settings.SEARCH_BACKEND = "database"
    network = NetworkFactory(slug="utrecht")
    VacancyFactory(network=network, load={"IV.13": 1}, coaching="buddy")


@FUZZ
@given(
    params=st.dictionaries(st.one_of(st.sampled_from(SEARCH_PARAMETERS), TEXT), st.lists(TEXT, max_size=3), max_size=4)
)
def test_any_parameters_on_the_search_page(client, search_data, params):
    response = client.get("/werk-zoeken/?" + form_bytes(params).decode())
    assert response.status_code < 500
    problems = response.context["parameter_problems"]
    html = response.content.decode()
    if response.status_code == 400:
        assert problems
        for problem in problems.values():
            assert escape(problem) in html
    else:
        assert response.status_code == 200 and not problems


def assert_form_answer(response, form):
    assert response.status_code < 500
    if response.status_code == 400:
        errors = response.context["form"].errors
        assert errors  # a refusal names the fields it refuses
        html = response.content.decode()
        for messages in errors.values():
            for message in messages:
                assert escape(message) in html
    else:
        assert response.status_code == 302


ASSESSMENT_FIELDS = list(AssessmentForm().fields)


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(ASSESSMENT_FIELDS), TEXT, min_size=1, max_size=4))
def test_any_text_in_the_search_pages_form(client, search_data, fields):
    response = client.post(
        "/werk-zoeken/", form_bytes({"radius_km": "25", **fields}), content_type="application/x-www-form-urlencoded"
    )
    assert_form_answer(response, "form")


# --- the vacancy editor ---------------------------------------------------------------------------

EDITOR_FIELDS = list(VacancyForm().fields)


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(EDITOR_FIELDS), TEXT, min_size=1, max_size=4))
def test_any_text_in_the_vacancy_editor(client, carol, carol_link, network_a, order_picker, fields):
    client.force_login(carol)
    response = client.post(
        details_url(carol_link, network_a, order_picker),
        form_bytes(valid_post(**fields)),
        content_type="application/x-www-form-urlencoded",
    )
    assert_form_answer(response, "form")
    if response.status_code == 400:
        assert "De vacature is niet opgeslagen" in response.content.decode()


def test_every_editor_field_is_fuzzed():
    assert {"title", "description", "per_week_min", "phased_weeks", "load_IV_13", "adaptable_IV_13"} <= set(
        EDITOR_FIELDS
    )
    assert Vacancy._meta.get_field("title").max_length == 200
