import csv

from core import places
from listings.reference import (
    esco_csv_path,
    esco_occupation_uris,
    isco_unit_groups,
    read_curated_profiles,
    read_esco_rows,
)
from network.demo import DEMO_REGIONS

COMMON_IN_REINTEGRATION = {
    "order-picker",
    "cleaner",
    "receptionist",
    "customer-service-agent",
    "call-centre-agent",
    "cashier",
    "care-assistant",
    "gardener",
    "security-guard",
    "bicycle-mechanic",
    "it-helpdesk",
    "bookkeeper",
}


def test_esco_csv_holds_the_436_isco_unit_groups():
    groups = isco_unit_groups(read_esco_rows(esco_csv_path()))
    assert len(groups) == 436
    hand_packers = next(group for group in groups if group.code == "9321")
    assert hand_packers.title == "Hand packers"
    assert hand_packers.description.startswith("Hand packers weigh, pack and label")


def test_curated_profiles_are_valid_and_cover_common_reintegration_occupations():
    occupations = read_curated_profiles()  # validates shares, task counts, codes and levels
    assert len(occupations) >= 60
    keys = {occupation.key for occupation in occupations}
    missing = {key for key in COMMON_IN_REINTEGRATION if not any(key in k for k in keys)}
    assert not missing, f"no curated profile for {missing}"
    assert sum(1 for o in occupations if any(task.share < 10 for task in o.tasks)) >= 10


def test_curated_isco_codes_and_esco_uris_exist_in_esco():
    rows = read_esco_rows(esco_csv_path())
    isco = {group.code for group in isco_unit_groups(rows)}
    uris = esco_occupation_uris(rows)
    for occupation in read_curated_profiles():
        assert occupation.isco in isco, occupation.key
        assert not occupation.esco_uri or occupation.esco_uri in uris, occupation.key


def test_municipalities_table_covers_the_netherlands_and_the_demo_places():
    with places.MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert 340 <= len(rows) <= 360
    assert len({row["name"] for row in rows}) == len(rows)
    for row in rows:
        assert 50.7 <= float(row["latitude"]) <= 53.6 and 3.3 <= float(row["longitude"]) <= 7.3, row
    for _region, _slug, _name, demo_places in DEMO_REGIONS:
        for name, lat, lon in demo_places:
            place = places.find_place(name)
            assert place is not None, name
            assert abs(place.latitude - lat) < 0.06 and abs(place.longitude - lon) < 0.09, name


def test_find_place_ignores_case_and_spaces():
    assert places.find_place(" utrecht ").name == "Utrecht"
    assert places.find_place("Atlantis") is None


def test_den_haag_is_called_den_haag_and_still_found_by_its_official_name():
    from core.places import find_place, place_choices

    assert ("Den Haag", "Den Haag") in place_choices()
    assert "'s-Gravenhage" not in dict(place_choices())
    assert find_place("'s-Gravenhage").name == "Den Haag" and find_place("den haag").name == "Den Haag"
