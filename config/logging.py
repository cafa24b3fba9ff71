"""Production logging and error reporting: JSON lines with request ids, optional Sentry.

Nothing here logs or reports a request body, cookie or query string: capacity values are health data
(GDPR art. 9) and travel only in request bodies. Sentry gets no personal data, no local variables
and no request bodies.
"""

import copy
import logging
import re

from django.http import HttpRequest

JSON_FORMAT = "%(levelname)s %(name)s %(message)s %(request_id)s"
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def build_logging(base: dict, *, log_format: str, level: str) -> dict:
    """Extend a `LOGGING` dict: request ids on every record, JSON or plain text on the console.

    `log_format` is "json" (one JSON object per line, for log shippers) or "plain".
    """
    if log_format not in {"json", "plain"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'plain', not {log_format!r}")
    config = copy.deepcopy(base)
    config.setdefault("filters", {})["request_id"] = {"()": "config.request_id.RequestIdFilter"}
    config["filters"]["scrub"] = {"()": "config.logging.ScrubFilter"}
    formatters = config.setdefault("formatters", {})
    formatters["json"] = {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "format": JSON_FORMAT,
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",  # ISO 8601, UTC
    }
    formatters["plain_request_id"] = {"format": PLAIN_FORMAT}
    config.setdefault("handlers", {})["console"] = {
        "class": "logging.StreamHandler",
        "formatter": "json" if log_format == "json" else "plain_request_id",
        "filters": ["scrub", "request_id"],
    }
    config.setdefault("root", {})["handlers"] = ["console"]
    config["root"]["level"] = level
    loggers = config.setdefault("loggers", {})
    # gunicorn and celery log through the root handler too, so their lines are JSON as well.
    for name in ("gunicorn.error", "celery"):
        loggers.setdefault(name, {"handlers": [], "propagate": True})
    loggers.setdefault("gunicorn.access", {"handlers": [], "propagate": False})  # Django logs requests itself
    return config


# --- Scrubbing --------------------------------------------------------------------------------------

# A query string inside a log message: from the "?" after a path up to the next space or quote.
_QUERY_STRING = re.compile(r"(/[^\s?'\"]*)\?[^\s'\"]*")


def scrub_text(text: str) -> str:
    """Cut query strings out of a text that may name URLs (`/api/v1/search/?capacity.IV.13=1`)."""
    return _QUERY_STRING.sub(r"\1?[scrubbed]", text)


def describe_request(request: HttpRequest) -> str:
    return f"<{request.method} {request.path}>"


class ScrubFilter(logging.Filter):
    """On every record that reaches a handler: no request repr, no query string, no body.

    Django's own warnings for 4xx answers carry the request as `record.request`, whose repr holds the
    query string, and a formatter that writes extra fields (JSON) would print it. Capacity must never
    travel in a URL, but a client may put it there anyway; it must not reach the logs then either.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in list(vars(record).items()):
            if isinstance(value, HttpRequest):
                setattr(record, name, describe_request(value))
        if record.args or "?" in str(record.msg):
            record.msg = scrub_text(record.getMessage())
            record.args = ()
        return True


# --- Sentry -----------------------------------------------------------------------------------------

_SECRET_HEADERS = {"cookie", "authorization", "x-csrftoken", "proxy-authorization", "stripe-signature"}


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry `before_send`: drop request bodies, cookies, query strings and secret headers."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {name: value for name, value in headers.items() if name.lower() not in _SECRET_HEADERS}
        url = request.get("url")
        if isinstance(url, str):
            request["url"] = url.split("?", 1)[0]
    return event


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    """Report errors to Sentry (web and Celery), without personal data, bodies or local variables."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(),
            LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
        ],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
