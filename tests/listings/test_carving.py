"""Job carving over HTTP: the worker shares which tasks fit them, the employer makes a tailored job of the
green ones, it goes to moderation, and once published the worker fits it green."""

from decimal import Decimal

import pytest
from django.urls import reverse

from listings.models import Application, Vacancy, VacancyTransition
from matching.catalogue import get_catalogue
from matching.models import AccessLogEntry, Source
from matching.profiles import open_profile, save_profile
from matching.rules import Status, evaluate
from tests.listings.factories import VacancyFactory

pytestmark = pytest.mark.django_db
NOTE = "Kan niet zwaar tillen door rugklachten"
# Order picker, strictly for a capacity of lifting level 1: picking (50%), roll containers (12%) and the
# ladder (3%) ask more lifting; scanning (15%), the pallet truck (15%) and tidying up (5%) fit.
GREEN_NAMES = {
    "Producten scannen en de picklijst volgen",
    "Rijden met een elektrische palletwagen",
    "Werkplek opruimen en lege dozen afvoeren",
}


@pytest.fixture
def vacancy(carol_link, network_a, order_picker):
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        occupation=order_picker,
        load=order_picker.load_profile(),
        adaptable=["IV.13"],
        title="Orderpicker dagdienst",
        per_week_min=Decimal(24),
        per_week_max=Decimal(32),
        openness_statement="Een vaste buddy.",
    )


@pytest.fixture
def profiled_alice(alice, bob, case):
    save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1, "V.4": 3},
        limitations={"IV.13": NOTE},
        hours={"per_week": "24"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )
    return alice


@pytest.fixture
def application(vacancy, profiled_alice):
    return Application.objects.create(vacancy=vacancy, worker=profiled_alice, name="Alice", email=profiled_alice.email)


def positions(occupation, names) -> list[int]:
    return sorted(task.position for task in occupation.tasks.all() if task.name in names)


def share(client, application):
    client.force_login(application.worker)
    return client.post(reverse("listings:application_tasks", args=[application.pk]), {"action": "share"})


def capacity_texts(worker) -> list[str]:
    """Everything that would tell an employer the worker's capacity: the level texts and the note."""
    catalogue = get_catalogue()
    texts = [NOTE, "IV.13"]
    for code, level in {"IV.13": 1, "V.4": 3}.items():
        step = catalogue[code].level(level)
        texts += [step.capacity["nl"], step.label["nl"]]
    return texts


def test_the_worker_sees_the_choice_and_what_the_employer_will_and_will_not_see(client, application):
    client.force_login(application.worker)
    profile = client.get(reverse("matching:my_profile")).content.decode()
    url = reverse("listings:application_tasks", args=[application.pk])
    assert url in profile
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="share"' in html and 'value="withdraw"' not in html
    assert "Producten uit de stellingen pakken" in html  # the tasks that would get a colour
    assert "fit-badge" not in html  # nothing shared yet, so no colours
    assert not AccessLogEntry.objects.filter(purpose="job_carving").exists()  # looking reads no profile


def test_granting_stores_only_strict_colours_and_is_audited(client, application, order_picker):
    response = share(client, application)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.tasks_shared_at is not None
    assert set(application.task_colours.values()) == {"green", "red"}  # strict: no 'fits if adapted'
    assert sorted(int(p) for p, colour in application.task_colours.items() if colour == "green") == positions(
        order_picker, GREEN_NAMES
    )
    assert set(application.task_colours) == {str(task.position) for task in order_picker.tasks.all()}
    entries = AccessLogEntry.objects.filter(worker=application.worker, purpose="job_carving")
    assert {entry.action for entry in entries} == {"read", "share"}
    html = client.get(reverse("listings:application_tasks", args=[application.pk])).content.decode()
    assert 'value="withdraw"' in html and "fit-badge fit-green" in html and "fit-badge fit-red" in html


