"""The home page over HTTP: a search box that starts the search, the newest vacancies, the networks with their
open vacancies, and where each user group starts."""

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.models import NetworkPage
from listings.models import Vacancy
from network.models import Role
from tests.cms.conftest import publish
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerFactory, NetworkFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def home_html(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def text_of(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def test_the_search_box_sends_words_and_region_to_the_search_page(client, home, network_a, network_b):
    amsterdam = VacancyFactory(network=network_a, title="Magazijnmedewerker Amsterdam")
    VacancyFactory(network=network_b, title="Magazijnmedewerker Twente")
    VacancyFactory(network=network_a, title="Schoonmaker Amsterdam")
    soup = BeautifulSoup(home_html(client), "html.parser")

    form = soup.find("form", attrs={"role": "search"})
    assert form["method"] == "get" and form["action"] == reverse("search:search")
    words = form.find("input", attrs={"name": "q"})
    assert text_of(soup.find("label", attrs={"for": words["id"]})) == "Wat voor werk zoekt u?"
    where = form.find("select", attrs={"name": "region"})
    assert text_of(soup.find("label", attrs={"for": where["id"]})) == "Waar?"
    options = {option["value"]: text_of(option) for option in where.find_all("option")}
    assert options == {
        "": "Alle regio's",
        network_a.region.slug: network_a.region.name,
        network_b.region.slug: network_b.region.name,
    }
    assert text_of(form.find("button")) == "Werk zoeken"

    # What the form sends is what the search page understands: the words and the region narrow the results.
    results = client.get(f"{form['action']}?{urlencode({'q': 'magazijn', 'region': network_a.region.slug})}")
    assert results.status_code == 200
    html = results.content.decode()
    assert amsterdam.title in html
    assert "Magazijnmedewerker Twente" not in html and "Schoonmaker Amsterdam" not in html


def test_the_six_newest_published_vacancies_as_cards(client, home, network_a):
    now = timezone.now()
    employer = EmployerFactory(name="Bakkerij De Korrel", municipality="Zaanstad")
    for days in range(8):
        VacancyFactory(
            network=network_a,
            employer=employer,
            title=f"Vacature {days} dagen oud",
            place="Zaanstad",
            published_at=now - timedelta(days=days),
            per_week_min=Decimal(16),
            per_week_max=Decimal(24) if days else Decimal(16),
        )
    VacancyFactory(network=network_a, title="Concept", status=Vacancy.Status.DRAFT, published_at=None)
    VacancyFactory(network=network_a, title="Gesloten", status=Vacancy.Status.CLOSED, published_at=now)
    soup = BeautifulSoup(home_html(client), "html.parser")

    section = soup.find("section", attrs={"aria-labelledby": "home-vacancies-title"})
    assert text_of(section.find("h2")) == "Nieuwste vacatures"
    cards = section.find_all("li", class_="home-card")
    assert [text_of(card.find("h3")) for card in cards] == [f"Vacature {days} dagen oud" for days in range(6)]
    first, second = (text_of(card.find("dl")) for card in cards[:2])
    assert first == "Werkgever Bakkerij De Korrel Plaats Zaanstad Uren 16 uur per week"
    assert second == "Werkgever Bakkerij De Korrel Plaats Zaanstad Uren 16 tot 24 uur per week"
    newest = Vacancy.objects.get(title="Vacature 0 dagen oud")
    assert cards[0].find("a")["href"] == reverse("listings:vacancy_detail", args=[newest.pk])


def test_no_vacancies_yet(client, home):
    assert "Er zijn nog geen vacatures. Kom binnenkort terug." in home_html(client)


def test_every_network_with_its_number_of_open_vacancies(client, home, network_index, network_a, network_b):
    page_a = publish(
        network_index, NetworkPage(title=network_a.name, slug=network_a.slug, network=network_a, intro="Werkgevers.")
    )
    for _ in range(2):
        VacancyFactory(network=network_a)
    VacancyFactory(network=network_a, status=Vacancy.Status.SUBMITTED, published_at=None)
    VacancyFactory(network=network_a, status=Vacancy.Status.EXPIRED)
    VacancyFactory(network=network_b, status=Vacancy.Status.DRAFT, published_at=None)
    network_c = NetworkFactory(name="Netwerk Rijnmond", slug="rijnmond")
    VacancyFactory(network=network_c)
    soup = BeautifulSoup(home_html(client), "html.parser")

    section = soup.find("section", attrs={"aria-labelledby": "home-networks-title"})
    networks = {text_of(item.find("h3")): item for item in section.find_all("li", class_="home-network")}
    assert list(networks) == ["Netwerk Amsterdam", "Netwerk Rijnmond", "Netwerk Twente"]
    amsterdam = networks["Netwerk Amsterdam"]
    assert amsterdam.find("h3").find("a")["href"] == page_a.url  # the network's own page
    count = amsterdam.find("a", string=re.compile("open vacatures"))
    assert text_of(count) == "2 open vacatures"
    assert count["href"] == f"{reverse('search:search')}?network=amsterdam"
    assert f"Regio {network_a.region.name}" in text_of(amsterdam)
    assert text_of(networks["Netwerk Rijnmond"].find("a")) == "1 open vacature"
    assert networks["Netwerk Rijnmond"].find("h3").find("a") is None  # no page of its own yet
    assert "Nu geen open vacatures" in text_of(networks["Netwerk Twente"])


def _count_queries(client) -> int:
    client.get("/")  # caches (site root paths, settings) are filled on the first visit
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_networks(client, home, network_index):
    def add_networks(count):
        for _ in range(count):
            network = NetworkFactory(region=RegionFactory())
            publish(network_index, NetworkPage(title=network.name, slug=network.slug, network=network, intro="."))
            VacancyFactory(network=network)
            VacancyFactory(network=network, status=Vacancy.Status.DRAFT, published_at=None)

    add_networks(2)
    few = _count_queries(client)
    add_networks(8)
    many = _count_queries(client)
    html = home_html(client)
    assert html.count('class="home-network"') == 10 and html.count("1 open vacature<") == 10
    assert many == few, f"{few} queries with 2 networks, {many} with 10"
    assert few <= 12


def test_each_user_group_has_a_short_explanation_and_a_link_to_start(client, home):
    soup = BeautifulSoup(home_html(client), "html.parser")
    groups = {text_of(group.find("h3")): group for group in soup.find_all("li", class_="home-group")}
    assert list(groups) == ["Voor werkzoekenden", "Voor werkgevers", "Voor re-integratieprofessionals"]
    links = {name: group.find("a")["href"] for name, group in groups.items()}
    assert links == {
        "Voor werkzoekenden": reverse("search:search"),
        "Voor werkgevers": reverse("account_signup"),
        "Voor re-integratieprofessionals": reverse("account_signup"),
    }
    assert "Het is gratis." in text_of(groups["Voor werkzoekenden"])


def test_logged_in_employers_and_professionals_start_on_their_own_page(client, home, carol, bob):
    client.force_login(carol)
    soup = BeautifulSoup(home_html(client), "html.parser")
    employer = soup.find("h3", string="Voor werkgevers").find_parent("li")
    assert employer.find("a")["href"] == reverse("network:employer_home")
    professional = soup.find("h3", string="Voor re-integratieprofessionals").find_parent("li")
    assert professional.find("a") is None  # not for an employer's account

    client.force_login(bob)
    soup = BeautifulSoup(home_html(client), "html.parser")
    professional = soup.find("h3", string="Voor re-integratieprofessionals").find_parent("li")
    assert professional.find("a")["href"] == reverse("matching:clients")


def test_the_home_page_in_english(client, home):
    client.cookies["django_language"] = "en"
    html = home_html(client)
    assert "What kind of work are you looking for?" in html and "Newest vacancies" in html
    assert 'href="/static/css/home.css"' in html


def test_a_worker_sees_the_home_page_too(client, home):
    client.force_login(UserFactory(role=Role.WORKER))
    assert "Wat voor werk zoekt u?" in home_html(client)


def test_footer_links_named_after_their_page_speak_the_chosen_language(client, home):
    from cms.demo import load_cms_demo

    load_cms_demo(seed=1)  # the footer links to the networks overview, "Over Passend Werk" and "Privacy"

    def footer_links():
        footer = BeautifulSoup(home_html(client), "html.parser").find("footer")
        return [(a.get_text(strip=True), a["href"]) for a in footer.find("nav").find_all("a")]

    assert footer_links() == [
        ("Netwerken", "/netwerken/"),
        ("Over Passend Werk", "/over-passend-werk/"),
        ("Privacy", "/privacy/"),
    ]
    client.cookies["django_language"] = "en"
    assert [text for text, _href in footer_links()] == ["Networks", "About Passend Werk", "Privacy"]
