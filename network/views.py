from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from network import permissions, selectors, services
from network.forms import StaffInvitationForm
from network.models import Employer, Role, StaffInvitation

ROLE_HOMES = {
    Role.WORKER: "network:worker_home",
    Role.PROFESSIONAL: "network:professional_home",
    Role.EMPLOYER: "network:employer_home",
    Role.COORDINATOR: "network:coordinator_home",
}


@login_required
def dashboard(request):
    return redirect(ROLE_HOMES[request.user.role])


@permissions.role_required(Role.WORKER)
def worker_home(request):
    return render(request, "network/worker_home.html")


@permissions.role_required(Role.PROFESSIONAL)
def professional_home(request):
    return render(request, "network/professional_home.html")


@permissions.role_required(Role.EMPLOYER)
def employer_home(request):
    return render(
        request,
        "network/employer_home.html",
        {"staff_links": selectors.staff_links_for(request.user), "invite_form": StaffInvitationForm()},
    )


@permissions.role_required(Role.COORDINATOR)
def coordinator_home(request):
    return render(request, "network/coordinator_home.html", {"networks": selectors.networks_for(request.user)})


@require_http_methods(["POST"])
@permissions.role_required(Role.EMPLOYER)
def staff_invite(request, employer_id):
    employer = get_object_or_404(Employer, pk=employer_id)
    if not permissions.can_manage_staff(request.user, employer):
        raise PermissionDenied(_("Only the staff managers of this employer can invite colleagues."))
    form = StaffInvitationForm(request.POST)
    if form.is_valid():
        try:
            services.staff_invite(employer=employer, email=form.cleaned_data["email"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_valid():
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
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
        try:
            services.staff_invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return render(request, "network/accept_invitation.html", {"invitation": invitation}, status=400)
        messages.success(request, _("You now work with %(employer)s.") % {"employer": invitation.employer})
        return redirect("network:employer_home")
    return render(request, "network/accept_invitation.html", {"invitation": invitation})
