"""The employer's vacancy editor, through HTTP as an employer meets it."""

import pytest
from django.urls import reverse

from listings.models import Vacancy
from network.models import Membership
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerStaffFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def details_url(carol_link, network, occupation):
    return (
        f"{reverse('listings:vacancy_create')}?employer={carol_link.employer.pk}"
        f"&network={network.pk}&occupation={occupation.pk}"
    )


def valid_post(**overrides):
    data = {
        "title": "Orderpicker dagdienst",
        "description": "Je verzamelt bestellingen.",
        "place": "Amsterdam",
        "per_week_min": "16",
        "per_week_max": "24",
        "per_day_max": "6",
        "phased_start": "on",
        "phased_start_per_week": "8",
        "phased_weeks": "6",
        "coaching": "buddy",
        "trial_placement": "on",
        "openness_statement": "Een vaste buddy.",
        "load_IV_13": "2",
        "adaptable_IV_13": "on",
        "load_V_4": "3",
        "save": "",
    }
    data.update(overrides)
    return data


def test_step_one_offers_the_employers_networks_and_the_curated_occupations(client, carol, network_a, order_picker):
    client.force_login(carol)
    response = client.get(reverse("listings:vacancy_start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert network_a.name in html
    assert "Orderpicker" in html
    assert "Beroepen met een takenprofiel" in html  # the curated group comes first, in Dutch


def test_step_one_redirects_to_the_details_with_the_choices(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.get(
        reverse("listings:vacancy_start"),
        {"employer": carol_link.employer.pk, "network": network_a.pk, "occupation": order_picker.pk},
    )
    assert response.status_code == 302
    assert response.url == details_url(carol_link, network_a, order_picker)


def test_details_are_prefilled_from_the_occupations_tasks(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.get(details_url(carol_link, network_a, order_picker))
    assert response.status_code == 200
    form = response.context["form"]
    profile = order_picker.load_profile()
    assert profile
    for code, level in profile.items():
        assert form[f"load_{code.replace('.', '_')}"].value() == level
    html = response.content.decode()
    assert "Tillen" in html and "Dynamische handelingen" in html  # FML section with plain labels
    assert "We kunnen dit aanpassen" in html


def test_a_new_vacancy_starts_from_the_working_terms_of_the_employers_latest_one(
    client, carol, carol_link, network_a, order_picker
):
    VacancyFactory(employer=carol_link.employer, network=network_a, per_week_min=20, per_week_max=28, coaching="buddy")
    latest = VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        per_week_min=16,
        per_week_max=24,
        per_day_max=6,
        phased_start=True,
        phased_start_per_week=8,
        phased_weeks=6,
        coaching="job_coach",
        openness_statement="Een vaste buddy.",
    )
    VacancyFactory(per_week_min=36, per_week_max=40)  # another employer's: not used
    client.force_login(carol)
    form = client.get(details_url(carol_link, network_a, order_picker)).context["form"]
    for name in ("per_week_min", "per_week_max", "per_day_max", "phased_start_per_week", "phased_weeks"):
        assert form[name].value() == getattr(latest, name), name
    assert form["phased_start"].value() is True
    assert form["coaching"].value() == "job_coach"
    assert form["openness_statement"].value() == "Een vaste buddy."


def test_a_first_vacancy_asks_for_the_hours(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    form = client.get(details_url(carol_link, network_a, order_picker)).context["form"]
    assert form["per_week_min"].value() is None  # no made-up hours: the employer states them


def test_save_creates_a_draft_with_load_and_adaptable_marks(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.post(details_url(carol_link, network_a, order_picker), valid_post())
    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert vacancy.status == Vacancy.Status.DRAFT
    assert vacancy.load == {"IV.13": 2, "V.4": 3}
    assert vacancy.adaptable == ["IV.13"]
    assert vacancy.created_by == carol
    assert (vacancy.latitude, vacancy.longitude) != (0, 0) and abs(vacancy.latitude - 52.37) < 0.1
    assert vacancy.phased_weeks == 6
    page = client.get(response.url)
    assert "is opgeslagen" in page.content.decode()


def test_bad_input_is_refused_per_field_and_nothing_is_saved(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.post(
        details_url(carol_link, network_a, order_picker),
        valid_post(
            per_week_min="30",
            per_week_max="20",
            per_day_max="14",
            phased_start_per_week="40",
            phased_weeks="60",
            load_IV_13="9",
            place="Atlantis",
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"per_week_max", "per_day_max", "phased_weeks", "load_IV_13", "place"}
    assert "het maximum kan niet lager zijn dan het minimum aantal uren" in errors["per_week_max"]
    assert "De vacature is niet opgeslagen" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_preview_shows_what_a_worker_sees_without_saving(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    data = valid_post()
    del data["save"]
    response = client.post(details_url(carol_link, network_a, order_picker), data | {"preview": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbeeld: wat een werkzoekende ziet" in html
    assert "16 tot 24 uur per week" in html
    assert "de werkgever kan dit aanpassen" in html
    assert not Vacancy.objects.exists()


def test_save_and_submit_for_an_active_member(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    data = valid_post()
    del data["save"]
    response = client.post(details_url(carol_link, network_a, order_picker), data | {"submit": ""}, follow=True)
    vacancy = Vacancy.objects.get()
    assert vacancy.status == Vacancy.Status.SUBMITTED and vacancy.published_at is None
    assert "wacht op goedkeuring van de coördinator" in response.content.decode()
    assert client.get("/api/v1/vacancies/").json()["count"] == 0  # not public before approval
    assert vacancy.transitions.get().action == "submit"


def test_submitting_is_refused_when_the_membership_is_not_active(client, carol, carol_link, network_a, order_picker):
    Membership.objects.filter(employer=carol_link.employer).update(status=Membership.Status.SUSPENDED)
    client.force_login(carol)
    data = valid_post()
    del data["save"]
    response = client.post(details_url(carol_link, network_a, order_picker), data | {"submit": ""})
    assert response.status_code == 400
    assert "geen actief lid" in response.content.decode()
    assert not Vacancy.objects.exists()  # save and submit are one transaction


def test_edit_keeps_values_and_saves_changes(client, carol, carol_link, network_a):
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a, status=Vacancy.Status.DRAFT)
    client.force_login(carol)
    url = reverse("listings:vacancy_edit", args=[vacancy.pk])
    assert client.get(url).context["form"]["load_IV_13"].value() == 2
    response = client.post(url, valid_post(title="Nieuwe titel", load_IV_13="1", adaptable_IV_13=""))
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title == "Nieuwe titel" and vacancy.load == {"IV.13": 1, "V.4": 3} and vacancy.adaptable == []


def test_other_employers_and_other_roles_cannot_edit(client, carol_link, network_a, alice):
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a)
    stranger = EmployerStaffFactory(user=UserFactory(role="employer")).user
    client.force_login(stranger)
    assert client.get(reverse("listings:vacancy_edit", args=[vacancy.pk])).status_code == 403
    assert client.post(reverse("listings:vacancy_action", args=[vacancy.pk, "submit"])).status_code == 403
    assert client.post(reverse("listings:vacancy_action", args=[vacancy.pk, "close"])).status_code == 403
    client.force_login(alice)
    assert client.get(reverse("listings:employer_vacancies")).status_code == 403
    client.logout()
    assert client.get(reverse("listings:vacancy_start")).status_code == 302


def test_details_refuse_a_network_the_employer_does_not_belong_to(client, carol, carol_link, network_b, order_picker):
    client.force_login(carol)
    response = client.get(details_url(carol_link, network_b, order_picker))
    assert response.status_code == 302 and response.url == reverse("listings:vacancy_start")


def test_vacancy_list_paginates_and_sorts(client, carol, carol_link, network_a):
    for i in range(23):
        VacancyFactory(employer=carol_link.employer, network=network_a, title=f"Vacature {i:02d}")
    client.force_login(carol)
    response = client.get(reverse("listings:employer_vacancies"), {"sort": "title"})
    assert [v.title for v in response.context["page"]][:2] == ["Vacature 00", "Vacature 01"]
    assert "Pagina 1 van 2" in response.content.decode()
    second = client.get(reverse("listings:employer_vacancies"), {"sort": "title", "page": 2})
    assert len(second.context["page"]) == 3


def test_empty_list_says_how_to_start(client, carol):
    client.force_login(carol)
    page = client.get(reverse("listings:employer_vacancies")).content.decode()
    assert "U hebt nog geen vacatures. Begin met “Nieuwe vacature”." in page


def test_preview_page_of_a_saved_vacancy(client, carol, carol_link, network_a):
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a, load={"IV.13": 1})
    client.force_login(carol)
    html = client.get(reverse("listings:vacancy_preview", args=[vacancy.pk])).content.decode()
    assert "Tillen:" in html and "deze baan vraagt ongeveer 5 kg" in html


def test_start_with_a_second_network_via_membership(client, carol, carol_link, network_b, order_picker):
    MembershipFactory(employer=carol_link.employer, network=network_b)
    client.force_login(carol)
    response = client.get(details_url(carol_link, network_b, order_picker))
    assert response.status_code == 200
