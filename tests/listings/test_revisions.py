"""Edits after publication are moderated: a text change to a live vacancy waits for a coordinator.

The approved text stays online (page and search) until a coordinator of the vacancy's network approves
the change; a rejection keeps the old text and e-mails the reason. Nobody else decides.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from listings import revisions, services
from listings.models import Vacancy, VacancyRevision
from listings.tasks import send_revision_decision
from network.models import Role
from tests.listings.factories import VacancyFactory
from tests.network.factories import EmployerStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search/"
QUEUE = "/coordinator/moderatie/"
DECIDE = "/coordinator/moderatie/wijzigingen/"
APPROVED_TITLE = "Medewerker inpak"
APPROVED_TEXT = "Een afwisselende baan in een rustig team."
SCAM_TITLE = "Snel geld verdienen"
SCAM_TEXT = "Stuur ons uw BSN en het wachtwoord van uw DigiD."
WAITING = "Uw wijziging is opgeslagen en wacht op goedkeuring door de coördinator. Tot dan blijft de oude tekst online."


@pytest.fixture
def vacancy(carol_link, network_a):
    return VacancyFactory(
        employer=carol_link.employer,
        network=network_a,
        title=APPROVED_TITLE,
        description=APPROVED_TEXT,
        place="Utrecht",
        openness_statement="Een vaste buddy.",
    )


@pytest.fixture
def other_coordinator(network_b):
    user = UserFactory(email="olga@example.nl", role=Role.COORDINATOR, mfa=True)
    network_b.coordinators.add(user)
    return user


def editor_post(vacancy, **changes):
    data = {
        "title": vacancy.title,
        "description": vacancy.description,
        "place": vacancy.place,
        "per_week_min": "24",
        "per_week_max": "32",
        "coaching": "none",
        "openness_statement": "Een vaste buddy.",
        "load_IV_13": "2",
        "adaptable_IV_13": "on",
        "load_V_4": "3",
        "save": "",
    }
    return data | changes


def edit(client, vacancy, **changes):
    return client.post(
        reverse("listings:vacancy_edit", args=[vacancy.pk]), editor_post(vacancy, **changes), follow=True
    )


def search_titles(client, text="") -> dict[int, str]:
    body = {"page_size": 100} | ({"query": text} if text else {})
    results = client.post(SEARCH, body, content_type="application/json").json()["results"]
    return {result["id"]: result["title"] for result in results}


def propose(vacancy, by, **changes) -> VacancyRevision:
    """A text change saved through the service, as the editor does."""
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    for name, value in changes.items():
        setattr(vacancy, name, value)
    services.vacancy_save(vacancy=vacancy, by=by)
    return VacancyRevision.objects.get(vacancy=vacancy, status=VacancyRevision.Status.PENDING)


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


# --- the employer edits: the approved text stays online ------------------------------------------------------


def test_a_text_change_waits_and_the_approved_text_stays_online(client, carol, vacancy):
    client.force_login(carol)
    response = edit(client, vacancy, title=SCAM_TITLE, description=SCAM_TEXT, place="Amersfoort")
    assert WAITING in response.content.decode()

    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.title, vacancy.description, vacancy.place) == (
        Vacancy.Status.PUBLISHED,
        APPROVED_TITLE,
        APPROVED_TEXT,
        "Utrecht",
    )
    revision = VacancyRevision.objects.get(vacancy=vacancy)
    assert revision.status == VacancyRevision.Status.PENDING and revision.created_by == carol
    assert revision.proposed["title"] == SCAM_TITLE and revision.proposed["place"] == "Amersfoort"
    assert revision.proposed["latitude"] != vacancy.latitude  # the coordinates follow the place

    client.logout()
    page = client.get(f"/vacatures/{vacancy.pk}/").content.decode()
    assert APPROVED_TITLE in page and APPROVED_TEXT in page
    assert SCAM_TITLE not in page and "DigiD" not in page
    assert search_titles(client)[vacancy.pk] == APPROVED_TITLE
    assert vacancy.pk in search_titles(client, "afwisselende")
    assert vacancy.pk not in search_titles(client, "DigiD")
    html = client.get(reverse("search:search") + "?q=inpak").content.decode()
    assert APPROVED_TITLE in html and SCAM_TITLE not in html


def test_the_employer_sees_that_a_change_waits_and_edits_on_from_it(client, carol, vacancy):
    client.force_login(carol)
    edit(client, vacancy, description="Een drukke baan.")
    html = client.get(reverse("listings:employer_vacancies")).content.decode()
    assert "Er wacht een wijziging op goedkeuring van de coördinator" in html
    form = client.get(reverse("listings:vacancy_edit", args=[vacancy.pk])).content.decode()
    assert "Een drukke baan." in form and APPROVED_TEXT not in form
    assert "U ziet hieronder de nieuwe tekst" in form


def test_a_new_edit_replaces_the_waiting_one_and_the_old_text_withdraws_it(client, carol, vacancy):
    client.force_login(carol)
    edit(client, vacancy, description="Eerste versie.")
    edit(client, vacancy, description="Eerste versie.")  # saved again unchanged: still the same revision
    assert VacancyRevision.objects.filter(vacancy=vacancy).count() == 1
    edit(client, vacancy, description="Tweede versie.")
    statuses = list(VacancyRevision.objects.filter(vacancy=vacancy).values_list("status", "proposed__description"))
    assert statuses == [("replaced", "Eerste versie."), ("pending", "Tweede versie.")]
    response = edit(client, vacancy, description=APPROVED_TEXT)  # back to what is online: nothing to approve
    assert WAITING not in response.content.decode()
    assert not VacancyRevision.objects.filter(vacancy=vacancy, status="pending").exists()
    assert VacancyRevision.objects.filter(vacancy=vacancy).last().status == "withdrawn"


def test_a_vacancy_has_at_most_one_pending_revision(vacancy, carol):
    VacancyRevision.objects.create(vacancy=vacancy, proposed={"title": "A"}, created_by=carol)
    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyRevision.objects.create(vacancy=vacancy, proposed={"title": "B"}, created_by=carol)


def test_changing_text_and_load_together_sends_the_whole_vacancy_back_to_review(carol, vacancy):
    propose(vacancy, carol, title="Eerst dit")
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    vacancy.title, vacancy.load = "Dan dit", {"IV.13": 3, "V.4": 3}
    saved = services.vacancy_save(vacancy=vacancy, by=carol)
    assert (saved.status, saved.title) == (Vacancy.Status.SUBMITTED, "Dan dit")  # offline until reviewed
    assert not VacancyRevision.objects.filter(status="pending").exists()


def test_a_suspended_vacancy_keeps_its_approved_text_and_goes_back_to_review_for_load(carol, vacancy):
    """Suspended for an unpaid fee, it comes back online by itself once paid: so it is treated as live."""
    services.vacancy_transition(vacancy=vacancy, action="billing_suspend", by=None, reason="Niet betaald.")
    propose(vacancy, carol, title=SCAM_TITLE)
    vacancy.refresh_from_db()
    assert vacancy.title == APPROVED_TITLE
    services.vacancy_transition(vacancy=vacancy, action="billing_resume", by=None)
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.title) == (Vacancy.Status.PUBLISHED, APPROVED_TITLE)

    services.vacancy_transition(vacancy=vacancy, action="billing_suspend", by=None, reason="Niet betaald.")
    vacancy.refresh_from_db()
    vacancy.load = {"IV.13": 3, "V.4": 3}
    assert services.vacancy_save(vacancy=vacancy, by=carol).status == Vacancy.Status.SUBMITTED


def test_leaving_publication_withdraws_the_waiting_change(carol, dave, vacancy):
    revision = propose(vacancy, carol, title=SCAM_TITLE)
    services.vacancy_transition(vacancy=vacancy, action="close", by=carol)
    revision.refresh_from_db()
    assert revision.status == VacancyRevision.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.revision_approve(revision=revision, by=dave)


def test_a_draft_is_edited_directly(carol, vacancy):
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.DRAFT)
    vacancy.refresh_from_db()
    vacancy.title = "Nieuwe titel"
    services.vacancy_save(vacancy=vacancy, by=carol)
    vacancy.refresh_from_db()
    assert vacancy.title == "Nieuwe titel" and not vacancy.revisions.exists()


# --- the coordinator's queue: a readable, escaped diff ---------------------------------------------------------


def test_the_queue_shows_a_word_diff_of_each_changed_field(client, carol, dave, vacancy):
    propose(vacancy, carol, description="Een drukke baan in een rustig team.", trial_placement=True)
    client.force_login(dave)
    html = client.get(QUEUE).content.decode()
    assert "Gewijzigde tekst van gepubliceerde vacatures" in html
    assert '<del><span class="visually-hidden">verwijderd: </span>afwisselende</del>' in html
    assert '<ins><span class="visually-hidden">toegevoegd: </span>drukke</ins>' in html
    assert "rustig team." in html  # unchanged words are shown as they are
    assert "Proefplaatsing mogelijk" in html
    assert '<ins><span class="visually-hidden">toegevoegd: </span>ja</ins>' in html
    assert 'name="decision" value="approve"' in html and 'name="decision" value="reject"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_untrusted_text_in_the_diff_is_escaped(client, carol, dave, vacancy):
    propose(
        vacancy,
        carol,
        description='Klik <script>alert("x")</script> <b onmouseover=alert(1)>hier</b>',
        title="Titel & <i>meer</i>",
    )
    client.force_login(dave)
    html = client.get(QUEUE).content.decode()
    assert "<script>alert" not in html and "<b onmouseover" not in html and "<i>meer" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;i&gt;meer&lt;/i&gt;" in html and "&amp;" in html


def test_word_diff_marks_removed_and_added_words_and_escapes_them():
    diff = revisions.word_diff("Een <oude> baan", "Een <nieuwe> baan & meer")
    assert "<oude>" not in diff and "<nieuwe>" not in diff
    assert "&lt;</del>" not in diff  # the brackets are unchanged, only the word between them
    assert diff.startswith("Een &lt;<del>")
    assert "oude</del>" in diff and "nieuwe</ins>" in diff and "&amp; meer</ins>" in diff
    assert revisions.word_diff("gelijk", "gelijk") == "gelijk"
    whole = revisions.word_diff("geen begeleiding", "een <buddy>", whole=True)
    assert whole == (
        '<del><span class="visually-hidden">verwijderd: </span>geen begeleiding</del>'
        '<ins><span class="visually-hidden">toegevoegd: </span>een &lt;buddy&gt;</ins>'
    )


def test_the_queue_shows_only_changes_of_the_coordinators_own_networks(client, carol, other_coordinator, vacancy):
    propose(vacancy, carol, title=SCAM_TITLE)
    client.force_login(other_coordinator)
    html = client.get(QUEUE).content.decode()
    assert SCAM_TITLE not in html and "Gewijzigde tekst" not in html


# --- decisions --------------------------------------------------------------------------------------------------


def test_approval_applies_the_text_records_it_and_mails_the_employer(
    client, carol, dave, vacancy, django_capture_on_commit_callbacks
):
    revision = propose(vacancy, carol, title="Medewerker inpak en expeditie", description="Een drukke baan.")
    client.force_login(dave)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DECIDE, {"revision": revision.pk, "decision": "approve"}, follow=True)
    assert response.status_code == 200 and "is goedgekeurd" in messages_of(response)
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.title, vacancy.description) == (
        Vacancy.Status.PUBLISHED,
        "Medewerker inpak en expeditie",
        "Een drukke baan.",
    )
    revision.refresh_from_db()
    assert (revision.status, revision.decided_by) == (VacancyRevision.Status.APPROVED, dave)
    assert revision.decided_at is not None and revision.notified_at is not None
    assert mail.outbox[-1].to == ["carol@example.nl"] and "is goedgekeurd" in mail.outbox[-1].subject
    client.logout()
    assert "Een drukke baan." in client.get(f"/vacatures/{vacancy.pk}/").content.decode()
    assert search_titles(client, "expeditie")[vacancy.pk] == "Medewerker inpak en expeditie"
    assert vacancy.transitions.count() == 0  # still published: no new publication dates


def test_rejection_keeps_the_old_text_records_and_mails_the_reason(
    client, carol, dave, vacancy, django_capture_on_commit_callbacks
):
    revision = propose(vacancy, carol, title=SCAM_TITLE, description=SCAM_TEXT)
    client.force_login(dave)
    reason = "Vraag nooit om een BSN of DigiD-gegevens."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DECIDE, {"revision": revision.pk, "decision": "reject", "reason": reason}, follow=True)
    assert response.status_code == 200 and "niet goedgekeurd" in messages_of(response)
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.description) == (APPROVED_TITLE, APPROVED_TEXT)
    revision.refresh_from_db()
    assert (revision.status, revision.decided_by, revision.reason) == (VacancyRevision.Status.REJECTED, dave, reason)
    message = mail.outbox[-1]
    assert message.to == ["carol@example.nl"] and reason in message.body and "niet goedgekeurd" in message.subject
    assert SCAM_TEXT not in message.body
    client.force_login(carol)
    html = client.get(reverse("listings:employer_vacancies")).content.decode()
    assert "Uw laatste wijziging is niet goedgekeurd" in html and reason in html
    client.logout()
    assert APPROVED_TEXT in client.get(f"/vacatures/{vacancy.pk}/").content.decode()


def test_the_decision_mail_goes_out_once(carol, dave, vacancy):
    revision = propose(vacancy, carol, title="Nieuwe titel")
    services.revision_approve(revision=revision, by=dave)
    assert send_revision_decision(revision.pk) is True
    assert send_revision_decision(revision.pk) is False
    assert len(mail.outbox) == 1


def test_a_decided_change_cannot_be_decided_again(carol, dave, vacancy):
    revision = propose(vacancy, carol, title="Nieuwe titel")
    services.revision_reject(revision=revision, by=dave, reason="Nee.")
    with pytest.raises(ValidationError):
        services.revision_approve(revision=revision, by=dave)
    vacancy.refresh_from_db()
    assert vacancy.title == APPROVED_TITLE


# --- bad input: a clear error, never a 500 ------------------------------------------------------------------------


def test_rejection_without_a_reason_is_refused_with_a_clear_error(client, carol, dave, vacancy):
    revision = propose(vacancy, carol, title=SCAM_TITLE)
    client.force_login(dave)
    for reason in ("", "   "):
        response = client.post(DECIDE, {"revision": revision.pk, "decision": "reject", "reason": reason})
        assert response.status_code == 400
        assert "Geef een reden: de werkgever leest die." in response.content.decode()
    revision.refresh_from_db()
    assert revision.status == VacancyRevision.Status.PENDING
    with pytest.raises(ValidationError):
        services.revision_reject(revision=revision, by=dave, reason=" ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "approve"}, "Kies de wijziging waarover u beslist."),
        ({"revision": "", "decision": "approve"}, "Kies de wijziging waarover u beslist."),
        ({"revision": "abc", "decision": "approve"}, "Deze wijziging bestaat niet."),
        ({"revision": "-3", "decision": "approve"}, "Deze wijziging bestaat niet."),
        ({"revision": "99999999999999999999999", "decision": "approve"}, "Deze wijziging bestaat niet."),
        ({"revision": "424242", "decision": "approve"}, "Deze wijziging wacht niet meer"),
        ({"revision": "{pk}", "decision": "publish"}, "Kies of u de wijziging goedkeurt of afwijst."),
        ({"revision": "{pk}"}, "Kies of u de wijziging goedkeurt of afwijst."),
    ],
)
def test_bad_input_gets_a_clear_error(client, carol, dave, vacancy, data, message):
    revision = propose(vacancy, carol, title=SCAM_TITLE)
    client.force_login(dave)
    data = {key: value.replace("{pk}", str(revision.pk)) for key, value in data.items()}
    response = client.post(DECIDE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    revision.refresh_from_db()
    assert revision.status == VacancyRevision.Status.PENDING


def test_only_post_decides(client, carol, dave, vacancy):
    revision = propose(vacancy, carol, title=SCAM_TITLE)
    client.force_login(dave)
    assert client.get(DECIDE, {"revision": revision.pk, "decision": "approve"}).status_code == 405


# --- refusals: each fails when its guard is removed ------------------------------------------------------------


def test_a_coordinator_of_another_network_is_refused_over_http(client, carol, other_coordinator, vacancy):
    """Guard: services._decidable_revision's can_moderate (the view does not filter by network)."""
    revision = propose(vacancy, carol, title=SCAM_TITLE)
    client.force_login(other_coordinator)
    for data in ({"decision": "approve"}, {"decision": "reject", "reason": "Nee."}):
        response = client.post(DECIDE, {"revision": revision.pk} | data)
        assert response.status_code == 403
        assert "Alleen de coördinatoren van Netwerk Amsterdam" in response.content.decode()
    revision.refresh_from_db()
    vacancy.refresh_from_db()
    assert revision.status == VacancyRevision.Status.PENDING and vacancy.title == APPROVED_TITLE


