"""The plain rules: reproducible, balanced assignment; Wilson intervals; small counts; arms."""

import math

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from experiments import rules

KEYS_2 = ["score", "gewoon"]


def test_the_same_seed_and_case_always_give_the_same_arm():
    first = [rules.arm_for(42, case_id, KEYS_2) for case_id in range(1, 501)]
    again = [rules.arm_for(42, case_id, KEYS_2) for case_id in reversed(range(1, 501))][::-1]
    assert first == again
    other_seed = [rules.arm_for(43, case_id, KEYS_2) for case_id in range(1, 501)]
    assert first != other_seed  # the seed matters


def test_the_arm_is_sha256_of_seed_and_case_id():
    import hashlib

    digest = hashlib.sha256(b"7:123").digest()
    assert rules.arm_index(7, 123, 3) == int.from_bytes(digest[:8], "big") % 3


@pytest.mark.parametrize("seed", [1, 2, 20261, 987654321])
def test_two_arms_are_balanced_over_a_thousand_cases(seed):
    counts = dict.fromkeys(KEYS_2, 0)
    for case_id in range(1, 1001):
        counts[rules.arm_for(seed, case_id, KEYS_2)] += 1
    # each within 5 percentage points of half (a fair coin stays within ±3.1 sd = ±49 in 99.8% of seeds)
    assert all(450 <= count <= 550 for count in counts.values()), counts


@pytest.mark.parametrize("arms", [2, 3, 4])
def test_every_arm_count_passes_a_chi_square_test(arms):
    keys = [f"arm{index}" for index in range(arms)]
    counts = dict.fromkeys(keys, 0)
    n = 1000
    for case_id in range(1, n + 1):
        counts[rules.arm_for(1234, case_id, keys)] += 1
    expected = n / arms
    chi_square = sum((count - expected) ** 2 / expected for count in counts.values())
    critical = {1: 6.635, 2: 9.210, 3: 11.345}[arms - 1]  # chi-square, 1% level, arms-1 degrees of freedom
    assert chi_square < critical, counts


@pytest.mark.parametrize(
    ("successes", "total", "low", "high"),
    [
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (50, 100, 0.4038, 0.5962),
        (1, 20, 0.0089, 0.2361),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_interval_matches_known_values(successes, total, low, high):
    interval = rules.wilson_interval(successes, total)
    assert interval == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))


def test_wilson_interval_without_cases_is_none_and_refuses_impossible_counts():
    assert rules.wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        rules.wilson_interval(11, 10)


def test_the_interval_holds_the_share_and_narrows_with_more_cases():
    small, large = rules.wilson_interval(3, 10), rules.wilson_interval(300, 1000)
    assert small[0] < 0.3 < small[1] and large[0] < 0.3 < large[1]
    assert (large[1] - large[0]) < (small[1] - small[0])
    assert not math.isclose(small[0], 0.3)


@pytest.mark.parametrize(("count", "shown"), [(0, "<5"), (1, "<5"), (4, "<5"), (5, "5"), (123, "123")])
def test_counts_below_five_are_suppressed(count, shown):
    assert rules.suppressed(count) == shown


def test_arms_are_cleaned_with_weights_in_full():
    arms = rules.clean_arms(
        [
            {"key": "own", "label": " Own weights ", "kind": "ranking", "weights": {"interest": 5}},
            {"key": "gewoon", "label": "Plain", "kind": "plain", "weights": None},
        ]
    )
    assert arms[0]["label"] == "Own weights"
    assert arms[0]["weights"] == {
        "interest": 5.0,
        "competence": 2.0,
        "distance": 2.0,
        "hours": 2.0,
        "coaching": 1.0,
        "recency": 1.0,
    }
    assert arms[1]["weights"] is None


@pytest.mark.parametrize(
    ("arms", "problem"),
    [
        ([{"key": "a", "label": "A", "kind": "plain", "weights": None}], "2 to 4 arms"),
        ([{"key": f"a{i}", "label": "A", "kind": "plain", "weights": None} for i in range(5)], "2 to 4 arms"),
        ("not a list", "2 to 4 arms"),
        (
            [{"key": "a", "label": "A", "kind": "plain", "weights": None}, {"key": "a", "label": "B", "kind": "plain"}],
            "its own key",
        ),
        (
            [{"key": "a b", "label": "A", "kind": "plain"}, {"key": "b", "label": "B", "kind": "plain"}],
            "letters, digits",
        ),
        ([{"key": "a", "label": "", "kind": "plain"}, {"key": "b", "label": "B", "kind": "plain"}], "give a name"),
        ([{"key": "a", "label": "A\x00", "kind": "plain"}, {"key": "b", "label": "B", "kind": "plain"}], "give a name"),
        ([{"key": "a", "label": "A", "kind": "random"}, {"key": "b", "label": "B", "kind": "plain"}], "choose the"),
        (
            [
                {"key": "a", "label": "A", "kind": "plain", "weights": {"interest": 1}},
                {"key": "b", "label": "B", "kind": "plain"},
            ],
            "uses no weights",
        ),
        (
            [
                {"key": "a", "label": "A", "kind": "ranking", "weights": {"salary": 1}},
                {"key": "b", "label": "B", "kind": "plain"},
            ],
            "unknown component: salary",
        ),
        (
            [
                {"key": "a", "label": "A", "kind": "ranking", "weights": {"interest": 101}},
                {"key": "b", "label": "B", "kind": "plain"},
            ],
            "from 0 to 100",
        ),
        (
            [
                {"key": "a", "label": "A", "kind": "ranking", "weights": dict.fromkeys(rules.Weights().as_dict(), 0)},
                {"key": "b", "label": "B", "kind": "plain"},
            ],
            "at least one weight above 0",
        ),
        (["a", {"key": "b", "label": "B", "kind": "plain"}], "give a key"),
    ],
)
def test_wrong_arms_are_refused_with_the_reason(arms, problem):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        rules.clean_arms(arms)
    assert problem in " ".join(refused.value.messages)


def test_weights_text_is_parsed_or_refused_with_the_ranking_message():
    assert rules.parse_weights("interest=3, competence=0")["competence"] == 0.0
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        rules.parse_weights("interest=lots")
    assert "write component=number" in refused.value.messages[0]
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        rules.parse_weights("salaris=3")
    assert "onbekend onderdeel: salaris" in refused.value.messages[0]
