"""The public API, version 1 (shapes fixed by DOMAIN.md's contract). OpenAPI at /api/v1/schema/.

Every answer under /api/ is JSON, errors included: invalid input is a 400 with
`{"detail", "errors": {field: message}}` in the language of the request (Accept-Language), a body
that is too large a 413, an unknown URL a 404, a method the endpoint does not offer a 405 with an
`Allow` header, and anything unexpected a 500 that is logged as Django logs it. Bodies are limited
in size and nesting before they are parsed (core/limits.py).
"""

import copy
import logging
from functools import wraps

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.signals import got_request_exception
from django.http import Http404, HttpResponseNotAllowed
from django.urls import Resolver404, URLPattern, re_path, resolve
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from core.api_errors import error_body, invalid_detail, json_error
from core.language import current_language
from core.limits import MAX_BODY_BYTES, MAX_INTEGER_DIGITS, MAX_JSON_DEPTH, BodyRefused, too_large

API_PREFIX = "/api/"


class PassendWerkAPI(NinjaAPI):
    """NinjaAPI whose every answer is JSON, and whose schema lists the networks that exist right now."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        wrapped = [_json_errors(pattern) for pattern in patterns]
        wrapped.append(re_path(r"^.*$", _json_errors_view(not_found), name="api-not-found"))
        return wrapped, app_name, namespace

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        from search.api import document_known_networks

        schema["paths"] = copy.deepcopy(schema["paths"])  # operations share dicts with their openapi_extra
        document_known_networks(schema)
        return schema


def _json_errors_view(view):
    """Http404 and ninja's plain-text 405 as JSON errors."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return json_error(
                404,
                _("There is nothing at this address. The endpoints are listed at %(url)s.")
                % {"url": f"{API_PREFIX}v1/schema/"},
            )
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            return json_error(
                405,
                _("This endpoint does not accept %(method)s; it accepts: %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
                Allow=allowed,
            )
        return response

    return wrapper


def _json_errors(pattern):
    if isinstance(pattern, URLPattern):
        pattern.callback = _json_errors_view(pattern.callback)
    return pattern


@csrf_exempt  # it changes nothing; a POST to a wrong URL should hear so, not about a CSRF token
def not_found(request, *args, **kwargs):
    """Any other URL under /api/v1/: a 404, or a 308 to the same URL with the slash it lacks."""
    path = request.path_info
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api-not-found":
            escaped_path, question_mark, query = request.get_full_path().partition("?")
            return json_error(
                308,
                _("The address ends with a slash: %(url)s") % {"url": escaped_path + "/"},
                Location=escaped_path + "/" + question_mark + query,
            )
    raise Http404


api = PassendWerkAPI(
    title="Passend Werk API",
    version="1",
    description=(
        "Vacancies with load profiles, the dimension catalogue, and search filtered on capacity.\n\n"
        'Errors are JSON: `{"detail", "errors": {field: message}}`, messages in the language of the '
        "`Accept-Language` header (Dutch by default). Invalid input gets a 400 that names every refused field; "
        f"a body larger than {MAX_BODY_BYTES // 1024} KiB a 413; JSON nested deeper than {MAX_JSON_DEPTH} levels, "
        f"NaN or Infinity, numbers beyond a float, integers of more than {MAX_INTEGER_DIGITS} digits, NUL "
        "characters and lone surrogates a 400."
    ),
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
)


# --- error handlers -------------------------------------------------------------------------------

_PYDANTIC_MESSAGES = {
    "missing": ("dit veld is verplicht", "this field is required"),
    "int_parsing": ("vul een heel getal in", "enter a whole number"),
    "int_type": ("vul een heel getal in", "enter a whole number"),
    "int_from_float": ("vul een heel getal in", "enter a whole number"),
    "int_parsing_size": ("dit getal heeft te veel cijfers", "this number has too many digits"),
    "greater_than_equal": ("kies {ge} of meer", "choose {ge} or more"),
    "less_than_equal": ("kies {le} of minder", "choose {le} or less"),
    "string_too_long": ("hoogstens {max_length} tekens", "at most {max_length} characters"),
}


def _field_name(location: tuple) -> str:
    # ninja prefixes locations with the parameter source ("body", "query", the param name).
    parts = [str(part) for part in location if part not in ("body", "query", "payload", "params")]
    return ".".join(parts) or "body"


def _pydantic_message(error: dict, language: str) -> str:
    nl, en = _PYDANTIC_MESSAGES.get(error.get("type", ""), ("ongeldige waarde", "invalid value"))
    template = en if language == "en" else nl
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return template


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    language = current_language()
    errors = {_field_name(tuple(error.get("loc", ()))): _pydantic_message(error, language) for error in exc.errors}
    return api.create_response(request, error_body(invalid_detail(errors), errors), status=400)


@api.exception_handler(BodyRefused)
def body_refused(request, exc: BodyRefused):
    errors = exc.by_field(current_language())
    detail = _("The request body is too large.") if exc.status == 413 else invalid_detail(errors)
    return api.create_response(request, error_body(detail, errors), status=exc.status)


@api.exception_handler(Http404)
def not_found_error(request, exc: Http404):
    return api.create_response(request, error_body(_("Not found.")), status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def request_too_big(request, exc: RequestDataTooBig):
    return body_refused(request, too_large())


@api.exception_handler(SuspiciousOperation)
def suspicious(request, exc: SuspiciousOperation):
    logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
    return api.create_response(request, error_body(_("The request cannot be processed.")), status=400)


@api.exception_handler(Exception)
def server_error(request, exc: Exception):
    """As Django answers an uncaught exception (signal for Sentry and the test client, a logged error), in JSON."""
    got_request_exception.send(sender=None, request=request)
    response = api.create_response(
        request, error_body(_("Something went wrong on our side. Please try again later.")), status=500
    )
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response


# --- everything else under /api/ ------------------------------------------------------------------


class ApiErrorsMiddleware:
    """Any error answer under /api/ that is not JSON yet (an unknown version, a 413 or 400 from Django
    itself, the 500 page) becomes `{"detail", "errors"}` with the same status and headers.

    Sits near the top of MIDDLEWARE so it also sees errors raised by the middleware below it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return self.as_json(response)
        return response

    @staticmethod
    def as_json(response):
        messages = {
            400: _("The request cannot be processed."),
            404: _("There is nothing at this address. The endpoints are listed at %(url)s.")
            % {"url": f"{API_PREFIX}v1/schema/"},
            405: _("This endpoint does not accept this method."),
            413: _("The request body is too large."),
        }
        default = (
            _("Something went wrong on our side. Please try again later.")
            if response.status_code >= 500
            else _("The request cannot be processed.")
        )
        converted = json_error(response.status_code, messages.get(response.status_code, default))
        for name, value in response.items():
            if name.lower() not in ("content-type", "content-length"):
                converted[name] = value
        converted.cookies = response.cookies
        return converted


def register_routers():
    from ninja.decorators import decorate_view

    from feeds.api import router as feeds_router
    from listings.api import router as listings_router
    from matching.api import router as matching_router
    from partners.auth import anonymous, partner_access, require_scope
    from partners.throttling import throttles
    from search.api import router as search_router

    api.add_router("/dimensions/", matching_router)
    # listings sits below partners, so the optional key (scope vacancies:read: a higher limit) is added here,
    # before add_router copies the operations.
    for path_view in listings_router.path_operations.values():
        for operation in path_view.operations:
            operation.throttle_objects = throttles()
            decorate_view(partner_access)(operation.view_func)  # ninja keeps it when it copies the operation
            operation.openapi_extra = {**(operation.openapi_extra or {}), "security": [{}]}  # the key is optional
    api.add_router("/vacancies/", listings_router, auth=[require_scope("vacancies:read"), anonymous])
    api.add_router("/search/", search_router)
    api.add_router("/feeds/", feeds_router)


register_routers()
