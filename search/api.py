"""`POST /api/v1/search/` (DOMAIN.md): anonymous allowed, nothing stored, capacity only in the body."""

import json

from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from listings.models import current_language
from matching.rules import ProfileError, ProfileErrors
from network.models import Network
from search.explain import explain, facets_for_display
from search.query import parse_search
from search.service import run_search
from search.stats import record_search

router = Router(tags=["search"])


def _bad_request(request, errors: dict[str, str]):
    from config.api import api

    detail = _("Invalid input in: %(fields)s") % {"fields": ", ".join(errors)}
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


def _capacity_in_url(request) -> bool:
    return any(key.split(".")[0].split("[")[0] == "capacity" for key in request.GET)


@router.post("", summary="Vacancies that fit a capacity (green and orange), with explanations and facets",
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}})
def search(request):
    language = current_language()
    if _capacity_in_url(request):
        return _bad_request(request, {"capacity": ProfileError(
            "capacity", "geef de belastbaarheid alleen mee in de body, nooit in de URL",
            "send the capacity in the request body only, never in the URL").message(language)})
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise HttpError(400, "The body is not valid JSON.") from error
    try:
        query = parse_search(body, known_networks=set(Network.objects.values_list("slug", flat=True)))
    except ProfileError as error:
        return _bad_request(request, {error.field: error.message(language)})
    except ProfileErrors as error:
        return _bad_request(request, error.by_field(language))
    result = run_search(query)
    if query.page == 1:
        record_search(result)
    hits = explain(query, result)
    return {
        "count": result.count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [hit.as_api(language) for hit in hits],
        "facets": facets_for_display(result),
        "backend": result.backend,
        "fallback": bool(result.fallback_reason),
    }
