"""On a 320 px phone no page scrolls sideways, and the NL Design System styles are really applied."""

import pytest

from tests.listings.factories import VacancyFactory
from tests.network.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PRIMARY_BLUE = "rgb(11, 83, 148)"  # --pw-color-primary in static/css/theme.css


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_public_pages_fit_a_small_phone_and_use_the_theme(page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/werk-zoeken/", "/accounts/login/", "/accounts/signup/"):
        page.goto(path)
        assert not scrolls_sideways(page), path
    # The components and the theme are loaded: the menu bar is blue, buttons are at least 44 px high.
    nav = page.locator(".utrecht-nav-bar")
    assert nav.evaluate("element => getComputedStyle(element).backgroundColor") == PRIMARY_BLUE
    button = page.get_by_role("main").get_by_role("button", name="Registreren")
    assert button.bounding_box()["height"] >= 44
    assert page.locator("body").evaluate("element => getComputedStyle(element).fontSize") == "18px"


def test_the_employers_table_becomes_rows_on_a_phone(page, carol_link, network_a):
    VacancyFactory(employer=carol_link.employer, network=network_a, title="Magazijnmedewerker met een lange titel")
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill(carol_link.user.email)
    page.get_by_label("Wachtwoord:").fill(TEST_PASSWORD)
    page.get_by_label("Wachtwoord:").press("Enter")
    page.wait_for_url("**/werkgever/")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/werkgever/vacatures/")
    assert not scrolls_sideways(page)
    cell = page.locator("td[data-label=Netwerk]").first
    assert cell.evaluate("element => getComputedStyle(element).display") == "block"
    label = cell.evaluate("element => getComputedStyle(element, '::before').content")
    assert label == '"Netwerk"'
    page.set_viewport_size({"width": 1280, "height": 800})
    assert cell.evaluate("element => getComputedStyle(element).display") == "table-cell"


def test_on_a_phone_the_menu_folds_behind_a_button(page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    menu_button = page.get_by_role("button", name="Menu")
    search_link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werk zoeken")
    assert menu_button.is_visible() and menu_button.get_attribute("aria-expanded") == "false"
    assert not search_link.is_visible()

    menu_button.click()
    assert menu_button.get_attribute("aria-expanded") == "true" and search_link.is_visible()
    page.keyboard.press("Escape")
    assert menu_button.get_attribute("aria-expanded") == "false" and not search_link.is_visible()

    page.set_viewport_size({"width": 1280, "height": 800})
    assert not menu_button.is_visible() and search_link.is_visible()


def test_without_javascript_the_menu_stays_open_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert nav.get_by_role("link", name="Werk zoeken").is_visible()
    assert not page.locator(".pw-menu-toggle").is_visible()
    context.close()
