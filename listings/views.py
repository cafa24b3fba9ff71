from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.views import call_service
from listings import jobposting, lifecycle, moderation, permissions, presentation, revisions, selectors, services
from listings.application_views import fit_context
from listings.forms import MATCH_LIMIT, QUERY_MAX_LENGTH, VacancyForm, VacancyStartForm, matching_labels
from listings.models import Application, Vacancy, VacancyReport, VacancyRevision
from network.models import Role

PAGE_SIZE = 20
SORTS = {"updated": "-updated_at", "title": "title", "status": "status"}


def _start_form(request, data):
    employers = selectors.employers_of(request.user)
    return VacancyStartForm(data, employers=employers, networks=selectors.networks_for_publishing(employers))


def _editable_vacancy(request, pk) -> Vacancy:
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer", "network", "occupation"), pk=pk)
    if not permissions.can_edit_vacancy(request.user, vacancy):
        raise PermissionDenied(_("This vacancy belongs to another employer."))
    return vacancy


@permissions.role_required(Role.EMPLOYER)
def employer_vacancies(request):
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "updated"
    vacancies = selectors.vacancies_of(request.user).order_by(SORTS[sort], "-pk")
    page = Paginator(vacancies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "listings/employer_vacancies.html", {"page": page, "sort": sort, "sorts": SORTS})


@permissions.role_required(Role.EMPLOYER)
def vacancy_start(request):
    form = _start_form(request, request.GET or None)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["network"] not in form.cleaned_data["employer"].networks.all():
            form.add_error("network", _("This employer is not a member of that network."))
        else:
            choices = {name: form.cleaned_data[name].pk for name in ("employer", "network", "occupation")}
            if form.cleaned_data["kind"] != Vacancy.Kind.VACANCY:  # a paid job is what the editor starts from
                choices["kind"] = form.cleaned_data["kind"]
            query = urlencode(choices)
            return HttpResponseRedirect(f"{reverse('listings:vacancy_create')}?{query}")
    curated = [label for label, _o in matching_labels("", limit=None)]  # all occupations with a task profile
    return render(
        request,
        "listings/vacancy_start.html",
        {"form": form, "curated": curated, "suggestions": curated[:MATCH_LIMIT]},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
@permissions.role_required(Role.EMPLOYER)
def occupation_options(request):
    """The <option>s of the occupation field's <datalist>: at most 20 occupations whose label contains the
    typed text (htmx asks for them while the employer types; `occupation` is the field's own name)."""
    query = str(request.GET.get("q", request.GET.get("occupation", "")))[:QUERY_MAX_LENGTH]
    return render(
        request, "listings/_occupation_options.html", {"options": [label for label, _o in matching_labels(query)]}
    )


STEP_OF_FIELD = {
    "title": 1,
    "description": 1,
    "place": 1,
    "remote": 1,
    "kind": 1,
    "duration_weeks": 1,
    "certificate": 1,
    "expense_allowance": 1,
}


def _current_step(form, preview: bool) -> int:
    """The step of the indicator that the page is at: the first one with an error, else 4 with a preview."""
    if form.errors:
        steps = [
            4 if name == "__all__" else 2 if name.startswith("load_") else STEP_OF_FIELD.get(name, 3)
            for name in form.errors
        ]
        return min(steps)
    return 4 if preview else 1


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.EMPLOYER)
def vacancy_create(request):
    start = _start_form(request, request.GET)
    if not start.is_valid():
        messages.warning(request, _("Choose the employer, network and occupation first."))
        return redirect("listings:vacancy_start")
    occupation = start.cleaned_data["occupation"]
    vacancy = Vacancy(
        employer=start.cleaned_data["employer"],
        network=start.cleaned_data["network"],
        occupation=occupation,
        kind=start.cleaned_data["kind"],
        title=occupation.title,
        description=occupation.description,  # a start in plain language; the employer makes it their own
        place=start.cleaned_data["employer"].municipality,
        load=occupation.load_profile(),
        **selectors.latest_working_terms(start.cleaned_data["employer"]),
    )
    return _editor(request, vacancy)


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.EMPLOYER)
def vacancy_edit(request, pk):
    vacancy = _editable_vacancy(request, pk)
    pending = selectors.pending_revision(vacancy)
    if pending is not None:  # edit on from the text that waits, not from the one online
        revisions.apply(vacancy, pending.proposed)
    return _editor(request, vacancy, pending=pending)


