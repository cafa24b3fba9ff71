import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from listings.forms import matching_labels, occupation_labels
from listings.models import Occupation, OccupationTask
from listings.reference import (
    CURATED_PROFILES,
    ISCO_TITLES_NL,
    ReferenceDataError,
    esco_csv_path,
    isco_unit_groups,
    read_curated_profiles,
    read_esco_rows,
    read_isco_titles_nl,
)

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


def _fold(text):
    return " ".join(text.split()).casefold()


def test_every_isco_group_gets_its_dutch_title(capsys):
    call_command("import_occupations", no_progress=True)
    captured = capsys.readouterr()
    assert "no Dutch title" not in captured.err
    groups = Occupation.objects.filter(source=Occupation.Source.ISCO)
    assert groups.count() == 436
    assert not groups.filter(title_nl="").exists()
    cleaners = groups.get(isco_code="9112")
    assert cleaners.title_nl == "Schoonmakers en huishoudelijke hulpen in kantoren, hotels en andere instellingen"
    assert cleaners.title_en == "Cleaners and helpers in offices, hotels and other establishments"


def test_dutch_titles_cover_the_isco_groups_are_unique_and_differ_from_the_curated_titles():
    codes = {group.code for group in isco_unit_groups(read_esco_rows(esco_csv_path()))}
    titles = read_isco_titles_nl()
    assert set(titles) == codes
    folded = [_fold(title) for title in titles.values()]
    assert sorted({t for t in folded if folded.count(t) > 1}) == []
    curated = {_fold(occupation.title["nl"]) for occupation in read_curated_profiles()}
    assert sorted(curated & set(folded)) == []
    data = json.loads(ISCO_TITLES_NL.read_text(encoding="utf-8"))
    assert data["version"] == 1 and "ESCO" in data["source"]


def test_missing_dutch_title_leaves_it_empty_with_a_warning_and_a_new_one_is_written(tmp_path, capsys):
    data = json.loads(ISCO_TITLES_NL.read_text(encoding="utf-8"))
    del data["titles"]["9321"], data["titles"]["9334"]
    partial = tmp_path / "titles.json"
    partial.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_occupations", titles_nl=partial, no_progress=True)
    captured = capsys.readouterr()
    assert "2 ISCO-08 unit groups have no Dutch title" in captured.err
    assert "9321, 9334" in captured.err
    assert Occupation.objects.get(key="isco-9321").title_nl == ""

    call_command("import_occupations", no_progress=True)
    captured = capsys.readouterr()
    assert "ISCO-08 unit groups (436): 0 created, 2 updated, 434 unchanged" in captured.out
    assert "no Dutch title" not in captured.err
    assert Occupation.objects.get(key="isco-9321").title_nl == read_isco_titles_nl()["9321"]


@pytest.mark.parametrize(
    ("titles", "message"),
    [
        ({"932": "Inpakkers"}, r"'932' is not a 4-digit ISCO-08 unit group code"),
        ({"9321": "  "}, r"titles\.9321: needs a non-empty Dutch title"),
        ({"9321": 9321}, r"titles\.9321: needs a non-empty Dutch title"),
        (["9321", "Inpakkers"], r"expected a 'titles' object"),
    ],
)
def test_malformed_dutch_titles_stop_the_import_with_a_clear_error(tmp_path, titles, message):
    broken = tmp_path / "titles.json"
    broken.write_text(json.dumps({"version": 1, "source": "test", "titles": titles}), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=message):
        read_isco_titles_nl(broken)
    with pytest.raises(CommandError, match=message):
        call_command("import_occupations", titles_nl=broken, no_progress=True)
    assert not Occupation.objects.exists()


def test_unreadable_dutch_titles_are_a_clear_error(tmp_path):
    broken = tmp_path / "titles.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="titles.json: not valid JSON"):
        call_command("import_occupations", titles_nl=broken, no_progress=True)
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_occupations", titles_nl=tmp_path / "missing.json", no_progress=True)


def test_occupation_picker_shows_the_isco_groups_in_dutch_on_dutch_pages():
    call_command("import_occupations", no_progress=True)
    with translation.override("nl"):
        labels = occupation_labels()
        assert "Schoonmakers en huishoudelijke hulpen in kantoren, hotels en andere instellingen" in labels
        assert "Hand packers" not in labels
        assert not any(label.endswith(")") and label[-5:-1].isdigit() for label in labels)  # no title twice
        assert [label for label, _ in matching_labels("lassers")] == ["Lassers en snijbranders"]
    with translation.override("en"):
        assert "Hand packers" in occupation_labels()
