import json

import pytest
from django.core.management import CommandError, call_command

from listings.models import Occupation, OccupationTask
from listings.reference import CURATED_PROFILES

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(Occupation.objects.values_list("key", "isco_code", "title_nl", "title_en", "esco_uri")),
        sorted(OccupationTask.objects.values_list("occupation__key", "position", "name_nl", "share")),
    )


def test_import_brings_isco_groups_and_curated_profiles_and_is_idempotent(capsys):
    call_command("import_occupations", no_progress=True)
    out = capsys.readouterr().out
    assert "ISCO-08 unit groups (436): 436 created" in out
    assert "European Union" in out  # ESCO attribution
    assert Occupation.objects.filter(source=Occupation.Source.ISCO).count() == 436
    assert Occupation.objects.filter(source=Occupation.Source.CURATED).count() >= 60
    picker = Occupation.objects.get(key="order-picker")
    assert picker.title_nl and 4 <= picker.tasks.count() <= 10
    assert picker.load_profile()  # derived from its tasks
    first = _state()

    call_command("import_occupations", no_progress=True)
    out = capsys.readouterr().out
    assert "0 created, 0 updated, 436 unchanged" in out
    assert _state() == first


def test_changed_profile_updates_tasks(tmp_path, capsys):
    call_command("import_occupations", no_progress=True)
    data = json.loads(CURATED_PROFILES.read_text(encoding="utf-8"))
    picker = next(o for o in data["occupations"] if o["key"] == "order-picker")
    picker["tasks"][0]["name"]["nl"] = "Gewijzigde taak"
    changed = tmp_path / "profiles.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_occupations", profiles=changed, no_progress=True)
    assert "1 updated" in capsys.readouterr().out
    assert Occupation.objects.get(key="order-picker").tasks.first().name_nl == "Gewijzigde taak"


def test_broken_profile_file_stops_with_a_clear_error_and_writes_nothing(tmp_path):
    data = json.loads(CURATED_PROFILES.read_text(encoding="utf-8"))
    data["occupations"][-1]["tasks"][0]["share"] += 5
    broken = tmp_path / "profiles.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=r"shares add up to 10[1-9]"):
        call_command("import_occupations", profiles=broken, no_progress=True)
    assert not Occupation.objects.exists()


def test_unknown_isco_code_is_refused(tmp_path):
    data = json.loads(CURATED_PROFILES.read_text(encoding="utf-8"))
    data["occupations"][0]["isco"] = "9999"
    broken = tmp_path / "profiles.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="unknown ISCO-08 unit groups.*9999"):
        call_command("import_occupations", profiles=broken, no_progress=True)
    assert not Occupation.objects.exists()


def test_missing_csv_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_occupations", csv=tmp_path / "missing.csv", no_progress=True)