def _editor(request, vacancy: Vacancy, pending: VacancyRevision | None = None):
    initial = {"place": vacancy.place} if vacancy.pk is None else None
    form = VacancyForm(request.POST or None, instance=vacancy, initial=initial)
    context = {
        "form": form,
        "vacancy": vacancy,
        "tasks": vacancy.occupation.tasks.all(),
        "pending": pending,
        "live": vacancy.status in lifecycle.LIVE,
    }
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview"] = presentation.vacancy_for_worker(form.instance)
            context["current_step"] = _current_step(form, preview=True)
            return render(request, "listings/vacancy_form.html", context)

        def save() -> Vacancy:
            with transaction.atomic():
                saved = services.vacancy_save(vacancy=form.instance, by=request.user)
                if "submit" in request.POST and saved.status in (Vacancy.Status.DRAFT, Vacancy.Status.REJECTED):
                    saved = services.vacancy_transition(vacancy=saved, action="submit", by=request.user)
            return saved

        if call_service(request, save, form=form, success=_saved_message):
            return redirect("listings:employer_vacancies")
    status = 400 if request.method == "POST" else 200
    context["current_step"] = _current_step(form, preview=False)
    return render(request, "listings/vacancy_form.html", context, status=status)


@permissions.role_required(Role.EMPLOYER)
def vacancy_preview(request, pk):
    vacancy = _editable_vacancy(request, pk)
    return render(
        request,
        "listings/vacancy_preview.html",
        {"vacancy": vacancy, "preview": presentation.vacancy_for_worker(vacancy)},
    )


def _saved_message(vacancy: Vacancy) -> str:
    if selectors.pending_revision(vacancy) is not None:
        return _("Your change is saved and waits for the coordinator's approval. Until then the old text stays online.")
    if vacancy.status == Vacancy.Status.SUBMITTED:
        return _("The vacancy “%(title)s” is saved and waits for the coordinator's approval.") % {
            "title": vacancy.title
        }
    return _("The vacancy “%(title)s” is saved.") % {"title": vacancy.title}


EMPLOYER_ACTIONS = {
    "submit": gettext_lazy("The vacancy “%(title)s” waits for the coordinator's approval."),
    "close": gettext_lazy("The vacancy “%(title)s” is closed. It can no longer be found."),
}


@require_POST
@permissions.role_required(Role.EMPLOYER)
def vacancy_action(request, pk, action):
    if action not in EMPLOYER_ACTIONS:
        raise Http404
    vacancy = _editable_vacancy(request, pk)
    call_service(
        request,
        lambda: services.vacancy_transition(vacancy=vacancy, action=action, by=request.user),
        success=lambda changed: EMPLOYER_ACTIONS[action] % {"title": changed.title},
    )
    return redirect("listings:employer_vacancies")


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the employer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RevisionDecisionForm(forms.Form):
    """Approve a pending text change, or reject it with a reason (the reason is checked by the service)."""

    revision = forms.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Choose the change you decide on."),
            "invalid": gettext_lazy("This change does not exist."),
            "min_value": gettext_lazy("This change does not exist."),
            "max_value": gettext_lazy("This change does not exist."),
        },
    )
    decision = forms.ChoiceField(
        choices=[("approve", "approve"), ("reject", "reject")],
        error_messages={
            "required": gettext_lazy("Choose whether you approve or reject the change."),
            "invalid_choice": gettext_lazy("Choose whether you approve or reject the change."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the employer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "required": True}),
    )


def _revision_form(revision_pk: int, data=None) -> RevisionDecisionForm:
    return RevisionDecisionForm(data, auto_id=f"revision-{revision_pk}-%s")  # unique ids per form on the page


@permissions.role_required(Role.COORDINATOR)
def moderation_queue(request):
    return _queue(request)


