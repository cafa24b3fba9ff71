"""The placement page: one page for the worker, the employer's staff and the worker's professional, each with
their own buttons; anyone else gets 404. The forms post to their own URLs; a refused form comes back on the
page (status 400) with its errors, a refused role gets 403 from the service."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.views import call_service
from matching import placement_rules as rules
from network.permissions import mfa_satisfied, redirect_to_mfa_setup
from placements import permissions, services
from placements.calendar import plan_calendar
from placements.forms import CheckInForm, EndForm, PlanForm, WeeksForm
from placements.models import CheckIn, Placement


def placement_view(view):
    """Log in first (and set up two-step verification where the role needs it); then the placement and the
    user's role in it, or 404 for anyone who has no part in it."""

    @wraps(view)
    def wrapped(request, pk):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not mfa_satisfied(user):
            return redirect_to_mfa_setup(request)
        placement = get_object_or_404(
            Placement.objects.select_related("vacancy__employer", "worker", "application"), pk=pk
        )
        role = permissions.role_of(user, placement)
        if role is None:
            raise Http404
        return view(request, placement, role)

    return wrapped


def _day(day, today, *, weekday=True) -> str:
    """Like "maandag 7 december" (the year only when it is not this year); without the weekday: "7 december"."""
    return date_format(day, ("l " if weekday else "") + ("j F" if day.year == today.year else "j F Y"))


def _week_label(placement: Placement, week: int, today) -> str:
    """Short enough for a select on a phone: "Week 5 (vanaf 30 november)"."""
    return _("Week %(week)s (from %(day)s)") % {
        "week": week,
        "day": _day(rules.week_first_day(placement.starts_on, week), today, weekday=False),
    }


def _check_in_weeks(placement: Placement, now_week: int, today) -> list[tuple[int, str]]:
    return [(week, _week_label(placement, week, today)) for week in range(now_week, 0, -1)]


def _page(request, placement: Placement, role: str, *, status=200, **bound):
    today = timezone.localdate()
    now_week = rules.week_of(placement.starts_on, today)
    plan = services.plan_hours(placement)
    reports: dict[int, dict[str, CheckIn]] = {}
    for item in placement.check_ins.all():
        reports.setdefault(item.week, {})[item.role] = item
    weeks = [
        {
            "number": week,
            "first_day": _day(rules.week_first_day(placement.starts_on, week), today),
            "hours": rules.hours_text(hours),
            "current": week == now_week,
            "past": week < now_week,
        }
        for week, hours in enumerate(plan, start=1)
    ]
    check_in_rows = []
    for week in range(max(now_week, 0), 0, -1):
        sides = reports.get(week, {})
        planned = rules.planned_hours(plan, placement.target_hours, week)
        counted = rules.counted_hours({side: item.hours_worked for side, item in sides.items()})
        check_in_rows.append(
            {
                "week": week,
                "label": _week_label(placement, week, today),
                "planned": rules.hours_text(planned),
                "worker": sides.get(permissions.WORKER),
                "employer": sides.get(permissions.EMPLOYER),
                "behind": week < now_week and counted is not None and counted < planned,
                "current": week == now_week,
            }
        )
    open_ = placement.status != Placement.Status.ENDED
    needed = services.confirmations_needed(placement)
    confirmations = [
        {
            "role": needed_role,
            "at": getattr(placement, services.CONFIRMATION_FIELDS[needed_role]),
            "mine": needed_role == role,
        }
        for needed_role in needed
    ]
    mine_confirmed = role in services.CONFIRMATION_FIELDS and getattr(placement, services.CONFIRMATION_FIELDS[role])
    may_check_in = open_ and role in permissions.CHECKING_IN_ROLES and now_week >= 1
    context = {
        "placement": placement,
        "vacancy": placement.vacancy,
        "employer": placement.vacancy.employer,
        "worker_name": placement.worker.get_full_name() or placement.application.name or placement.worker.email,
        "role": role,
        "is_worker": role == permissions.WORKER,
        "is_employer": role == permissions.EMPLOYER,
        "is_professional": role == permissions.PROFESSIONAL,
        "open": open_,
        "weeks": weeks,
        "target_hours": rules.hours_text(placement.target_hours),
        "now_week": now_week,
        "starts_on": _day(placement.starts_on, today),
        "check_in_rows": check_in_rows,
        "confirmations": confirmations,
        "may_confirm": open_ and role in permissions.CONFIRMING_ROLES and not mine_confirmed and bool(plan),
        "may_edit": open_ and role == permissions.EMPLOYER,
        "may_end": open_ and role in permissions.ENDING_ROLES,
        "may_check_in": may_check_in,
    }
    if context["may_edit"]:
        context["plan_form"] = bound.get("plan_form") or PlanForm.for_placement(placement)
        context["weeks_form"] = bound.get("weeks_form") or WeeksForm(placement=placement)
    if may_check_in:
        context["check_in_form"] = bound.get("check_in_form") or _check_in_form(placement, role, now_week, today)
    if context["may_end"]:
        context["end_form"] = bound.get("end_form") or EndForm()
    for name, form in bound.items():
        if name not in context:  # the form is no longer on the page (the placement ended): say why here
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    return render(request, "placements/detail.html", context, status=status)


