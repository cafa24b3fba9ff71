from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from listings import selectors
from listings.serializers import vacancy_as_api

router = Router(tags=["vacancies"])
PAGE_SIZE = 20


class PageParams(Schema):
    page: int = 1


@router.get("", summary="Published vacancies, newest first, 20 per page")
def vacancies(request, params: Query[PageParams]):
    if params.page < 1:
        raise HttpError(400, "page must be 1 or more")
    paginator = Paginator(selectors.published_vacancies_for_api(), PAGE_SIZE)
    try:
        page = paginator.page(params.page)
    except EmptyPage as error:
        raise Http404("page out of range") from error
    next_url = None
    if page.has_next():
        next_url = request.build_absolute_uri(f"{request.path}?page={page.next_page_number()}")
    return {"count": paginator.count, "next": next_url, "results": [vacancy_as_api(v) for v in page.object_list]}
