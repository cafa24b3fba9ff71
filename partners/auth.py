"""API authentication with a partner's key: `Authorization: Bearer pw_<prefix>_<secret>`.

On an operation that also serves anonymous callers, `auth=[require_scope("search"), anonymous]`:
- no Authorization header: anonymous, as before;
- a key that is malformed, unknown, revoked or of an inactive partner: 401 (never silently anonymous);
- a working key without the scope: 403;
- a working key with the scope: `request.auth` is the ApiKey.

`partner_access` wraps the operation: it records every use of a key (method, path, status, duration;
never a body or query string) and words the 429 of the throttles (partners/throttling.py).
"""

import logging
import time
from datetime import timedelta
from functools import wraps

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security.http import HttpBearer

from core.api_errors import json_error
from partners import keys
from partners.models import ApiKey, ApiKeyUse

logger = logging.getLogger(__name__)

LAST_USED_PRECISION = timedelta(minutes=1)  # last_used_at is written at most once a minute per key


class _Anonymous:
    """`request.auth` of a call without a key (ninja needs a true value to let it through)."""

    def __bool__(self):
        return True

    def __str__(self):
        return "anonymous"


ANONYMOUS = _Anonymous()


def anonymous(request):
    return ANONYMOUS


class PartnerKey(HttpBearer):
    """A partner's API key as a bearer token; with `scope`, the key must have that scope."""

    openapi_bearerFormat = "pw_<prefix>_<secret>"
    openapi_description = (
        "A partner's API key, issued by Passend Werk staff: `Authorization: Bearer pw_<prefix>_<secret>`. "
        "Optional where anonymous calls are allowed; a key that is unknown or revoked gets a 401, a key "
        "without the operation's scope a 403."
    )

    def __init__(self, scope: str | None = None):
        self.scope = scope
        super().__init__()

    def __call__(self, request):
        if "X-API-Key" in request.headers:
            raise HttpError(401, _("Send the API key as “Authorization: Bearer <key>”, not in X-API-Key."))
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != "bearer":  # ninja's own class would log the header (the key) with DEBUG on
            raise HttpError(401, _("Send the API key as “Authorization: Bearer <key>”."))
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token: str) -> ApiKey:
        key = keys.resolve(token)
        if key is None:
            raise HttpError(401, _("This API key is not valid."))
        request.partner_key = key  # its use is logged, refused or not
        if not key.works_at():
            raise HttpError(401, _("This API key no longer works: it was revoked, or the partner is inactive."))
        if self.scope and not key.allows(self.scope):
            raise HttpError(
                403, _("This API key may not do this: it lacks the scope “%(scope)s”.") % {"scope": self.scope}
            )
        return key


def require_scope(scope: str) -> PartnerKey:
    """The auth callback for an operation that needs a key with `scope`."""
    return PartnerKey(scope=scope)


def partner_access(run):
    """Wraps an operation's `run` (ninja's `decorate_view`): log a key's use, word the 429."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        started = time.monotonic()
        response = run(request, *args, **kwargs)
        if response.status_code == 429:
            response = _too_many_requests(response)
        key = getattr(request, "partner_key", None)
        if key is not None:
            record_use(key, request, response.status_code, int((time.monotonic() - started) * 1000))
        return response

    return wrapper


def _too_many_requests(response):
    retry_after = response.get("Retry-After", "60")
    return json_error(
        429,
        _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": retry_after},
        Retry_After=retry_after,
    )


def record_use(key: ApiKey, request, status: int, duration_ms: int) -> None:
    """One row per call: method, path (without the query string), status, duration. Nothing else."""
    now = timezone.now()
    ApiKeyUse.objects.create(
        key=key, at=now, method=request.method[:10], path=request.path[:200], status=status, duration_ms=duration_ms
    )
    ApiKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
