"""Kinds of opportunity over HTTP: the employer chooses what is on offer (a paid job, a trial placement, a
work-experience place or volunteering) with its own terms; wrong terms are refused on their field, in Dutch;
workers read what it is; coordinators review it; the API, the feeds, the JSON-LD and the webhooks carry it."""

from datetime import timedelta

import pytest
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from listings import services
from listings.jobposting import job_posting
from listings.models import Vacancy, VacancyRevision
from tests.listings.factories import VacancyFactory
from tests.listings.test_editor import details_url, valid_post

pytestmark = pytest.mark.django_db

QUEUE = "/coordinator/moderatie/"
GOOD_TERMS = {
    "vacancy": {},
    "trial_placement": {"duration_weeks": "6"},
    "work_experience": {"duration_weeks": "26", "certificate": "on"},
    "volunteering": {"expense_allowance": "on"},
}


def kind_post(kind, **overrides):
    data = valid_post(kind=kind, **GOOD_TERMS[kind])
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def published(kind, **fields):
    terms = {
        "vacancy": {},
        "trial_placement": {"duration_weeks": 6},
        "work_experience": {"duration_weeks": 26, "certificate": True},
        "volunteering": {"expense_allowance": True},
    }[kind]
    return VacancyFactory(kind=kind, **(terms | fields))


# --- the employer chooses the kind, first -------------------------------------------------------------------


def test_the_start_asks_first_what_is_on_offer_with_a_line_that_explains_each(client, carol, network_a):
    client.force_login(carol)
    html = client.get(reverse("listings:vacancy_start")).content.decode()
    choice = html.index('name="kind"')
    assert choice < html.index('name="employer"') < html.index('name="occupation"')
    for name, line in (
        ("Betaalde baan", "Een gewone baan. U betaalt loon en geeft een arbeidscontract."),
        ("Proefplaatsing", "Iemand werkt een paar weken mee zonder loon. De uitkering loopt door."),
        ("Werkervaringsplaats", "Iemand doet een tijd ervaring op, zonder loon en met begeleiding"),
        ("Vrijwilligerswerk", "Onbetaald werk voor een vereniging, stichting of goed doel."),
    ):
        assert name in html and line in html
    # Each radio button is described by its line, and a paid job is chosen until the employer chooses.
    assert 'class="utrecht-radio-button utrecht-radio-button--html-input" aria-describedby="id_kind_1_hint"' in html
    assert 'value="vacancy" id="id_kind_0"' in html and "checked data-kind-choice" in html.split('id="id_kind_1"')[0]


