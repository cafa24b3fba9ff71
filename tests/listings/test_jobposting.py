"""Every published vacancy page carries schema.org JobPosting JSON-LD, read back as a search engine would
(extruct), with what Google for Jobs requires and recommends, and nothing about load, fit or capacity."""

import json
from datetime import timedelta
from decimal import Decimal

import extruct
import pytest
from django.urls import reverse
from django.utils import timezone

from feeds.parsing import parse_html_page
from listings.jobposting import employment_types, job_posting
from listings.models import Vacancy
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://passendwerk.example"
# Words that would mean load, fit, capacity or health data; no key and no value of the JSON-LD may hold them.
PRIVATE_WORDS = ("load", "fit", "capacity", "capaciteit", "belast", "health", "gezond", "fml", "adapt")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def employer(db):
    return EmployerFactory(
        name="Bakkerij Jansen",
        municipality="Utrecht",
        street_address="Oudegracht 1",
        postcode="3511 AA",
        website="https://bakkerij-jansen.example",
    )


@pytest.fixture
def vacancy(employer):
    published = timezone.now() - timedelta(days=2)
    return VacancyFactory(
        employer=employer,
        title="Medewerker bakkerij",
        description="Je bakt brood.\n\nJe helpt in de winkel.",
        place="Utrecht",
        per_week_min=Decimal(24),
        per_week_max=Decimal(32),
        load={"IV.13": 2, "V.4": 3},
        adaptable=["IV.13"],
        occupation__isco_code="7512",
        published_at=published,
        expires_at=published + timedelta(days=90),
    )


def json_ld(client, vacancy) -> list[dict]:
    response = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk]))
    assert response.status_code == 200
    return extruct.extract(response.content.decode(), syntaxes=["json-ld"], uniform=True)["json-ld"]


def the_posting(client, vacancy) -> dict:
    found = [item for item in json_ld(client, vacancy) if item.get("@type") == "JobPosting"]
    assert len(found) == 1
    return found[0]


def test_the_vacancy_page_carries_a_complete_job_posting(client, vacancy):
    posting = the_posting(client, vacancy)
    url = f"{SITE_URL}/vacatures/{vacancy.pk}/"
    assert posting["@context"].rstrip("/") == "https://schema.org"
    assert posting["title"] == "Medewerker bakkerij"
    assert posting["description"] == "<p>Je bakt brood.</p>\n\n<p>Je helpt in de winkel.</p>"
    assert posting["url"] == url
    assert posting["identifier"] == {"@type": "PropertyValue", "name": "Passend Werk", "value": str(vacancy.pk)}
    assert posting["datePosted"] == vacancy.published_at.isoformat()
    assert posting["validThrough"] == vacancy.expires_at.isoformat()
    assert posting["employmentType"] == ["PART_TIME"]
    assert posting["workHours"] == "24–32 uur per week"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Bakkerij Jansen",
        "sameAs": "https://bakkerij-jansen.example",
    }
    assert posting["jobLocation"]["@type"] == "Place"
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Utrecht",
        "streetAddress": "Oudegracht 1",
        "postalCode": "3511 AA",
        "addressCountry": "NL",
    }
    assert posting["directApply"] is True
    assert posting["occupationalCategory"] == "7512"
    assert "jobLocationType" not in posting and "applicantLocationRequirements" not in posting
    assert "baseSalary" not in posting  # vacancies have no salary fields


def test_direct_apply_points_at_the_platforms_own_reaction_flow(client, vacancy, alice):
    """directApply is true because a worker reacts on this site: the page's react form leads there."""
    client.force_login(alice)
    html = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert reverse("listings:vacancy_apply", args=[vacancy.pk]) in html
    assert the_posting(client, vacancy)["directApply"] is True


def test_a_remote_vacancy_is_telecommute_for_applicants_in_the_netherlands(client, vacancy):
    vacancy.remote = True
    vacancy.save()
    posting = the_posting(client, vacancy)
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "NL"}
    assert posting["jobLocation"]["address"]["addressLocality"] == "Utrecht"  # it can be done on site too


def test_the_employers_address_only_where_the_vacancy_is(client, vacancy):
    vacancy.place = "Amersfoort"
    vacancy.save()
    address = the_posting(client, vacancy)["jobLocation"]["address"]
    assert address == {"@type": "PostalAddress", "addressLocality": "Amersfoort", "addressCountry": "NL"}


