"""gunicorn settings for the web container (and deploy/smoke.py). Each can be changed by environment.

gunicorn itself reads WEB_CONCURRENCY for the number of workers; the rest are ours:
GUNICORN_BIND, GUNICORN_THREADS, GUNICORN_TIMEOUT, FORWARDED_ALLOW_IPS.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.env import envbool  # noqa: E402
from config.logging import build_logging  # noqa: E402

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak never grows; the jitter keeps them from restarting together.
max_requests = 2000
max_requests_jitter = 200
# The reverse proxy (Caddy in docker-compose.yml) sets X-Forwarded-*; gunicorn trusts it only from these.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# Heartbeat files in memory, not on the container's disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's documented advice
# Django writes one access line per request (with its request id); gunicorn's own access log stays off.
accesslog = None
errorlog = "-"
logconfig_dict = build_logging(
    {"version": 1, "disable_existing_loggers": False},
    log_format=os.environ.get("LOG_FORMAT") or ("plain" if envbool("DEBUG", True) else "json"),
    level=os.environ.get("LOG_LEVEL", "INFO"),
)
