"""A partner's key with `vacancies:import` connects a member employer's feed over the API and reads the runs."""

import pytest

from feeds.models import FeedRun, JobFeed
from listings.models import Vacancy
from partners import keys
from partners.models import ApiKeyUse, Partner
from tests.feeds.conftest import indeed_feed, job
from tests.network.factories import EmployerFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/feeds/"


@pytest.fixture
def partner():
    return Partner.objects.create(name="Werkplein Oost", kind=Partner.Kind.MUNICIPALITY, contact_email="it@oost.nl")


@pytest.fixture
def import_key(partner, carol_link, curated_occupations):
    """A key that may import for Carol's employer: (ApiKey, the full key)."""
    issued = keys.issue(partner=partner, scopes=["vacancies:import"], employers=[carol_link.employer])
    return issued.key, issued.plain


def auth(plain: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def connect(client, plain, **body):
    return client.post(URL, body, content_type="application/json", **auth(plain))


def test_a_partner_connects_a_feed_that_runs_into_drafts_and_reads_the_report(
    client, import_key, carol_link, feed_server, django_capture_on_commit_callbacks
):
    feed_url = feed_server.serve("/feed.xml", indeed_feed(job("A1"), job("A2")), "text/xml")
    with django_capture_on_commit_callbacks(execute=True):  # the first run starts after the commit
        response = connect(client, import_key[1], employer=carol_link.employer.kvk_number, url=feed_url)
    assert response.status_code == 201, response.content
    feed = JobFeed.objects.get()
    assert (feed.employer, feed.created_by) == (carol_link.employer, carol_link.user)  # runs in the manager's name
    assert response.json()["url"] == feed_url and response.json()["network"] == feed.network.slug
    listed = client.get(URL, **auth(import_key[1])).json()
    assert [entry["id"] for entry in listed] == [feed.pk]
    report = listed[0]["last_run"]
    assert (report["status"], report["new"], report["rejected"]) == (FeedRun.Status.OK, 2, 0)
    assert set(Vacancy.objects.values_list("status", flat=True)) == {Vacancy.Status.DRAFT}  # never published
    assert ApiKeyUse.objects.filter(key=import_key[0], method="POST", path=URL, status=201).exists()


def test_an_employer_not_named_on_the_key_is_refused(client, import_key):
    other = EmployerFactory()
    response = connect(client, import_key[1], employer=other.kvk_number, url="https://werk.example/feed.xml")
    assert response.status_code == 403 and "employer" in response.json()["errors"]
    assert not JobFeed.objects.exists()


def test_the_feeds_of_employers_not_on_the_key_stay_invisible(client, import_key, partner, carol_link):
    JobFeed.objects.create(
        employer=carol_link.employer, network=carol_link.employer.networks.get(), url="https://a.example/f.xml"
    )
    other = keys.issue(partner=partner, scopes=["vacancies:import"], employers=[EmployerFactory()])
    assert client.get(URL, **auth(other.plain)).json() == []
    assert len(client.get(URL, **auth(import_key[1])).json()) == 1


def test_a_key_without_the_import_scope_gets_403_and_no_key_401(client, partner, carol_link):
    search_only = keys.issue(partner=partner, scopes=["search"], employers=[])
    body = {"employer": carol_link.employer.kvk_number, "url": "https://werk.example/feed.xml"}
    assert client.post(URL, body, content_type="application/json", **auth(search_only.plain)).status_code == 403
    assert client.post(URL, body, content_type="application/json").status_code == 401
    assert client.get(URL).status_code == 401
    assert not JobFeed.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "https://werk.example/feed.xml"}, "employer"),
        ({"employer": "123", "url": "https://werk.example/feed.xml"}, "employer"),
        ({"employer": "KVK", "url": "ftp://werk.example/feed.xml"}, "url"),
        ({"employer": "KVK", "url": "not an address"}, "url"),
        ({"employer": "KVK", "url": "https://werk.example/feed.xml", "format": "csv"}, "format"),
        ({"employer": "KVK", "url": "https://werk.example/feed.xml", "network": "nergens"}, "network"),
        ({"employer": "KVK", "url": "https://werk.example/feed.xml", "extra": 1}, "extra"),
    ],
)
def test_bad_input_gets_a_400_naming_the_field(client, import_key, carol_link, body, field):
    body = {name: carol_link.employer.kvk_number if value == "KVK" else value for name, value in body.items()}
    response = client.post(URL, body, content_type="application/json", **auth(import_key[1]))
    assert response.status_code == 400, response.content
    assert any(field in name for name in response.json()["errors"]), response.json()
    assert not JobFeed.objects.exists()


def test_an_employer_without_a_staff_manager_cannot_get_a_feed(client, partner, network_a):
    employer = EmployerFactory()
    issued = keys.issue(partner=partner, scopes=["vacancies:import"], employers=[employer])
    response = connect(client, issued.plain, employer=employer.kvk_number, url="https://werk.example/feed.xml")
    assert response.status_code == 400 and "employer" in response.json()["errors"]
    assert not JobFeed.objects.exists()


def test_the_same_feed_twice_is_refused(client, import_key, carol_link):
    body = {"employer": carol_link.employer.kvk_number, "url": "https://werk.example/feed.xml"}
    assert connect(client, import_key[1], **body).status_code == 201
    second = connect(client, import_key[1], **body)
    assert second.status_code == 400 and "url" in second.json()["errors"]
    assert JobFeed.objects.count() == 1


@pytest.mark.parametrize("field", ["url", "network", "employer"])
def test_a_nul_character_anywhere_gets_a_400_not_a_500(client, import_key, carol_link, field):
    body = {"employer": carol_link.employer.kvk_number, "url": "https://werk.example/feed.xml", "network": "a"}
    body[field] = body[field][:3] + "\x00" + body[field][3:]
    response = connect(client, import_key[1], **body)
    assert response.status_code == 400, response.content
    assert not JobFeed.objects.exists()
