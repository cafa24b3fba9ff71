"""Dutch municipalities with centroid coordinates, from the shipped table `data/municipalities.csv`."""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "municipalities.csv"


@dataclass(frozen=True)
class Place:
    name: str
    province: str
    latitude: float
    longitude: float


@lru_cache(maxsize=1)
def all_places() -> dict[str, Place]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {
            row["name"]: Place(row["name"], row["province"], float(row["latitude"]), float(row["longitude"]))
            for row in rows
        }


# Official names that nobody uses in daily speech: the table holds the everyday name, these still find it.
OFFICIAL_NAMES = {"'s-gravenhage": "Den Haag"}


def find_place(name: str) -> Place | None:
    places = all_places()
    if name in places:
        return places[name]
    folded = name.strip().casefold()
    folded = OFFICIAL_NAMES.get(folded, folded).casefold()
    return next((place for key, place in places.items() if key.casefold() == folded), None)


def place_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(all_places())]
