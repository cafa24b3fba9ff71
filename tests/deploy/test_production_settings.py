"""The settings as production loads them (DEBUG off), in a fresh process: static files, logs as JSON with
request ids, e-mail through django-anymail, Sentry off without a DSN."""

import json
import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, logging, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/healthz", HTTP_X_REQUEST_ID="probe-request-0001")
logging.getLogger("probe").warning("outside a request")
print("SETTINGS " + json.dumps({
    "storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "middleware": settings.MIDDLEWARE,
    "anymail": settings.ANYMAIL,
    "email_backend": settings.EMAIL_BACKEND,
    "csp_report_only": bool(settings.CONTENT_SECURITY_POLICY_REPORT_ONLY),
    "response_request_id": response["X-Request-ID"],
    "hijack": settings.CELERY_WORKER_HIJACK_ROOT_LOGGER,
}))
"""


def run_probe(tmp_path, **extra):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DEBUG": "false",
        "SECRET_KEY": "probe-" + "k" * 10 + os.urandom(16).hex(),
        "CAPACITY_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout.split("SETTINGS ", 1)[1])
    logs = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    return settings, logs


def test_production_settings(tmp_path):
    settings, logs = run_probe(
        tmp_path,
        ANYMAIL_MAILGUN_API_KEY="key-123",
        ANYMAIL_MAILGUN_SENDER_DOMAIN="mg.example.nl",
        EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
    )
    assert settings["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = settings["middleware"]
    assert middleware[0] == "config.request_id.RequestIdMiddleware"
    assert (
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
        == middleware.index("django.middleware.security.SecurityMiddleware") + 1
    )
    assert "csp.middleware.CSPMiddleware" in middleware
    assert settings["anymail"] == {"MAILGUN_API_KEY": "key-123", "MAILGUN_SENDER_DOMAIN": "mg.example.nl"}
    assert settings["email_backend"] == "anymail.backends.mailgun.EmailBackend"
    assert settings["csp_report_only"] is False
    assert settings["hijack"] is False

    access = [line for line in logs if line["logger"] == "passendwerk.request"]
    assert access and access[0]["request_id"] == "probe-request-0001" == settings["response_request_id"]
    assert access[0]["http_path"] == "/healthz" and access[0]["level"] == "INFO" and access[0]["time"]
    outside = [line for line in logs if line["logger"] == "probe"]
    assert outside == [{**outside[0], "message": "outside a request", "request_id": "-", "level": "WARNING"}]


def test_plain_logs_and_report_only_policy_on_request(tmp_path):
    settings, logs = run_probe(tmp_path, LOG_FORMAT="plain", CSP_REPORT_ONLY="true")
    assert logs == []  # plain text, no JSON
    assert settings["csp_report_only"] is True
