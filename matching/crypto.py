"""Sealing health data: Fernet (AES-128-CBC + HMAC-SHA256) with keys from the environment.

`CAPACITY_ENCRYPTION_KEYS` lists the keys, newest first. The first key seals; every key opens, so a
new key can be put in front while old rows are re-sealed in the background (`rotate_capacity_key`).
"""

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SealError(ValueError):
    """A sealed value could not be opened with any configured key."""


@lru_cache(maxsize=4)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    try:
        fernets = [Fernet(key.encode("ascii")) for key in keys]
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured("CAPACITY_ENCRYPTION_KEYS holds a key that is not a Fernet key.") from error
    return MultiFernet(fernets), fernets[0]


def _keys() -> tuple[MultiFernet, Fernet]:
    return _fernets(tuple(settings.CAPACITY_ENCRYPTION_KEYS))


def seal(data) -> str:
    return _keys()[0].encrypt(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).decode("ascii")


def unseal(token: str):
    try:
        return json.loads(_keys()[0].decrypt(token.encode("ascii")))
    except InvalidToken as error:
        raise SealError("The sealed value cannot be opened with the configured keys.") from error


def sealed_with_current_key(token: str) -> bool:
    try:
        _keys()[1].decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def reseal(token: str) -> str:
    """The same content sealed with the first (current) key."""
    try:
        return _keys()[0].rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise SealError("The sealed value cannot be opened with the configured keys.") from error
