"""GET /api/v1/vacancies/ with a partner's key (scope vacancies:read): the same answer, logged per key."""

import pytest

from partners import keys
from partners.models import ApiKeyUse
from tests.partners.conftest import bearer

pytestmark = pytest.mark.django_db
URL = "/api/v1/vacancies/"


def test_a_read_key_gets_the_anonymous_answer_and_its_use_is_logged(client, partner):
    issued = keys.issue(partner=partner, scopes=["vacancies:read"])
    anonymous = client.get(URL)
    with_key = client.get(URL + "?page=1", **bearer(issued.plain))
    assert anonymous.status_code == with_key.status_code == 200 and anonymous.json() == with_key.json()
    use = ApiKeyUse.objects.get(key=issued.key)
    assert (use.method, use.path, use.status) == ("GET", URL, 200)  # no query string


def test_a_bad_key_or_one_without_the_scope_is_refused(client, partner):
    assert client.get(URL, **bearer("pw_000000000000_nothing")).status_code == 401
    search_only = keys.issue(partner=partner, scopes=["search"])
    assert client.get(URL, **bearer(search_only.plain)).status_code == 403
    assert ApiKeyUse.objects.get(key=search_only.key).status == 403


def test_reading_is_limited_per_key(client, partner):
    issued = keys.issue(partner=partner, scopes=["vacancies:read"], rate_per_minute=2)
    statuses = [client.get(URL, **bearer(issued.plain)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
