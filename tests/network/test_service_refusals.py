"""Every refusal of network/services.py: registering and claiming employers, memberships, staff invitations.

Each test calls the service as someone it must refuse and checks that the rows are exactly as before;
the page tests at the end go through the views that expose these services.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from listings.models import Vacancy
from network import services
from network.models import Employer, EmployerClaim, EmployerStaff, Membership, Role, StaffInvitation
from tests.listings.factories import VacancyFactory
from tests.network.factories import (
    EmployerFactory,
    EmployerStaffFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def rows(model, *fields):
    return list(model.objects.order_by("pk").values_list("pk", *fields))


def staff_rows():
    return rows(EmployerStaff, "employer_id", "user_id", "is_admin")


def membership_rows():
    return rows(
        Membership,
        "employer_id",
        "network_id",
        "status",
        "decided_by",
        "decided_at",
        "decision_reason",
        "verified_at",
        "verified_by",
        "billing_status",
        "applied_at",
        "statement",
    )


def claim_rows():
    return rows(EmployerClaim, "status", "decided_by", "decided_at")


@pytest.fixture
def nina(db):
    """An employer account that works for nobody yet."""
    return UserFactory(email="nina@example.nl", first_name="Nina", role=Role.EMPLOYER)


@pytest.fixture
def named(alice, bob, carol, dave, erin, nina, refused_coordinators):
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dave": dave,
        "erin": erin,
        "nina": nina,
        **refused_coordinators,
    }


# --- registering and claiming an employer: employer accounts only -------------------------------------

NOT_EMPLOYERS = ["alice", "bob", "dave", "erin", "deactivated employer account"]


def _actor(named, who):
    if who == "deactivated employer account":
        return UserFactory(role=Role.EMPLOYER, is_active=False)
    return named[who]


@pytest.mark.parametrize("who", NOT_EMPLOYERS)
def test_employer_register_refuses(who, named):
    before = (rows(Employer, "kvk_number"), staff_rows())
    with pytest.raises(PermissionDenied):
        services.employer_register(
            by=_actor(named, who), name="Nieuw BV", kvk_number="87654321", municipality="Utrecht"
        )
    assert (rows(Employer, "kvk_number"), staff_rows()) == before


def test_an_employer_account_registers(nina):
    employer = services.employer_register(by=nina, name="Nieuw BV", kvk_number="87654321", municipality="Utrecht")
    assert employer.staff_links.get().user == nina


@pytest.mark.parametrize("who", NOT_EMPLOYERS)
def test_employer_claim_refuses(who, named, carol_link):
    with pytest.raises(PermissionDenied):
        services.employer_claim(employer=carol_link.employer, by=_actor(named, who), message="Mag ik erbij?")
    assert not EmployerClaim.objects.exists()


# --- deciding a claim: the employer's staff managers, or (without one) its network's coordinators -----


@pytest.fixture
def managed_claim(carol_link, nina):
    """Nina asks to join Carol's employer, which has a staff manager (Carol)."""
    return EmployerClaim.objects.create(employer=carol_link.employer, user=nina, message="Ik ben nieuw.")


@pytest.fixture
def unmanaged(network_a):
    """An employer in network A without a staff manager: its coordinators decide on claims."""
    employer = EmployerFactory(name="Zonder Beheerder BV")
    MembershipFactory(employer=employer, network=network_a)
    return employer


@pytest.fixture
def unmanaged_claim(unmanaged, nina):
    return EmployerClaim.objects.create(employer=unmanaged, user=nina, message="Ik ben nieuw.")


def _assert_claim_untouched(claim, before):
    assert claim_rows() == before[0] and staff_rows() == before[1]
    claim.refresh_from_db()
    assert claim.status == EmployerClaim.Status.OPEN


MANAGED_REFUSED = {
    "staff member who is not a manager": lambda f, e: EmployerStaffFactory(employer=e, is_admin=False).user,
    "manager of another employer": lambda f, e: EmployerStaffFactory().user,
    "coordinator of the network, while the employer has a manager": lambda f, e: f["dave"],
    "the person who asked": lambda f, e: f["nina"],
    "worker": lambda f, e: f["alice"],
    "site staff": lambda f, e: f["erin"],
    "deactivated manager": lambda f, e: EmployerStaffFactory(employer=e, user__is_active=False).user,
}


@pytest.mark.parametrize("who", MANAGED_REFUSED)
def test_claim_decide_refuses_for_a_managed_employer(who, named, managed_claim):
    actor = MANAGED_REFUSED[who](named, managed_claim.employer)
    before = (claim_rows(), staff_rows())
    with pytest.raises(PermissionDenied):
        services.employer_claim_decide(claim=managed_claim, by=actor, accept=True)
    _assert_claim_untouched(managed_claim, before)


