from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from listings import presentation, selectors, services
from listings.forms import VacancyForm, VacancyStartForm
from listings.models import Vacancy
from network import permissions
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
            query = urlencode({name: form.cleaned_data[name].pk for name in ("employer", "network", "occupation")})
            return HttpResponseRedirect(f"{reverse('listings:vacancy_create')}?{query}")
    return render(request, "listings/vacancy_start.html", {"form": form}, status=400 if form.errors else 200)


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
        title=occupation.title,
        description=occupation.description,  # a start in plain language; the employer makes it their own
        place=start.cleaned_data["employer"].municipality,
        load=occupation.load_profile(),
    )
    return _editor(request, vacancy)


@require_http_methods(["GET", "POST"])
@permissions.role_required(Role.EMPLOYER)
def vacancy_edit(request, pk):
    return _editor(request, _editable_vacancy(request, pk))


def _editor(request, vacancy: Vacancy):
    initial = {"place": vacancy.place} if vacancy.pk is None else None
    form = VacancyForm(request.POST or None, instance=vacancy, initial=initial)
    context = {"form": form, "vacancy": vacancy, "tasks": vacancy.occupation.tasks.all()}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview"] = presentation.vacancy_for_worker(form.instance)
            return render(request, "listings/vacancy_form.html", context)
        try:
            with transaction.atomic():
                saved = services.vacancy_save(vacancy=form.instance, by=request.user)
                if "publish" in request.POST:
                    services.vacancy_publish(vacancy=saved, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "publish" in request.POST:
                messages.success(request, _("The vacancy “%(title)s” is published.") % {"title": saved.title})
            else:
                messages.success(request, _("The vacancy “%(title)s” is saved.") % {"title": saved.title})
            return redirect("listings:employer_vacancies")
    status = 400 if request.method == "POST" else 200
    return render(request, "listings/vacancy_form.html", context, status=status)


@permissions.role_required(Role.EMPLOYER)
def vacancy_preview(request, pk):
    vacancy = _editable_vacancy(request, pk)
    return render(request, "listings/vacancy_preview.html",
                  {"vacancy": vacancy, "preview": presentation.vacancy_for_worker(vacancy)})


@require_POST
@permissions.role_required(Role.EMPLOYER)
def vacancy_publish(request, pk):
    vacancy = _editable_vacancy(request, pk)
    try:
        services.vacancy_publish(vacancy=vacancy, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The vacancy “%(title)s” is published.") % {"title": vacancy.title})
    return redirect("listings:employer_vacancies")