def test_withdrawing_clears_the_colours_and_the_employer_no_longer_sees_them(client, application, carol):
    share(client, application)
    response = client.post(reverse("listings:application_tasks", args=[application.pk]), {"action": "withdraw"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.task_colours, application.tasks_shared_at) == ({}, None)
    client.force_login(carol)
    assert (
        reverse("listings:application_carving", args=[application.pk])
        not in client.get(reverse("listings:applications")).content.decode()
    )
    html = client.get(reverse("listings:application_carving", args=[application.pk])).content.decode()
    assert "fit-badge" not in html and 'name="tasks"' not in html


def test_the_employer_sees_colours_and_hours_only_never_capacity(client, application, carol, order_picker):
    share(client, application)
    client.force_login(carol)
    url = reverse("listings:application_carving", args=[application.pk])
    assert url in client.get(reverse("listings:applications")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("fit-badge fit-green") == 3 and html.count("fit-badge fit-red") == 3
    assert "past niet" in html  # the colour in words too, not colour alone
    assert html.count('name="tasks"') == 3  # a checkbox for the green tasks only
    for position in positions(order_picker, GREEN_NAMES):
        assert f'value="{position}" id="task-{position}"' in html
    assert 'name="hours" value="11"' in html  # 35% of 32 hours = 11.2, to the half hour
    assert "Orderpicker (" in html  # the title is filled in
    for text in capacity_texts(application.worker):
        assert text not in html


def test_making_a_tailored_job_submits_it_for_moderation_with_the_load_of_the_chosen_tasks(
    client, application, carol, dave, order_picker, django_capture_on_commit_callbacks
):
    share(client, application)
    chosen = positions(order_picker, GREEN_NAMES - {"Werkplek opruimen en lege dozen afvoeren"})
    client.force_login(carol)
    response = client.post(
        reverse("listings:application_carving", args=[application.pk]),
        {"tasks": chosen, "title": "Scannen en palletwagen", "description": "Scannen en rijden.", "hours": "10"},
    )
    tailored = Vacancy.objects.get(carved_for=application)
    assert response.status_code == 302 and response["Location"] == reverse(
        "listings:vacancy_preview", args=[tailored.pk]
    )
    assert tailored.status == Vacancy.Status.SUBMITTED
    assert VacancyTransition.objects.filter(vacancy=tailored, action="submit", by=carol).exists()
    assert (tailored.employer, tailored.network, tailored.occupation, tailored.kind) == (
        application.vacancy.employer,
        application.vacancy.network,
        order_picker,
        application.vacancy.kind,
    )
    assert tailored.carved_tasks == chosen and tailored.adaptable == []
    assert (tailored.per_week_min, tailored.per_week_max) == (Decimal(10), Decimal(10))
    tasks = [task for task in order_picker.tasks.all() if task.position in chosen]
    for code in get_catalogue().codes:
        assert tailored.load.get(code, 0) == max(task.load.get(code, 0) for task in tasks)
    page = client.get(response["Location"]).content.decode()
    assert "Scannen en palletwagen" in page

    # The coordinator sees it is a tailored job with its tasks, not for whom, and publishes it.
    client.force_login(dave)
    queue = client.get(reverse("listings:moderation_queue")).content.decode()
    assert "Scannen en palletwagen" in queue and "Rijden met een elektrische palletwagen" in queue
    assert "Alice" not in queue and application.worker.email not in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("listings:moderation_approve", args=[tailored.pk]))
    tailored.refresh_from_db()
    assert tailored.status == Vacancy.Status.PUBLISHED

    # The worker fits it green, by the rule book on her stored profile, and finds it on her pages.
    worker = application.worker
    stored = open_profile(worker, by=worker, purpose="vacancy_fit")
    fit = evaluate(stored.capacity(), tailored.load_profile(), stored.worker_hours(), tailored.hours())
    assert fit.fit is Status.GREEN
    client.force_login(worker)
    detail = reverse("listings:vacancy_detail", args=[tailored.pk])
    assert detail in client.get(reverse("matching:my_profile")).content.decode()
    assert detail in client.get(reverse("listings:application_tasks", args=[application.pk])).content.decode()
    assert "vacancy-verdict--green" in client.get(detail).content.decode()  # the normal fit explanation


def test_a_tailored_job_is_shown_to_the_worker_only_once_it_is_published(client, application, carol, order_picker):
    share(client, application)
    client.force_login(carol)
    client.post(
        reverse("listings:application_carving", args=[application.pk]),
        {"tasks": positions(order_picker, GREEN_NAMES), "title": "Op maat", "description": "Kort.", "hours": "11"},
    )
    tailored = Vacancy.objects.get(carved_for=application)
    client.force_login(application.worker)
    detail = reverse("listings:vacancy_detail", args=[tailored.pk])
    assert detail not in client.get(reverse("matching:my_profile")).content.decode()
    assert detail not in client.get(reverse("listings:application_tasks", args=[application.pk])).content.decode()


def test_withdrawing_keeps_a_tailored_job_already_made(client, application, carol, order_picker):
    share(client, application)
    client.force_login(carol)
    client.post(
        reverse("listings:application_carving", args=[application.pk]),
        {"tasks": positions(order_picker, GREEN_NAMES), "title": "Op maat", "description": "Kort.", "hours": "11"},
    )
    client.force_login(application.worker)
    client.post(reverse("listings:application_tasks", args=[application.pk]), {"action": "withdraw"})
    tailored = Vacancy.objects.get(carved_for=application)
    assert tailored.status == Vacancy.Status.SUBMITTED and tailored.carved_tasks


def test_a_tailored_job_shows_and_checks_only_its_own_tasks(client, vacancy, order_picker, profiled_alice, dave):
    from listings.moderation import missing_load

    chosen = positions(order_picker, GREEN_NAMES)
    tailored = VacancyFactory(
        employer=vacancy.employer,
        network=vacancy.network,
        occupation=order_picker,
        carved_tasks=chosen,
        load={},
        adaptable=[],
        title="Scannen en palletwagen (functie op maat)",
    )
    # The coordinator's checklist asks load for what the chosen tasks load, not for the whole occupation.
    chosen_load = {code for task in tailored.task_loads() for code, level in task.load.items() if level}
    assert set(missing_load(tailored)) == chosen_load
    assert set(missing_load(vacancy.__class__(occupation=order_picker, load={}))) == set(order_picker.load_profile())
    # The worker's fit page lists the chosen tasks only.
    client.force_login(profiled_alice)
    html = client.get(reverse("listings:vacancy_detail", args=[tailored.pk])).content.decode()
    for name in GREEN_NAMES:
        assert name in html
    for task in order_picker.tasks.exclude(position__in=chosen):
        assert task.name not in html
