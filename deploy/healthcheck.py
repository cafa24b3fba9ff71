"""Container health checks: `python deploy/healthcheck.py web|worker|beat`; exit 0 when healthy.

web:    GET /healthz on the local gunicorn (database, cache and broker up), with a Host header that
        ALLOWED_HOSTS accepts.
worker: the local Celery worker answers a ping through the broker.
beat:   Celery beat wrote its schedule file in the last 10 minutes.
"""

import glob
import os
import socket
import sys
import time
import urllib.request

BEAT_SCHEDULE = os.environ.get("CELERY_BEAT_SCHEDULE_FILE", "/tmp/celerybeat-schedule")  # noqa: S108


def web() -> bool:
    hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
    host = hosts[0].lstrip(".") if hosts and hosts[0] != "*" else "localhost"
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310 - a fixed loopback URL
            return response.status == 200
    except OSError as error:
        print(f"web unhealthy: {error}", file=sys.stderr)
        return False


def worker() -> bool:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from config.celery import app

    replies = app.control.ping(destination=[f"celery@{socket.gethostname()}"], timeout=5)
    return bool(replies)


def beat() -> bool:
    files = glob.glob(BEAT_SCHEDULE + "*")
    return bool(files) and time.time() - max(os.path.getmtime(name) for name in files) < 600


if __name__ == "__main__":
    checks = {"web": web, "worker": worker, "beat": beat}
    if len(sys.argv) != 2 or sys.argv[1] not in checks:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(checks)}")
    sys.exit(0 if checks[sys.argv[1]]() else 1)
