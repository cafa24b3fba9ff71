"""The packed level encoding of the database backend agrees with "load ≤ capacity" for every level."""

from hypothesis import given
from hypothesis import strategies as st

from matching.catalogue import get_catalogue
from search.documents import WORD_BITS, forbidden_bits, packed_levels

CATALOGUE = get_catalogue()


def passes(load: dict, limits: dict) -> bool:
    words = packed_levels(load)
    masks = forbidden_bits(list(limits.items()))
    return all(word & mask == 0 for word, mask in zip(words, masks, strict=True))


def test_every_level_against_every_capacity_of_every_dimension():
    for dimension in CATALOGUE:
        for load in range(dimension.max + 1):
            for capacity in range(dimension.max + 1):
                assert passes({dimension.code: load}, {dimension.code: capacity}) == (load <= capacity)


levels = st.fixed_dictionaries({}, optional={d.code: st.integers(0, d.max) for d in CATALOGUE})


@given(levels, levels)
def test_whole_profiles_pass_exactly_when_every_dimension_does(load, limits):
    expected = all(load.get(code, 0) <= limit for code, limit in limits.items())
    assert passes(load, limits) == expected


def test_words_stay_within_a_signed_64_bit_integer():
    everything = packed_levels({d.code: d.max for d in CATALOGUE})
    assert all(0 <= word < 2**WORD_BITS for word in everything)
