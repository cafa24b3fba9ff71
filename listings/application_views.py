"""Reacting to a vacancy (worker), reading reactions and recording outcomes (employer, professional)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.language import current_language, in_language
from core.views import call_service
from listings import permissions, selectors, services
from listings.models import Application, Vacancy
from listings.presentation import fit_explanation
from matching.catalogue import get_catalogue
from matching.profiles import open_profile
from matching.summary import HOURS_KEY, fit_summary
from network.models import Role

OUTCOME_CHOICES = [
    (value, label)
    for value, label in Application.Outcome.choices
    if value not in (Application.Outcome.SUBMITTED, Application.Outcome.WITHDRAWN)
]


class ApplicationForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Your message to the employer (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    share_summary = forms.BooleanField(
        label=gettext_lazy("Share the fit summary with the employer"),
        required=False,
        help_text=gettext_lazy("Only green, orange or red per part of the work. Never your limitations or notes."),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=OUTCOME_CHOICES)
    reason = forms.CharField(
        label=gettext_lazy("Reason (needed for 'not hired')"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def summary_lines(summary: dict) -> list[dict]:
    """The shared summary as rows: the section name and its verdict."""
    language = current_language()
    rows = [
        {"name": in_language(section.name, language), "status": summary[section.code]}
        for section in get_catalogue().sections
        if section.code in summary
    ]
    if HOURS_KEY in summary:
        rows.append({"name": _("Working hours"), "status": summary[HOURS_KEY]})
    return rows


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.WORKER)
def vacancy_apply(request, pk):
    vacancy = get_object_or_404(selectors.published_vacancies().select_related("employer", "occupation"), pk=pk)
    if Application.objects.of_worker(request.user).filter(vacancy=vacancy).exists():
        messages.info(request, _("You have already reacted to this vacancy."))
        return redirect("listings:vacancy_detail", pk=vacancy.pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            request,
            lambda: services.application_submit(vacancy=vacancy, worker=request.user, **form.cleaned_data),
            form=form,
            success=_("Your reaction has been sent to %(employer)s.") % {"employer": vacancy.employer.name},
        )
        if done:
            return redirect("matching:my_profile")
    stored = open_profile(request.user, by=request.user, purpose="vacancy_fit")
    preview = summary_lines(fit_summary(services.fit_for(vacancy, stored))) if stored else []
    return render(
        request,
        "listings/vacancy_apply.html",
        {"vacancy": vacancy, "form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


@require_POST
@permissions.role_required(Role.WORKER)
def application_withdraw(request, pk):
    application = get_object_or_404(Application.objects.of_worker(request.user), pk=pk)
    services.application_withdraw(application=application, by=request.user)
    messages.success(request, _("Your reaction is withdrawn."))
    return redirect("matching:my_profile")


@permissions.role_required(Role.EMPLOYER)
def applications(request):
    rows = Application.objects.to_employers_of(request.user).select_related("vacancy").order_by("-created_at", "-pk")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "listings/applications.html",
        {
            "page_obj": page,
            "rows": [
                {
                    "application": a,
                    "summary": summary_lines(a.summary),
                    "form": OutcomeForm(
                        prefix=f"a{a.pk}",
                        initial={"outcome": a.outcome if a.outcome in dict(OUTCOME_CHOICES) else None},
                    ),
                }
                for a in page
            ],
        },
    )


@require_POST
def application_outcome(request, pk):
    if not permissions.has_role(request.user, Role.EMPLOYER, Role.PROFESSIONAL):
        raise PermissionDenied(_("This page is not available for your role."))
    application = get_object_or_404(
        Application.objects.visible_to(request.user),
        pk=pk,
    )
    form = OutcomeForm(request.POST, prefix=f"a{application.pk}")
    back = request.POST.get("next") or ""
    if form.is_valid():
        call_service(
            request,
            lambda: services.application_outcome(application=application, by=request.user, **form.cleaned_data),
            success=_("The outcome is saved."),
        )
    else:
        messages.error(request, _("Choose an outcome."))
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("listings:applications")


def fit_context(request, vacancy: Vacancy) -> dict:
    """For a worker with a stored profile: how this vacancy fits, per dimension and per task."""
    if permissions.has_role(request.user, Role.PROFESSIONAL):
        return {"feedback_form": FeedbackForm(choices=feedback_choices(vacancy, None))}
    if not permissions.has_role(request.user, Role.WORKER):
        return {}
    stored = open_profile(request.user, by=request.user, purpose="vacancy_fit")  # audited only if there is one
    if stored is None:
        return {}
    fit = fit_explanation(vacancy, stored)
    return {
        "fit": fit,
        "applied": Application.objects.of_worker(request.user).filter(vacancy=vacancy).first(),
        "feedback_form": FeedbackForm(choices=feedback_choices(vacancy, fit)),
    }


def feedback_choices(vacancy: Vacancy, fit: dict | None) -> list[tuple[str, str]]:
    """What can be marked as 'did not fit': the dimensions at stake in this vacancy, and the hours."""
    language = current_language()
    catalogue = get_catalogue()
    codes = (
        [line["code"] for line in fit["dimensions"]]
        if fit
        else sorted(code for code, level in (vacancy.load or {}).items() if level > 0)
    )
    return [(code, in_language(catalogue[code].name, language)) for code in codes if code in catalogue] + [
        (HOURS_KEY, _("Working hours"))
    ]


class FeedbackForm(forms.Form):
    dimensions = forms.MultipleChoiceField(label=gettext_lazy("What did not fit?"), widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Coordinators only see counts, never this note or your name."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].choices = choices


@require_POST
def match_feedback(request, pk):
    if not permissions.has_role(request.user, Role.WORKER, Role.PROFESSIONAL) or not permissions.mfa_satisfied(
        request.user
    ):
        raise PermissionDenied(_("Only workers and reintegration professionals give feedback on matches."))
    vacancy = get_object_or_404(selectors.published_vacancies(), pk=pk)
    # Any dimension may be marked: a worker's limitation can make a load-free dimension matter.
    form = FeedbackForm(
        request.POST, choices=[(code, code) for code in get_catalogue().codes] + [(HOURS_KEY, HOURS_KEY)]
    )
    if form.is_valid():
        from matching.models import MatchFeedback

        MatchFeedback.objects.create(
            vacancy=vacancy,
            network_id=vacancy.network_id,
            given_by=request.user,
            role=request.user.role,
            **form.cleaned_data,
        )
        messages.success(request, _("Thank you. This helps the network to suggest better matches."))
    else:
        messages.error(request, _("Choose at least one thing that did not fit."))
    return redirect("listings:vacancy_detail", pk=vacancy.pk)
