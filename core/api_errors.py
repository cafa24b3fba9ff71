"""The JSON error shape every API answer shares: `{"detail": …, "errors": {field: message}}`."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    """Every error answer. `errors` names each refused field (dotted paths, `[n]` for list items)."""

    detail: str = Field(description="What went wrong, in the language of the request (Accept-Language).")
    errors: dict[str, str] = Field(
        default_factory=dict, description="Per refused field: why. Present with a 400 and a 413; empty otherwise."
    )


def error_responses(*statuses: int) -> dict:
    """`response=` entries documenting error answers: `{400: ErrorOut, …}`."""
    return dict.fromkeys(statuses, ErrorOut)


def error_body(detail: str, errors: dict[str, str] | None = None) -> dict:
    return {"detail": detail, "errors": errors or {}}


def invalid_detail(errors: dict[str, str]) -> str:
    return _("Invalid input in: %(fields)s") % {"fields": ", ".join(errors)}


def json_error(status: int, detail: str, errors: dict[str, str] | None = None, **headers) -> HttpResponse:
    """An error answer without going through an operation (unknown URLs, wrong methods, middleware)."""
    response = HttpResponse(
        json.dumps(error_body(detail, errors)), status=status, content_type="application/json; charset=utf-8"
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response
