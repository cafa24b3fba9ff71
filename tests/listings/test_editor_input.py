"""The vacancy editor refuses odd input per field, in Dutch, and never answers with a 500.

The fault drill's three inputs (`load_IV_13=NaN`, `abc`, `0.05`) used to crash while the page was drawn
again; their neighbours are here too. Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

import pytest
from django.utils.html import escape

from listings.models import Vacancy
from tests.listings.test_editor import details_url, valid_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    return lambda **fields: client.post(details_url(carol_link, network_a, order_picker), valid_post(**fields))


def assert_refused(response, *fields):
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(fields) <= set(errors)
    html = response.content.decode()
    for field in fields:
        for message in errors[field]:
            assert escape(message) in html
    assert "De vacature is niet opgeslagen" in html
    assert not Vacancy.objects.exists()
    return errors


@pytest.mark.parametrize("level", ["NaN", "abc", "0.05"])
def test_a_load_level_that_is_no_level_is_refused_on_its_field(editor, level):
    errors = assert_refused(editor(load_IV_13=level), "load_IV_13")
    assert errors["load_IV_13"] == [f"Selecteer een geldige keuze. {level} is geen beschikbare keuze."]


@pytest.mark.parametrize("level", ["-1", "99999999999999999999", "Infinity", "1\x00", "", " 2 "])
def test_other_odd_levels_never_break_the_page(editor, level):
    response = editor(load_IV_13=level)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert_refused(response, "load_IV_13")


def test_the_section_of_a_refused_level_is_open(editor):
    response = editor(load_IV_13="NaN")
    section = next(s for s in response.context["form"].sections() if any(d.code == "IV.13" for *_f, d in s["rows"]))
    assert section["open"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("per_week_min", "NaN"),
        ("per_week_max", "Infinity"),
        ("per_day_max", "-Infinity"),
        ("phased_start_per_week", "1e999999999"),
        ("phased_weeks", "99999999999999999999"),
        ("phased_weeks", "1.5"),
        ("title", "Inpakker\x00"),
        ("description", "a\x00b"),
        ("openness_statement", "\x00"),
        ("place", "\x00"),
        ("coaching", "taxi"),
    ],
)
def test_numbers_and_texts_the_fields_cannot_hold_are_refused_per_field(editor, field, value):
    assert_refused(editor(**{field: value}), field)


def test_a_start_with_absurd_ids_sends_the_employer_back_to_step_one(client, carol):
    client.force_login(carol)
    response = client.get(
        "/werkgever/vacatures/nieuw/gegevens/",
        {"employer": "99999999999999999999", "network": "-1", "occupation": "NaN"},
    )
    assert response.status_code == 302
