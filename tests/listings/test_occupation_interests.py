"""The curated occupations' interest codes (RIASEC) and competences: the data, its checks and the import."""

import copy
import json

import pytest

from listings.importers import import_curated
from listings.models import Occupation
from listings.reference import CURATED_PROFILES, ReferenceDataError, read_curated_profiles
from matching.competences import competences


def _data():
    return json.loads(CURATED_PROFILES.read_text(encoding="utf-8"))


def test_every_curated_occupation_has_an_interest_code_a_source_and_competences():
    data = _data()
    assert "Holland" in data["riasec_source"]
    known = set(competences())
    for raw in data["occupations"]:
        key, code, source, asked = raw["key"], raw["riasec"], raw["riasec_source"], raw["competences"]
        assert 1 <= len(code) <= 3 and set(code) <= set("RIASEC") and len(set(code)) == len(code), key
        assert source.startswith("Editorial mapping by Passend Werk"), key
        for letter in code:  # the source names the tasks that decided each letter
            assert f"{letter}: " in source, (key, letter)
        assert 2 <= len(asked) <= 6 and len(set(asked)) == len(asked) and set(asked) <= known, key
    parsed = {occupation.key: occupation for occupation in read_curated_profiles()}
    assert len(parsed) == len(data["occupations"])
    assert parsed["order-picker"].riasec.startswith("R")
    assert parsed["care-assistant"].riasec.startswith("S")
    assert parsed["bookkeeper"].riasec.startswith("C")
    assert "care" in parsed["care-assistant"].competences
    assert "driving" in parsed["taxi-driver"].competences


def _write_one(tmp_path, **changes):
    data = _data()
    picker = copy.deepcopy(next(o for o in data["occupations"] if o["key"] == "order-picker"))
    for name, value in changes.items():
        if value is None:
            del picker[name]
        else:
            picker[name] = value
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps({"version": "test", "occupations": [picker]}), encoding="utf-8")
    return path


def test_the_small_file_itself_is_valid(tmp_path):
    [picker] = read_curated_profiles(_write_one(tmp_path))
    assert picker.riasec == "RC"
    assert picker.competences == ("accuracy", "reliability", "teamwork")
    assert picker.riasec_source.startswith("Editorial mapping")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"riasec": None}, "riasec"),
        ({"riasec": ""}, "riasec"),
        ({"riasec": 12}, "riasec"),
        ({"riasec": "RCEA"}, "riasec"),
        ({"riasec": "RXC"}, "riasec"),
        ({"riasec": "rc"}, "riasec"),
        ({"riasec": "RRC"}, "riasec"),
        ({"riasec_source": None}, "riasec_source"),
        ({"riasec_source": "   "}, "riasec_source"),
        ({"riasec_source": ["a source"]}, "riasec_source"),
        ({"riasec_source": "From O*NET\x00"}, "riasec_source"),
        ({"competences": None}, "competences"),
        ({"competences": []}, "competences"),
        ({"competences": "accuracy"}, "competences"),
        ({"competences": ["accuracy", "juggling"]}, "competences"),
        ({"competences": ["accuracy", {"code": "teamwork"}]}, "competences"),
        ({"competences": ["accuracy", "accuracy"]}, "competences"),
        ({"competences": sorted(competences())[:9]}, "competences"),
    ],
)
def test_a_bad_interest_code_source_or_competence_is_refused_naming_the_field(tmp_path, changes, field):
    path = _write_one(tmp_path, **changes)
    with pytest.raises(ReferenceDataError, match=rf"occupations\[0\] \(order-picker\)\.{field}:"):
        read_curated_profiles(path)


def test_the_errors_say_what_is_wrong(tmp_path):
    with pytest.raises(ReferenceDataError, match=r"\.riasec: 1 to 3 different letters from RIASEC .*'RXC'"):
        read_curated_profiles(_write_one(tmp_path, riasec="RXC"))
    with pytest.raises(ReferenceDataError, match=r"\.competences: unknown 'juggling'; choose from communicate"):
        read_curated_profiles(_write_one(tmp_path, competences=["juggling"]))
    with pytest.raises(ReferenceDataError, match=r"\.riasec_source: needs a non-empty text"):
        read_curated_profiles(_write_one(tmp_path, riasec_source=""))


@pytest.mark.django_db
def test_the_import_stores_the_interest_code_source_and_competences_and_updates_them(tmp_path):
    curated = read_curated_profiles()
    report = import_curated(curated)
    assert report.created == len(curated)
    for occupation in curated:
        stored = Occupation.objects.get(key=occupation.key)
        assert (stored.riasec, stored.riasec_source, stored.competences) == (
            occupation.riasec,
            occupation.riasec_source,
            list(occupation.competences),
        )
    assert import_curated(curated).unchanged == len(curated)

    for changes in (
        {"riasec": "CR"},
        {"riasec_source": "Checked against O*NET by an occupational expert."},
        {"competences": ["accuracy", "technical"]},
    ):
        report = import_curated(read_curated_profiles(_write_one(tmp_path, **changes)))
        assert (report.updated, report.unchanged) == (1, 0), changes
        picker = Occupation.objects.get(key="order-picker")
        for name, value in changes.items():
            assert getattr(picker, name) == value
