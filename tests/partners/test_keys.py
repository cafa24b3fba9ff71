"""API keys at unit level: the format, the stored hash, rotation and revocation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners import keys
from partners.models import ApiKey

pytestmark = pytest.mark.django_db


def test_a_key_is_shown_once_and_stored_only_as_a_hash(partner):
    issued = keys.issue(partner=partner, scopes=["search", "vacancies:read"])
    start, prefix, secret = issued.plain.split("_", 2)
    assert start == "pw" and prefix == issued.key.prefix and len(secret) >= 43  # 32 random bytes
    stored = ApiKey.objects.get()
    assert secret not in stored.hash and stored.hash == keys.hash_secret(secret)
    assert len(stored.hash) == 64
    assert keys.resolve(issued.plain) == stored


@pytest.mark.parametrize(
    "change",
    [
        lambda plain: plain[:-1] + ("A" if plain[-1] != "A" else "B"),  # a wrong secret
        lambda plain: plain.replace("pw_", "xx_", 1),  # not our format
        lambda plain: plain[:15],  # no secret
        lambda plain: "pw_000000000000_" + plain.split("_", 2)[2],  # an unknown prefix
    ],
)
def test_anything_but_the_exact_key_is_refused(search_key, change):
    _, plain = search_key
    assert keys.resolve(change(plain)) is None


def test_the_hash_depends_on_the_server_key(settings, search_key):
    key, plain = search_key
    settings.SECRET_KEY = "another-server-key-" * 3
    assert keys.resolve(plain) is None
    settings.SECRET_KEY_FALLBACKS = [
        "django-insecure-dev-only-key-never-use-in-production-passend-werk-0123456789"
    ]  # the one the key was made with
    assert keys.resolve(plain) == key


def test_scopes_outside_the_fixed_set_are_refused(partner):
    with pytest.raises(ValidationError, match="admin"):
        keys.issue(partner=partner, scopes=["search", "admin"])
    assert not ApiKey.objects.exists()


def test_rotation_gives_a_new_key_and_the_old_one_works_for_the_grace_period(settings, partner):
    settings.PARTNERS_KEY_ROTATION_GRACE = 3600
    old = keys.issue(partner=partner, scopes=["search"], rate_per_minute=1000)
    new = keys.rotate(old.key)
    old.key.refresh_from_db()
    assert old.key.replaced_by == new.key and new.key.scopes == ["search"] and new.key.rate_per_minute == 1000
    assert old.key.works_at() and new.key.works_at()
    assert not old.key.works_at(timezone.now() + timedelta(seconds=3601))


def test_revoking_stops_a_key_at_once(search_key):
    key, _ = search_key
    assert keys.revoke(key) is True
    key.refresh_from_db()
    assert not key.works_at()
    assert keys.revoke(key) is False  # already stopped


def test_a_stopped_key_cannot_be_rotated(search_key):
    key, _ = search_key
    keys.revoke(key)
    key.refresh_from_db()
    with pytest.raises(ValueError):
        keys.rotate(key)
