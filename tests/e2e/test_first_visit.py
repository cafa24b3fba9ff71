"""A new user's first visit in a real browser: home page, sign-up, e-mail link, their own overview."""

import re

import pytest
from django.core import mail

from tests.network.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_new_worker_signs_up_verifies_and_logs_in(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="Account aanmaken").first.click()

    page.get_by_label("E-mail:").fill("nieuw@example.nl")
    page.get_by_label("Voornaam:").fill("Nina")
    page.get_by_label("Ik zoek werk dat bij mij past").check()
    page.get_by_label("Wachtwoord:", exact=True).fill(TEST_PASSWORD)
    page.get_by_label("Wachtwoord (bevestigen):").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Bevestig").click()
    page.wait_for_url("**/werkzoekende/profiel/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Nina"

    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill("nieuw@example.nl")
    page.get_by_label("Wachtwoord:").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werkzoekende/profiel/")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_by_keyboard(page):
    page.goto("/")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wissel").press("Enter")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Create an account").first.is_visible()
