"""An employer writes a vacancy in a real browser: occupation → prefilled load → preview → submit for approval."""

import pytest

from listings.importers import import_curated
from listings.models import Occupation, Vacancy
from listings.reference import read_curated_profiles
from tests.network.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill(email)
    page.get_by_label("Wachtwoord:").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werkgever/")


def test_employer_writes_previews_and_submits_a_vacancy(page, carol_link, network_a):
    import_curated(read_curated_profiles())
    picker = Occupation.objects.get(key="order-picker")
    log_in(page, carol_link.user.email)

    page.get_by_role("link", name="Vacatures").click()
    page.get_by_role("link", name="Nieuwe vacature").click()
    page.get_by_label("Beroep").fill(picker.title_nl or picker.title_en)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url("**/nieuw/gegevens/**")

    lifting = page.get_by_label("Tillen", exact=True)
    page.locator("details", has=lifting).locator("summary").first.click()  # the section opens with "aanpassen"
    assert int(lifting.input_value()) == picker.load_profile()["IV.13"]
    lifting.select_option("1")
    page.get_by_label("We kunnen dit aanpassen: Tillen").check()
    page.get_by_label("Minimaal aantal uren per week").fill("16")
    page.get_by_label("Maximaal aantal uren per week").fill("24")
    page.get_by_label("Plaats (gemeente)").select_option("Amsterdam")

    page.get_by_role("button", name="Voorbeeld").click()
    preview = page.get_by_role("region", name="Voorbeeld: wat een werkzoekende ziet")
    assert "16 tot 24 uur per week" in preview.inner_text()
    assert "de werkgever kan dit aanpassen" in preview.inner_text()
    assert not Vacancy.objects.exists()

    page.get_by_role("button", name="Opslaan en ter goedkeuring indienen").press("Enter")
    page.wait_for_url("**/werkgever/vacatures/")
    assert "wacht op goedkeuring van de coördinator" in page.get_by_role("status").inner_text()
    vacancy = Vacancy.objects.get()
    assert vacancy.status == Vacancy.Status.SUBMITTED
    assert vacancy.load["IV.13"] == 1 and vacancy.adaptable == ["IV.13"]
