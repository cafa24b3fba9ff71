"""`POST /api/v1/search/` with a partner's key: same answer, higher limit, every use logged without
the capacity; a bad key is refused, never treated as anonymous."""

import json
import logging

import pytest

from partners import keys
from partners.models import ApiKeyUse
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory
from tests.partners.conftest import bearer

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"
BODY = {"capacity": {"IV.13": 1}, "hours": {"per_week": 24}}


def search(client, body=BODY, url=URL, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture(autouse=True)
def vacancies(settings):
    settings.SEARCH_BACKEND = "database"
    utrecht = NetworkFactory(slug="utrecht", name="Netwerk Utrecht")
    VacancyFactory(title="Lichte inpakker", network=utrecht, load={"IV.13": 1}, adaptable=[])
    VacancyFactory(title="Orderpicker", network=utrecht, load={"IV.13": 2}, adaptable=["IV.13"])


def test_the_answer_with_a_key_is_the_anonymous_answer(client, search_key):
    _, plain = search_key
    anonymous = search(client)
    with_key = search(client, **bearer(plain))
    assert anonymous.status_code == with_key.status_code == 200
    assert with_key.json() == anonymous.json()
    assert anonymous.json()["count"] == 2


def test_every_use_is_logged_per_key_without_body_or_query_string(client, search_key, caplog):
    key, plain = search_key
    caplog.set_level(logging.DEBUG)
    search(client, body={"capacity": {"IV.13": 3}, "hours": {"per_week": 31}}, url=URL + "?via=portal", **bearer(plain))
    use = ApiKeyUse.objects.get()
    assert (use.key, use.method, use.path, use.status) == (key, "POST", URL, 200)
    assert use.duration_ms >= 0
    key.refresh_from_db()
    assert key.last_used_at is not None
    stored = json.dumps(list(ApiKeyUse.objects.values()), default=str)
    for trace in ("capacity", "IV.13", "via=portal", "per_week", "?"):
        assert trace not in stored
    for trace in ("capacity", "IV.13", "via=portal", "per_week"):
        assert trace not in caplog.text
    assert plain.split("_", 2)[2] not in caplog.text  # nor the key's secret


def test_an_anonymous_search_is_not_logged_as_a_key_use(client, search_key):
    assert search(client).status_code == 200
    assert not ApiKeyUse.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_AUTHORIZATION": "Bearer pw_000000000000_" + "x" * 43},  # unknown
        {"HTTP_AUTHORIZATION": "Bearer nonsense"},  # malformed
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},  # another scheme
        {"HTTP_X_API_KEY": "pw_000000000000_" + "x" * 43},  # the key where we do not read it
    ],
)
def test_an_invalid_key_gets_401_json_not_an_anonymous_answer(client, header):
    response = search(client, **header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert "results" not in response.json()


def test_another_scheme_hears_how_to_send_the_key(client):
    response = search(client, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_wrong_secret_for_a_real_prefix_is_refused(client, search_key):
    _, plain = search_key
    response = search(client, **bearer(plain[:-2] + "zz"))
    assert response.status_code == 401


def test_a_revoked_key_gets_401_and_its_use_is_logged(client, search_key):
    key, plain = search_key
    keys.revoke(key)
    response = search(client, **bearer(plain))
    assert response.status_code == 401
    assert "no longer works" in response.json()["detail"] or "werkt niet meer" in response.json()["detail"]
    assert ApiKeyUse.objects.get().status == 401


def test_the_key_of_an_inactive_partner_gets_401(client, search_key):
    key, plain = search_key
    key.partner.active = False
    key.partner.save()
    assert search(client, **bearer(plain)).status_code == 401


def test_a_key_without_the_search_scope_gets_403(client, partner):
    plain = keys.issue(partner=partner, scopes=["vacancies:read"]).plain
    response = search(client, **bearer(plain))
    assert response.status_code == 403
    assert "search" in response.json()["detail"]
    assert ApiKeyUse.objects.get().status == 403


def test_a_rotated_key_works_during_the_grace_period_next_to_its_successor(client, search_key):
    key, old_plain = search_key
    new_plain = keys.rotate(key).plain
    assert search(client, **bearer(old_plain)).status_code == 200
    assert search(client, **bearer(new_plain)).status_code == 200


def test_anonymous_searches_are_limited_per_address_with_429_and_retry_after(client, settings):
    settings.PARTNERS_ANONYMOUS_SEARCH_RATE = "2/min"
    assert [search(client).status_code for _ in range(2)] == [200, 200]
    refused = search(client)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Retry-After"] in refused.json()["detail"]
    other_address = search(client, REMOTE_ADDR="10.1.2.3")
    assert other_address.status_code == 200


def test_a_key_gets_its_own_higher_limit(client, settings, partner):
    settings.PARTNERS_ANONYMOUS_SEARCH_RATE = "1/min"
    plain = keys.issue(partner=partner, scopes=["search"], rate_per_minute=3).plain
    assert search(client).status_code == 200
    assert search(client).status_code == 429  # anonymous: used up
    assert [search(client, **bearer(plain)).status_code for _ in range(3)] == [200, 200, 200]
    refused = search(client, **bearer(plain))
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert ApiKeyUse.objects.filter(status=429).count() == 1


def test_keys_are_counted_apart(client, partner):
    first = keys.issue(partner=partner, scopes=["search"], rate_per_minute=1).plain
    second = keys.issue(partner=partner, scopes=["search"], rate_per_minute=1).plain
    assert search(client, **bearer(first)).status_code == 200
    assert search(client, **bearer(first)).status_code == 429
    assert search(client, **bearer(second)).status_code == 200


def test_no_anonymous_limit_when_the_setting_is_empty(client, settings):
    settings.PARTNERS_ANONYMOUS_SEARCH_RATE = ""
    assert {search(client).status_code for _ in range(5)} == {200}


def test_the_schema_documents_the_optional_bearer_key(client):
    schema = client.get("/api/v1/schema/").json()
    operation = schema["paths"][URL]["post"]
    assert operation["security"] == [{"PartnerKey": []}, {}]
    scheme = schema["components"]["securitySchemes"]["PartnerKey"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert {"401", "403", "429"} <= set(operation["responses"])


@pytest.mark.parametrize("prefix", ["\x00" * 12, "ABCDEF012345", "é" * 12, "0123456789a\x00"])
def test_a_key_with_a_prefix_that_is_not_hex_gets_401_without_a_lookup(client, prefix, django_assert_num_queries):
    with django_assert_num_queries(0):
        from partners.keys import resolve

        assert resolve(f"pw_{prefix}_secret") is None
    response = search(client, HTTP_AUTHORIZATION=f"Bearer pw_{prefix}_secret")
    assert response.status_code == 401 and response["Content-Type"].startswith("application/json")


def test_with_the_cache_unreachable_searches_still_answer_uncounted(client, settings, search_key, caplog):
    """Redis (the cache with the counters) down: a real connection refused, not a mock."""
    settings.PARTNERS_ANONYMOUS_SEARCH_RATE = "1/min"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    assert [search(client).status_code for _ in range(3)] == [200, 200, 200]
    assert search(client, **bearer(search_key[1])).status_code == 200
    assert "the cache is unreachable" in caplog.text
