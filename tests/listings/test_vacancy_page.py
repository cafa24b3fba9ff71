"""The vacancy page answers the worker first: title, verdict, the points that need attention, react — over HTTP.

Assertions on Dutch text of new strings need /tmp/po/vacancy-search.po merged into the project's catalogue;
they are marked "(merge)". Everything else is checked by structure and passes before the merge.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from listings.models import Application
from listings.presentation import ASSESSMENT_SESSION_KEY
from matching.crypto import seal
from matching.models import Source
from matching.profiles import save_profile
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db

# Green for a worker without limitations, spread over sections IV (moving) and V (posture).
GREEN_LOADS = {"IV.14": 1, "IV.9": 1, "IV.10": 1, "IV.16": 1, "IV.17": 1, "V.1": 1, "V.2": 1, "V.3": 1}


@pytest.fixture
def vacancy(carol_link, network_a, order_picker):
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        occupation=order_picker,
        title="Orderpicker dagdienst",
        load={"IV.13": 2, "V.4": 3, **GREEN_LOADS},
        adaptable=["IV.13"],
        per_week_min=Decimal(24),
        per_week_max=Decimal(32),
        phased_start=True,
        phased_start_per_week=Decimal(12),
        phased_weeks=8,
        coaching="job_coach",
        place="Utrecht",
    )


@pytest.fixture
def profiled_alice(alice, bob, case):
    save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1},
        hours={"per_week": "24"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )
    return alice


def page(client, vacancy) -> str:
    """The page's main content (the site's header and footer are not the vacancy page's business)."""
    response = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk]))
    assert response.status_code == 200
    return between(response.content.decode(), "<main", "</main>")


def between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def put_assessment(client, assessment: dict) -> None:
    session = client.session
    session[ASSESSMENT_SESSION_KEY] = seal(assessment)
    session.save()


def react_form(vacancy) -> str:
    return f'<form method="get" action="{reverse("listings:vacancy_apply", args=[vacancy.pk])}"'


def test_a_worker_reads_the_verdict_first_and_the_full_list_collapsed(client, profiled_alice, vacancy):
    client.force_login(profiled_alice)
    html = page(client, vacancy)
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Orderpicker dagdienst"]
    verdict, react, details = html.index('id="fit-title"'), html.index(react_form(vacancy)), html.index("<details")
    assert html.index("</h1>") < verdict < react < details  # title, verdict, react, then the list
    assert "vacancy-verdict--orange" in html
    attention = between(html, '<ul class="vacancy-attention">', "</ul>")
    assert attention.count("<li") == 1 and "<strong>Tillen:</strong> ongeveer 10 kg" in attention
    assert "past als de werkgever dit aanpast" in attention
    assert "Staan per dag" not in attention  # green points are not repeated up front
    assert re.search(r'<details class="vacancy-points__details">\s*<summary>', html)  # collapsed: no "open"
    assert "Reageer op deze vacature" in html


def test_the_verdict_and_the_everyday_words_are_dutch(client, profiled_alice, vacancy):
    """(merge) The Dutch of the new strings."""
    client.force_login(profiled_alice)
    html = page(client, vacancy)
    assert "Deze baan past als de werkgever iets aanpast" in html
    assert "Alle punten (10 passen)" in html
    assert "Bewegen, tillen en uw handen gebruiken" in html and "Dynamische handelingen" not in html
    assert "24–32 uur per week" in html and "Begeleiding" in html and "een jobcoach" in html.lower()


def test_green_points_are_one_line_per_section_not_a_sentence_each(client, profiled_alice, vacancy):
    client.force_login(profiled_alice)
    html = page(client, vacancy)
    points = between(html, '<details class="vacancy-points__details">', "</details>")
    assert points.count("vacancy-point--green") == 3  # the hours, section IV and section V
    assert "Buigen, Vaak buigen, Dragen, Lopen achter elkaar, Lopen per dag." in points
    assert "— past." not in points.replace("uur per week — past.", "")  # no "fits" sentence per dimension
    assert "Tillen: u kunt ongeveer 5 kg tillen, deze baan vraagt ongeveer 10 kg" in points  # the orange one in full
    assert "De taken van dit beroep" in points


def test_the_compact_facts_follow_the_action(client, profiled_alice, vacancy):
    client.force_login(profiled_alice)
    html = page(client, vacancy)
    facts = between(html, 'class="vacancy-facts"', "</section>")
    assert html.index(react_form(vacancy)) < html.index('class="vacancy-facts"')
    assert "Utrecht" in facts and "begin met 12 uur per week" in facts and "8 weken" in facts
    assert "km" not in facts  # no place given: no distance


def test_the_distance_from_the_workers_home_place(client, profiled_alice, vacancy):
    from matching.models import WorkerPreferences

    WorkerPreferences.objects.create(worker=profiled_alice, home_place="Amersfoort")
    client.force_login(profiled_alice)
    facts = between(page(client, vacancy), 'class="vacancy-facts"', "</section>")
    assert re.search(r"\b(19|20|21) km\b", facts) and "Amersfoort" in facts


def test_a_vacancy_in_the_workers_own_place_says_so_instead_of_0_km(client, profiled_alice, vacancy):
    from matching.models import WorkerPreferences

    WorkerPreferences.objects.create(worker=profiled_alice, home_place=vacancy.place)
    client.force_login(profiled_alice)
    facts = between(page(client, vacancy), 'class="vacancy-facts"', "</section>")
    assert f"in {vacancy.place}" in facts and "0 km" not in facts


