"""Job carving over HTTP: the worker shares (or stops sharing) which tasks fit them; the employer sees the
colours and makes a tailored opportunity ('functie op maat') of the green tasks. See `listings.carving`."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.views import call_service
from listings import carving, permissions
from listings.carving_forms import CarvingForm
from listings.models import Application
from matching.occupation_rules import hours_covered
from network.models import Role

WORKER_ACTIONS = {
    "share": (carving.task_colours_share, lambda: _("The employer can now see which tasks fit you.")),
    "withdraw": (
        carving.task_colours_withdraw,
        lambda: _("You no longer share which tasks fit you. The employer no longer sees them."),
    ),
}


def _task_rows(tasks, colours: dict[str, str], week_hours=None) -> list[dict]:
    return [
        {
            "position": task.position,
            "name": task.name,
            "share": task.share,
            "status": colours.get(str(task.position), ""),
            "hours": hours_covered([task.as_task_load()], week_hours) if week_hours else None,
        }
        for task in tasks
    ]


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.WORKER)
def worker_tasks(request, pk):
    """The worker's own reaction: share which tasks fit them with the employer, or stop sharing."""
    application = get_object_or_404(
        Application.objects.of_worker(request.user).select_related("vacancy__employer", "vacancy__occupation"), pk=pk
    )
    if request.method == "POST":
        action = WORKER_ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("Choose whether you share the tasks or stop sharing them."))
        else:
            service, success = action
            call_service(request, lambda: service(application=application, by=request.user), success=success())
        return redirect("listings:application_tasks", pk=application.pk)
    colours = carving.shared_colours(application)
    tasks = list(application.vacancy.occupation.tasks.order_by("position"))
    return render(
        request,
        "listings/carving_worker.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "tasks": _task_rows(tasks, colours),
            "shared": bool(colours),
            "withdrawn": application.outcome == Application.Outcome.WITHDRAWN,
            "tailored": carving.published_for(application),
        },
    )


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.EMPLOYER)
def employer_carving(request, pk):
    """Staff of the vacancy's employer: the tasks that fit the worker (colours only) and the carving form."""
    application = get_object_or_404(
        Application.objects.to_employers_of(request.user).select_related(
            "vacancy__employer", "vacancy__network", "vacancy__occupation"
        ),
        pk=pk,
    )
    vacancy = application.vacancy
    colours = carving.shared_colours(application)
    tasks = list(vacancy.occupation.tasks.order_by("position"))
    green = [task for task in tasks if colours.get(str(task.position)) == carving.GREEN]
    covered = hours_covered([task.as_task_load() for task in green], vacancy.per_week_max)
    form = CarvingForm(
        request.POST if request.method == "POST" and colours else None,
        tasks=tasks,
        initial={
            "tasks": [task.position for task in green],
            "title": _("%(occupation)s (tailored job)") % {"occupation": vacancy.occupation.title},
            "description": _("A job made to measure, with only these tasks: %(tasks)s.")
            % {"tasks": "; ".join(task.name for task in green)},
            "hours": covered,
        },
    )
    if request.method == "POST":
        if not colours:
            messages.error(request, _("The worker does not share which tasks fit them (any more)."))
            return redirect("listings:application_carving", pk=application.pk)
        if form.is_valid():
            made = call_service(
                request,
                lambda: carving.carve_opportunity(application=application, by=request.user, **form.cleaned_data),
                form=form,
                success=lambda new: (
                    _("The tailored job “%(title)s” is made and waits for the coordinator's approval.")
                    % {"title": new.title}
                ),
            )
            if made:
                return redirect("listings:vacancy_preview", pk=made.value.pk)
    return render(
        request,
        "listings/carving_employer.html",
        {
            "application": application,
            "vacancy": vacancy,
            "tasks": _task_rows(tasks, colours, vacancy.per_week_max),
            "shared": bool(colours),
            "green_count": len(green),
            "green_share": min(sum(task.share for task in green), 100),
            "covered": covered,
            "form": form,
            "chosen": form.chosen(),
            "made": application.carved_opportunities.order_by("-created_at"),
        },
        status=400 if form.errors else 200,
    )
