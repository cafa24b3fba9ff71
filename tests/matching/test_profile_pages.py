"""Cases, capacity profiles, the access log, export and erasure — over HTTP, per role."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from matching.models import AccessLogEntry, CapacityProfile, CapacityProfileVersion, Case
from network.models import Role, User
from tests.network.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FML_POST = {
    "source": "company_doctor",
    "assessed_on": "2026-10-01",
    "valid_from": "2026-10-05",
    "review_on": "2027-04-01",
    "per_week": "16",
    "per_day": "4",
    "target_per_week": "24",
    "fml_IV_13": "2",
    "limitation_IV_13": "Niet vaker dan twee keer per uur tillen.",
    "fml_V_4": "1",
}


def test_from_invitation_to_a_profile_the_worker_reads_in_plain_dutch(
    client, bob, alice, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:case_invite"), {"email": "alice@example.nl", "name": "Alice"})
    message = mail.outbox[-1]
    assert message.to == ["alice@example.nl"]
    link = re.search(r"https?://[^/\s]+(/begeleiding/[^\s]+/)", message.body).group(1)

    client.force_login(alice)
    assert "wil u begeleiden" in client.get(link).content.decode()
    client.post(link, {"accept": ""})
    case = Case.objects.get()
    assert case.status == "active" and case.worker == alice

    client.force_login(bob)
    response = client.post(reverse("matching:client_profile_edit", args=[case.pk]), FML_POST)
    assert response.status_code == 302
    profile = CapacityProfile.objects.get(worker=alice)
    assert (profile.source, str(profile.review_on), profile.version) == ("company_doctor", "2027-04-01", 1)
    detail = client.get(reverse("pages:client_detail", args=[case.pk])).content.decode()
    assert "FML IV.13: 2" in detail and "Niet vaker dan twee keer per uur tillen." in detail

    client.force_login(alice)
    html = client.get(reverse("matching:my_profile")).content.decode()
    assert "u kunt" in html and "16 uur per week" in html.replace("ongeveer 16 uur", "16 uur") or "16" in html
    assert "Bespreken met uw professional" in html and "Niet vaker dan twee keer per uur tillen." in html
    log = client.get(reverse("matching:access_log")).content.decode()
    assert "uw professional heeft uw profiel gewijzigd" in log and "bob@example.nl" in log


def test_every_save_is_a_new_version_with_who_and_which_items(client, bob, alice, case):
    client.force_login(bob)
    url = reverse("matching:client_profile_edit", args=[case.pk])
    client.post(url, FML_POST)
    client.post(url, FML_POST | {"fml_IV_13": "3", "per_week": "20"})
    versions = CapacityProfileVersion.objects.order_by("number")
    assert [v.number for v in versions] == [1, 2] and all(v.changed_by == bob for v in versions)
    html = client.get(reverse("pages:client_detail", args=[case.pk])).content.decode()
    assert "Tillen, uren per week nu" in html  # the items in words, not their codes


def test_the_fml_form_refuses_bad_input_per_field_and_stores_nothing(client, bob, case):
    client.force_login(bob)
    url = reverse("matching:client_profile_edit", args=[case.pk])
    response = client.post(
        url,
        FML_POST
        | {
            "fml_IV_13": "9",
            "assessed_on": "2099-01-01",
            "review_on": "2026-10-01",
            "per_week": "16",
            "target_per_week": "8",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in html and "niet in de toekomst" in html and "na de datum" in html
    assert "het doel kan niet lager zijn" in html
    assert not CapacityProfile.objects.exists() and not AccessLogEntry.objects.filter(action="write").exists()


def test_a_worker_without_a_professional_self_assesses_and_it_is_marked(client, alice, bob):
    client.force_login(alice)
    response = client.post(reverse("matching:self_assessment"), {"capacity_IV_13": "1", "per_week": "12"})
    assert response.status_code == 302
    html = client.get(reverse("matching:my_profile")).content.decode()
    assert "Zelf ingevuld" in html
    # Once a professional guides her, the professional keeps the profile.
    Case.objects.create(professional=bob, worker=alice, invited_email=alice.email, status="active")
    response = client.post(reverse("matching:self_assessment"), {"capacity_IV_13": "2"}, follow=True)
    assert "Uw professional houdt uw profiel bij" in response.content.decode()
    assert CapacityProfile.objects.get().version == 1


def test_who_may_see_a_profile(client, alice, bob, carol, dave, erin, case):
    client.force_login(bob)
    client.post(reverse("matching:client_profile_edit", args=[case.pk]), FML_POST)
    detail = reverse("pages:client_detail", args=[case.pk])
    edit = reverse("matching:client_profile_edit", args=[case.pk])
    for user in (alice, carol, dave, erin):  # the worker uses her own pages; employer, coordinator, staff: never
        client.force_login(user)
        assert client.get(detail).status_code == 403
        assert client.post(edit, FML_POST).status_code == 403
    other = UserFactory(role=Role.PROFESSIONAL, mfa=True)
    client.force_login(other)
    assert client.get(detail).status_code == 404  # not his case
    for user in (bob, carol, dave):
        client.force_login(user)
        for name in ("my_profile", "access_log", "export", "erase", "self_assessment", "preferences"):
            assert client.get(reverse(f"matching:{name}")).status_code == 403, (user, name)
    client.logout()
    assert client.get(detail).status_code == 302 and client.get(reverse("matching:export")).status_code == 302

    # When Alice stops the guidance, Bob's access ends at once.
    client.force_login(alice)
    client.post(reverse("matching:worker_case_end", args=[case.pk]))
    client.force_login(bob)
    assert client.get(detail).status_code == 403


def test_a_professional_without_two_step_verification_is_sent_to_set_it_up(client, alice):
    professional = UserFactory(role=Role.PROFESSIONAL)
    Case.objects.create(professional=professional, worker=alice, invited_email=alice.email, status="active")
    client.force_login(professional)
    response = client.get(reverse("matching:clients"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_every_read_is_in_the_workers_access_log(client, alice, bob, case):
    client.force_login(bob)
    client.post(reverse("matching:client_profile_edit", args=[case.pk]), FML_POST)
    before = AccessLogEntry.objects.filter(worker=alice, action="read").count()
    client.get(reverse("pages:client_detail", args=[case.pk]))
    client.force_login(alice)
    client.get(reverse("matching:my_profile"))
    reads = AccessLogEntry.objects.filter(worker=alice, action="read").order_by("pk")[before:]
    assert [(entry.actor, entry.purpose) for entry in reads][:1] == [(bob, "client_view")]
    assert (reads.last().actor, reads.last().purpose) == (alice, "own_view")


def test_export_holds_everything_and_is_audited(client, alice, bob, case):
    client.force_login(bob)
    client.post(reverse("matching:client_profile_edit", args=[case.pk]), FML_POST)
    client.force_login(alice)
    client.post(
        reverse("matching:preferences"),
        {"interests": ["S", "C"], "competences": ["care"], "home_place": "Zwolle", "travel_km": "15"},
    )
    response = client.get(reverse("matching:export"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert {"no-store", "private"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    data = json.loads(response.content)
    assert data["capacity_profile"]["fml"] == {"IV.13": 2, "V.4": 1}
    assert data["capacity_profile"]["limitations"] == {"IV.13": "Niet vaker dan twee keer per uur tillen."}
    assert data["preferences"]["interests"] == ["S", "C"] and data["guidance"][0]["professional"] == "bob@example.nl"
    assert [item["version"] for item in data["profile_history"]] == [1]
    assert any(entry["action"] == "write" for entry in data["access_log"])
    assert AccessLogEntry.objects.filter(worker=alice, action="export").exists()


def test_erasure_removes_the_profile_and_keeps_only_that_it_happened(client, alice, bob, case):
    client.force_login(bob)
    client.post(reverse("matching:client_profile_edit", args=[case.pk]), FML_POST)
    client.force_login(alice)
    response = client.post(reverse("matching:erase"), {"password": "wrong"})
    assert response.status_code == 400 and User.objects.filter(pk=alice.pk).exists()
    response = client.post(reverse("matching:erase"), {"password": TEST_PASSWORD}, follow=True)
    assert "zijn gewist" in response.content.decode()
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not CapacityProfile.objects.exists() and not CapacityProfileVersion.objects.exists()
    assert not Case.objects.exists()
    assert list(AccessLogEntry.objects.values_list("worker", "actor", "action")) == [(None, None, "erase")]


def test_erasure_ends_every_session_of_the_worker(client, alice, bob):
    """Logged in on a phone and on a laptop: both sessions are gone after erasure."""
    from django.contrib.sessions.models import Session

    from tests.client import Client

    phone, other = Client(), Client()
    phone.force_login(alice)
    other.force_login(bob)

    def sessions_of(user_id) -> int:
        keys = ("_auth_user_id", "account_authentication_methods_user")
        return sum(
            any(str(data.get(key)) == str(user_id) for key in keys)
            for data in (row.get_decoded() for row in Session.objects.all())
        )

    client.force_login(alice)
    alice_id = alice.pk
    assert sessions_of(alice_id) == 2
    response = client.post(reverse("matching:erase"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    assert sessions_of(alice_id) == 0
    assert sessions_of(bob.pk) == 1  # nobody else is logged out
    assert phone.get(reverse("matching:my_profile")).status_code == 302


class _FormValues(HTMLParser):
    """The values a browser would send back for the first form with a `source` field, as rendered."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.values[name] = attrs.get("value") or ""
        elif tag == "input" and name and "checked" in attrs:
            self.values[name] = attrs.get("value") or "on"
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def test_the_professional_saves_the_profile_form_unchanged(client, bob, case):
    """Dates render as YYYY-MM-DD, the only format <input type="date"> shows, so saving as is works."""
    client.force_login(bob)
    url = reverse("matching:client_profile_edit", args=[case.pk])
    assert client.post(url, FML_POST).status_code == 302
    html = client.get(url).content.decode()
    assert re.search(r'type="date" name="assessed_on" value="2026-10-01"', html)
    parser = _FormValues()
    parser.feed(html)
    rendered = {name: value for name, value in parser.values.items() if name != "csrfmiddlewaretoken"}
    assert rendered["valid_from"] == "2026-10-05" and rendered["review_on"] == "2027-04-01"
    response = client.post(url, rendered)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CapacityProfileVersion.objects.count() == 2