def test_the_chosen_kind_goes_along_to_the_editor(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    choices = {"employer": carol_link.employer.pk, "network": network_a.pk, "occupation": order_picker.pk}
    response = client.get(reverse("listings:vacancy_start"), choices | {"kind": "trial_placement"})
    assert response.status_code == 302
    assert response.url == details_url(carol_link, network_a, order_picker) + "&kind=trial_placement"
    form = client.get(response.url).context["form"]
    assert form["kind"].value() == "trial_placement"


def test_an_unknown_kind_at_the_start_is_refused_on_the_kind(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    choices = {"employer": carol_link.employer.pk, "network": network_a.pk, "occupation": order_picker.pk}
    response = client.get(reverse("listings:vacancy_start"), choices | {"kind": "stage"})
    assert response.status_code == 400
    assert response.context["form"].errors["kind"] == [
        "Kies wat u aanbiedt: een betaalde baan, een proefplaatsing, een werkervaringsplaats of vrijwilligerswerk."
    ]


def test_the_editor_shows_the_kind_first_with_its_explanation_and_its_terms(
    client, carol, carol_link, network_a, order_picker
):
    client.force_login(carol)
    html = client.get(details_url(carol_link, network_a, order_picker) + "&kind=work_experience").content.decode()
    assert html.index('name="kind"') < html.index('name="duration_weeks"') < html.index('name="title"')
    assert "Iemand werkt een tijd bij u om ervaring op te doen." in html  # the explanation for employers
    assert "Werkervaringsplaats: 4 tot en met 52 weken." in html  # the weeks, per kind
    assert 'data-kinds="work_experience"' in html  # the certificate goes with a work-experience place only
    assert "js/opportunity-kinds.js" in html  # shows only the chosen kind's terms; the server checks anyway


# --- creating each kind through the form ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "terms"),
    [
        ("vacancy", (None, False, False)),
        ("trial_placement", (6, False, False)),
        ("work_experience", (26, True, False)),
        ("volunteering", (None, False, True)),
    ],
)
def test_the_employer_creates_each_kind_through_the_form(
    client, carol, carol_link, network_a, order_picker, kind, terms
):
    client.force_login(carol)
    response = client.post(details_url(carol_link, network_a, order_picker) + f"&kind={kind}", kind_post(kind))
    assert response.status_code == 302, response.context["form"].errors
    vacancy = Vacancy.objects.get()
    assert vacancy.kind == kind
    assert (vacancy.duration_weeks, vacancy.certificate, vacancy.expense_allowance) == terms
    # The employer's list says what it is.
    html = client.get(reverse("listings:employer_vacancies")).content.decode()
    name = {
        "vacancy": "Betaalde baan",
        "trial_placement": "Proefplaatsing",
        "work_experience": "Werkervaringsplaats",
        "volunteering": "Vrijwilligerswerk",
    }[kind]
    assert f'data-label="Soort">{name}' in html or f">{name}" in html


def test_volunteering_may_have_a_number_of_weeks(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.post(
        details_url(carol_link, network_a, order_picker), kind_post("volunteering", duration_weeks="12")
    )
    assert response.status_code == 302
    assert Vacancy.objects.get().duration_weeks == 12


BAD_TERMS = [
    ("vacancy", {"duration_weeks": "6"}, "duration_weeks", "Betaalde baan: laat het aantal weken leeg."),
    (
        "trial_placement",
        {"duration_weeks": None},
        "duration_weeks",
        "Vul in hoeveel weken de proefplaatsing duurt: 1 tot en met 26 weken.",
    ),
    ("trial_placement", {"duration_weeks": "27"}, "duration_weeks", "De proefplaatsing duurt 1 tot en met 26 weken."),
    ("work_experience", {"duration_weeks": "3"}, "duration_weeks", "De werkervaringsplaats duurt 4 tot en met 52"),
    ("work_experience", {"duration_weeks": None}, "duration_weeks", "Vul in hoeveel weken de werkervaringsplaats"),
    ("volunteering", {"duration_weeks": "60"}, "duration_weeks", "of laat het leeg"),
    (
        "volunteering",
        {"certificate": "on"},
        "certificate",
        "Een bewijs van het werk hoort alleen bij een werkervaringsplaats.",
    ),
    ("vacancy", {"certificate": "on"}, "certificate", "Een bewijs van het werk hoort alleen bij"),
    (
        "trial_placement",
        {"expense_allowance": "on"},
        "expense_allowance",
        "Een vrijwilligersvergoeding hoort alleen bij vrijwilligerswerk.",
    ),
    (
        "work_experience",
        {"expense_allowance": "on"},
        "expense_allowance",
        "Een vrijwilligersvergoeding hoort alleen bij vrijwilligerswerk.",
    ),
]


@pytest.mark.parametrize(("kind", "terms", "field", "message"), BAD_TERMS)
def test_terms_that_do_not_go_with_the_kind_are_refused_on_their_field_in_dutch_and_nothing_is_saved(
    client, carol, carol_link, network_a, order_picker, kind, terms, field, message
):
    client.force_login(carol)
    response = client.post(details_url(carol_link, network_a, order_picker), kind_post(kind, **terms))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    html = response.content.decode()
    error_block = html[html.index(f'id="id_{field}_error"') :]
    assert message in error_block[: error_block.index("</div>")]  # the message sits at its own field
    assert response.context["current_step"] == 1  # the step indicator points at the first step
    assert not Vacancy.objects.exists()


def test_an_unknown_kind_is_refused_on_the_kind_in_dutch(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    response = client.post(details_url(carol_link, network_a, order_picker), valid_post(kind="stage"))
    assert response.status_code == 400
    assert response.context["form"].errors["kind"] == [
        "Kies wat u aanbiedt: een betaalde baan, een proefplaatsing, een werkervaringsplaats of vrijwilligerswerk."
    ]
    assert 'id="id_kind_error"' in response.content.decode()
    assert not Vacancy.objects.exists()


def test_an_edit_without_the_kind_keeps_the_kind(client, carol, carol_link, network_a):
    vacancy = VacancyFactory(
        employer=carol_link.employer, network=network_a, status=Vacancy.Status.DRAFT, kind="trial_placement"
    )
    vacancy.duration_weeks = 6
    vacancy.save()
    client.force_login(carol)
    data = valid_post(title="Nieuwe titel", duration_weeks="8")
    response = client.post(reverse("listings:vacancy_edit", args=[vacancy.pk]), data)
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.kind, vacancy.duration_weeks, vacancy.title) == ("trial_placement", 8, "Nieuwe titel")


def test_the_model_refuses_wrong_terms_whatever_saves_it(carol):
    vacancy = VacancyFactory(status=Vacancy.Status.DRAFT)
    vacancy.kind, vacancy.duration_weeks, vacancy.certificate = "trial_placement", None, True
    with pytest.raises(ValidationError) as refused:
        services.vacancy_save(vacancy=vacancy, by=carol)
    assert set(refused.value.message_dict) == {"duration_weeks", "certificate"}
    assert Vacancy.objects.get(pk=vacancy.pk).kind == "vacancy"


# --- workers read what it is ----------------------------------------------------------------------------------


def test_the_vacancy_page_explains_a_trial_placement_in_plain_dutch(client):
    vacancy = published("trial_placement", title="Proefplaatsing magazijnmedewerker")
    html = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "Proefplaatsing · zonder loon, uw uitkering loopt door" in html  # right under the title
    box = html[html.index('class="vacancy-kind vacancy-kind--trial_placement"') :]
    box = box[: box.index("</section>")]
    assert "Wat is een proefplaatsing?" in box
    assert "U werkt een paar weken mee zonder loon. Uw uitkering loopt door." in box
    assert "UWV of de gemeente moet het eerst goedkeuren." in box
    assert "De proefplaatsing duurt 6 weken." in box
    assert "6 weken" in html[html.index('class="vacancy-facts"') :]


def test_the_vacancy_page_explains_a_work_experience_place_with_its_certificate(client):
    vacancy = published("work_experience")
    html = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "Wat is een werkervaringsplaats?" in html
    assert "Aan het eind krijgt u een bewijs van het werk dat u deed." in html
    assert "De werkervaringsplaats duurt 26 weken." in html


def test_the_vacancy_page_explains_volunteering_with_its_allowance(client):
    vacancy = published("volunteering")
    html = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "Wat is vrijwilligerswerk?" in html
    assert "U krijgt een vrijwilligersvergoeding voor uw onkosten" in html
    assert "Vrijwilligerswerk · zonder loon" in html


def test_a_paid_job_says_so_without_an_explanation_box(client):
    vacancy = published("vacancy")
    html = client.get(reverse("listings:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "Betaalde baan" in html
    assert 'class="vacancy-kind ' not in html and "zonder loon" not in html


def test_the_editors_preview_shows_the_kind_as_a_worker_reads_it(client, carol, carol_link, network_a, order_picker):
    client.force_login(carol)
    data = kind_post("trial_placement")
    del data["save"]
    response = client.post(details_url(carol_link, network_a, order_picker), data | {"preview": ""})
    html = response.content.decode()
    assert "Wat is een proefplaatsing?" in html and "De proefplaatsing duurt 6 weken." in html
    assert not Vacancy.objects.exists()


# --- coordinators review it ----------------------------------------------------------------------------------


def test_the_moderation_queue_shows_the_kind_and_its_terms(client, dave, carol_link, network_a):
    VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        status=Vacancy.Status.SUBMITTED,
        published_at=None,
        kind="work_experience",
        duration_weeks=26,
        certificate=True,
    )
    client.force_login(dave)
    html = client.get(QUEUE).content.decode()
    assert "Werkervaringsplaats" in html
    assert "26 weken" in html


def test_the_checklist_points_out_a_trial_placement_longer_than_two_months(client, dave, carol_link, network_a):
    VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        status=Vacancy.Status.SUBMITTED,
        published_at=None,
        kind="trial_placement",
        duration_weeks=12,
    )
    client.force_login(dave)
    html = client.get(QUEUE).content.decode()
    assert "Langer dan 8 weken: dat mag alleen als UWV of de gemeente het goedkeurt." in html


def test_a_wrong_combination_saved_around_the_editor_is_pointed_out_in_the_checklist(
    client, dave, carol_link, network_a
):
    VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        status=Vacancy.Status.SUBMITTED,
        published_at=None,
        kind="volunteering",
        certificate=True,
    )
    client.force_login(dave)
    html = client.get(QUEUE).content.decode()
    assert "Een bewijs van het werk hoort alleen bij een werkervaringsplaats." in html


def test_changing_the_kind_of_a_live_vacancy_sends_it_back_to_review(carol, carol_link, network_a):
    vacancy = VacancyFactory(employer=carol_link.employer, network=network_a)
    vacancy.kind, vacancy.duration_weeks = "trial_placement", 6
    saved = services.vacancy_save(vacancy=vacancy, by=carol)
    assert saved.status == Vacancy.Status.SUBMITTED  # offline until a coordinator looked at it again
    assert saved.transitions.get().action == "review_again"


def test_changing_the_weeks_of_a_live_trial_placement_sends_it_back_to_review(carol, carol_link, network_a):
    vacancy = published("trial_placement", employer=carol_link.employer, network=network_a)
    vacancy.duration_weeks = 20
    assert services.vacancy_save(vacancy=vacancy, by=carol).status == Vacancy.Status.SUBMITTED


def test_a_certificate_on_a_live_work_experience_place_waits_as_a_text_change(
    client, carol, dave, carol_link, network_a
):
    vacancy = published("work_experience", employer=carol_link.employer, network=network_a, certificate=False)
    vacancy.certificate = True
    services.vacancy_save(vacancy=vacancy, by=carol)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.certificate is False  # the approved terms stay
    revision = VacancyRevision.objects.get(vacancy=vacancy, status=VacancyRevision.Status.PENDING)
    assert revision.proposed["certificate"] is True
    client.force_login(dave)
    html = client.get(QUEUE).content.decode()
    assert "Werkervaringsplaats ·" in html  # the kind beside the waiting change


# --- the API, the feeds, the JSON-LD and the webhooks carry the kind -----------------------------------------


def test_the_vacancies_api_carries_each_kind_and_its_terms(client):
    made = {kind: published(kind) for kind in ("vacancy", "trial_placement", "work_experience", "volunteering")}
    results = {result["id"]: result for result in client.get("/api/v1/vacancies/").json()["results"]}
    assert {results[v.pk]["kind"] for v in made.values()} == set(made)
    assert results[made["trial_placement"].pk]["terms"] == {
        "duration_weeks": 6,
        "certificate": False,
        "expense_allowance": False,
    }
    assert results[made["work_experience"].pk]["terms"]["certificate"] is True
    assert results[made["volunteering"].pk]["terms"]["expense_allowance"] is True
    schema = client.get("/api/v1/schema/").json()["components"]["schemas"]["VacancyOut"]["properties"]["kind"]
    assert schema["enum"] == ["vacancy", "trial_placement", "work_experience", "volunteering"]


def test_the_public_feeds_carry_the_kind_and_the_weeks(client):
    vacancy = published("trial_placement", published_at=timezone.now() - timedelta(hours=1))
    published("volunteering", published_at=timezone.now() - timedelta(hours=2))
    items = client.get("/vacatures/feed.json").json()["items"]
    assert [(item["kind"], item["duration_weeks"]) for item in items] == [
        ("trial_placement", 6),
        ("volunteering", None),
    ]
    root = fromstring(client.get("/vacatures/feed.xml").content)
    first, second = root.findall("vacancy")
    assert first.findtext("id") == str(vacancy.pk)
    assert (first.findtext("kind"), first.findtext("duration_weeks")) == ("trial_placement", "6")
    assert (second.findtext("kind"), second.find("duration_weeks")) == ("volunteering", None)


@pytest.mark.parametrize(
    ("kind", "types"),
    [
        ("trial_placement", ["OTHER", "TEMPORARY"]),
        ("work_experience", ["INTERN"]),
        ("volunteering", ["VOLUNTEER"]),
    ],
)
def test_the_json_ld_says_what_kind_of_employment_it_is(kind, types):
    assert job_posting(published(kind))["employmentType"] == types


def test_a_paid_jobs_json_ld_keeps_full_and_part_time():
    assert job_posting(published("vacancy", per_week_min=36, per_week_max=40))["employmentType"] == ["FULL_TIME"]
    assert job_posting(published("vacancy", per_week_min=16, per_week_max=24))["employmentType"] == ["PART_TIME"]