def test_a_worker_who_reacted_sees_so_instead_of_the_button(client, profiled_alice, vacancy):
    Application.objects.create(vacancy=vacancy, worker=profiled_alice)
    client.force_login(profiled_alice)
    html = page(client, vacancy)
    assert "U heeft gereageerd op" in html and react_form(vacancy) not in html


def test_a_worker_without_a_profile_can_react_and_is_invited_to_fill_in(client, alice, vacancy):
    client.force_login(alice)
    html = page(client, vacancy)
    assert react_form(vacancy) in html and 'id="fit-title"' not in html
    assert f'href="{reverse("matching:my_profile")}"' in html


def test_an_anonymous_visitor_with_a_self_assessment_sees_the_fit_and_is_invited_to_sign_up(client, vacancy):
    response = client.post(
        reverse("search:search"), {"capacity_IV_13": "1", "per_week": "24", "place": "Amersfoort", "radius_km": "50"}
    )
    assert response.status_code == 302
    html = page(client, vacancy)
    assert 'id="fit-title"' in html and "vacancy-verdict--orange" in html
    assert "<strong>Tillen:</strong> ongeveer 10 kg" in html
    path = reverse("listings:vacancy_detail", args=[vacancy.pk])
    assert f'href="{reverse("account_signup")}?next={path}"' in html
    assert react_form(vacancy) not in html
    assert "Amersfoort" in between(html, 'class="vacancy-facts"', "</section>")  # the distance from their place


def test_an_anonymous_visitor_without_answers_is_invited_to_give_them(client, vacancy):
    html = page(client, vacancy)
    assert 'id="fit-title"' not in html and "u kunt ongeveer" not in html
    assert f'href="{reverse("search:search")}#assessment-title"' in html
    assert "<details" in html and "Tillen:</strong> deze baan vraagt ongeveer 10 kg" in html  # the load, collapsed


def test_hours_that_do_not_fit_are_a_point_of_attention(client, vacancy):
    put_assessment(client, {"capacity": {}, "hours": {"per_week": "8"}, "place": "", "radius_km": 25})
    html = page(client, vacancy)
    assert "vacancy-verdict--red" in html
    attention = between(html, '<ul class="vacancy-attention">', "</ul>")
    assert "vacancy-point--red" in attention and "24" in attention and "8" in attention


def test_a_phased_start_that_bridges_the_hours_is_said_up_front(client, vacancy):
    vacancy.load = {}
    vacancy.save()
    put_assessment(client, {"capacity": {}, "hours": {"per_week": "12", "target_per_week": "24"}})
    attention = between(page(client, vacancy), '<ul class="vacancy-attention">', "</ul>")
    assert "vacancy-point--orange" in attention and "past met opbouw van uren" in attention


def test_at_most_three_points_up_front_the_rest_in_the_list(client, vacancy):
    vacancy.load = {"IV.13": 3, "IV.14": 3, "V.4": 3, "V.2": 3}
    vacancy.adaptable = []
    vacancy.save()
    put_assessment(client, {"capacity": {"IV.13": 0, "IV.14": 0, "V.4": 0, "V.2": 0}})
    html = page(client, vacancy)
    assert between(html, '<ul class="vacancy-attention">', "</ul>").count("<li") == 3
    assert "vacancy-verdict__text" in html  # "and 1 more point: see all points below"
    assert between(html, '<details class="vacancy-points__details">', "</details>").count("vacancy-point--red") == 4


def test_an_employer_sees_no_capacity_data_even_with_answers_in_the_session(client, carol, dave, vacancy):
    client.post(reverse("search:search"), {"capacity_IV_13": "1", "per_week": "24", "radius_km": "25"})
    for user in (carol, dave):
        client.force_login(user)
        html = page(client, vacancy)
        assert 'id="fit-title"' not in html and "vacancy-attention" not in html
        assert "u kunt ongeveer" not in html and "These fit" not in html and "Dit past:" not in html
        assert react_form(vacancy) not in html and "account_signup" not in html


def test_professionals_read_the_fml_names_workers_the_everyday_ones(client, bob, alice, vacancy):
    client.force_login(bob)
    professional = page(client, vacancy)
    assert "IV. Dynamische handelingen" in professional and "IV.13 Tillen" in professional
    client.force_login(alice)
    worker = page(client, vacancy)
    assert "Dynamische handelingen" not in worker and "IV.13" not in worker


@pytest.mark.parametrize(
    "assessment",
    [
        "not sealed",
        {"capacity": {"IV.13": 99, "XX": 1}, "hours": {"per_week": "abc"}, "place": 5},
        {"capacity": "lifting", "hours": "many", "place": None},
        {"capacity": {"IV.13": 1}, "hours": {"per_week": "24", "per_day": "30"}, "place": "Atlantis"},
        ["a", "list"],
    ],
)
def test_a_broken_assessment_in_the_session_never_breaks_the_page(client, vacancy, assessment):
    if isinstance(assessment, str):
        session = client.session
        session[ASSESSMENT_SESSION_KEY] = assessment
        session.save()
    else:
        put_assessment(client, assessment)
    html = page(client, vacancy)
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Orderpicker dagdienst"]
