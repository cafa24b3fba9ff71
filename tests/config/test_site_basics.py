"""What every page has: an icon, a description for search engines and link previews."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_and_a_description_on_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    icon = client.get(response["Location"])
    # A FileResponse: reading it to the end (as a browser does) closes the static file.
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
    html = client.get(reverse("search:search")).content.decode()
    assert '<meta name="description" content="Passend Werk helpt mensen die ziek zijn geworden' in html
    assert 'rel="icon"' in html


def test_a_vacancy_page_has_one_h1_with_its_title(client, carol, network_a):
    import re

    from tests.listings.factories import VacancyFactory

    vacancy = VacancyFactory(employer=carol.employer_links.get().employer, network=network_a)
    html = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == [vacancy.title]
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))  # no skipped level


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_personal_pages(client, settings):
    settings.SITE_URL = "https://passendwerk.example/"
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://passendwerk.example/sitemap.xml" in lines
    for private in ("/accounts/", "/mijn/", "/werkgever/", "/werkzoekende/", "/professional/", "/coordinator/"):
        assert f"Disallow: {private}" in lines
    assert "Disallow: /vacatures/" not in lines and "Disallow: /" not in lines  # vacancies stay findable
    assert client.get("/sitemap.xml").status_code == 200
