"""API keys: made, checked, rotated and revoked.

A key reads `pw_<prefix>_<secret>`. The prefix (12 hex characters) finds the stored key and is shown
in the admin and the use log; the secret (32 random bytes, URL-safe base64) is shown once and stored
only as HMAC-SHA256(secret) keyed with SECRET_KEY (a server-side pepper: a leaked database alone does
not let anyone check guesses). A fast hash suffices: bcrypt and friends slow down guessing of
*low-entropy* passwords, while 256 random bits cannot be guessed at any speed; a slow hash would only
add latency to every API call. The hash is compared in constant time.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from partners import conf
from partners.models import ApiKey, Partner

KEY_SALT = "partners.ApiKey"
KEY_START = "pw_"
HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    plain: str  # the full key, shown once


def hash_secret(secret: str, server_key: str | None = None) -> str:
    return salted_hmac(KEY_SALT, secret, secret=server_key, algorithm="sha256").hexdigest()


def _split(token: str) -> tuple[str, str] | None:
    if not token.startswith(KEY_START):
        return None
    prefix, _, secret = token[len(KEY_START) :].partition("_")
    if len(prefix) != 12 or not HEX.issuperset(prefix) or not secret or len(secret) > 100:
        return None  # (a prefix is looked up: only hex digits reach the database, no NUL or odd characters)
    return prefix, secret


def resolve(token: str) -> ApiKey | None:
    """The stored key this token is (revoked or not), or None for a malformed or unknown token."""
    parts = _split(token)
    if parts is None:
        return None
    prefix, secret = parts
    key = ApiKey.objects.select_related("partner").filter(prefix=prefix).first()
    stored = key.hash if key else "0" * 64
    server_keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    matches = [constant_time_compare(stored, hash_secret(secret, server_key)) for server_key in server_keys]
    return key if key is not None and any(matches) else None


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(6)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            return prefix


def new_secret(key: ApiKey) -> str:
    """Give an unsaved key its prefix and hash; return the full key to show once."""
    key.prefix = _new_prefix()
    secret = secrets.token_urlsafe(32)
    key.hash = hash_secret(secret)
    return f"{KEY_START}{key.prefix}_{secret}"


@transaction.atomic
def issue(*, partner: Partner, scopes: list[str], name: str = "", employers=(), rate_per_minute=None) -> IssuedKey:
    key = ApiKey(partner=partner, name=name, scopes=list(scopes))
    if rate_per_minute:
        key.rate_per_minute = rate_per_minute
    plain = new_secret(key)
    key.full_clean()
    key.save()
    key.employers.set(employers)
    return IssuedKey(key=key, plain=plain)


@transaction.atomic
def rotate(key: ApiKey) -> IssuedKey:
    """A new key with the same partner, scopes, employers and rate; the old one keeps working for the
    grace period (PARTNERS_KEY_ROTATION_GRACE, a day by default) so the partner can switch without an outage."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if not key.works_at():
        raise ValueError("a key that no longer works cannot be rotated")
    issued = issue(
        partner=key.partner,
        scopes=key.scopes,
        name=key.name,
        employers=key.employers.all(),
        rate_per_minute=key.rate_per_minute,
    )
    grace_ends = timezone.now() + timedelta(seconds=conf.rotation_grace_seconds())
    key.revoked_at = min(key.revoked_at, grace_ends) if key.revoked_at else grace_ends
    key.replaced_by = issued.key
    key.save(update_fields=["revoked_at", "replaced_by"])
    return issued


def revoke(key: ApiKey) -> bool:
    """Stop the key at once. False if it had already stopped."""
    now = timezone.now()
    return bool(ApiKey.objects.filter(pk=key.pk).exclude(revoked_at__lte=now).update(revoked_at=now))
