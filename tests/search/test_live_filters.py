"""The search page with htmx: a changed filter or sort order brings only the results region; without
JavaScript the same URL brings the whole page. Result cards say the fit, hours, distance, phased start
and coaching. Assertions on the Dutch of new strings need /tmp/po/vacancy-search.po merged ("(merge)").
"""

import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from matching.models import Source
from matching.profiles import save_profile
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory

pytestmark = pytest.mark.django_db
URL = "/werk-zoeken/"
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/werk-zoeken/"}


@pytest.fixture
def vacancies():
    network = NetworkFactory(slug="utrecht", name="Netwerk Utrecht")
    return [
        VacancyFactory(
            title="Lichte inpakker",
            network=network,
            load={"IV.13": 1},
            adaptable=[],
            coaching="buddy",
            per_week_min=Decimal(24),
            per_week_max=Decimal(32),
            phased_start=True,
            phased_start_per_week=Decimal(12),
            phased_weeks=8,
            place="Utrecht",
            latitude=52.0907,
            longitude=5.1214,
        ),
        VacancyFactory(title="Orderpicker", network=network, load={"IV.13": 2}, adaptable=["IV.13"], coaching="none"),
        VacancyFactory(title="Sjouwer", network=network, load={"IV.13": 3}, adaptable=[]),
    ]


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="result-card__title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_an_htmx_request_gets_only_the_results_region_with_the_count_for_screen_readers(client, vacancies):
    response = client.get(URL, {"sort": "newest"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<body" not in html and "assessment-title" not in html
    assert 'id="results-title"' in html and len(titles(html)) == 3
    live = re.search(r'<p id="results-status" hx-swap-oob="innerHTML">([^<]+)</p>', html)
    assert live and live.group(1) == "3 vacatures passen"
    assert "HX-Request" in response["Vary"]


def test_a_normal_request_gets_the_whole_page_that_works_without_javascript(client, vacancies):
    response = client.get(URL, {"sort": "newest"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html and 'id="assessment-title"' in html
    assert "hx-swap-oob" not in html
    assert re.search(r'<p id="results-status"[^>]*role="status"[^>]*aria-live="polite"[^>]*></p>', html)
    assert '<div id="search-results"' in html and len(titles(html)) == 3
    form = re.search(r'<form method="get" action="/werk-zoeken/"[^>]*>', html).group(0)
    for attribute in ('hx-get="/werk-zoeken/"', 'hx-trigger="change, submit"', 'hx-target="#search-results"'):
        assert attribute in form
    assert 'hx-push-url="true"' in form
    assert re.search(r'<button type="submit"[^>]*>Zoeken</button>', html)  # the form still submits without htmx
    assert "/static/vendor/htmx/htmx.min.js" in html and " defer" in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, vacancies):
    html = client.get(URL, headers={**HTMX, "HX-History-Restore-Request": "true"}).content.decode()
    assert "<html" in html and 'id="assessment-title"' in html


def test_filters_words_and_sort_stay_in_the_shareable_url(client, vacancies):
    params = {"q": "inpakker", "sort": "newest", "coaching": "buddy", "orange": "0"}
    partial = client.get(URL, params, headers=HTMX).content.decode()
    full = client.get(URL, params).content.decode()
    assert titles(partial) == titles(full) == ["Lichte inpakker"]
    # The form carries every choice, so the next change (and the URL htmx pushes) keeps them.
    assert '<input type="hidden" name="coaching" value="buddy">' in partial
    assert 'value="inpakker"' in partial and '<option value="newest" selected>' in partial
    assert re.search(r'<input type="checkbox" id="only-green" name="orange" value="0" checked>', partial)
    # Each filter link is a full URL with the other choices, for a click without JavaScript and for htmx.
    links = re.findall(r'<a id="facet-[^"]+" href="([^"]+)#results" hx-get="([^"]+)"', partial)
    assert links and all(href == get for href, get in links)
    for href, _get in links:
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert query["q"] == ["inpakker"] and query["sort"] == ["newest"] and query["orange"] == ["0"]


def test_a_filter_link_toggles_through_htmx_and_keeps_its_id_for_the_focus(client, vacancies):
    html = client.get(URL, headers=HTMX).content.decode()
    buddy = re.search(r'<a id="(facet-coaching-buddy)" href="([^"#]+)#results"', html)
    assert buddy
    chosen = client.get(URL + buddy.group(2).replace("&amp;", "&"), headers=HTMX).content.decode()
    assert f'id="{buddy.group(1)}"' in chosen and 'aria-current="true"' in chosen
    assert titles(chosen) == ["Lichte inpakker"]
    assert '<details class="facets-panel" open>' in chosen  # a chosen filter keeps the filters open


def test_bad_parameters_are_shown_in_the_region_and_htmx_still_swaps(client, vacancies):
    partial = client.get(URL, {"sort": "cheapest"}, headers=HTMX)
    assert partial.status_code == 200 and 'role="alert"' in partial.content.decode()
    assert client.get(URL, {"sort": "cheapest"}).status_code == 400


def test_result_cards_show_the_fit_hours_distance_phased_start_and_coaching(client, vacancies):
    client.post(URL, {"capacity_IV_13": "1", "per_week": "24", "place": "Utrecht", "radius_km": "25"})
    html = client.get(URL, headers=HTMX).content.decode()
    card = re.search(r'<li class="result result-card fit-green">.*?</li>\s*(?=<li class="result|</ol>)', html, re.S)
    assert card and "Lichte inpakker" in card.group(0)
    card = card.group(0)
    assert "utrecht-badge-status" in card and ">Past<" in card
    assert "dichtbij" in card and "0 km verderop" not in card  # a place was given, the vacancy is in it
    facts = re.search(r'<ul class="result-card__facts">(.*?)</ul>', card, re.S).group(1)
    assert facts.count("<li>") == 3  # hours, phased start, coaching


def test_result_cards_in_dutch(client, vacancies):
    """(merge) The Dutch of the card's facts."""
    client.post(URL, {"capacity_IV_13": "1", "per_week": "24", "place": "Utrecht", "radius_km": "25"})
    html = client.get(URL).content.decode()
    assert "24–32 uur per week" in html and "opbouw vanaf 12 uur per week" in html
    assert "Begeleiding: een buddy (collega)" in html


def test_without_a_place_no_distance(client, vacancies):
    html = client.get(URL).content.decode()
    assert "km verderop" not in html


def test_a_worker_with_a_stored_profile_gets_the_partial_too(client, alice, bob, case, vacancies):
    save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1},
        hours={"per_week": "24"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )
    client.force_login(alice)
    response = client.get(URL, {"sort": "newest"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert sorted(titles(html)) == ["Lichte inpakker", "Orderpicker"]


def test_the_professionals_client_search_answers_htmx_with_its_own_address(client, alice, bob, case, vacancies):
    save_profile(alice, by=bob, levels={"IV.13": 1}, source=Source.COMPANY_DOCTOR, purpose="client_edit")
    client.force_login(bob)
    url = reverse("search:client_search", args=[case.pk])
    html = client.get(url, {"sort": "newest"}, headers=HTMX).content.decode()
    assert "<html" not in html and f'hx-get="{url}"' in html and f'action="{url}"' in html
