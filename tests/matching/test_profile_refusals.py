"""Every refusal of matching/profiles.py, the only way into capacity (health) data.

Each guard (`open_profile`, `save_profile`, `profile_history`) is called by someone it must refuse; the
test checks the refusal *and* that nothing was read or written: no access-log entry, no new version, the
stored profile unchanged. tests/guard_check.py removes each guard in turn and expects these to fail.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from matching.models import AccessLogEntry, CapacityProfile, CapacityProfileVersion, Case, Source
from matching.profiles import open_profile, profile_history, save_profile
from network.models import Role
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(alice, bob, case):
    """Alice's profile, entered by Bob (her professional) as a company doctor's assessment."""
    return save_profile(
        alice,
        by=bob,
        levels={"IV.13": 1},
        limitations={"IV.13": "alleen licht werk"},
        source=Source.COMPANY_DOCTOR,
        purpose="client_edit",
    )


def snapshot(worker):
    """What a refused call must leave exactly as it was."""
    profile = CapacityProfile.objects.filter(worker=worker).first()
    return {
        "log": list(AccessLogEntry.objects.values_list("pk", flat=True)),
        "versions": list(CapacityProfileVersion.objects.values_list("pk", flat=True)),
        "profile": None if profile is None else (profile.version, profile.source, profile.sealed, profile.updated_at),
    }


def _professional_with_case(alice, status, **user):
    professional = UserFactory(role=Role.PROFESSIONAL, **{"mfa": True, **user})
    Case.objects.create(
        professional=professional,
        worker=None if status == Case.Status.INVITED else alice,
        invited_email=alice.email,
        status=status,
    )
    return professional


def _end(case):
    case.status = Case.Status.ENDED
    case.save()
    return case.professional


# Everyone who must not open Alice's profile. Each builds the actor from the named fixtures.
REFUSED_READERS = {
    "anonymous": lambda f: AnonymousUser(),
    "another worker": lambda f: UserFactory(role=Role.WORKER),
    "employer staff (carol)": lambda f: f["carol"],
    "coordinator with two-step verification (dave)": lambda f: f["dave"],
    "site staff and superuser (erin)": lambda f: f["erin"],
    "professional without a case": lambda f: UserFactory(role=Role.PROFESSIONAL, mfa=True),
    "professional whose invitation is pending": lambda f: _professional_with_case(f["alice"], Case.Status.INVITED),
    "professional whose invitation was declined": lambda f: _professional_with_case(f["alice"], Case.Status.DECLINED),
    "professional whose case ended (bob)": lambda f: _end(f["case"]),
    "professional with an active case but no two-step verification": lambda f: _professional_with_case(
        f["alice"], Case.Status.ACTIVE, mfa=False
    ),
    "deactivated professional with an active case": lambda f: _professional_with_case(
        f["alice"], Case.Status.ACTIVE, is_active=False
    ),
    "a coordinator with an active case": lambda f: _coordinator_with_case(f["alice"]),
}


def _coordinator_with_case(alice):
    coordinator = _professional_with_case(alice, Case.Status.ACTIVE)
    coordinator.role = Role.COORDINATOR
    coordinator.save()
    return coordinator


@pytest.fixture
def named(alice, bob, carol, dave, erin, case):
    return {"alice": alice, "bob": bob, "carol": carol, "dave": dave, "erin": erin, "case": case}


def test_the_allowed_readers_do_read(alice, bob, assessed):
    """The baseline the refusals are measured against: Alice and Bob (active case, TOTP) open it, audited."""
    assert open_profile(alice, by=alice, purpose="own_view").levels == {"IV.13": 1}
    assert open_profile(alice, by=bob, purpose="client_view").levels == {"IV.13": 1}
    assert len(profile_history(alice, by=bob, purpose="client_view")) == 1
    assert AccessLogEntry.objects.filter(worker=alice, action=AccessLogEntry.Action.READ).count() == 3


@pytest.mark.parametrize("who", REFUSED_READERS)
def test_open_profile_refuses(who, named, assessed):
    actor = REFUSED_READERS[who](named)
    before = snapshot(named["alice"])
    with pytest.raises(PermissionDenied):
        open_profile(named["alice"], by=actor, purpose="client_view")
    assert snapshot(named["alice"]) == before


@pytest.mark.parametrize("who", REFUSED_READERS)
def test_profile_history_refuses(who, named, assessed):
    actor = REFUSED_READERS[who](named)
    before = snapshot(named["alice"])
    with pytest.raises(PermissionDenied):
        profile_history(named["alice"], by=actor, purpose="client_view")
    assert snapshot(named["alice"]) == before


def test_a_worker_who_is_no_longer_a_worker_cannot_open_their_own_profile(alice, assessed):
    alice.role = Role.EMPLOYER
    alice.save()
    with pytest.raises(PermissionDenied):
        open_profile(alice, by=alice, purpose="own_view")
    with pytest.raises(PermissionDenied):
        profile_history(alice, by=alice, purpose="own_view")
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.READ).exists()


def test_open_profile_refuses_without_a_worker(bob):
    with pytest.raises(PermissionDenied):
        open_profile(None, by=bob, purpose="client_view")


@pytest.mark.parametrize("who", REFUSED_READERS)
def test_save_profile_refuses_whoever_may_not_read(who, named, assessed):
    actor = REFUSED_READERS[who](named)
    before = snapshot(named["alice"])
    with pytest.raises(PermissionDenied):
        save_profile(named["alice"], by=actor, levels={"IV.13": 3}, source=Source.PROFESSIONAL, purpose="client_edit")
    assert snapshot(named["alice"]) == before


def test_a_professional_cannot_pass_an_assessment_off_as_self_reported(alice, bob, assessed):
    before = snapshot(alice)
    with pytest.raises(PermissionDenied):
        save_profile(alice, by=bob, levels={"IV.13": 3}, source=Source.SELF, purpose="client_edit")
    assert snapshot(alice) == before


def test_a_guided_worker_cannot_self_assess(alice, case):
    """While a professional guides her, the professional keeps the profile: her own answers are refused."""
    with pytest.raises(PermissionDenied):
        save_profile(alice, by=alice, levels={"IV.13": 3}, source=Source.SELF, purpose="self_assessment")
    assert snapshot(alice) == {"log": [], "versions": [], "profile": None}


def test_a_worker_cannot_overwrite_an_assessment_after_the_case_ended(alice, case, assessed):
    _end(case)
    before = snapshot(alice)
    with pytest.raises(PermissionDenied):
        save_profile(alice, by=alice, levels={"IV.13": 3}, source=Source.SELF, purpose="self_assessment")
    assert snapshot(alice) == before


def test_a_worker_cannot_claim_a_doctors_assessment(alice):
    with pytest.raises(PermissionDenied):
        save_profile(alice, by=alice, levels={"IV.13": 3}, source=Source.COMPANY_DOCTOR, purpose="self_assessment")
    assert snapshot(alice) == {"log": [], "versions": [], "profile": None}


def test_an_unguided_worker_does_self_assess(alice):
    """The baseline for the three refusals above."""
    save_profile(alice, by=alice, levels={"IV.13": 3}, source=Source.SELF, purpose="self_assessment")
    assert CapacityProfile.objects.get(worker=alice).version == 1


# --- through the pages -----------------------------------------------------------------------------------


def test_the_client_pages_refuse_after_the_case_ended(client, bob, alice, case, assessed):
    _end(case)
    before = snapshot(alice)
    client.force_login(bob)
    assert client.get(reverse("pages:client_detail", args=[case.pk])).status_code == 403
    assert client.get(reverse("pages:client_report", args=[case.pk])).status_code == 403
    response = client.post(reverse("matching:client_profile_edit", args=[case.pk]), {"source": Source.PROFESSIONAL})
    assert response.status_code == 403
    assert snapshot(alice) == before


def test_the_client_pages_refuse_another_role(client, carol, alice, case, assessed):
    before = snapshot(alice)
    client.force_login(carol)
    assert client.get(reverse("pages:client_detail", args=[case.pk])).status_code == 403
    assert snapshot(alice) == before
