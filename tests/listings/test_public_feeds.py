"""The public feed of published vacancies (JSON and XML) and the sitemap, over HTTP."""

from datetime import timedelta
from decimal import Decimal

import pytest
from defusedxml.ElementTree import fromstring
from django.utils import timezone
from django.utils.http import http_date

from listings import public_feeds
from listings.models import Vacancy
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://passendwerk.example"
JSON_URL = "/vacatures/feed.json"
XML_URL = "/vacatures/feed.xml"
PRIVATE_WORDS = ("load", "fit", "capacity", "capaciteit", "belast", "health", "gezond", "fml", "adapt")
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def vacancy(db):
    published = timezone.now() - timedelta(days=1)
    return VacancyFactory(
        title="Medewerker bakkerij",
        description="Je bakt brood & taart.",
        employer__name="Bakkerij Jansen",
        place="Utrecht",
        remote=True,
        per_week_min=Decimal(24),
        per_week_max=Decimal("32.5"),
        load={"IV.13": 2, "V.4": 3},
        adaptable=["IV.13"],
        published_at=published,
        expires_at=published + timedelta(days=90),
    )


@pytest.fixture
def hidden(db):
    """A vacancy in every status that is not public."""
    return [
        VacancyFactory(status=status, published_at=timezone.now())
        for status in Vacancy.Status
        if status != Vacancy.Status.PUBLISHED
    ]


def test_the_json_feed_lists_published_vacancies(client, vacancy, hidden):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert {key: body[key] for key in ("count", "page", "pages", "next", "previous")} == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
    }
    assert body["items"] == [
        {
            "id": vacancy.pk,
            "kind": "vacancy",
            "url": f"{SITE_URL}/vacatures/{vacancy.pk}/",
            "title": "Medewerker bakkerij",
            "description": "Je bakt brood & taart.",
            "employer": "Bakkerij Jansen",
            "place": "Utrecht",
            "remote": True,
            "hours_per_week": {"min": 24.0, "max": 32.5},
            "duration_weeks": None,
            "date_posted": vacancy.published_at.isoformat(),
            "valid_through": vacancy.expires_at.isoformat(),
        }
    ]


def test_the_xml_feed_has_the_same_items_in_the_documented_layout(client, vacancy, hidden):
    response = client.get(XML_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = fromstring(response.content)
    assert root.tag == "vacancies"
    assert root.attrib == {"count": "1", "page": "1", "pages": "1"}  # no next or previous page
    [item] = root.findall("vacancy")
    assert item.findtext("id") == str(vacancy.pk)
    assert item.findtext("kind") == "vacancy"
    assert item.findtext("url") == f"{SITE_URL}/vacatures/{vacancy.pk}/"
    assert item.findtext("title") == "Medewerker bakkerij"
    assert item.findtext("description") == "Je bakt brood & taart."
    assert item.findtext("employer") == "Bakkerij Jansen"
    assert item.findtext("place") == "Utrecht"
    assert item.findtext("remote") == "true"
    assert item.findtext("hours_per_week/min") == "24"
    assert item.findtext("hours_per_week/max") == "32.5"
    assert item.findtext("date_posted") == vacancy.published_at.isoformat()
    assert item.findtext("valid_through") == vacancy.expires_at.isoformat()


def test_unknown_values_are_null_in_json_and_absent_in_xml(client, vacancy):
    vacancy.expires_at = None
    vacancy.save()
    assert client.get(JSON_URL).json()["items"][0]["valid_through"] is None
    assert fromstring(client.get(XML_URL).content).find("vacancy/valid_through") is None


def test_markup_and_control_characters_stay_text_in_xml(client, vacancy):
    vacancy.title = "</title><injected/> & \x0b\x1f klaar"  # (PostgreSQL refuses NUL)
    vacancy.save()
    root = fromstring(client.get(XML_URL).content)  # still a well-formed document
    assert root.find("vacancy/injected") is None
    assert root.findtext("vacancy/title") == "</title><injected/> &  klaar"


def _keys_and_texts(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys_and_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys_and_texts(item)
    elif isinstance(value, str):
        yield value


def _xml_names_and_texts(element):
    for node in element.iter():
        yield node.tag
        yield from node.attrib
        yield from node.attrib.values()
        if node.text:
            yield node.text


@pytest.mark.parametrize("url", [JSON_URL, XML_URL])
def test_no_load_fit_or_capacity_in_the_feeds(client, vacancy, url):
    response = client.get(url)
    if url == JSON_URL:
        texts = list(_keys_and_texts(response.json()))
    else:
        texts = list(_xml_names_and_texts(fromstring(response.content)))
    assert texts
    for text in texts:
        lowered = text.casefold()
        assert not any(word in lowered for word in PRIVATE_WORDS), text
        assert not any(code.casefold() in lowered for code in vacancy.load), text
    raw = response.content.decode().casefold()
    assert not any(code.casefold() in raw for code in vacancy.load)


def test_feeds_paginate_newest_first(client, monkeypatch):
    monkeypatch.setattr(public_feeds, "PAGE_SIZE", 3)
    now = timezone.now()
    vacancies = [VacancyFactory(published_at=now - timedelta(hours=i)) for i in range(7)]
    first = client.get(JSON_URL)
    body = first.json()
    assert (body["count"], body["pages"]) == (7, 3)
    assert [item["id"] for item in body["items"]] == [v.pk for v in vacancies[:3]]
    assert body["next"] == f"{SITE_URL}{JSON_URL}?page=2" and body["previous"] is None
    assert first["Link"] == f'<{SITE_URL}{JSON_URL}?page=2>; rel="next"'
    second = client.get(JSON_URL, {"page": 2}).json()
    assert [item["id"] for item in second["items"]] == [v.pk for v in vacancies[3:6]]
    assert second["previous"] == f"{SITE_URL}{JSON_URL}?page=1"
    assert second["next"] == f"{SITE_URL}{JSON_URL}?page=3"
    last = client.get(XML_URL, {"page": 3})
    root = fromstring(last.content)
    assert [node.findtext("id") for node in root.findall("vacancy")] == [str(vacancies[6].pk)]
    assert root.get("previous") == f"{SITE_URL}{XML_URL}?page=2" and root.get("next") is None
    assert last["Link"] == f'<{SITE_URL}{XML_URL}?page=2>; rel="previous"'


def test_the_page_size_is_a_hundred():
    assert public_feeds.PAGE_SIZE == 100


def test_an_empty_feed_is_one_empty_page(client, hidden):
    body = client.get(JSON_URL).json()
    assert (body["count"], body["items"]) == (0, [])
    assert fromstring(client.get(XML_URL).content).findall("vacancy") == []


@pytest.mark.parametrize("url", [JSON_URL, XML_URL])
@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "", "²", "9" * 30, "1 "])
def test_a_bad_page_number_is_a_400(client, vacancy, url, page):
    response = client.get(url, {"page": page})
    assert response.status_code == 400
    assert "ETag" not in response and "Last-Modified" not in response
    if url == JSON_URL:
        assert response.json()["error"]
    else:
        assert fromstring(response.content).text


