"""The log of key uses is kept PARTNERS_KEY_USE_DAYS days (beat: partners.tasks.prune_key_uses)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partners.models import ApiKeyUse
from partners.tasks import prune_key_uses

pytestmark = pytest.mark.django_db


def test_old_key_uses_are_forgotten(settings, search_key):
    settings.PARTNERS_KEY_USE_DAYS = 30
    key, _ = search_key
    now = timezone.now()
    for days in (31, 29, 0):
        ApiKeyUse.objects.create(
            key=key, at=now - timedelta(days=days), method="POST", path="/api/v1/search/", status=200, duration_ms=5
        )
    assert prune_key_uses.delay().get() == 1
    assert sorted((now - use.at).days for use in ApiKeyUse.objects.all()) == [0, 29]
