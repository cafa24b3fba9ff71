"""The public CMS pages over HTTP: network pages with live vacancies, events, the footer, the tree."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.models import EventPage, HomePage, NetworkIndexPage, NetworkPage, NewsPage, SiteContact, StandardPage
from listings.models import Vacancy
from network.models import Membership
from tests.cms.conftest import publish
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def html_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_network_page_shows_only_its_published_vacancies(client, page_a, network_a, network_b):
    employer = MembershipFactory(network=network_a).employer
    published = VacancyFactory(network=network_a, employer=employer, title="Magazijnmedewerker Zuidoost")
    hidden = [
        VacancyFactory(
            network=network_a,
            employer=employer,
            title="Conceptvacature",
            status=Vacancy.Status.DRAFT,
            published_at=None,
        ),
        VacancyFactory(
            network=network_a,
            employer=employer,
            title="Afgewezen vacature",
            status=Vacancy.Status.REJECTED,
            published_at=None,
        ),
        VacancyFactory(network=network_a, employer=employer, title="Gesloten vacature", status=Vacancy.Status.CLOSED),
        VacancyFactory(network=network_b, title="Vacature in Twente"),
    ]
    html = html_of(client, page_a)
    assert "Magazijnmedewerker Zuidoost" in html
    assert f'href="{reverse("listings:vacancy_detail", args=[published.pk])}"' in html
    for vacancy in hidden:
        assert vacancy.title not in html
        assert reverse("listings:vacancy_detail", args=[vacancy.pk]) not in html
    assert 'href="/werk-zoeken/?network=amsterdam"' in html


def test_network_page_shows_the_five_newest_vacancies_live(client, page_a, network_a):
    now = timezone.now()
    for days in range(6):
        VacancyFactory(network=network_a, title=f"Vacature dag {days}", published_at=now - timedelta(days=days))
    html = html_of(client, page_a)
    positions = [html.index(f"Vacature dag {days}") for days in range(5)]
    assert positions == sorted(positions)
    assert "Vacature dag 5" not in html
    # Live from the database: no republishing of the page needed.
    VacancyFactory(network=network_a, title="Net gepubliceerd", published_at=now + timedelta(minutes=1))
    assert "Net gepubliceerd" in html_of(client, page_a)


def test_network_page_lists_active_members_news_events_and_contact(client, page_a, network_a):
    MembershipFactory(network=network_a, employer=EmployerFactory(name="Actieve Bakkerij"))
    for status, name in [
        (Membership.Status.APPLIED, "Aanvrager BV"),
        (Membership.Status.SUSPENDED, "Geschorst BV"),
        (Membership.Status.ENDED, "Gestopt BV"),
    ]:
        MembershipFactory(network=network_a, employer=EmployerFactory(name=name), status=status)
    now = timezone.now()
    publish(page_a, NewsPage(title="Nieuwe leden", slug="nieuwe-leden", intro="Drie nieuwe werkgevers."))
    publish(
        page_a, EventPage(title="Werkgeversontbijt", slug="ontbijt", start=now + timedelta(days=7), place="Stadhuis")
    )
    publish(
        page_a, EventPage(title="Oude informatiemiddag", slug="oud", start=now - timedelta(days=7), place="Bibliotheek")
    )
    html = html_of(client, page_a)
    assert "Actieve Bakkerij" in html
    assert not any(name in html for name in ["Aanvrager BV", "Geschorst BV", "Gestopt BV"])
    assert "Nieuwe leden" in html and "Werkgeversontbijt" in html
    assert "Oude informatiemiddag" not in html
    assert 'href="mailto:dave@example.nl"' in html and "Dave Coördinator" in html


def test_event_page_shows_date_place_and_registration_link(client, page_a):
    start = timezone.make_aware(timezone.datetime(2099, 3, 5, 14, 0))
    event = publish(
        page_a,
        EventPage(
            title="Informatiemiddag re-integratie tweede spoor",
            slug="informatiemiddag",
            start=start,
            end=start + timedelta(hours=2),
            place="Bibliotheek Amsterdam Centrum",
            registration_url="https://aanmelden.example/informatiemiddag",
        ),
    )
    html = html_of(client, event)
    assert '<time datetime="2099-03-05T14:00+0100">' in html
    assert "5 maart 2099" in html
    assert "Bibliotheek Amsterdam Centrum" in html
    # A real link with visible text (whatever the translation says).
    assert re.search(
        r'<a class="utrecht-button-link[^"]*" href="https://aanmelden.example/informatiemiddag">\w[^<]+</a>', html
    )
    assert "<h1>Informatiemiddag re-integratie tweede spoor</h1>" in html


def test_footer_shows_the_site_contact(client, home):
    contact = SiteContact.for_site(Site.objects.get(is_default_site=True))
    contact.organisation_name = "Stichting Passend Werk"
    contact.email = "info@passendwerk.test"
    contact.phone = "030 123 4567"
    contact.address = "Catharijnesingel 1\n3511 GA Utrecht"
    contact.footer_text = "Werkzoekenden betalen nooit."
    contact.footer_links = [("link", {"text": "Toegankelijkheid", "page": None, "url": "https://example.nl/a11y"})]
    contact.save()
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "Stichting Passend Werk" in footer
    assert '<a href="mailto:info@passendwerk.test">info@passendwerk.test</a>' in footer
    assert '<a href="tel:0301234567">030 123 4567</a>' in footer
    assert "Catharijnesingel 1<br>3511 GA Utrecht" in footer
    assert "Werkzoekenden betalen nooit." in footer
    assert '<a href="https://example.nl/a11y">Toegankelijkheid</a>' in footer


def test_the_footer_text_follows_the_language_and_falls_back_to_dutch(client, home):
    contact = SiteContact.for_site(Site.objects.get(is_default_site=True))
    contact.footer_text = "Werkzoekenden betalen nooit."
    contact.save()
    client.cookies["django_language"] = "en"

    def footer():
        html = client.get("/").content.decode()
        return html[html.index("<footer") :]

    assert "Werkzoekenden betalen nooit." in footer()  # no English text yet: the Dutch one
    contact.footer_text_en = "Job seekers never pay."
    contact.save()
    assert "Job seekers never pay." in footer() and "Werkzoekenden" not in footer()
    client.cookies["django_language"] = "nl"
    assert "Werkzoekenden betalen nooit." in footer() and "Job seekers" not in footer()


def test_page_tree_rules(home, network_index, page_a):
    assert NetworkIndexPage.can_create_at(home) is False  # one overview page only
    assert NetworkPage.can_create_at(network_index) and not NetworkPage.can_create_at(home)
    for child in (NewsPage, EventPage):
        assert child.can_create_at(page_a) and not child.can_create_at(home) and not child.can_create_at(network_index)
    assert StandardPage.can_create_at(home) and StandardPage.can_create_at(page_a)
    assert not StandardPage.can_create_at(network_index)
    assert HomePage.can_create_at(home) is False


def test_network_index_lists_live_network_pages(client, network_index, page_a, page_b):
    page_b.unpublish()
    html = html_of(client, network_index)
    assert f'href="{page_a.url}"' in html
    assert "Netwerk Twente" not in html


def test_event_end_before_start_is_invalid(page_a):
    from django.core.exceptions import ValidationError

    start = timezone.now()
    event = EventPage(title="Fout", slug="fout", start=start, end=start - timedelta(hours=1), place="Online")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "end" in error.value.message_dict


def test_english_visitors_get_the_english_translation_and_dutch_is_the_default(client, network_a):
    from wagtail.models import Locale

    from cms.demo import load_cms_demo

    load_cms_demo(seed=1)
    english = Locale.objects.get(language_code="en")
    page = NetworkPage.objects.get(network=network_a, locale__language_code="nl")
    translation = page.get_translation(english)
    dutch_html = client.get(page.url).content.decode()
    assert "werkgevers uit de regio" in dutch_html
    client.cookies["django_language"] = "en"
    english_html = client.get(page.url).content.decode()
    assert translation.intro.split(",")[0] in english_html and "werkgevers uit de regio" not in english_html
    assert 'lang="en"' in english_html