@pytest.mark.parametrize("url", [JSON_URL, XML_URL])
def test_a_page_past_the_last_is_a_404_with_a_message(client, vacancy, url):
    response = client.get(url, {"page": 2})
    assert response.status_code == 404
    assert "ETag" not in response
    if url == JSON_URL:
        assert response.json()["error"]
    else:
        assert fromstring(response.content).tag == "error"


@pytest.mark.parametrize("url", [JSON_URL, XML_URL])
def test_if_none_match_with_the_current_etag_is_a_304(client, vacancy, url):
    response = client.get(url)
    etag = response["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong
    assert response["Last-Modified"] == http_date(vacancy.updated_at.timestamp())
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200
    assert client.head(url, headers={"if-none-match": etag}).status_code == 304


@pytest.mark.parametrize("url", [JSON_URL, XML_URL])
def test_if_modified_since_the_last_change_is_a_304(client, vacancy, url):
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304


def test_a_changed_vacancy_changes_the_etag(client, vacancy):
    etag = client.get(JSON_URL)["ETag"]
    vacancy.title = "Bakker"
    vacancy.updated_at = timezone.now() + timedelta(seconds=1)
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Bakker", updated_at=vacancy.updated_at)
    response = client.get(JSON_URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["items"][0]["title"] == "Bakker"


def test_a_renamed_employer_changes_the_etag(client, vacancy):
    etag = client.get(JSON_URL)["ETag"]
    vacancy.employer.name = "Bakkerij De Vries"
    vacancy.employer.save()
    response = client.get(JSON_URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.json()["items"][0]["employer"] == "Bakkerij De Vries"


def test_a_vacancy_that_goes_offline_changes_etag_and_last_modified(client, vacancy):
    other = VacancyFactory(published_at=timezone.now() - timedelta(days=3))
    first = client.get(JSON_URL)
    Vacancy.objects.filter(pk=other.pk).update(
        status=Vacancy.Status.CLOSED, updated_at=timezone.now() + timedelta(seconds=2)
    )
    response = client.get(
        JSON_URL, headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]}
    )
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [vacancy.pk]
    assert client.get(JSON_URL, headers={"if-modified-since": first["Last-Modified"]}).status_code == 200


@pytest.mark.parametrize("url", [JSON_URL, XML_URL])
def test_the_feeds_only_answer_get_and_head(client, vacancy, url):
    assert client.post(url).status_code == 405


def test_the_sitemap_lists_published_vacancies_only(client, vacancy, hidden, settings):
    settings.ALLOWED_HOSTS = ["other.example"]
    response = client.get("/sitemap.xml", headers={"host": "other.example"})  # addresses come from SITE_URL
    assert response.status_code == 200
    root = fromstring(response.content)
    entries = {
        node.findtext("s:loc", namespaces=SITEMAP_NS): node.findtext("s:lastmod", namespaces=SITEMAP_NS)
        for node in root.findall("s:url", SITEMAP_NS)
    }
    # Django writes the day in the site's time zone (Europe/Amsterdam), which differs from UTC's around midnight.
    day = timezone.localtime(vacancy.updated_at).date().isoformat()
    assert entries == {f"{SITE_URL}/vacatures/{vacancy.pk}/": day}


def test_a_bad_sitemap_page_is_a_404(client, vacancy):
    assert client.get("/sitemap.xml", {"p": "abc"}).status_code == 404
    assert client.get("/sitemap.xml", {"p": "2"}).status_code == 404
