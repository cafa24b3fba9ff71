"""The public API, version 1 (shapes fixed by DOMAIN.md's contract). OpenAPI at /api/v1/schema/."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

api = NinjaAPI(
    title="Passend Werk API",
    version="1",
    description="Vacancies with load profiles, the dimension catalogue, and search filtered on capacity.",
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
)


def _field_name(location: tuple) -> str:
    # ninja prefixes locations with the parameter source ("body", "query", the param name).
    parts = [str(part) for part in location if part not in ("body", "query", "payload", "params")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    errors = {_field_name(tuple(error.get("loc", ()))): error.get("msg", "") for error in exc.errors}
    fields = ", ".join(errors)
    return api.create_response(
        request, {"detail": _("Invalid input in: %(fields)s") % {"fields": fields}, "errors": errors}, status=400
    )


def register_routers():
    from listings.api import router as listings_router
    from matching.api import router as matching_router
    from search.api import router as search_router

    api.add_router("/dimensions/", matching_router)
    api.add_router("/vacancies/", listings_router)
    api.add_router("/search/", search_router)


register_routers()
