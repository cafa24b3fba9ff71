import socket

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_all_up(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "search"}
    assert all(check["up"] for check in body["checks"].values())


def test_cache_down_is_unavailable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"]["up"] is False
    assert body["checks"]["database"]["up"] is True


def test_broker_down_is_unavailable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTH_CHECK_TIMEOUT = 1
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["up"] is False


def test_search_engine_down_is_reported_but_not_fatal(client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{_closed_port()}"
    settings.HEALTH_CHECK_TIMEOUT = 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    search = response.json()["checks"]["search"]
    assert search["up"] is False
    assert "falls back to the database" in search["detail"]


@pytest.mark.services
def test_real_broker_and_postgres_are_up(client):
    body = client.get(reverse("healthz")).json()
    assert body["checks"]["broker"]["up"] is True
    assert "eager" not in body["checks"]["broker"]["detail"]
    assert body["checks"]["database"]["detail"] == "postgresql"
