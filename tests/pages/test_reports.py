"""Printable reports for the worker and the professional: contents, PDF, audit and who may see them."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from matching.models import AccessLogEntry, Case
from matching.profiles import save_profile
from network.models import Role
from pages.reports import fitting_occupations, worker_report
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTE = "Niet boven schouderhoogte tillen"


@pytest.fixture
def profile(alice, bob, case):
    """Alice can lift about 5 kg (FML 2 for IV.13) and has a note on lifting; 24 hours a week."""
    return save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1},
        fml={"IV.13": 2},
        limitations={"IV.13": NOTE},
        hours={"per_week": "24"},
        source="company_doctor",
        assessed_on=date(2026, 10, 1),
        purpose="client_edit",
    )


@pytest.fixture
def vacancies(network_a):
    return {
        "fits": VacancyFactory(title="Lichte inpakker", network=network_a, load={"IV.13": 1}, adaptable=[]),
        "red": VacancyFactory(title="Sjouwer", network=network_a, load={"IV.13": 3}, adaptable=[]),
    }


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="passend-werk-rapport.pdf"'
    assert {"no-store", "private"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _report_reads(worker, actor) -> int:
    return AccessLogEntry.objects.filter(
        worker=worker, actor=actor, purpose="report", action=AccessLogEntry.Action.READ
    ).count()


def test_fitting_occupations_skip_red_ones_and_list_green_before_orange(alice, profile, curated_occupations):
    report = worker_report(alice, by=alice, language="nl")
    occupations = report["occupations"]
    assert 0 < len(occupations) <= 15
    keys = {row["key"] for row in occupations}
    assert "order-picker" not in keys  # picking asks about 10 kg, half of the time: red
    statuses = [row["status"] for row in occupations]
    assert statuses == sorted(statuses, key=["green", "orange"].index)
    assert all(task["status"] != "red" for row in occupations for task in row["tasks"])
    assert _report_reads(alice, alice) == 1


def test_orange_occupations_follow_when_there_are_few_green_ones(alice, profile, curated_occupations):
    from matching.profiles import open_profile

    stored = open_profile(alice, by=alice, purpose="report")
    rows = fitting_occupations(stored, "nl", limit=100)
    assert {"green", "orange"} == {row["status"] for row in rows}
    office_clerk = next(row for row in rows if row["key"] == "office-clerk")  # one short task lifts 10 kg
    assert office_clerk["status"] == "orange" and office_clerk["title"] == "Administratief medewerker"


def test_the_worker_report_shows_work_vacancies_and_points_to_discuss(
    client, alice, profile, curated_occupations, vacancies
):
    client.force_login(alice)
    before = _report_reads(alice, alice)
    response = client.get(reverse("pages:worker_report"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Callcentermedewerker" in html and "Orderpicker" not in html
    assert vacancies["fits"].occupation.title_nl not in html  # an occupation without tasks cannot be judged
    assert "Lichte inpakker" in html and "Sjouwer" not in html
    assert "http://testserver" + reverse("listings:vacancy_detail", args=[vacancies["fits"].pk]) in html
    assert NOTE in html and "Bespreken met uw professional" in html
    assert reverse("pages:worker_report_pdf") in html
    assert "css/print.css" in html and 'media="print"' in html
    assert "no-store" in response["Cache-Control"]
    assert _report_reads(alice, alice) == before + 1


def test_the_worker_report_as_pdf_has_the_same_contents(client, alice, profile, curated_occupations, vacancies):
    client.force_login(alice)
    before = _report_reads(alice, alice)
    text = _pdf_text(client.get(reverse("pages:worker_report_pdf")))
    assert NOTE in text
    assert "Callcentermedewerker" in text and "Orderpicker" not in text
    assert "Lichte inpakker" in text and "Sjouwer" not in text
    assert "Tillen" in text  # the dimension name of the point to discuss
    assert _report_reads(alice, alice) == before + 1


def test_the_worker_report_without_a_profile_says_so(client, alice, curated_occupations):
    client.force_login(alice)
    response = client.get(reverse("pages:worker_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="empty"' in html and "Callcentermedewerker" not in html
    assert not AccessLogEntry.objects.filter(worker=alice).exists()  # nothing was opened
    assert _pdf_text(client.get(reverse("pages:worker_report_pdf")))


def test_the_professional_report_has_a_table_per_fml_section_and_the_task_triage(
    client, bob, alice, case, profile, curated_occupations, vacancies
):
    client.force_login(bob)
    before = _report_reads(alice, bob)
    response = client.get(reverse("pages:client_report", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    row = html[html.index('data-label="Code">IV.13</td>') :]
    row = row[: row.index("</tr>")]
    assert (
        "Tillen" in row
        and 'data-label="FML-code">2</td>' in row
        and "u kunt ongeveer 5 kg tillen" in row
        and NOTE in row
    )
    assert "Callcentermedewerker" in html and "Inkomende gesprekken afhandelen" in html
    assert "Lichte inpakker" in html and "Sjouwer" not in html
    assert _report_reads(alice, bob) == before + 1

    text = _pdf_text(client.get(reverse("pages:client_report_pdf", args=[case.pk])))
    assert "IV.13" in text and NOTE in text and "Callcentermedewerker" in text and "Lichte inpakker" in text
    assert "Alice" in text
    assert _report_reads(alice, bob) == before + 2


def test_the_client_detail_and_my_profile_link_to_the_reports(client, bob, alice, case, profile):
    client.force_login(bob)
    html = client.get(reverse("pages:client_detail", args=[case.pk])).content.decode()
    assert reverse("pages:client_report", args=[case.pk]) in html
    client.force_login(alice)
    html = client.get(reverse("matching:my_profile")).content.decode()
    assert reverse("pages:worker_report") in html


def _urls(case):
    return {
        "worker": [reverse("pages:worker_report"), reverse("pages:worker_report_pdf")],
        "client": [
            reverse("pages:client_report", args=[case.pk]),
            reverse("pages:client_report_pdf", args=[case.pk]),
        ],
    }


def test_other_roles_get_403_and_anonymous_visitors_the_login_page(client, alice, bob, carol, dave, case, profile):
    urls = _urls(case)
    for url in urls["worker"] + urls["client"]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    for user in (carol, dave):
        client.force_login(user)
        for url in urls["worker"] + urls["client"]:
            assert client.get(url).status_code == 403, (user, url)
    client.force_login(alice)
    for url in urls["client"]:
        assert client.get(url).status_code == 403
    client.force_login(bob)
    for url in urls["worker"]:
        assert client.get(url).status_code == 403
    assert not AccessLogEntry.objects.filter(purpose="report").exists()


def test_another_professional_gets_404_and_bob_403_once_the_guidance_ended(client, bob, alice, case, profile):
    urls = _urls(case)["client"]
    client.force_login(UserFactory(role=Role.PROFESSIONAL, mfa=True))
    for url in urls:
        assert client.get(url).status_code == 404
    case.status = Case.Status.ENDED
    case.save()
    client.force_login(bob)
    for url in urls:
        assert client.get(url).status_code == 403
    assert not AccessLogEntry.objects.filter(purpose="report").exists()


def test_one_wording_for_the_orange_verdict():
    """The search page, the vacancy page, the reports and the shared summary say it the same way."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("nl"):
        assert gettext("fits if adapted").capitalize() == gettext("Fits if the employer adapts something")
