"""Pages that show more than one app's data: a coordinator's dashboard and a professional's client page."""

from django.shortcuts import render

from core.language import current_language
from experiments.forms import CaseNetworkForm
from experiments.services import assign_on_case_open
from listings.application_views import OutcomeForm
from matching import permissions
from matching.presentation import changed_labels
from matching.profiles import open_profile, profile_history
from matching.selectors import own_active_case
from matching.views import profile_context
from network import selectors
from network.models import Role
from pages.dashboard import network_dashboard as dashboard_for


@permissions.role_required(Role.COORDINATOR)
def coordinator_home(request):
    networks = selectors.networks_for(request.user)
    return render(
        request, "pages/coordinator_home.html", {"dashboards": [dashboard_for(network) for network in networks]}
    )


@permissions.role_required(Role.PROFESSIONAL)
def client_detail(request, pk):
    case = own_active_case(request.user, pk)
    stored = open_profile(case.worker, by=request.user, purpose="client_view")
    history = profile_history(case.worker, by=request.user, purpose="client_view") if stored else []
    for version in history:
        version["changed"] = changed_labels(version["changed"], current_language())
    applications = case.worker.applications.select_related("vacancy__employer")
    assignment = assign_on_case_open(case)  # a case in a network with a running experiment gets its arm now
    return render(
        request,
        "pages/client_detail.html",
        {
            "case": case,
            "assignment": assignment,
            "network_form": CaseNetworkForm(initial={"network": case.network_id}),
            "history": history,
            **profile_context(stored, current_language()),
            "applications": [{"application": a, "form": OutcomeForm(prefix=f"a{a.pk}")} for a in applications],
        },
    )
