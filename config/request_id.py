"""Request ids: one id per request, on every log line it causes, in the response and in its Celery tasks.

`RequestIdMiddleware` takes the `X-Request-ID` header from the load balancer or reverse proxy (when
it looks like an id) or makes a uuid4, keeps it in a context variable for the duration of the
request and returns it in the `X-Request-ID` response header. `RequestIdFilter` puts it on every log
record (`record.request_id`, "-" outside a request). Tasks published during a request carry it in a
message header, and the worker sets it while it runs the task, so a request and the tasks it started
share one id.

The middleware also writes one access line per request (method, path, status, duration). It never
logs bodies, query strings or cookies: capacity data is health data. Paths with a secret in them
(invitation tokens, password-reset keys) are logged as their URL pattern instead.
"""

import contextvars
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_TASK_HEADER = "request_id"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")  # what a proxy's id looks like; anything else is replaced

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_logger = logging.getLogger("passendwerk.request")


def current_request_id() -> str:
    return request_id_var.get()


def _incoming_id(value: str | None) -> str:
    if value and _VALID.match(value):
        return value
    return uuid.uuid4().hex


def _logged_path(request) -> str:
    """The path, or the URL pattern when the path carries values (tokens, keys) the view reads."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.kwargs:
        return "/" + str(match.route).lstrip("^").rstrip("$")
    return request.path


class RequestIdMiddleware:
    """Outermost middleware: sets the request id for everything below it and logs one access line."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.log_requests = getattr(settings, "LOG_REQUESTS", False)

    def __call__(self, request):
        request_id = _incoming_id(request.META.get(_META_KEY))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            if self.log_requests:
                duration_ms = round((time.monotonic() - started) * 1000, 1)
                access_logger.info(
                    "%s %s %s %.1fms",
                    request.method,
                    _logged_path(request),
                    response.status_code,
                    duration_ms,
                    extra={
                        "http_method": request.method,
                        "http_path": _logged_path(request),
                        "http_status": response.status_code,
                        "duration_ms": duration_ms,
                    },
                )
            return response
        finally:
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record that passes the handler it is attached to."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


# --- Celery: a task carries the id of the request (or task) that published it ------------------------


@before_task_publish.connect(weak=False, dispatch_uid="passendwerk-request-id-publish")
def _add_request_id_header(headers=None, **kwargs):
    request_id = request_id_var.get()
    if headers is not None and request_id != "-":
        headers.setdefault(_TASK_HEADER, request_id)


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect(weak=False, dispatch_uid="passendwerk-request-id-prerun")
def _set_request_id_for_task(task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    request_id = getattr(request, _TASK_HEADER, None) or (request.get(_TASK_HEADER) if request else None)
    if request_id and task_id:
        _task_tokens[task_id] = request_id_var.set(_incoming_id(request_id))


@task_postrun.connect(weak=False, dispatch_uid="passendwerk-request-id-postrun")
def _reset_request_id_after_task(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        try:
            request_id_var.reset(token)
        except ValueError:  # set in another context (eager tasks inside a request): leave it as it is
            request_id_var.set("-")
