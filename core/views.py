"""One way for a view to call a service and tell the user how it went."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class ServiceOutcome:
    """What `call_service` returns: truthy when the service succeeded, with its return value."""

    ok: bool
    value: Any = None
    error: ValidationError | None = None

    def __bool__(self) -> bool:
        return self.ok


def call_service(
    request,
    action: Callable[[], Any],
    *,
    success: str | Callable[[Any], str] | None = None,
    form=None,
) -> ServiceOutcome:
    """Run `action()`. A ValidationError (a refusal the user can act on) is shown and nothing else happens:
    on `form` as a non-field error when a form is given, otherwise as an error message. On success the
    `success` message is shown (a callable gets the service's return value). PermissionDenied and other
    errors pass through: they are not the user's to fix.
    """
    try:
        value = action()
    except ValidationError as error:
        if form is not None:
            form.add_error(None, error)
        else:
            messages.error(request, " ".join(error.messages))
        return ServiceOutcome(ok=False, error=error)
    if success is not None:
        messages.success(request, success(value) if callable(success) else success)
    return ServiceOutcome(ok=True, value=value)
