"""Every refusal of listings/services.py: the vacancy life cycle, text revisions, reports and applications.

Each test calls the service as someone it must refuse and checks that the rows are exactly as before;
the page tests at the end go through the views that expose these services.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from listings import services
from listings.models import Application, Vacancy, VacancyReport, VacancyRevision, VacancyTransition
from matching.models import AccessLogEntry, Case
from network.models import Membership, Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerStaffFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def vacancy_rows():
    return list(
        Vacancy.objects.order_by("pk").values_list(
            "pk", "status", "published_at", "expires_at", "title", "description", "updated_at"
        )
    )


def transition_rows():
    return list(VacancyTransition.objects.order_by("pk").values_list("pk", "action", "by_id"))


def state():
    return vacancy_rows(), transition_rows()


@pytest.fixture
def named(alice, bob, carol, carol_link, dave, erin, refused_coordinators):
    return {
        "nobody (a job)": None,
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dave": dave,
        "erin": erin,
        "staff of another employer": EmployerStaffFactory().user,
        "deactivated staff of the employer": EmployerStaffFactory(
            employer=carol_link.employer, user__is_active=False
        ).user,
        **refused_coordinators,
    }


def carols_vacancy(carol_link, network_a, status, **fields):
    published = status in (Vacancy.Status.PUBLISHED, Vacancy.Status.SUSPENDED)
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        status=status,
        published_at=None if not published else fields.pop("published_at", None) or _now(),
        **fields,
    )


def _now():
    from django.utils import timezone

    return timezone.now()


# --- the employer's moves: submit, close, review_again ------------------------------------------------

NOT_THE_EMPLOYER = [
    "nobody (a job)",
    "staff of another employer",
    "deactivated staff of the employer",
    "dave",
    "alice",
    "bob",
    "erin",
]
EMPLOYER_MOVES = [
    ("submit", Vacancy.Status.DRAFT),
    ("close", Vacancy.Status.PUBLISHED),
    ("review_again", Vacancy.Status.PUBLISHED),
]


@pytest.mark.parametrize("action,status", EMPLOYER_MOVES)
@pytest.mark.parametrize("who", NOT_THE_EMPLOYER)
def test_employer_moves_refuse_anyone_but_the_employers_staff(who, action, status, named, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, status)
    before = state()
    with pytest.raises(PermissionDenied):
        services.vacancy_transition(vacancy=vacancy, action=action, by=named[who], reason="Daarom.")
    assert state() == before


@pytest.mark.parametrize("action,status", EMPLOYER_MOVES)
def test_the_employers_staff_do_move(action, status, carol, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, status)
    assert services.vacancy_transition(vacancy=vacancy, action=action, by=carol).status != status


# --- the coordinators' moves: approve, reject, unpublish ----------------------------------------------

NOT_A_MODERATOR = [
    "nobody (a job)",
    "coordinator of another network",
    "coordinator without two-step verification",
    "deactivated coordinator",
    "carol",
    "bob",
    "erin",
]
COORDINATOR_MOVES = [
    ("approve", Vacancy.Status.SUBMITTED),
    ("reject", Vacancy.Status.SUBMITTED),
    ("unpublish", Vacancy.Status.PUBLISHED),
]


@pytest.mark.parametrize("action,status", COORDINATOR_MOVES)
@pytest.mark.parametrize("who", NOT_A_MODERATOR)
def test_coordinator_moves_refuse_anyone_but_the_networks_coordinators(
    who, action, status, named, carol_link, network_a
):
    vacancy = carols_vacancy(carol_link, network_a, status)
    before = state()
    with pytest.raises(PermissionDenied):
        services.vacancy_transition(vacancy=vacancy, action=action, by=named[who], reason="Daarom.")
    assert state() == before


@pytest.mark.parametrize("action,status", COORDINATOR_MOVES)
def test_the_networks_coordinator_does_move(action, status, dave, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, status)
    assert services.vacancy_transition(vacancy=vacancy, action=action, by=dave, reason="Daarom.").status != status


def test_bulk_approve_refuses_each_vacancy_outside_the_coordinators_network(named, carol_link, network_a):
    vacancies = [carols_vacancy(carol_link, network_a, Vacancy.Status.SUBMITTED) for _ in range(2)]
    before = state()
    approved, refused = services.bulk_approve(vacancies=vacancies, by=named["coordinator of another network"])
    assert approved == [] and [vacancy for vacancy, _reason in refused] == vacancies
    assert state() == before


# --- moves only jobs make: expire, billing_suspend, billing_resume ------------------------------------

JOB_MOVES = [
    ("expire", Vacancy.Status.PUBLISHED),
    ("billing_suspend", Vacancy.Status.PUBLISHED),
    ("billing_resume", Vacancy.Status.SUSPENDED),
]


@pytest.mark.parametrize("action,status", JOB_MOVES)
@pytest.mark.parametrize("who", ["dave", "carol", "erin"])
def test_job_moves_refuse_every_person(who, action, status, named, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, status)
    before = state()
    with pytest.raises(PermissionDenied):
        services.vacancy_transition(vacancy=vacancy, action=action, by=named[who], reason="Niet betaald.")
    assert state() == before


@pytest.mark.parametrize("action,status", JOB_MOVES)
def test_the_jobs_do_move(action, status, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, status)
    assert services.vacancy_transition(vacancy=vacancy, action=action, by=None, reason="Niet betaald.").status != status


# --- publishing only where the employer is an active member -------------------------------------------


@pytest.mark.parametrize(
    "membership", [None, Membership.Status.APPLIED, Membership.Status.SUSPENDED, Membership.Status.ENDED]
)
def test_no_publishing_outside_an_active_membership(membership, named, carol, carol_link, network_b):
    if membership:
        MembershipFactory(employer=carol_link.employer, network=network_b, status=membership)
    draft = carols_vacancy(carol_link, network_b, Vacancy.Status.DRAFT)
    submitted = carols_vacancy(carol_link, network_b, Vacancy.Status.SUBMITTED)
    before = state()
    with pytest.raises(ValidationError):
        services.vacancy_transition(vacancy=draft, action="submit", by=carol)
    with pytest.raises(ValidationError):
        services.vacancy_transition(vacancy=submitted, action="approve", by=named["coordinator of another network"])
    assert state() == before


# --- text revisions of a live vacancy: the network's coordinators decide ------------------------------


@pytest.fixture
def revision(carol, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, Vacancy.Status.PUBLISHED, title="Orderpicker")
    vacancy.title = "Orderpicker (nieuwe tekst)"
    services.vacancy_save(vacancy=vacancy, by=carol)
    return VacancyRevision.objects.get(vacancy=vacancy, status=VacancyRevision.Status.PENDING)


def revision_rows():
    return list(VacancyRevision.objects.order_by("pk").values_list("pk", "status", "decided_by", "reason"))


@pytest.mark.parametrize("who", NOT_A_MODERATOR)
def test_revision_decisions_refuse_anyone_but_the_networks_coordinators(who, named, revision):
    before = (state(), revision_rows())
    with pytest.raises(PermissionDenied):
        services.revision_approve(revision=revision, by=named[who])
    with pytest.raises(PermissionDenied):
        services.revision_reject(revision=revision, by=named[who], reason="Liever niet.")
    assert (state(), revision_rows()) == before
    assert Vacancy.objects.get(pk=revision.vacancy_id).title == "Orderpicker"


def test_the_networks_coordinator_decides_on_a_revision(dave, revision):
    assert services.revision_approve(revision=revision, by=dave).status == VacancyRevision.Status.APPROVED
    assert Vacancy.objects.get(pk=revision.vacancy_id).title == "Orderpicker (nieuwe tekst)"


# --- reports: workers and professionals report, the network's coordinators handle ---------------------


@pytest.mark.parametrize("who", ["anonymous", "carol", "dave", "staff of another employer", "deactivated worker"])
def test_vacancy_report_refuses(who, named, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, Vacancy.Status.PUBLISHED)
    actor = {"anonymous": AnonymousUser(), "deactivated worker": UserFactory(role=Role.WORKER, is_active=False)}.get(
        who
    ) or named[who]
    with pytest.raises(PermissionDenied):
        services.vacancy_report(vacancy=vacancy, by=actor, reason=VacancyReport.Reason.OTHER, comment="Vreemd.")
    assert not VacancyReport.objects.exists()


@pytest.fixture
def report(alice, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, Vacancy.Status.PUBLISHED)
    return services.vacancy_report(vacancy=vacancy, by=alice, reason=VacancyReport.Reason.NOT_OPEN)


def report_rows():
    return list(VacancyReport.objects.order_by("pk").values_list("pk", "outcome", "handled_by", "handled_at"))


@pytest.mark.parametrize("unpublish", [False, True])
@pytest.mark.parametrize(
    "who",
    [
        "coordinator of another network",
        "coordinator without two-step verification",
        "deactivated coordinator",
        "carol",
        "alice",
        "erin",
    ],
)
def test_report_handle_refuses(who, unpublish, named, report):
    before = (state(), report_rows())
    with pytest.raises(PermissionDenied):
        services.report_handle(report=report, by=named[who], unpublish=unpublish, reason="Klopt niet.")
    assert (state(), report_rows()) == before


# --- applications: workers react; the employer's staff or the worker's professional record outcomes ---


@pytest.mark.parametrize("who", ["bob", "carol", "dave", "deactivated worker"])
def test_application_submit_refuses_anyone_but_a_worker(who, named, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, Vacancy.Status.PUBLISHED)
    actor = UserFactory(role=Role.WORKER, is_active=False) if who == "deactivated worker" else named[who]
    with pytest.raises(PermissionDenied):
        services.application_submit(vacancy=vacancy, worker=actor, message="Graag!")
    assert not Application.objects.exists()
    assert not AccessLogEntry.objects.exists()


@pytest.fixture
def application(alice, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, Vacancy.Status.PUBLISHED)
    return Application.objects.create(vacancy=vacancy, worker=alice, name="Alice", email=alice.email)


def application_rows():
    return list(
        Application.objects.order_by("pk").values_list("pk", "outcome", "outcome_by", "outcome_reason", "outcome_at")
    )


def _professional(alice, status=Case.Status.ACTIVE, **user):
    professional = UserFactory(role=Role.PROFESSIONAL, **{"mfa": True, **user})
    Case.objects.create(professional=professional, worker=alice, invited_email=alice.email, status=status)
    return professional


OUTCOME_REFUSED = {
    "staff of another employer": lambda f: f["staff of another employer"],
    "deactivated staff of the employer": lambda f: f["deactivated staff of the employer"],
    "the worker herself": lambda f: f["alice"],
    "coordinator of the network": lambda f: f["dave"],
    "professional without a case": lambda f: UserFactory(role=Role.PROFESSIONAL, mfa=True),
    "professional whose case ended": lambda f: _professional(f["alice"], Case.Status.ENDED),
    "professional whose invitation was declined": lambda f: _professional(f["alice"], Case.Status.DECLINED),
    "professional with an active case but no two-step verification": lambda f: _professional(f["alice"], mfa=False),
    "deactivated professional with an active case": lambda f: _professional(f["alice"], is_active=False),
}


@pytest.mark.parametrize("who", OUTCOME_REFUSED)
def test_application_outcome_refuses(who, named, application):
    actor = OUTCOME_REFUSED[who](named)
    before = application_rows()
    with pytest.raises(PermissionDenied):
        services.application_outcome(application=application, by=actor, outcome=Application.Outcome.HIRED)
    assert application_rows() == before


def test_the_employer_and_the_professional_record_outcomes(carol, alice, application):
    """The baseline the refusals are measured against."""
    assert services.application_outcome(application=application, by=carol, outcome="invited").outcome == "invited"
    assert (
        services.application_outcome(application=application, by=_professional(alice), outcome="hired").outcome
        == "hired"
    )


@pytest.mark.parametrize("who", ["another worker", "carol", "bob", "dave"])
def test_application_withdraw_refuses_anyone_but_the_worker(who, named, case, application):
    actor = UserFactory(role=Role.WORKER) if who == "another worker" else named[who]
    before = application_rows()
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, by=actor)
    assert application_rows() == before


# --- through the pages -----------------------------------------------------------------------------------


def test_pages_refuse_moves_on_another_employers_vacancy(client, named, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, Vacancy.Status.DRAFT)
    before = state()
    client.force_login(named["staff of another employer"])
    assert client.post(reverse("listings:vacancy_action", args=[vacancy.pk, "submit"])).status_code == 403
    assert state() == before


def test_pages_refuse_moderation_to_employers_and_other_networks(client, named, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, Vacancy.Status.SUBMITTED)
    before = state()
    client.force_login(named["carol"])
    assert client.post(reverse("listings:moderation_approve", args=[vacancy.pk])).status_code == 403
    client.force_login(named["coordinator of another network"])
    assert client.post(reverse("listings:moderation_approve", args=[vacancy.pk])).status_code == 404
    client.post(reverse("listings:moderation_bulk_approve"), {"vacancy": [vacancy.pk]})
    assert state() == before


def test_pages_refuse_revision_decisions_to_anyone_but_the_networks_coordinators(client, named, revision):
    """The page has no role check of its own: the service's refusal is what answers 403."""
    before = (state(), revision_rows())
    for who in ("carol", "coordinator of another network", "bob"):
        client.force_login(named[who])
        response = client.post(reverse("listings:revision_decide"), {"revision": revision.pk, "decision": "approve"})
        assert response.status_code == 403, who
    assert (state(), revision_rows()) == before


