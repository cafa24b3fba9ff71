from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.views import call_service
from network import permissions, selectors, services
from network.forms import (
    ClaimDecisionForm,
    EmployerClaimForm,
    EmployerRegistrationForm,
    MembershipApplicationForm,
    MembershipDecisionForm,
    StaffInvitationForm,
)
from network.models import Employer, Membership, Role, StaffInvitation

ROLE_HOMES = {
    Role.WORKER: "matching:my_profile",
    Role.PROFESSIONAL: "matching:clients",
    Role.EMPLOYER: "network:employer_home",
    Role.COORDINATOR: "pages:coordinator_home",
}


@login_required
def dashboard(request):
    return redirect(ROLE_HOMES[request.user.role])


@login_required
def account(request):
    """Everything about the account in one place: e-mail, password, two-step verification, and for a
    worker their data (access log, export, erasure)."""
    user = request.user
    return render(
        request,
        "network/account.html",
        {
            "has_mfa": permissions.has_mfa(user),
            "needs_mfa": permissions.needs_mfa(user),
            "is_worker": permissions.has_role(user, Role.WORKER),
        },
    )


def _employer_sections(user, bound_form=None):
    """Per employer of this user: the staff link and a form to apply to another network."""
    sections = []
    for link in selectors.staff_links_for(user):
        form = MembershipApplicationForm(employer=link.employer, prefix=f"apply-{link.employer_id}")
        if bound_form is not None and bound_form.prefix == form.prefix:
            form = bound_form
        sections.append({"link": link, "apply_form": form})
    return sections


@permissions.role_required(Role.EMPLOYER)
def employer_home(request):
    return render(
        request,
        "network/employer_home.html",
        {
            "staff_links": selectors.staff_links_for(request.user),
            "sections": _employer_sections(request.user),
            "invite_form": StaffInvitationForm(),
            "claims_waiting": selectors.claims_to_decide_for(request.user).count(),
            "own_claims": request.user.employer_claims.select_related("employer")[:10],
        },
    )


@require_http_methods(["POST"])
@permissions.role_required(Role.EMPLOYER)
def membership_apply(request, employer_id):
    employer = get_object_or_404(Employer, pk=employer_id)
    if not permissions.is_staff_of(request.user, employer):
        raise PermissionDenied(_("You do not work for this employer."))
    form = MembershipApplicationForm(request.POST, employer=employer, prefix=f"apply-{employer.pk}")
    if form.is_valid():
        done = call_service(
            request,
            lambda: services.membership_apply(employer=employer, by=request.user, **form.cleaned_data),
            form=form,
            success=_("%(employer)s has applied to %(network)s. The coordinator will decide.")
            % {"employer": employer, "network": form.cleaned_data["network"]},
        )
        if done:
            return redirect("network:employer_home")
    return render(
        request,
        "network/employer_home.html",
        {
            "staff_links": selectors.staff_links_for(request.user),
            "sections": _employer_sections(request.user, bound_form=form),
            "invite_form": StaffInvitationForm(),
        },
        status=400,
    )


@permissions.role_required(Role.COORDINATOR)
def members(request):
    rows = [
        {
            "membership": membership,
            "form": MembershipDecisionForm(prefix=f"m{membership.pk}"),
            "actions": [
                action
                for action, (sources, _target, _reason) in services.MEMBERSHIP_ACTIONS.items()
                if membership.status in sources
            ],
        }
        for membership in selectors.memberships_for(request.user)
    ]
    return render(
        request,
        "network/members.html",
        {"rows": rows, "claims_waiting": selectors.claims_to_decide_for(request.user).count()},
    )


