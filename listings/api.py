from typing import Literal

from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from core.api_errors import error_responses, json_error
from core.language import current_language
from listings import selectors
from listings.serializers import vacancy_as_api

router = Router(tags=["vacancies"])
PAGE_SIZE = 20


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1; a page past the last one is a 404.")


class _Out(Schema):
    model_config = ConfigDict(extra="allow")  # DOMAIN.md: fields may be added, never dropped


class OccupationOut(_Out):
    isco: str
    title: str


class LocationOut(_Out):
    lat: float
    lon: float
    place: str


class VacancyHoursOut(_Out):
    per_week_min: float | None
    per_week_max: float | None
    per_day_max: float | None
    phased_start: bool
    phased_start_per_week: float | None
    phased_weeks: int | None


Kind = Literal["vacancy", "trial_placement", "work_experience", "volunteering"]  # listings.Vacancy.Kind


class TermsOut(_Out):
    duration_weeks: int | None = Field(
        description="How many weeks it lasts: required for a trial placement (1-26) and a work-experience place "
        "(4-52), optional for volunteering (1-52), null for a paid job."
    )
    certificate: bool = Field(description="A work-experience place that ends with a certificate of the work done.")
    expense_allowance: bool = Field(description="Volunteering with a volunteer expense allowance.")


class VacancyOut(_Out):
    id: int
    kind: Kind = Field(
        description="What is on offer: a paid job (`vacancy`), or unpaid: a trial placement (the worker keeps "
        "their benefit), a work-experience place, or volunteering."
    )
    title: str
    employer: str
    network: str
    occupation: OccupationOut
    location: LocationOut
    remote: bool
    load: dict[str, int]
    adaptable: list[str]
    hours: VacancyHoursOut
    terms: TermsOut
    published_at: str | None


class VacanciesOut(_Out):
    count: int
    next: str | None = Field(description="The URL of the next page; null on the last page.")
    results: list[VacancyOut]


@router.get(
    "",
    summary="Published vacancies, newest first, 20 per page",
    description=(
        "Anonymous, or with a partner's key with the scope `vacancies:read` (a higher rate limit, the same answer)."
    ),
    response={200: VacanciesOut, **error_responses(400, 401, 403, 404, 429)},
)
def vacancies(request, params: Query[PageParams]):
    paginator = Paginator(selectors.published_vacancies_for_api(), PAGE_SIZE)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        last = paginator.num_pages
        message = {
            "nl": f"deze pagina bestaat niet; kies een pagina van 1 tot en met {last}",
            "en": f"this page does not exist; choose a page from 1 to {last}",
        }[current_language()]
        return json_error(404, _("Not found."), {"page": message})
    next_url = None
    if page.has_next():
        next_url = request.build_absolute_uri(f"{request.path}?page={page.next_page_number()}")
    return {"count": paginator.count, "next": next_url, "results": [vacancy_as_api(v) for v in page.object_list]}