def _coordinator_of_ended_membership(named, employer):
    coordinator = UserFactory(role=Role.COORDINATOR, mfa=True)
    network = NetworkFactory()
    network.coordinators.add(coordinator)
    MembershipFactory(employer=employer, network=network, status=Membership.Status.ENDED)
    return coordinator


UNMANAGED_REFUSED = {
    "coordinator without two-step verification": lambda f, e: f["coordinator without two-step verification"],
    "deactivated coordinator": lambda f, e: f["deactivated coordinator"],
    "coordinator of another network": lambda f, e: f["coordinator of another network"],
    "coordinator of a network the employer left": _coordinator_of_ended_membership,
    "staff member who is not a manager": lambda f, e: EmployerStaffFactory(employer=e, is_admin=False).user,
    "manager of another employer": lambda f, e: f["carol"],
    "professional": lambda f, e: f["bob"],
}


@pytest.mark.parametrize("who", UNMANAGED_REFUSED)
def test_claim_decide_refuses_for_an_employer_without_a_manager(who, named, unmanaged_claim):
    actor = UNMANAGED_REFUSED[who](named, unmanaged_claim.employer)
    before = (claim_rows(), staff_rows())
    with pytest.raises(PermissionDenied):
        services.employer_claim_decide(claim=unmanaged_claim, by=actor, accept=True)
    _assert_claim_untouched(unmanaged_claim, before)


def test_the_deciders_do_decide(carol, dave, managed_claim, unmanaged_claim):
    """The baseline the refusals are measured against."""
    assert services.employer_claim_decide(claim=managed_claim, by=carol, accept=True).status == "accepted"
    assert services.employer_claim_decide(claim=unmanaged_claim, by=dave, accept=True).status == "accepted"


# --- applying to a network: the employer's own staff ----------------------------------------------------

APPLICANTS_REFUSED = {
    "staff of another employer": lambda f, e: f["carol"],
    "employer account that works for nobody": lambda f, e: f["nina"],
    "worker": lambda f, e: f["alice"],
    "coordinator of the network": lambda f, e: f["coordinator of another network"],
    "deactivated staff member": lambda f, e: EmployerStaffFactory(employer=e, user__is_active=False).user,
    "staff member who lost the employer role": lambda f, e: (
        EmployerStaffFactory(employer=e, user__role=Role.WORKER).user
    ),
}


@pytest.mark.parametrize("who", APPLICANTS_REFUSED)
def test_membership_apply_refuses(who, named, network_b):
    employer = EmployerFactory()
    ended = MembershipFactory(employer=employer, network=NetworkFactory(), status=Membership.Status.ENDED)
    actor = APPLICANTS_REFUSED[who](named, employer)
    before = membership_rows()
    for network in (network_b, ended.network):  # a new application, and one over an ended membership
        with pytest.raises(PermissionDenied):
            services.membership_apply(
                employer=employer, network=network, by=actor, offers=["buddy"], statement="Wij doen mee."
            )
    assert membership_rows() == before


# --- a network's decisions on its members: its coordinators with two-step verification -----------------

MODERATORS_REFUSED = [
    "coordinator of another network",
    "coordinator without two-step verification",
    "deactivated coordinator",
    "carol",
    "bob",
    "erin",
]


@pytest.fixture
def applied(network_a):
    return MembershipFactory(network=network_a, status=Membership.Status.APPLIED, statement="Wij doen mee.")


@pytest.fixture
def active_member(carol_link, network_a):
    membership = Membership.objects.get(employer=carol_link.employer, network=network_a)
    VacancyFactory(employer=carol_link.employer, network=network_a, status=Vacancy.Status.PUBLISHED)
    return membership


@pytest.mark.parametrize("who", MODERATORS_REFUSED)
def test_membership_decide_refuses(who, named, applied, active_member):
    before = (membership_rows(), rows(Vacancy, "status"))
    for membership, action in ((applied, "accept"), (active_member, "suspend"), (active_member, "end")):
        with pytest.raises(PermissionDenied):
            services.membership_decide(membership=membership, action=action, by=named[who], reason="Daarom.")
    assert (membership_rows(), rows(Vacancy, "status")) == before


@pytest.mark.parametrize("who", MODERATORS_REFUSED)
def test_membership_verify_refuses(who, named, active_member):
    before = membership_rows()
    with pytest.raises(PermissionDenied):
        services.membership_verify(membership=active_member, by=named[who], verified=True)
    assert membership_rows() == before


@pytest.mark.parametrize("who", MODERATORS_REFUSED)
def test_membership_mark_invoiced_refuses(who, named, active_member):
    before = membership_rows()
    with pytest.raises(PermissionDenied):
        services.membership_mark_invoiced(membership=active_member, by=named[who], invoiced=True)
    assert membership_rows() == before