def test_pages_refuse_reports_and_their_handling_to_employers(client, named, report):
    before = (state(), report_rows())
    client.force_login(named["carol"])
    response = client.post(
        reverse("listings:vacancy_detail", args=[report.vacancy_id]),
        {"reason": VacancyReport.Reason.OTHER, "comment": "Eigen vacature."},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("listings:report_handle", args=[report.pk]),
        {"unpublish": "", f"report-{report.pk}-reason": "Weg ermee."},
    )
    assert response.status_code == 403
    assert (state(), report_rows()) == before


def test_pages_refuse_an_application_from_a_professional(client, bob, carol_link, network_a):
    vacancy = carols_vacancy(carol_link, network_a, Vacancy.Status.PUBLISHED)
    client.force_login(bob)
    assert client.post(reverse("listings:vacancy_apply", args=[vacancy.pk]), {"message": "Hoi"}).status_code == 403
    assert not Application.objects.exists()


def test_pages_refuse_an_outcome_from_a_professional_whose_case_ended(client, bob, case, application):
    """The page finds the application through the (ended) case; only the service's refusal stops Bob."""
    case.status = Case.Status.ENDED
    case.save()
    before = application_rows()
    client.force_login(bob)
    response = client.post(
        reverse("listings:application_outcome", args=[application.pk]), {f"a{application.pk}-outcome": "hired"}
    )
    assert response.status_code == 403
    assert application_rows() == before


def test_pages_do_not_let_another_worker_withdraw(client, application):
    before = application_rows()
    client.force_login(UserFactory(role=Role.WORKER))
    assert client.post(reverse("listings:application_withdraw", args=[application.pk])).status_code == 404
    assert application_rows() == before
