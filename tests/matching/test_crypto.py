"""Sealing capacity data and rotating the key without downtime."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from matching.crypto import SealError, reseal, seal, sealed_with_current_key, unseal
from matching.models import AccessLogEntry, CapacityProfile, CapacityProfileVersion, Source
from matching.profiles import open_profile, save_profile

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_sealed_values_open_only_with_a_configured_key(settings):
    settings.CAPACITY_ENCRYPTION_KEYS = [OLD]
    token = seal({"limitations": {"IV.13": "rugklachten"}})
    assert "rugklachten" not in token
    assert unseal(token) == {"limitations": {"IV.13": "rugklachten"}}
    settings.CAPACITY_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(SealError):
        unseal(token)


def test_a_new_key_in_front_opens_old_rows_and_reseals_them(settings):
    settings.CAPACITY_ENCRYPTION_KEYS = [OLD]
    token = seal({"levels": {"IV.13": 1}})
    settings.CAPACITY_ENCRYPTION_KEYS = [NEW, OLD]
    assert unseal(token) == {"levels": {"IV.13": 1}} and not sealed_with_current_key(token)
    fresh = reseal(token)
    assert sealed_with_current_key(fresh)
    settings.CAPACITY_ENCRYPTION_KEYS = [NEW]
    assert unseal(fresh) == {"levels": {"IV.13": 1}}


@pytest.mark.django_db
def test_rotate_capacity_key_reseals_every_row_once(settings, alice, capsys):
    settings.CAPACITY_ENCRYPTION_KEYS = [OLD]
    save_profile(alice, by=alice, levels={"IV.13": 1}, source=Source.SELF, purpose="self_assessment")
    save_profile(alice, by=alice, levels={"IV.13": 2}, source=Source.SELF, purpose="self_assessment")
    settings.CAPACITY_ENCRYPTION_KEYS = [NEW, OLD]
    call_command("rotate_capacity_key", no_progress=True)
    assert "Re-encrypted 3 rows; 0 left on an old key." in capsys.readouterr().out
    call_command("rotate_capacity_key", no_progress=True)  # idempotent
    assert "Re-encrypted 0 rows" in capsys.readouterr().out
    settings.CAPACITY_ENCRYPTION_KEYS = [NEW]  # the old key can go now
    assert open_profile(alice, by=alice, purpose="own_view").levels == {"IV.13": 2}
    assert all(sealed_with_current_key(t) for t in CapacityProfileVersion.objects.values_list("sealed", flat=True))
    assert AccessLogEntry.objects.filter(action="reseal", actor=None).count() == 1
    assert CapacityProfile.objects.get().version == 2