def _queue(request, bound: RevisionDecisionForm | None = None, status: int = 200):
    page = Paginator(selectors.pending_with_checklist_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [
        {"vacancy": vacancy, "checks": moderation.checklist(vacancy), "reject_form": RejectForm(prefix=vacancy.pk)}
        for vacancy in page
    ]
    reports = [
        {"report": report, "form": UnpublishForm(prefix=f"report-{report.pk}")}
        for report in selectors.open_reports_for(request.user)
    ]
    bound_pk = bound.cleaned_data["revision"] if bound is not None else None
    changes = [
        {
            "revision": revision,
            "changes": revisions.changes(revision),
            "form": bound if revision.pk == bound_pk else _revision_form(revision.pk),
        }
        for revision in selectors.pending_revisions_for(request.user)
    ]
    return render(
        request,
        "listings/moderation_queue.html",
        {"page": page, "items": items, "reports": reports, "revisions": changes},
        status=status,
    )


@require_POST
@permissions.role_required(Role.COORDINATOR)
def revision_decide(request):
    """Approve or reject a text change. Bad input shows the queue again with the problem (400), never a 500."""
    form = RevisionDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _queue(request, status=400)
    form.auto_id = f"revision-{form.cleaned_data['revision']}-%s"
    revision = (
        VacancyRevision.objects.select_related("vacancy")
        .filter(pk=form.cleaned_data["revision"], status=VacancyRevision.Status.PENDING)
        .first()
    )
    if revision is None:
        messages.error(
            request,
            _(
                "This change no longer waits for a decision: the employer changed the vacancy "
                "again, or another coordinator decided already."
            ),
        )
        return _queue(request, status=400)
    title = revision.vacancy.title
    if form.cleaned_data["decision"] == "approve":
        outcome = call_service(
            request,
            lambda: services.revision_approve(revision=revision, by=request.user),
            success=_("The change to “%(title)s” is approved.") % {"title": title},
        )
    else:
        outcome = call_service(
            request,
            lambda: services.revision_reject(revision=revision, by=request.user, reason=form.cleaned_data["reason"]),
            success=_("The change to “%(title)s” is not approved. The employer gets your reason.") % {"title": title},
        )
    if not outcome:
        # The helper showed the refusal as a message; a refusal per field is also shown on the bound form.
        if hasattr(outcome.error, "error_dict"):
            for field, problems in outcome.error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        return _queue(request, bound=form, status=400)
    return redirect("listings:moderation_queue")


def _pending_vacancy(request, pk) -> Vacancy:
    return get_object_or_404(selectors.pending_for(request.user), pk=pk)


@require_POST
@permissions.role_required(Role.COORDINATOR)
def moderation_approve(request, pk):
    vacancy = _pending_vacancy(request, pk)
    call_service(
        request,
        lambda: services.vacancy_transition(vacancy=vacancy, action="approve", by=request.user),
        success=_("“%(title)s” is published.") % {"title": vacancy.title},
    )
    return redirect("listings:moderation_queue")


@require_POST
@permissions.role_required(Role.COORDINATOR)
def moderation_reject(request, pk):
    vacancy = _pending_vacancy(request, pk)
    form = RejectForm(request.POST, prefix=vacancy.pk)
    if form.is_valid():
        call_service(
            request,
            lambda: services.vacancy_transition(
                vacancy=vacancy, action="reject", by=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("“%(title)s” is sent back to the employer with your reason.") % {"title": vacancy.title},
        )
    else:
        messages.error(request, _("Give a reason: the employer reads it."))
    return redirect("listings:moderation_queue")


@require_POST
@permissions.role_required(Role.COORDINATOR)
def moderation_bulk_approve(request):
    chosen = selectors.pending_for(request.user).filter(pk__in=request.POST.getlist("vacancy"))
    if not chosen:
        messages.warning(request, _("Choose one or more vacancies first."))
        return redirect("listings:moderation_queue")
    approved, refused = services.bulk_approve(vacancies=list(chosen), by=request.user)
    if approved:
        messages.success(
            request,
            ngettext("%(count)s vacancy is published.", "%(count)s vacancies are published.", len(approved))
            % {"count": len(approved)},
        )
    for vacancy, reason in refused:
        messages.error(request, f"{vacancy.title}: {reason}")
    return redirect("listings:moderation_queue")


@permissions.role_required(Role.COORDINATOR)
def moderation_preview(request, pk):
    vacancy = _pending_vacancy(request, pk)
    return render(
        request,
        "listings/vacancy_preview.html",
        {"vacancy": vacancy, "preview": presentation.vacancy_for_worker(vacancy), "for_coordinator": True},
    )


class ReportForm(forms.ModelForm):
    class Meta:
        model = VacancyReport
        fields = ["reason", "comment"]
        widgets = {"reason": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 3})}