@require_http_methods(["POST"])
@permissions.role_required(Role.COORDINATOR)
def membership_decide(request, pk):
    membership = get_object_or_404(selectors.memberships_for(request.user), pk=pk)
    action = next((name for name in services.MEMBERSHIP_ACTIONS if name in request.POST), None)
    form = MembershipDecisionForm(request.POST, prefix=f"m{membership.pk}")
    if action is None or not form.is_valid():
        messages.error(request, _("Choose what to do with this membership."))
        return redirect("network:members")
    call_service(
        request,
        lambda: services.membership_decide(
            membership=membership, action=action, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("%(employer)s in %(network)s: %(status)s.")
        % {
            "employer": membership.employer,
            "network": membership.network,
            "status": Membership.Status(services.MEMBERSHIP_ACTIONS[action][1]).label.lower(),
        },
    )
    return redirect("network:members")


@require_http_methods(["POST"])
@permissions.role_required(Role.EMPLOYER)
def staff_invite(request, employer_id):
    employer = get_object_or_404(Employer, pk=employer_id)
    if not permissions.can_manage_staff(request.user, employer):
        raise PermissionDenied(_("Only the staff managers of this employer can invite colleagues."))
    form = StaffInvitationForm(request.POST)
    if form.is_valid():
        done = call_service(
            request,
            lambda: services.staff_invite(employer=employer, email=form.cleaned_data["email"], by=request.user),
            form=form,
            success=_("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        if done:
            return redirect("network:employer_home")
    return render(
        request,
        "network/employer_home.html",
        {"staff_links": selectors.staff_links_for(request.user), "invite_form": form, "invite_employer": employer},
        status=400,
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = get_object_or_404(StaffInvitation.objects.select_related("employer"), token=token)
    if not request.user.is_authenticated:
        messages.info(request, _("Log in or create an account with %(email)s to accept.") % {"email": invitation.email})
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        done = call_service(
            request,
            lambda: services.staff_invitation_accept(invitation=invitation, user=request.user),
            success=_("You now work with %(employer)s.") % {"employer": invitation.employer},
        )
        if not done:
            return render(request, "network/accept_invitation.html", {"invitation": invitation}, status=400)
        return redirect("network:employer_home")
    return render(request, "network/accept_invitation.html", {"invitation": invitation})


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.EMPLOYER)
def employer_register(request):
    form = EmployerRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            request,
            lambda: services.employer_register(by=request.user, **form.employer_fields()),
            form=form,
            success=lambda employer: (
                _("%(employer)s is registered. Now apply to join a network.") % {"employer": employer}
            ),
        )
        if done:
            return redirect("network:employer_home")
    existing = None
    if form.has_error("kvk_number", "exists"):
        existing = Employer.objects.filter(
            kvk_number=form.cleaned_data.get("kvk_number") or form.data.get("kvk_number", "").strip()
        ).first()
    status = 400 if request.method == "POST" else 200
    return render(request, "network/employer_register.html", {"form": form, "existing": existing}, status=status)


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.EMPLOYER)
def employer_claim(request, kvk_number):
    employer = get_object_or_404(Employer, kvk_number=kvk_number)
    form = EmployerClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            request,
            lambda: services.employer_claim(employer=employer, by=request.user, message=form.cleaned_data["message"]),
            form=form,
            success=_("Your request has been sent. You will get an e-mail when %(employer)s has answered.")
            % {"employer": employer},
        )
        if done:
            return redirect("network:employer_home")
    status = 400 if form.errors else 200
    return render(request, "network/employer_claim.html", {"form": form, "employer": employer}, status=status)


@permissions.role_required(Role.EMPLOYER, Role.COORDINATOR)
def claims(request):
    rows = [
        {"claim": claim, "form": ClaimDecisionForm(prefix=f"c{claim.pk}")}
        for claim in selectors.claims_to_decide_for(request.user)
    ]
    return render(request, "network/claims.html", {"rows": rows})


@require_http_methods(["POST"])
@permissions.role_required(Role.EMPLOYER, Role.COORDINATOR)
def claim_decide(request, pk):
    claim = get_object_or_404(selectors.claims_to_decide_for(request.user), pk=pk)
    form = ClaimDecisionForm(request.POST, prefix=f"c{claim.pk}")
    accept = "accept" in request.POST
    if not form.is_valid() or not (accept or "decline" in request.POST):
        messages.error(request, _("Choose to accept or decline."))
        return redirect("network:claims")
    text = _("%(person)s now works for %(employer)s.") if accept else _("You declined the request of %(person)s.")
    call_service(
        request,
        lambda: services.employer_claim_decide(
            claim=claim, by=request.user, accept=accept, reason=form.cleaned_data["reason"]
        ),
        success=text % {"person": claim.user, "employer": claim.employer},
    )
    return redirect("network:claims")


@require_http_methods(["POST"])
@permissions.role_required(Role.COORDINATOR)
def membership_verify(request, pk):
    membership = get_object_or_404(selectors.memberships_for(request.user), pk=pk)
    verified = "withdraw" not in request.POST
    text = (
        _("The openness of %(employer)s is verified: its vacancies in %(network)s carry the badge.")
        if verified
        else _("The verification of %(employer)s in %(network)s is withdrawn.")
    )
    call_service(
        request,
        lambda: services.membership_verify(membership=membership, by=request.user, verified=verified),
        success=text % {"employer": membership.employer, "network": membership.network},
    )
    return redirect("network:members")


@require_http_methods(["POST"])
@permissions.role_required(Role.COORDINATOR)
def membership_invoiced(request, pk):
    membership = get_object_or_404(selectors.memberships_for(request.user), pk=pk)
    invoiced = "undo" not in request.POST
    text = (
        _("%(employer)s is invoiced by the network; billing state: invoiced offline.")
        if invoiced
        else _("%(employer)s is no longer marked as invoiced offline.")
    )
    call_service(
        request,
        lambda: services.membership_mark_invoiced(membership=membership, by=request.user, invoiced=invoiced),
        success=text % {"employer": membership.employer},
    )
    return redirect("network:members")