@pytest.mark.parametrize("who", ["carol", "alice", "bob"])
def test_employers_workers_and_professionals_are_refused_over_http(client, request, carol, vacancy, who):
    """Guard: role_required(Role.COORDINATOR) on the view (the 403 says the page is not for this role)."""
    revision = propose(vacancy, carol, title=SCAM_TITLE)
    client.force_login(request.getfixturevalue(who))
    for data in ({"decision": "approve"}, {"decision": "reject", "reason": "Nee."}):
        response = client.post(DECIDE, {"revision": revision.pk} | data)
        assert response.status_code == 403
        assert "Deze pagina is niet voor uw rol bedoeld." in response.content.decode()
    assert client.get(QUEUE).status_code == 403
    revision.refresh_from_db()
    assert revision.status == VacancyRevision.Status.PENDING


def test_anonymous_visitors_are_sent_to_log_in(client, carol, vacancy):
    revision = propose(vacancy, carol, title=SCAM_TITLE)
    response = client.post(DECIDE, {"revision": revision.pk, "decision": "approve"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    revision.refresh_from_db()
    assert revision.status == VacancyRevision.Status.PENDING


@pytest.mark.parametrize("who", ["other_coordinator", "carol", "alice", "coordinator_without_mfa", "nobody"])
def test_only_the_networks_coordinators_decide_in_the_service(request, carol, vacancy, network_a, who):
    """Guard: services._decidable_revision's can_moderate, for approval and rejection alike."""
    if who == "coordinator_without_mfa":
        by = UserFactory(role=Role.COORDINATOR)
        network_a.coordinators.add(by)
    else:
        by = None if who == "nobody" else request.getfixturevalue(who)
    revision = propose(vacancy, carol, title=SCAM_TITLE)
    with pytest.raises(PermissionDenied):
        services.revision_approve(revision=revision, by=by)
    with pytest.raises(PermissionDenied):
        services.revision_reject(revision=revision, by=by, reason="Nee.")
    revision.refresh_from_db()
    vacancy.refresh_from_db()
    assert revision.status == VacancyRevision.Status.PENDING and vacancy.title == APPROVED_TITLE
    assert not mail.outbox


def test_an_employer_cannot_edit_another_employers_vacancy(client, vacancy):
    """Guard: views._editable_vacancy (can_edit_vacancy): no revision for someone else's vacancy."""
    stranger = EmployerStaffFactory(user__email="sam@example.nl").user
    client.force_login(stranger)
    response = client.post(reverse("listings:vacancy_edit", args=[vacancy.pk]), editor_post(vacancy, title=SCAM_TITLE))
    assert response.status_code == 403
    assert not VacancyRevision.objects.exists()
