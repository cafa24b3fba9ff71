"""Pages for workers (their profile, preferences, access log, export, erasure) and professionals (clients)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.language import current_language
from core.views import call_service
from matching import permissions, services
from matching.forms import (
    CapacityLevelsForm,
    CaseInvitationForm,
    FmlProfileForm,
    PreferencesForm,
    initial_fml,
    initial_levels,
)
from matching.models import AccessLogEntry, Case, Source, WorkerPreferences
from matching.presentation import discussion_points, hours_lines, profile_sections
from matching.profiles import PURPOSES, open_profile, save_profile
from matching.selectors import own_active_case
from matching.validation import ProfileError, ProfileErrors
from network.models import Role, User

# --- the worker ------------------------------------------------------------------------------------


def profile_context(stored, language):
    if stored is None:
        return {"stored": None}
    return {
        "stored": stored,
        "sections": profile_sections(stored, language),
        "hours": hours_lines(stored),
        "discuss": discussion_points(stored, language),
    }


@permissions.role_required(Role.WORKER)
def my_profile(request):
    user = request.user
    stored = open_profile(user, by=user, purpose="own_view")
    return render(
        request,
        "matching/my_profile.html",
        {
            **profile_context(stored, current_language()),
            "cases": Case.objects.filter(worker=user, status=Case.Status.ACTIVE).select_related("professional"),
            "invitations": Case.objects.filter(
                invited_email__iexact=user.email, status=Case.Status.INVITED
            ).select_related("professional"),
            "can_self_assess": permissions.can_write_capacity(user, user, Source.SELF),
            "preferences": WorkerPreferences.objects.filter(worker=user).first(),
            "applications": user.applications.select_related("vacancy__employer").prefetch_related(
                "carved_opportunities"
            )[:50],
        },
    )


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.WORKER)
def self_assessment(request):
    user = request.user
    if not permissions.can_write_capacity(user, user, Source.SELF):
        messages.info(
            request, _("Your professional keeps your capacity profile up to date. Discuss changes with them.")
        )
        return redirect("matching:my_profile")
    if request.method == "POST":
        form = CapacityLevelsForm(request.POST)
        if form.is_valid():
            try:
                save_profile(
                    user,
                    by=user,
                    levels=form.levels(),
                    hours=form.hours(),
                    source=Source.SELF,
                    valid_from=timezone.localdate(),
                    purpose="self_assessment",
                )
            except (ProfileError, ProfileErrors) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your answers are saved. They are marked as filled in by yourself."))
                return redirect("matching:my_profile")
        messages.error(request, _("Please correct the fields marked below."))
    else:
        stored = open_profile(user, by=user, purpose="own_view")
        form = CapacityLevelsForm(initial=initial_levels(stored.levels, stored.hours) if stored else None)
    return render(
        request, "matching/self_assessment.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.WORKER)
def preferences(request):
    instance = WorkerPreferences.objects.of_worker(request.user).first() or WorkerPreferences(worker=request.user)
    form = PreferencesForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            services.preferences_save(worker=request.user, **form.cleaned_data)
            messages.success(request, _("Your preferences are saved."))
            return redirect("matching:my_profile")
        messages.error(request, _("Please correct the fields marked below."))
    return render(request, "matching/preferences.html", {"form": form}, status=400 if request.method == "POST" else 200)


@permissions.role_required(Role.WORKER)
def access_log(request):
    page = Paginator(grouped_access_log(request.user), 25).get_page(request.GET.get("page"))
    actors = User.objects.in_bulk({row["actor"] for row in page if row["actor"]})
    for row in page:
        row["actor"] = actors.get(row["actor"])
    return render(
        request,
        "matching/access_log.html",
        {"page_obj": page, "purposes": PURPOSES, "actions": AccessLogEntry.Action.choices},
    )


def grouped_access_log(worker):
    """One line per person, what, why and day, with how often: repeated page views do not hide the rest."""
    return (
        AccessLogEntry.objects.filter(worker=worker)
        .annotate(day=TruncDate("at"))
        .values("actor", "action", "purpose", "day")
        .annotate(times=Count("id"), last=Max("at"))
        .order_by("-day", "-last")
    )


@permissions.role_required(Role.WORKER)
def export(request):
    data = services.export_data(worker=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="passend-werk-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.WORKER)
def erase(request):
    error = ""
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            services.erase_worker(worker=request.user)
            logout(request)
            messages.success(request, _("Your account and all your data have been erased."))
            return redirect("/")
        error = _("That is not your password. Nothing has been erased.")
    return render(request, "matching/erase.html", {"error": error}, status=400 if error else 200)


@require_POST
@permissions.role_required(Role.WORKER)
def worker_case_end(request, pk):
    case = get_object_or_404(Case.objects.of_worker(request.user), pk=pk)
    call_service(
        request,
        lambda: services.case_end(case=case, by=request.user),
        success=lambda ended: (
            _("%(professional)s can no longer see your profile.") % {"professional": ended.professional}
        ),
    )
    return redirect("matching:my_profile")


@require_http_methods(["GET", "POST"])
def case_accept(request, token):
    case = get_object_or_404(Case.objects.select_related("professional"), token=token)
    if not request.user.is_authenticated:
        messages.info(
            request, _("Log in or create an account with %(email)s to answer.") % {"email": case.invited_email}
        )
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        accept = "accept" in request.POST
        guided = _("%(professional)s now guides you and can enter your capacity profile.") % {
            "professional": case.professional
        }
        done = call_service(
            request,
            lambda: services.case_answer(case=case, user=request.user, accept=accept),
            success=guided if accept else None,  # a decline is told below, as information
        )
        if not done:
            return render(request, "matching/case_accept.html", {"case": case}, status=400)
        if not accept:
            messages.info(request, _("You declined the invitation."))
        return redirect("matching:my_profile")
    return render(request, "matching/case_accept.html", {"case": case})


# --- the professional -------------------------------------------------------------------------------


@permissions.role_required(Role.PROFESSIONAL)
def clients(request, form=None):
    cases = Case.objects.of_professional(request.user).select_related("worker")
    return render(
        request,
        "matching/clients.html",
        {
            "active": [c for c in cases if c.status == Case.Status.ACTIVE],
            "invited": [c for c in cases if c.status == Case.Status.INVITED],
            "closed": [c for c in cases if c.status in (Case.Status.ENDED, Case.Status.DECLINED)][:20],
            "form": form or CaseInvitationForm(),
        },
        status=400 if form is not None else 200,
    )


@require_POST
@permissions.role_required(Role.PROFESSIONAL)
def case_invite(request):
    form = CaseInvitationForm(request.POST)
    if form.is_valid():
        done = call_service(
            request,
            lambda: services.case_invite(professional=request.user, **form.cleaned_data),
            form=form,
            success=_("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        if done:
            return redirect("matching:clients")
    return clients(request, form=form)


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.PROFESSIONAL)
def client_profile_edit(request, pk):
    case = own_active_case(request.user, pk)
    if request.method == "POST":
        form = FmlProfileForm(request.POST)
        if form.is_valid():
            try:
                from matching.rules import Capacity

                levels = Capacity.from_fml(form.fml()).limited()
                data = form.cleaned_data
                save_profile(
                    case.worker,
                    by=request.user,
                    levels=levels,
                    fml=form.fml(),
                    limitations=form.limitations(),
                    hours=form.hours(),
                    source=data["source"],
                    assessed_on=data["assessed_on"],
                    valid_from=data["valid_from"],
                    review_on=data["review_on"],
                    purpose="client_edit",
                )
            except (ProfileError, ProfileErrors) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The capacity profile is saved as a new version."))
                return redirect("pages:client_detail", pk=case.pk)
        messages.error(request, _("Please correct the fields marked below."))
    else:
        stored = open_profile(case.worker, by=request.user, purpose="client_view")
        form = FmlProfileForm(initial=initial_fml(stored) if stored else {"valid_from": timezone.localdate()})
    return render(
        request,
        "matching/client_profile_form.html",
        {"case": case, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permissions.role_required(Role.PROFESSIONAL)
def professional_case_end(request, pk):
    case = get_object_or_404(Case.objects.of_professional(request.user), pk=pk)
    call_service(
        request,
        lambda: services.case_end(case=case, by=request.user),
        success=_("The guidance has ended. You can no longer see this profile."),
    )
    return redirect("matching:clients")
