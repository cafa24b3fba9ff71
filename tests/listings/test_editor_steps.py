"""The vacancy editor in steps: the occupation picked by typing (with suggestions from /werkgever/beroepen/),
the load sections closed with a short summary, and the step indicator. Over HTTP, as an employer meets it."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from listings.forms import MATCH_LIMIT
from listings.models import Occupation, Vacancy
from tests.listings.factories import OccupationFactory
from tests.listings.test_editor import details_url, valid_post

pytestmark = pytest.mark.django_db

OPTIONS = reverse("listings:occupation_options")


def options(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]*)"', response.content.decode())


def dutch(msgid: str) -> str:
    with override("nl"):
        return gettext(msgid)


# --- the suggestions ---------------------------------------------------------------------------------------


def test_suggestions_contain_the_typed_text(client, carol, order_picker):
    client.force_login(carol)
    assert options(client.get(OPTIONS, {"q": "orderp"})) == ["Orderpicker"]
    assert options(client.get(OPTIONS, {"occupation": "Orderp"})) == ["Orderpicker"]  # htmx sends the field's name


def test_suggestions_starting_with_the_text_come_first_and_are_at_most_twenty(client, carol):
    for n in range(30):
        OccupationFactory(title_nl=f"Inpakker {n:02d}", isco_code=f"{9000 + n}")
    OccupationFactory(title_nl="Hulp inpakker", isco_code="8999")
    client.force_login(carol)
    found = options(client.get(OPTIONS, {"q": "inpakker"}))
    assert len(found) == MATCH_LIMIT
    assert found[0] == "Inpakker 00" and "Hulp inpakker" not in found


def test_two_occupations_with_the_same_dutch_title_are_told_apart_or_shown_once(client, carol):
    OccupationFactory(title_nl="Magazijnhulp", title_en="Warehouse help", isco_code="9333")
    OccupationFactory(title_nl="Magazijnhulp", title_en="Stock clerk", isco_code="4321")
    first = OccupationFactory(title_nl="Tuinhulp", title_en="Garden help", isco_code="9214")
    OccupationFactory(title_nl="Tuinhulp", title_en="Park help", isco_code="9214", source=Occupation.Source.ISCO)
    client.force_login(carol)
    assert options(client.get(OPTIONS, {"q": "magazijnhulp"})) == ["Magazijnhulp (4321)", "Magazijnhulp (9333)"]
    # the same title and the same ISCO code: the same work, shown once (the curated one)
    assert options(client.get(OPTIONS, {"q": "tuinhulp"})) == ["Tuinhulp"]
    response = client.get(reverse("listings:vacancy_start"), {"occupation": "tuinhulp"})
    assert response.context["form"].cleaned_data["occupation"] == first


def test_without_text_the_suggestions_are_the_occupations_with_a_task_profile(client, carol, curated_occupations):
    OccupationFactory(title_nl="Aaa zonder profiel", source=Occupation.Source.ISCO)
    client.force_login(carol)
    found = options(client.get(OPTIONS))
    assert 0 < len(found) <= MATCH_LIMIT
    assert "Aaa zonder profiel" not in found
    assert options(client.get(OPTIONS, {"q": "   "})) == found


@pytest.mark.parametrize("query", ["x" * 5000, "\x00", "%", "'; DROP TABLE", "<script>", "é" * 300, "Orderpicker\n"])
def test_odd_or_long_text_gives_an_answer_not_an_error(client, carol, order_picker, query):
    client.force_login(carol)
    response = client.get(OPTIONS, {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_the_suggestions_are_for_employers_only(client, alice, order_picker):
    response = client.get(OPTIONS, {"q": "orderp"})
    assert response.status_code == 302 and reverse("account_login") in response.url
    client.force_login(alice)
    assert client.get(OPTIONS, {"q": "orderp"}).status_code == 403


def test_the_suggestions_refuse_a_post(client, carol):
    client.force_login(carol)
    assert client.post(OPTIONS, {"q": "x"}).status_code == 405


# --- step 1: the occupation typed --------------------------------------------------------------------------


def test_step_one_has_a_text_field_with_suggestions(client, carol, order_picker):
    client.force_login(carol)
    html = client.get(reverse("listings:vacancy_start")).content.decode()
    assert re.search(r'<input type="text" name="occupation" list="occupation-options"', html)
    assert f'hx-get="{OPTIONS}"' in html and 'src="/static/vendor/htmx/htmx.min.js"' in html
    datalist = re.search(r'<datalist id="occupation-options"[^>]*>(.*?)</datalist>', html, re.S).group(1)
    assert 0 < datalist.count("<option ") <= MATCH_LIMIT
    assert "<li>Orderpicker</li>" in html  # the occupations with a task profile, also without JavaScript
    assert '<select name="occupation"' not in html


@pytest.mark.parametrize("typed", ["Orderpicker", "  orderpicker ", "ORDERPICKER"])
def test_a_typed_occupation_leads_to_its_details(client, carol, carol_link, network_a, order_picker, typed):
    client.force_login(carol)
    response = client.get(
        reverse("listings:vacancy_start"),
        {"employer": carol_link.employer.pk, "network": network_a.pk, "occupation": typed},
    )
    assert response.status_code == 302
    assert response.url == details_url(carol_link, network_a, order_picker)


@pytest.mark.parametrize("typed", ["Astronaut", "x" * 5000, "\x00", "99999999999999999999999", "0"])
def test_an_occupation_that_is_not_in_the_list_is_refused(client, carol, carol_link, network_a, order_picker, typed):
    client.force_login(carol)
    response = client.get(
        reverse("listings:vacancy_start"),
        {"employer": carol_link.employer.pk, "network": network_a.pk, "occupation": typed},
    )
    assert response.status_code == 400
    message = dutch("Choose an occupation from the list")
    assert response.context["form"].errors["occupation"] == [message]
    assert escape(message) in response.content.decode()


def test_the_refusal_is_in_dutch(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.get(
        reverse("listings:vacancy_start"),
        {"employer": carol_link.employer.pk, "network": network_a.pk, "occupation": "Astronaut"},
    )
    html = response.content.decode()
    assert "Kies een beroep uit de lijst" in html
    assert "Beroep en tekst" in html and "Controleren en indienen" in html


def test_the_typed_occupation_stays_in_the_field_after_a_refusal(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.get(reverse("listings:vacancy_start"), {"network": "", "occupation": order_picker.pk})
    assert response.status_code == 400
    assert 'value="Orderpicker"' in response.content.decode()  # the id of the link shows as the title


# --- step 2: the load, closed with a summary ---------------------------------------------------------------


def test_the_load_sections_are_closed_with_a_summary(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.get(details_url(carol_link, network_a, order_picker))
    assert response.status_code == 200
    html = response.content.decode()
    sections = response.context["form"].sections()
    assert sections and not any(section["open"] for section in sections)
    assert '<details class="load-section" open' not in html
    assert html.count('<details class="load-section"') == len(sections)
    profile = order_picker.load_profile()
    loaded = [section for section in sections if section["summary"]]
    assert loaded, "the order picker's tasks load something"
    for section in loaded:
        assert " · ".join(escape(line) for line in section["summary"]) in html
    assert "Tillen: " in html and any(code.startswith("IV.") for code in profile)
    light = [section for section in sections if not section["summary"]]
    assert light and escape(dutch("All light")) in html
    assert html.count(dutch("adjust")) >= len(sections)


def test_a_section_with_an_error_is_open(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.post(details_url(carol_link, network_a, order_picker), valid_post(load_IV_13="NaN"))
    assert response.status_code == 400
    opened = [section["code"] for section in response.context["form"].sections() if section["open"]]
    assert opened == ["IV"]
    html = response.content.decode()
    assert html.count('<details class="load-section" open>') == 1
    assert re.search(r'<li class="pw-editor-steps__item" aria-current="step"><a href="#step-load">', html)


# --- the step indicator and submitting unchanged --------------------------------------------------------------


def test_the_editor_shows_the_steps_as_links_to_its_parts(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    html = client.get(details_url(carol_link, network_a, order_picker)).content.decode()
    steps = re.search(r'<ol class="pw-editor-steps__list">(.*?)</ol>', html, re.S).group(1)
    anchors = re.findall(r'<a href="#([a-z-]+)">', steps)
    assert anchors == ["step-job", "step-load", "step-hours", "step-check"]
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    assert (
        steps.count('aria-current="step"') == 1
        and '<li class="pw-editor-steps__item" aria-current="step"><a href="#step-job">' in steps
    )
    assert 'name="preview"' in html and 'name="submit"' in html and 'name="save"' in html


def test_a_preview_is_at_the_last_step(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    data = valid_post()
    del data["save"]
    html = client.post(details_url(carol_link, network_a, order_picker), data | {"preview": ""}).content.decode()
    assert '<li class="pw-editor-steps__item" aria-current="step"><a href="#step-check">' in html


def test_an_employer_who_changes_nothing_can_save_and_submit(client, carol, carol_link, network_a, order_picker):
    """Everything as it was filled in (the load from the occupation, in closed sections); only the hours a week,
    which no occupation can tell, are typed."""
    client.force_login(carol)
    url = details_url(carol_link, network_a, order_picker)
    form = client.get(url).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif value is not None:
            data[field.html_name] = str(value)
    assert "per_week_min" not in data and "per_week_max" not in data  # the only fields without a value
    response = client.post(url, data | {"per_week_min": "16", "per_week_max": "24", "submit": ""})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    vacancy = Vacancy.objects.get()
    assert vacancy.status == Vacancy.Status.SUBMITTED
    assert vacancy.load == order_picker.load_profile()
    assert vacancy.title == order_picker.title and vacancy.occupation == order_picker
