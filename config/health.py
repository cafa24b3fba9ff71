"""GET /healthz: the status of each part the platform runs on, as JSON.

200 when every required part is up, 503 otherwise. The search engine is not required: when
Elasticsearch is down, search falls back to the database backend, so it is reported, not fatal.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app
from outbox.relay import backlog
from search import breaker
from search.backends import get_search_backend


def _timed(check):
    started = time.monotonic()
    try:
        up, detail = check()
    except Exception as error:  # noqa: BLE001 - a health check reports every failure, it never raises
        up, detail = False, f"{type(error).__name__}: {error}"[:200]
    return {"up": up, "detail": detail, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True, connection.vendor


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    ok = cache.get(key) == "ok"
    cache.delete(key)
    return ok, settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (tasks run in the web process)"
    with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=settings.HEALTH_CHECK_TIMEOUT)
        return True, conn.transport.driver_name


def check_search():
    if settings.SEARCH_BACKEND == "elasticsearch" and breaker.is_open():
        return False, "elasticsearch: not asked (it failed a moment ago; searches use the database meanwhile)"
    health = get_search_backend().health()
    return health.up, f"{health.name}: {health.detail}"


def _outbox_backlog() -> dict:
    """Messages that wait for the broker (reported, not fatal: they go out once it is back)."""
    try:
        return backlog()
    except Exception as error:  # noqa: BLE001 - the database check above reports the cause
        return {"waiting": None, "detail": type(error).__name__}


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": _timed(check_database),
        "cache": _timed(check_cache),
        "broker": _timed(check_broker),
        "search": _timed(check_search),
    }
    required = ("database", "cache", "broker")
    healthy = all(checks[name]["up"] for name in required)
    if not checks["search"]["up"]:
        checks["search"]["detail"] += " (search falls back to the database backend)"
    body = {"status": "ok" if healthy else "unavailable", "checks": checks, "outbox": _outbox_backlog()}
    return JsonResponse(body, status=200 if healthy else 503)