def test_without_an_end_of_publication_valid_through_is_left_out(client, vacancy):
    vacancy.expires_at = None
    vacancy.save()
    assert "validThrough" not in the_posting(client, vacancy)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(24, 32, ["PART_TIME"]), (36, 40, ["FULL_TIME"]), (32, 38, ["FULL_TIME", "PART_TIME"]), (8, 35.5, ["PART_TIME"])],
)
def test_employment_type_follows_the_hours(low, high, expected):
    vacancy = Vacancy(per_week_min=Decimal(low), per_week_max=Decimal(str(high)))
    assert employment_types(vacancy) == expected


def _strings(value):
    """Every key and every text value in a JSON structure."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_no_load_fit_or_capacity_in_the_json_ld(client, vacancy, alice):
    alice_view = json_ld(client, vacancy)
    client.force_login(alice)  # a logged-in worker's page shows a fit; the JSON-LD stays the same
    assert json_ld(client, vacancy) == alice_view
    for text in _strings(alice_view):
        lowered = text.casefold()
        assert not any(word in lowered for word in PRIVATE_WORDS), text
        assert not any(code.casefold() in lowered for code in vacancy.load), text


def test_the_private_words_check_is_not_blind(vacancy):
    """The check above catches load codes and names when they are there."""
    leaked = {**job_posting(vacancy), "load": vacancy.load}
    texts = [text.casefold() for text in _strings(leaked)]
    assert any(word in text for text in texts for word in PRIVATE_WORDS)
    assert any(code.casefold() in text for text in texts for code in vacancy.load)


def test_a_title_cannot_break_out_of_the_script_element(client, vacancy):
    vacancy.title = '</script><script>alert("x")</script> & <!-- more'
    vacancy.description = "Tekst </SCRIPT> met <b>tags</b> & meer"
    vacancy.save()
    response = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk]))
    html = response.content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert html.count("<script>alert") == 0
    posting = json.loads(block)
    assert posting["title"] == vacancy.title  # the escapes are JSON's: the text itself is unchanged
    assert the_posting(client, vacancy)["title"] == vacancy.title
    assert (
        the_posting(client, vacancy)["description"]
        == "<p>Tekst &lt;/SCRIPT&gt; met &lt;b&gt;tags&lt;/b&gt; &amp; meer</p>"
    )


@pytest.mark.parametrize(
    "status",
    [
        Vacancy.Status.DRAFT,
        Vacancy.Status.SUBMITTED,
        Vacancy.Status.REJECTED,
        Vacancy.Status.CLOSED,
        Vacancy.Status.EXPIRED,
        Vacancy.Status.SUSPENDED,
    ],
)
def test_a_vacancy_that_is_not_published_has_no_page_and_no_job_posting(client, vacancy, status):
    vacancy.status = status
    vacancy.save()
    response = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk]))
    assert response.status_code == 404
    assert b"application/ld+json" not in response.content


def test_previews_carry_no_job_posting(client, carol, carol_link, vacancy):
    vacancy.employer = carol_link.employer
    vacancy.status = Vacancy.Status.DRAFT
    vacancy.save()
    client.force_login(carol)
    response = client.get(reverse("listings:vacancy_preview", args=[vacancy.pk]))
    assert response.status_code == 200
    assert extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"] == []


def test_the_platforms_own_job_feed_reader_understands_the_page(client, vacancy):
    """What feeds/ reads from an employer's JobPosting page, it reads from ours as well."""
    vacancy.per_week_max = Decimal("32.5")
    vacancy.remote = True
    vacancy.save()
    url = f"{SITE_URL}/vacatures/{vacancy.pk}/"
    html = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    parsed = parse_html_page(html, url)
    assert parsed.rejections == []
    [posting] = parsed.postings
    assert (posting.external_id, posting.title, posting.url) == (str(vacancy.pk), "Medewerker bakkerij", url)
    assert posting.description == vacancy.description  # the HTML paragraphs read back as the text
    assert (posting.city, posting.postal_code, posting.remote) == ("Utrecht", "3511 AA", True)
    assert (posting.hours_min, posting.hours_max, posting.job_type) == (Decimal(24), Decimal("32.5"), "parttime")
    assert posting.date_posted == vacancy.published_at.date()
    assert posting.valid_through == vacancy.expires_at.date()
