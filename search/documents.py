"""What a published vacancy looks like to search: one flat document for every backend.

Hours are whole tenths (24.5 h → 245) so that every engine compares them exactly as the rule
book does. Per dimension there are two levels:

- `load_<code>`: the vacancy's load;
- `pass_<code>`: the load once the employer has adapted what they can (`matching.rules.adapted_load`:
  one level lower when the dimension is adaptable), so that "green or orange" (load ≤ C, or an
  adaptation bridges the load) is the single comparison pass ≤ C.

No worker data ever goes into a document.
"""

from dataclasses import dataclass
from decimal import Decimal

from matching.catalogue import get_catalogue
from matching.rules import adapted_load
from search.query import COACHING, HOURS_BANDS, KINDS, hours_band


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
        levels[pass_field(dimension.code)] = adapted_load(level, dimension.code in adaptable)
    return levels


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
        "kind": vacancy.kind,
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
        "facet_key": facet_key(
            vacancy.network_id,
            hours_band(vacancy.per_week_min),
            vacancy.phased_start,
            vacancy.coaching,
            vacancy.trial_placement,
            vacancy.remote,
            vacancy.kind,
        ),
        "published_at": vacancy.published_at,
        "updated_at": vacancy.updated_at,
        **load_levels(vacancy.load or {}, vacancy.adaptable),
        **packed_fields(vacancy.load or {}, vacancy.adaptable),
    }


# --- the database backend's packed levels -----------------------------------------------------------
#
# Each dimension gets K bits in a "thermometer" code: level L sets its lowest L bits (0 → 000,
# 2 → 011, 3 → 111). "level ≤ C" then means: none of the bits above the lowest C is set, which for
# every limited dimension at once is one bitwise AND per word:  (bits & forbidden) = 0.
# All dimensions fit in two 62-bit words; the rows stay narrow, so a scan reads little.

WORD_BITS = 62
WORDS = 2


@dataclass(frozen=True)
class BitSlot:
    word: int
    offset: int
    width: int  # K


def _layout() -> dict[str, BitSlot]:
    slots, word, offset = {}, 0, 0
    for dimension in get_catalogue():
        if offset + dimension.max > WORD_BITS:
            word, offset = word + 1, 0
        slots[dimension.code] = BitSlot(word, offset, dimension.max)
        offset += dimension.max
    if word >= WORDS:
        raise ValueError(f"the catalogue needs more than {WORDS} words of {WORD_BITS} bits")
    return slots


BIT_SLOTS = _layout()


def packed_levels(levels: dict[str, int]) -> list[int]:
    words = [0] * WORDS
    for code, level in levels.items():
        slot = BIT_SLOTS.get(code)
        if slot is None:  # not in the catalogue: a vacancy is validated before it can be published
            continue
        level = min(max(int(level), 0), slot.width)
        words[slot.word] |= ((1 << level) - 1) << slot.offset
    return words


def forbidden_bits(constraints: list[tuple[str, int]]) -> list[int]:
    """Per word, the bits that must be clear for every (code, highest allowed level) pair."""
    words = [0] * WORDS
    for code, allowed in constraints:
        slot = BIT_SLOTS[code]
        all_bits = (1 << slot.width) - 1
        words[slot.word] |= (all_bits ^ ((1 << allowed) - 1)) << slot.offset
    return words


def packed_fields(load: dict, adaptable) -> dict[str, int]:
    adaptable = set(adaptable or ())
    load = {code: int(level) for code, level in (load or {}).items() if level}
    passing = {code: adapted_load(level, code in adaptable) for code, level in load.items()}
    fields = {}
    for index, word in enumerate(packed_levels(load)):
        fields[f"load_bits_{index}"] = word
    for index, word in enumerate(packed_levels(passing)):
        fields[f"pass_bits_{index}"] = word
    return fields


# --- the database backend's facet key ---------------------------------------------------------------
#
# All facet values of a vacancy but the fit, as one integer, so that counting every facet is a
# GROUP BY on two small columns (this key and the fit) instead of eight. A mixed-radix number: the
# network id, then one digit per facet. The kind is the last digit, so that a key of before it (kind
# "vacancy", digit 0) times len(KINDS) is the same vacancy's key with it (migration search 0005).
# Per network there are COMBINATIONS_PER_NETWORK keys: the fit index numbers the distinct keys it
# meets (uint16 up to 65,536 of them, uint32 beyond: `search.fit_index.Numbering`).

BAND_KEYS = [key for key, _low, _high in HOURS_BANDS]
COACHING_KEYS = list(COACHING)
KIND_KEYS = list(KINDS)
COMBINATIONS_PER_NETWORK = len(BAND_KEYS) * 2 * len(COACHING_KEYS) * 2 * 2 * len(KIND_KEYS)


def facet_key(
    network_id: int, band: str, phased_start: bool, coaching: str, trial: bool, remote: bool, kind: str
) -> int:
    key = network_id
    key = key * len(BAND_KEYS) + BAND_KEYS.index(band)
    key = key * 2 + int(phased_start)
    key = key * len(COACHING_KEYS) + COACHING_KEYS.index(coaching)
    key = key * 2 + int(trial)
    key = key * 2 + int(remote)
    return key * len(KIND_KEYS) + KIND_KEYS.index(kind)


def facet_values(key: int) -> dict:
    key, kind = divmod(key, len(KIND_KEYS))
    key, remote = divmod(key, 2)
    key, trial = divmod(key, 2)
    key, coaching = divmod(key, len(COACHING_KEYS))
    key, phased = divmod(key, 2)
    network_id, band = divmod(key, len(BAND_KEYS))
    return {
        "network_id": network_id,
        "hours_band": BAND_KEYS[band],
        "phased_start": bool(phased),
        "coaching": COACHING_KEYS[coaching],
        "trial_placement": bool(trial),
        "remote": bool(remote),
        "kind": KIND_KEYS[kind],
    }
