"""A worker searches with the keyboard only: answers → results with explanations → clear my data."""

import pytest

from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_worker_finds_fitting_work_with_the_keyboard_and_clears_the_answers(page):
    VacancyFactory(title="Lichte inpakker", load={"IV.13": 1}, adaptable=[])
    VacancyFactory(title="Sjouwer", load={"IV.13": 3}, adaptable=[])
    page.goto("/werk-zoeken/")
    assert page.get_by_role("heading", name="2 vacatures passen").is_visible()

    # Open "Dynamische handelingen" with the keyboard and choose the lifting limit.
    summary = page.locator("summary", has_text="Dynamische handelingen")
    summary.focus()
    page.keyboard.press("Enter")
    lifting = page.get_by_label("Tillen", exact=True)
    lifting.focus()
    lifting.select_option(label="u kunt ongeveer 5 kg tillen")
    page.get_by_label("Hoeveel uur per week kunt u nu werken?").fill("24")
    page.get_by_role("button", name="Laat werk zien dat past").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/werk-zoeken/#results")
    assert page.get_by_role("heading", name="1 vacature past").is_visible()
    result = page.get_by_role("listitem").filter(has_text="Lichte inpakker")
    result.locator("summary", has_text="Waarom dit past").click()
    explanation = "Tillen: u kunt ongeveer 5 kg tillen, deze baan vraagt ongeveer 5 kg — past."
    assert result.get_by_text(explanation).is_visible()
    assert "IV" not in page.url and "capacity" not in page.url

    # The answers are summed up; the questions open again on request, with the answers given.
    assert page.get_by_text("U kunt nu ongeveer 24 uur per week werken.").is_visible()
    page.get_by_role("link", name="Mijn antwoorden aanpassen").click()
    assert page.get_by_label("Hoeveel uur per week kunt u nu werken?").input_value() == "24"

    page.get_by_role("button", name="Wis mijn gegevens").click()
    assert page.get_by_text("Uw antwoorden zijn gewist.").is_visible()
    assert page.get_by_role("heading", name="2 vacatures passen").is_visible()


def test_why_a_vacancy_stands_where_it_does_opens_with_the_keyboard(page):
    VacancyFactory(title="Lichte inpakker", load={"IV.13": 1}, adaptable=[])
    page.goto("/werk-zoeken/")
    result = page.get_by_role("listitem").filter(has_text="Lichte inpakker")
    why = result.locator("summary", has_text="Waarom staat deze vacature hier?")
    why.focus()
    page.keyboard.press("Enter")
    assert result.get_by_text("Past helemaal bij u (groen). Groene vacatures staan altijd vóór oranje.").is_visible()
    assert result.get_by_text("Vandaag geplaatst.").is_visible()
    assert result.get_by_text("Uw interesses zijn niet bekend").is_visible()