def test_the_version_history_names_what_changed_in_words(client, bob, case):
    client.force_login(bob)
    client.post(reverse("matching:client_profile_edit", args=[case.pk]), FML_POST)
    html = client.get(reverse("pages:client_detail", args=[case.pk])).content.decode()
    history = html.split('id="history-title"')[1]
    assert "hours.per_week" not in history and "IV.13" not in history
    assert "uren per week nu" in history and "Tillen" in history


def test_the_access_log_groups_repeated_views(client, alice, bob, case):
    """Ten page views by the professional on one day are one line with a count, so a change stands out."""
    client.force_login(bob)
    client.post(reverse("matching:client_profile_edit", args=[case.pk]), FML_POST)
    for _ in range(10):
        client.get(reverse("pages:client_detail", args=[case.pk]))
    client.force_login(alice)
    html = client.get(reverse("matching:access_log")).content.decode()
    rows = re.findall(r"<tr[ >].*?</tr>", re.split(r"<tbody[ >]", html)[1], flags=re.S)
    views = [row for row in rows if "bob@example.nl" in row and "bekeken" in row]
    assert len(views) == 1 and int(re.search(r"\((\d+) keer", views[0]).group(1)) >= 10
    assert any("uw professional heeft uw profiel gewijzigd" in row for row in rows)
    assert len(rows) <= 4  # the change, the grouped views, and at most her own visit(s)