def test_the_coordinator_of_the_network_does_decide(dave, applied, active_member):
    """The baseline the refusals are measured against."""
    assert services.membership_decide(membership=applied, action="accept", by=dave).status == "active"
    assert services.membership_verify(membership=active_member, by=dave).verified_at is not None
    invoiced = services.membership_mark_invoiced(membership=active_member, by=dave)
    assert invoiced.billing_status == Membership.Billing.INVOICED_OFFLINE


# --- accepting a staff invitation: the invited address, an account that can join an employer ----------


@pytest.fixture
def invitation(carol, carol_link):
    return StaffInvitation.objects.create(employer=carol_link.employer, email="nieuw@example.nl", invited_by=carol)


def test_staff_invitation_accept_refuses_another_address(invitation, nina):
    before = staff_rows()
    with pytest.raises(ValidationError):
        services.staff_invitation_accept(invitation=invitation, user=nina)
    assert staff_rows() == before
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.COORDINATOR])
def test_staff_invitation_accept_refuses_accounts_that_cannot_join(role, invitation):
    user = UserFactory(email=invitation.email, role=role, mfa=True)
    before = staff_rows()
    with pytest.raises(ValidationError):
        services.staff_invitation_accept(invitation=invitation, user=user)
    assert staff_rows() == before
    user.refresh_from_db()
    assert user.role == role


def test_staff_invitation_accept_refuses_a_used_invitation(invitation, nina):
    invitee = UserFactory(email=invitation.email, role=Role.WORKER)
    services.staff_invitation_accept(invitation=invitation, user=invitee)
    before = staff_rows()
    with pytest.raises(ValidationError):
        services.staff_invitation_accept(invitation=invitation, user=invitee)
    assert staff_rows() == before


# --- through the pages -----------------------------------------------------------------------------------


def test_pages_refuse_registering_and_claiming_to_a_worker(client, alice, carol_link):
    client.force_login(alice)
    response = client.post(
        reverse("network:employer_register"), {"name": "Nieuw BV", "kvk_number": "87654321", "municipality": "Utrecht"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("network:employer_claim", args=[carol_link.employer.kvk_number]), {"message": "Mag ik erbij?"}
    )
    assert response.status_code == 403
    assert not Employer.objects.filter(kvk_number="87654321").exists()
    assert not EmployerClaim.objects.exists()


def test_pages_refuse_a_claim_decision_to_a_staff_member_who_is_not_a_manager(client, managed_claim):
    colleague = EmployerStaffFactory(employer=managed_claim.employer, is_admin=False).user
    before = (claim_rows(), staff_rows())
    client.force_login(colleague)
    url = reverse("network:claim_decide", args=[managed_claim.pk])
    assert client.post(url, {f"c{managed_claim.pk}-reason": "", "accept": ""}).status_code == 404
    client.force_login(managed_claim.user)  # the person who asked: an employer account, not a manager here
    assert client.post(url, {f"c{managed_claim.pk}-reason": "", "accept": ""}).status_code == 404
    _assert_claim_untouched(managed_claim, before)


def test_pages_refuse_an_application_for_someone_elses_employer(client, carol, network_b):
    other = EmployerFactory()
    client.force_login(carol)
    prefix = f"apply-{other.pk}"
    response = client.post(
        reverse("network:membership_apply", args=[other.pk]),
        {f"{prefix}-network": network_b.pk, f"{prefix}-statement": "Wij doen mee."},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(employer=other).exists()


def test_pages_refuse_membership_decisions_to_outsiders(client, carol, named, active_member):
    before = membership_rows()
    client.force_login(carol)
    for name in ("membership_decide", "membership_verify", "membership_invoiced"):
        response = client.post(
            reverse(f"network:{name}", args=[active_member.pk]),
            {"suspend": "", f"m{active_member.pk}-reason": "Daarom."},
        )
        assert response.status_code == 403, name
    client.force_login(named["coordinator of another network"])
    for name in ("membership_decide", "membership_verify", "membership_invoiced"):
        response = client.post(
            reverse(f"network:{name}", args=[active_member.pk]),
            {"suspend": "", f"m{active_member.pk}-reason": "Daarom."},
        )
        assert response.status_code == 404, name
    assert membership_rows() == before


def test_pages_refuse_staff_invitations_from_a_staff_member_who_is_not_a_manager(client, carol_link):
    """network.services.staff_invite has no guard of its own: the page is the only check."""
    colleague = EmployerStaffFactory(employer=carol_link.employer, is_admin=False).user
    client.force_login(colleague)
    response = client.post(
        reverse("network:staff_invite", args=[carol_link.employer.pk]), {"email": "nieuw@example.nl"}
    )
    assert response.status_code == 403
    assert not StaffInvitation.objects.exists()
