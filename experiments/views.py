import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.views import call_service
from experiments import figures, permissions, services
from experiments.forms import CaseNetworkForm, ExperimentForm
from experiments.models import Assignment, Experiment
from matching.selectors import own_active_case
from network.models import Role
from network.permissions import role_required


def _experiments_for(user):
    return Experiment.objects.filter(network__in=permissions.networks_for(user)).select_related("network")


@permissions.experimenter_required
def experiment_list(request):
    networks = permissions.networks_for(request.user).order_by("name").prefetch_related("experiments")
    return render(request, "experiments/list.html", {"networks": networks})


@require_http_methods(["GET", "POST"])
@permissions.experimenter_required
def experiment_create(request, network_id):
    network = get_object_or_404(permissions.networks_for(request.user), pk=network_id)
    form = ExperimentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            request,
            lambda: services.create_experiment(
                network=network,
                by=request.user,
                name=data["name"],
                arms=data["arms"],
                consent_text=data["consent_text"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            ),
            form=form,
            success=lambda experiment: _("The experiment %(name)s has been saved.") % {"name": experiment.name},
        )
        if done:
            return redirect("experiments:detail", done.value.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "experiments/create.html",
        {"form": form, "network": network, "parts": figures.component_labels()},
        status=status,
    )


@permissions.experimenter_required
def experiment_detail(request, pk):
    experiment = get_object_or_404(_experiments_for(request.user), pk=pk)
    return render(
        request,
        "experiments/detail.html",
        {
            "experiment": experiment,
            "arms": figures.arm_figures(experiment),
            "may_download": permissions.can_download_figures(request.user),
        },
    )


@require_http_methods(["POST"])
@permissions.experimenter_required
def experiment_stop(request, pk):
    experiment = get_object_or_404(_experiments_for(request.user), pk=pk)
    call_service(
        request,
        lambda: services.stop_experiment(experiment=experiment, by=request.user),
        success=_("The experiment %(name)s has been stopped. Everyone now sees the normal order.")
        % {"name": experiment.name},
    )
    return redirect("experiments:detail", experiment.pk)


@permissions.experimenter_required
def experiment_csv(request, pk):
    if not permissions.can_download_figures(request.user):
        raise PermissionDenied(_("Only staff can download the figures."))
    experiment = get_object_or_404(Experiment, pk=pk)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(figures.csv_rows(experiment))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"experiment-{experiment.pk}-{slugify(experiment.name) or 'figures'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["POST"])
@role_required(Role.WORKER)
def withdraw(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.filter(case__worker=request.user).select_related("experiment"), pk=pk
    )
    call_service(
        request,
        lambda: services.withdraw(assignment=assignment, by=request.user),
        success=_("You no longer take part in %(name)s. From now on you see the normal order of vacancies.")
        % {"name": assignment.experiment.name},
    )
    return redirect(_own_page(request, request.POST.get("next", "")) or "matching:my_profile")


def _own_page(request, target: str) -> str | None:
    """`target` if it is a plain path on this site (where the worker pressed the button), else None."""
    if target.startswith("/") and target.isprintable() and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return None


@require_http_methods(["POST"])
@role_required(Role.PROFESSIONAL)
def case_network(request, pk):
    case = own_active_case(request.user, pk)
    form = CaseNetworkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the networks in the list."))
        return redirect("pages:client_detail", case.pk)
    network = form.cleaned_data["network"]
    call_service(
        request,
        lambda: services.set_case_network(case=case, network=network, by=request.user),
        success=(
            _("%(client)s now searches in %(network)s.") % {"client": case.worker, "network": network}
            if network
            else _("%(client)s no longer searches in a particular network.") % {"client": case.worker}
        ),
    )
    return redirect("pages:client_detail", case.pk)
