"""What a published vacancy looks like to search: one flat document, the same for every backend.

Hours are whole tenths (24.5 h → 245) so that every engine compares them exactly as the rule
book does. Per dimension there are two levels:

- `load_<code>`: the vacancy's load;
- `pass_<code>`: the load minus one when the employer marked the dimension adaptable, so that
  "green or orange" (load ≤ C, or load = C + 1 and adaptable) is the single comparison pass ≤ C.

No worker data ever goes into a document.
"""

from decimal import Decimal

from matching.catalogue import get_catalogue
from search.query import hours_band


def field_suffix(code: str) -> str:
    """'IV.13' -> 'iv_13', 'III.1a' -> 'iii_1a': a column and field name part."""
    return code.lower().replace(".", "_")


def load_field(code: str) -> str:
    return f"load_{field_suffix(code)}"


def pass_field(code: str) -> str:
    return f"pass_{field_suffix(code)}"


def tenths(hours) -> int | None:
    return None if hours is None else int(Decimal(hours) * 10)


def worker_tenths(hours) -> float:
    """A worker's hours in tenths, exact for every value with up to one decimal."""
    return float(Decimal(str(hours)) * 10)


def load_levels(load: dict, adaptable) -> dict[str, int]:
    adaptable = set(adaptable or ())
    levels = {}
    for dimension in get_catalogue():
        level = int(load.get(dimension.code, 0) or 0)
        levels[load_field(dimension.code)] = level
        levels[pass_field(dimension.code)] = max(level - 1, 0) if dimension.code in adaptable else level
    return levels


def searchable_text(*parts: str) -> str:
    return " ".join(part for part in parts if part).casefold()


def vacancy_document(vacancy) -> dict:
    """The fields search needs, from a vacancy with employer, network and occupation loaded."""
    occupation = vacancy.occupation
    return {
        "id": vacancy.pk,
        "title": vacancy.title,
        "description": vacancy.description,
        "occupation": " ".join(filter(None, [occupation.title_nl, occupation.title_en])),
        "occupation_isco": occupation.isco_code,
        "employer": vacancy.employer.name,
        "place": vacancy.place,
        "network": vacancy.network.slug,
        "network_id": vacancy.network_id,
        "region": vacancy.network.region.slug,
        "region_id": vacancy.network.region_id,
        "latitude": vacancy.latitude,
        "longitude": vacancy.longitude,
        "remote": vacancy.remote,
        "per_week_min": tenths(vacancy.per_week_min),
        "per_week_max": tenths(vacancy.per_week_max),
        "per_day_max": tenths(vacancy.per_day_max),
        "phased_start": vacancy.phased_start,
        "phased_start_per_week": tenths(vacancy.phased_start_per_week) if vacancy.phased_start else None,
        "hours_band": hours_band(vacancy.per_week_min),
        "coaching": vacancy.coaching,
        "trial_placement": vacancy.trial_placement,
        "adaptable": sorted(vacancy.adaptable or ()),
        "published_at": vacancy.published_at,
        "updated_at": vacancy.updated_at,
        **load_levels(vacancy.load or {}, vacancy.adaptable),
    }
