"""partners' settings, each with its default (config/settings.py may set them from the environment).

- PARTNERS_KEY_RATE_PER_MINUTE: the requests per minute a new key gets (each key has its own, editable).
- PARTNERS_ANONYMOUS_SEARCH_RATE: what one address may search without a key, as "count/period"
  (django-ninja's format, e.g. "60/min"); empty or None: no limit.
- PARTNERS_KEY_ROTATION_GRACE: seconds a rotated key keeps working next to its successor.
- PARTNERS_KEY_USE_DAYS: days the log of key uses is kept (partners.tasks.prune_key_uses).
- PARTNERS_WEBHOOK_TIMEOUT: seconds a partner's server gets to answer a delivery.
- PARTNERS_WEBHOOK_MAX_ATTEMPTS: attempts before a delivery is marked failed.
- PARTNERS_WEBHOOK_ALLOW_LOCAL_HTTP: plain http://127.0.0.1 webhook addresses (tests); DEBUG allows them too.
"""

from django.conf import settings


def default_key_rate_per_minute() -> int:
    return getattr(settings, "PARTNERS_KEY_RATE_PER_MINUTE", 600)


def anonymous_search_rate() -> str | None:
    return getattr(settings, "PARTNERS_ANONYMOUS_SEARCH_RATE", "60/min") or None


def rotation_grace_seconds() -> int:
    return getattr(settings, "PARTNERS_KEY_ROTATION_GRACE", 24 * 60 * 60)


def key_use_days() -> int:
    return getattr(settings, "PARTNERS_KEY_USE_DAYS", 90)


def webhook_timeout() -> float:
    return getattr(settings, "PARTNERS_WEBHOOK_TIMEOUT", 10.0)


def webhook_max_attempts() -> int:
    return getattr(settings, "PARTNERS_WEBHOOK_MAX_ATTEMPTS", 8)


def allow_local_http_webhooks() -> bool:
    return getattr(settings, "PARTNERS_WEBHOOK_ALLOW_LOCAL_HTTP", False)
