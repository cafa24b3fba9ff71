"""A real Celery worker process for the tests marked `services` (PostgreSQL + Redis)."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def _database_url_of_test_db() -> str:
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


@contextmanager
def celery_worker(mail_dir: Path, timeout: float = 60, extra_env: dict | None = None):
    """Start `celery worker` against the test database; stop it afterwards."""
    celery_app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_of_test_db(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-for-the-worker-process-0123456789-abcdefghij",
        # The worker opens capacity profiles (saved-search digests) with the same keys as the tests.
        "CAPACITY_ENCRYPTION_KEYS": ",".join(settings.CAPACITY_ENCRYPTION_KEYS),
        "ALLOWED_HOSTS": "testserver",
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"test-{os.getpid()}@%h",
    ]
    log_path = mail_dir / "worker.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(process, log_path, timeout)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_ready(process, log_path: Path, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{log_path.read_text()}")
        if "ready." in log_path.read_text():
            return
        time.sleep(0.2)
    raise RuntimeError(f"Celery worker not ready after {timeout}s:\n{log_path.read_text()}")


def wait_for(predicate, timeout: float = 30, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def forget_broker_connections():
    """Celery keeps its connection pools; after the broker address changed it must open new ones."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
