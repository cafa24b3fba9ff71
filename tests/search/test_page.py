"""The search page as a worker meets it: self-assessment in the session, results, facets, empty state."""

from decimal import Decimal

import pytest
from django.urls import reverse

from search.views import SESSION_KEY, session_assessment
from tests.listings.factories import VacancyFactory
from tests.network.factories import NetworkFactory

pytestmark = pytest.mark.django_db
URL = "/werk-zoeken/"


@pytest.fixture
def vacancies():
    network = NetworkFactory(slug="utrecht", name="Netwerk Utrecht")
    return [
        VacancyFactory(title="Lichte inpakker", network=network, load={"IV.13": 1}, adaptable=[], coaching="buddy"),
        VacancyFactory(title="Orderpicker", network=network, load={"IV.13": 2}, adaptable=["IV.13"]),
        VacancyFactory(title="Sjouwer", network=network, load={"IV.13": 3}, adaptable=[]),
    ]


def test_the_page_explains_itself_and_lists_everything_before_any_answer(client, vacancies):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Werk zoeken dat bij u past" in html
    assert "3 vacatures passen" in html
    assert "Dynamische handelingen" in html and "u kunt 15 kg of meer tillen" in html
    assert "Wis mijn gegevens" not in html  # nothing stored yet, nothing to clear


def test_answers_filter_and_explain_the_results(client, vacancies):
    response = client.post(URL, {"capacity_IV_13": "1", "per_week": "24", "place": "Utrecht", "radius_km": "25"})
    assert response.status_code == 302
    sealed = client.session[SESSION_KEY]
    assert isinstance(sealed, str) and "IV.13" not in sealed  # sealed: not readable in the session table
    assert session_assessment(client.session)["capacity"] == {"IV.13": 1}
    html = client.get(response["Location"]).content.decode()
    assert "2 vacatures passen" in html
    assert "Lichte inpakker" in html and "Orderpicker" in html and "Sjouwer" not in html
    assert "Past als de werkgever iets aanpast" in html
    assert (
        "Tillen: u kunt ongeveer 5 kg tillen, deze baan vraagt ongeveer 10 kg — past als de werkgever dit aanpast."
        in html
    )
    assert "Wis mijn gegevens" in html
    assert "Uw antwoorden blijven alleen tijdens dit bezoek bewaard" in html


def test_with_answers_the_page_sums_them_up_and_opens_the_questions_only_when_asked(client, vacancies):
    client.post(
        URL, {"capacity_IV_13": "1", "capacity_V_4": "1", "per_week": "24", "place": "Utrecht", "radius_km": "25"}
    )
    html = client.get(URL).content.decode()
    assert "U kunt nu ongeveer 24 uur per week werken." in html
    assert "U woont in Utrecht en kunt 25 km reizen." in html
    assert "Er wordt rekening gehouden met 2 beperkingen" in html
    assert 'name="capacity_IV_13"' not in html  # the 60 questions are not on the page
    assert "Mijn antwoorden aanpassen" in html and "Wis mijn gegevens" in html
    opened = client.get(URL, {"antwoorden": "aanpassen"})
    assert opened.context["form"]["capacity_IV_13"].value() == 1  # the questions, with the answers given
    assert 'name="capacity_IV_13"' in opened.content.decode()


def test_without_a_place_the_summary_says_it_searches_everywhere(client, vacancies):
    client.post(URL, {"capacity_IV_13": "1", "radius_km": "25"})
    html = client.get(URL).content.decode()
    assert "U gaf geen woonplaats op: we zoeken overal." in html
    assert "Er wordt rekening gehouden met 1 beperking" in html


def test_clear_my_data_removes_the_answers(client, vacancies):
    client.post(URL, {"capacity_IV_13": "0", "radius_km": "25"})
    response = client.post(reverse("search:clear"), follow=True)
    assert SESSION_KEY not in client.session
    assert "Uw antwoorden zijn gewist." in response.content.decode()
    assert "3 vacatures passen" in response.content.decode()


def test_bad_hours_are_refused_in_plain_dutch(client, vacancies):
    response = client.post(URL, {"per_week": "80", "radius_km": "25"})
    assert response.status_code == 400
    assert "Zorg ervoor dat deze waarde hoogstens 60 is." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_facets_narrow_and_keep_their_counts(client, vacancies):
    client.post(URL, {"capacity_IV_13": "1", "radius_km": "25"})
    response = client.get(URL, {"coaching": "buddy"})
    assert [hit.vacancy.title for hit in response.context["hits"]] == ["Lichte inpakker"]
    coaching = next(group for group in response.context["facet_groups"] if group["name"] == "coaching")
    buddy = next(item for item in coaching["items"] if item["value"] == "buddy")
    assert buddy["selected"] and buddy["count"] == 1 and "coaching=buddy" not in buddy["url"]


def test_an_empty_result_says_which_limit_keeps_most_vacancies_out(client, vacancies):
    client.post(URL, {"capacity_IV_13": "1", "per_week": "4", "radius_km": "25"})
    html = client.get(URL).content.decode()
    assert "Er is nu geen vacature die bij al uw antwoorden past." in html
    assert "zonder uw uren: 2 vacatures" in html
    assert "zonder Tillen" not in html  # the hours would still keep every vacancy out


def test_results_are_paginated(client, db):
    VacancyFactory.create_batch(23, load={})
    first = client.get(URL)
    assert len(first.context["hits"]) == 20
    assert "Pagina 1 van 2" in first.content.decode()
    assert len(client.get(URL, {"page": 2}).context["hits"]) == 3


def test_the_page_says_so_when_elasticsearch_is_down(client, vacancies, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_TIMEOUT = 1
    response = client.get(URL)
    assert response.status_code == 200
    assert "De zoekmachine is nu niet bereikbaar" in response.content.decode()
    assert len(response.context["hits"]) == 3


def test_phased_hours_show_as_orange_with_the_reason(client, db):
    VacancyFactory(
        title="Opbouw",
        load={},
        per_week_min=Decimal(24),
        phased_start=True,
        phased_start_per_week=Decimal(12),
        phased_weeks=8,
    )
    client.post(URL, {"per_week": "12", "target_per_week": "24", "radius_km": "25"})
    html = client.get(URL).content.decode()
    assert "deze baan begint met 12 uur per week en bouwt in 8 weken op naar 24 uur — past met opbouw van uren." in html