@require_http_methods(["GET", "POST"])
def vacancy_detail(request, pk):
    """A published vacancy as workers see it; workers and professionals can report it."""
    vacancy = get_object_or_404(
        selectors.published_vacancies().select_related("employer", "network", "occupation"), pk=pk
    )
    form = ReportForm(request.POST or None) if permissions.can_report(request.user) else None
    if request.method == "POST":
        if form is None:
            if not request.user.is_authenticated:
                return redirect(f"{reverse('account_login')}?next={request.path}")
            raise PermissionDenied(_("Only workers and reintegration professionals can report a vacancy."))
        if form.is_valid():
            done = call_service(
                request,
                lambda: services.vacancy_report(vacancy=vacancy, by=request.user, **form.cleaned_data),
                form=form,
                success=_("Thank you. The network's coordinator will look at your report."),
            )
            if done:
                return redirect("listings:vacancy_detail", pk=vacancy.pk)
    is_worker = permissions.has_role(request.user, Role.WORKER)
    context = {
        "vacancy": vacancy,
        "preview": presentation.vacancy_for_worker(vacancy, fml=permissions.has_role(request.user, Role.PROFESSIONAL)),
        "report_form": form,
        "employer_verified": vacancy.pk in selectors.verified_vacancy_ids([vacancy]),
        "can_apply": is_worker,
        "anonymous": not request.user.is_authenticated,
        "jobposting": jobposting.job_posting_script(vacancy),
        **(fit_context(request, vacancy) if request.method == "GET" else {}),
    }
    # The fit for whoever may see it: a worker's stored profile (fit_context), else the quick self-assessment
    # in the session of a worker without a profile or an anonymous visitor; never for other roles.
    saved = presentation.session_assessment(request.session) if is_worker or context["anonymous"] else None
    if saved and "fit" not in context and request.method == "GET":
        context["fit"] = presentation.assessment_fit(vacancy, saved)
        context["fit_from_session"] = True
    if is_worker and "applied" not in context:  # a worker without a stored profile can have reacted too
        context["applied"] = Application.objects.of_worker(request.user).filter(vacancy=vacancy).first()
    if context.get("fit"):
        place = saved.get("place") if context.get("fit_from_session") else presentation.home_place(request.user)
        context["distance"] = presentation.distance_from(vacancy, place)
    return render(
        request,
        "listings/vacancy_detail.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the employer"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


@require_POST
@permissions.role_required(Role.COORDINATOR)
def report_handle(request, pk):
    report = get_object_or_404(selectors.open_reports_for(request.user), pk=pk)
    unpublish = "unpublish" in request.POST
    form = UnpublishForm(request.POST, prefix=f"report-{report.pk}")
    if unpublish and not form.is_valid():
        messages.error(request, _("Give a reason: the employer reads it."))
        return redirect("listings:moderation_queue")
    text = (
        _("“%(title)s” is offline and sent back to the employer.")
        if unpublish
        else _("The report about “%(title)s” is dismissed.")
    )
    call_service(
        request,
        lambda: services.report_handle(
            report=report,
            by=request.user,
            unpublish=unpublish,
            reason=form.cleaned_data.get("reason", "") if unpublish else "",
        ),
        success=text % {"title": report.vacancy.title},
    )
    return redirect("listings:moderation_queue")
