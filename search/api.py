"""`POST /api/v1/search/` (DOMAIN.md): anonymous allowed, nothing stored, capacity only in the body.

The body is read by `core.limits.read_json_body` (size, nesting, NaN, NUL … refused before or while
parsing) and checked by `search.query.parse_search`; `search_body_schema` documents exactly what the
latter accepts.
"""

from ninja import Router, Schema
from ninja.decorators import decorate_view
from pydantic import ConfigDict, Field

from core.api_errors import error_responses, invalid_detail, json_error
from core.language import current_language
from core.limits import read_json_body
from matching.validation import ProfileError, ProfileErrors
from network.models import Network
from partners.auth import anonymous, partner_access, require_scope
from partners.throttling import throttles
from ranking.weights import current_weights
from search.explain import explain, facets_for_display
from search.order import RankingContext, ranked_search, seeker_from_body
from search.query import FACETS, SORTS, parse_search, search_body_schema
from search.stats import record_search

router = Router(tags=["search"])
PATH = "/api/v1/search/"


class _Out(Schema):
    model_config = ConfigDict(extra="allow")  # DOMAIN.md: fields may be added, never dropped


class DimensionFit(_Out):
    code: str
    name: str
    load: int
    capacity: int
    status: str = Field(description="green, orange or red")
    explanation: str


class HoursFit(_Out):
    status: str = Field(description="green, orange or red")
    explanation: str


class RankingReason(_Out):
    component: str = Field(description="interest, competence, distance, hours, coaching or recency")
    value: float | None = Field(description="0 to 1; null when it could not be known (then it counts 0 for all).")
    weight: float
    points: float = Field(description="What this component adds to the score; the points add up to the score.")
    text: str


class RankingOut(_Out):
    score: float = Field(description="0 to 100: the weighted sum of the components.")
    reasons: list[RankingReason] = Field(description="Every component, the ones that add most first.")
    position: str = Field(description="Which order placed this result here, in words.")


class SearchHit(_Out):
    id: int
    title: str
    fit: str = Field(description="green or orange")
    distance_km: float | None = Field(description="From the location in the body; null without one.")
    dimensions: list[DimensionFit]
    hours: HoursFit
    employer: str
    employer_verified: bool
    kind: str = Field(
        description="What is on offer: vacancy (a paid job), trial_placement, work_experience or volunteering."
    )
    network: str
    place: str
    remote: bool
    published_at: str | None
    ranking: RankingOut = Field(
        description="Green always comes before orange; within a colour, title words and then this score decide."
    )


class FacetValue(_Out):
    value: str
    label: str
    count: int


class SearchOut(_Out):
    count: int
    page: int
    page_size: int
    results: list[SearchHit]
    facets: dict[str, list[FacetValue]] = Field(description=f"Per facet ({', '.join(FACETS)}): values with counts.")
    backend: str
    fallback: bool = Field(description="True when the search engine was unreachable and the database answered.")


def _bad_request(request, errors: dict[str, str]):
    return json_error(400, invalid_detail(errors), errors)


def _capacity_in_url(request) -> bool:
    return any(key.split(".")[0].split("[")[0] == "capacity" for key in request.GET)


def document_known_networks(schema: dict) -> None:
    """The served document lists the networks a search can name (there are few, and they are public)."""
    try:
        body = schema["paths"][PATH]["post"]["requestBody"]["content"]["application/json"]["schema"]
    except KeyError:
        return
    slugs = sorted(Network.objects.values_list("slug", flat=True))
    networks = dict(body["properties"]["networks"])
    networks["items"] = {"enum": slugs} if slugs else {"type": "string"}
    if not slugs:
        networks["maxItems"] = 0
    body["properties"]["networks"] = networks


@router.post(
    "",
    summary="Vacancies that fit a capacity (green and orange), with explanations and facets",
    description=(
        "Anonymous; nothing is stored. The capacity goes in the body only, never in the URL. "
        f"Sort by {', '.join(SORTS)}. Send `Accept-Language: en` for English explanations and messages. "
        "A partner's key with the scope `search` (optional) gets a higher rate limit and the same answer."
    ),
    response={200: SearchOut, **error_responses(400, 401, 403, 413, 429)},
    auth=[require_scope("search"), anonymous],
    throttle=throttles(),
    openapi_extra={
        "requestBody": {"required": False, "content": {"application/json": {"schema": search_body_schema()}}},
        "security": [{}],  # added to ninja's [{"PartnerKey": []}]: the key is optional
    },
)
@decorate_view(partner_access)
def search(request):
    language = current_language()
    if _capacity_in_url(request):
        return _bad_request(
            request,
            {
                "capacity": ProfileError(
                    "capacity",
                    "geef de belastbaarheid alleen mee in de body, nooit in de URL",
                    "send the capacity in the request body only, never in the URL",
                ).message(language)
            },
        )
    body = read_json_body(request, empty={})  # BodyRefused → 400/413 (config/api.py)
    try:
        query = parse_search(body, known_networks=set(Network.objects.values_list("slug", flat=True)))
    except ProfileError as error:
        return _bad_request(request, {error.field: error.message(language)})
    except ProfileErrors as error:
        return _bad_request(request, error.by_field(language))
    context = RankingContext(seeker_from_body(body, query), current_weights())
    ranked = ranked_search(query, context)
    result = ranked.result
    if query.page == 1:
        record_search(result)
    hits = explain(query, result, ranked.positions)
    return {
        "count": result.count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [hit.as_api(language) for hit in hits],
        "facets": facets_for_display(result),
        "backend": result.backend,
        "fallback": bool(result.fallback_reason),
    }
