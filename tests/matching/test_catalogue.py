import copy
import json
import re
from pathlib import Path

import pytest

from matching.catalogue import DIMENSIONS_FILE, CatalogueError, get_catalogue, load_catalogue, parse_catalogue

DOMAIN_CODES = (
    ["I.1", "I.2", "I.3", "I.7", "I.9"]
    + [f"I.8.{i}" for i in range(1, 7)]
    + ["II.6", "II.8", "II.9", "II.11"]
    + [f"II.12.{i}" for i in range(1, 6)]
    + ["III.1a", "III.1b", "III.2", "III.3", "III.4", "III.5", "III.6", "III.7"]
    + [
        "IV.3.6",
        "IV.3.7",
        "IV.3.8",
        "IV.4",
        "IV.7",
        "IV.8",
        "IV.9",
        "IV.10",
        "IV.12",
        "IV.13",
        "IV.14",
        "IV.15",
        "IV.16",
        "IV.17",
        "IV.18",
        "IV.19",
        "IV.20",
    ]
    + [f"V.{i}" for i in range(1, 9)]
    + ["VI.1a", "VI.1b"]
)
# K per DOMAIN.md's table, for the ordinal dimensions; everything else is binary (K = 1).
ORDINAL_MAX = {
    "I.1": 2,
    "I.2": 2,
    "I.3": 2,
    "I.7": 1,
    "I.9": 2,
    "II.6": 2,
    "II.8": 2,
    "II.9": 2,
    "IV.4": 3,
    "IV.7": 2,
    "IV.8": 2,
    "IV.9": 2,
    "IV.10": 3,
    "IV.12": 2,
    "IV.13": 3,
    "IV.14": 3,
    "IV.15": 2,
    "IV.16": 3,
    "IV.17": 3,
    "IV.18": 3,
    "IV.19": 3,
    "IV.20": 3,
    "V.1": 3,
    "V.2": 3,
    "V.3": 3,
    "V.4": 3,
    "V.5": 1,
    "V.6": 2,
    "V.7": 2,
    "V.8": 3,
}


@pytest.fixture
def raw():
    return json.loads(Path(DIMENSIONS_FILE).read_text(encoding="utf-8"))


def test_catalogue_holds_every_dimension_of_the_domain_in_order():
    assert get_catalogue().codes == tuple(DOMAIN_CODES)


@pytest.mark.parametrize("code", DOMAIN_CODES)
def test_scale_matches_the_domain_table(code):
    dimension = get_catalogue()[code]
    assert dimension.max == ORDINAL_MAX.get(code, 1)
    assert dimension.kind == ("ordinal" if code in ORDINAL_MAX else "binary")
    assert dimension.section == code.split(".")[0]
    assert [level.value for level in dimension.levels] == list(range(dimension.max + 1))
    # FML code c maps to capacity K - c.
    assert dimension.fml == {c: dimension.max - c for c in range(dimension.max + 1)}


def test_every_level_reads_as_a_plain_sentence_part_in_both_languages():
    for dimension in get_catalogue():
        for level in dimension.levels:
            assert level.capacity["nl"].startswith("u ") or " u " in level.capacity["nl"], (dimension.code, level)
            assert re.match(r"^(you|your)\b", level.capacity["en"]) or " you " in level.capacity["en"]
            assert not level.capacity["nl"].endswith("."), dimension.code
            assert not level.load["nl"].endswith("."), dimension.code


def test_catalogue_is_loaded_once():
    assert get_catalogue() is get_catalogue()


def test_unknown_kind_is_refused_naming_the_place(raw):
    raw["dimensions"][3]["kind"] = "scale"
    with pytest.raises(CatalogueError, match=r"dimensions\[3\] \(I\.7\)\.kind"):
        parse_catalogue(raw)


def test_missing_level_is_refused(raw):
    broken = copy.deepcopy(raw)
    broken["dimensions"][0]["levels"].pop()
    with pytest.raises(CatalogueError, match=r"\(I\.1\)\.levels: expected 3 levels"):
        parse_catalogue(broken)


def test_missing_english_label_is_refused(raw):
    del raw["dimensions"][1]["levels"][0]["label"]["en"]
    with pytest.raises(CatalogueError, match=r"\(I\.2\)\.levels\[0\]\.label\.en"):
        parse_catalogue(raw)


def test_fml_norm_must_map_to_the_top_of_the_scale(raw):
    raw["dimensions"][0]["fml"] = {"0": 0, "1": 1, "2": 2}
    with pytest.raises(CatalogueError, match="norm"):
        parse_catalogue(raw)


def test_duplicate_code_is_refused(raw):
    raw["dimensions"].append(raw["dimensions"][0])
    with pytest.raises(CatalogueError, match="appears twice"):
        parse_catalogue(raw)


def test_unreadable_file_says_where(tmp_path):
    broken = tmp_path / "dimensions.json"
    broken.write_text('{"dimensions": [', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"dimensions\.json: not valid JSON \(line 1"):
        load_catalogue(broken)
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "missing.json")