def _note_help(role: str) -> str:
    if role == permissions.WORKER:
        return _("The employer and your professional read this. Do not write about your health here.")
    return _("The worker and their professional read this.")


def _check_in_form(placement: Placement, role: str, now_week: int, today, data=None) -> CheckInForm:
    mine = set(placement.check_ins.filter(role=role).values_list("week", flat=True))
    initial_week = now_week - 1 if now_week > 1 and now_week - 1 not in mine else now_week
    return CheckInForm(
        data,
        weeks=_check_in_weeks(placement, now_week, today),
        note_help=_note_help(role),
        initial={"week": initial_week},
    )


def _back(placement: Placement, anchor: str = ""):
    return redirect(reverse("placements:detail", args=[placement.pk]) + (f"#{anchor}" if anchor else ""))


@require_GET
@placement_view
def placement_detail(request, placement, role):
    return _page(request, placement, role)


@require_POST
@placement_view
def plan_edit(request, placement, role):
    form = PlanForm.for_placement(placement, request.POST)
    if form.is_valid():
        done = call_service(
            request,
            lambda: services.plan_save(placement=placement, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The plan is saved. Everyone confirms it again."),
        )
        if done:
            return _back(placement, "plan")
    return _page(request, placement, role, status=400, plan_form=form)


@require_POST
@placement_view
def weeks_edit(request, placement, role):
    form = WeeksForm(request.POST, placement=placement)
    if form.is_valid():
        done = call_service(
            request,
            lambda: services.plan_weeks_save(placement=placement, by=request.user, hours=form.hours()),
            form=form,
            success=_("The hours per week are saved. Everyone confirms the plan again."),
        )
        if done:
            return _back(placement, "plan")
    return _page(request, placement, role, status=400, weeks_form=form)


@require_POST
@placement_view
def plan_confirm(request, placement, role):
    call_service(
        request,
        lambda: services.plan_confirm(placement=placement, by=request.user),
        success=lambda confirmed: (
            _("You agreed to the plan. It starts now: everyone agreed.")
            if confirmed.status == Placement.Status.ACTIVE
            else _("You agreed to the plan. It starts when everyone has agreed.")
        ),
    )
    return _back(placement, "confirmations")


@require_POST
@placement_view
def check_in(request, placement, role):
    today = timezone.localdate()
    now_week = rules.week_of(placement.starts_on, today)
    form = _check_in_form(placement, role, now_week, today, data=request.POST)
    if form.is_valid():
        done = call_service(
            request,
            lambda: services.check_in(placement=placement, by=request.user, **form.cleaned_data),
            form=form,
            success=lambda item: _("Thank you. Week %(week)s is saved.") % {"week": item.week},
        )
        if done:
            return _back(placement, "check-ins")
    return _page(request, placement, role, status=400, check_in_form=form)


@require_POST
@placement_view
def placement_end(request, placement, role):
    form = EndForm(request.POST)
    if form.is_valid():
        done = call_service(
            request,
            lambda: services.placement_end(placement=placement, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The placement has ended. The page stays for everyone to read."),
        )
        if done:
            return _back(placement)
    return _page(request, placement, role, status=400, end_form=form)


@require_GET
@placement_view
def plan_ics(request, placement, role):
    response = HttpResponse(plan_calendar(placement), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="opbouwplan-{placement.pk}.ics"'
    return response
