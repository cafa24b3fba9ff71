"""The metrics of the evaluation on examples worked out by hand (plain Python, no database)."""

import math
from datetime import UTC, datetime, timedelta

import pytest

from matching.ranking import RankedCandidate, Weights
from ranking.evaluation import (
    JudgedSearch,
    bootstrap_ci,
    dcg,
    evaluate_order,
    hit_at_k,
    ndcg_at_k,
    not_fitting_at_k,
    reciprocal_rank,
    search_scores,
    split_by_date,
    split_by_share,
    summarise,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_dcg_uses_exponential_gain_and_log2_discount():
    # ranks 1, 2, 3: (2^3 - 1)/log2(2) + 0 + (2^1 - 1)/log2(4) = 7 + 0.5
    assert dcg([3, 0, 1]) == pytest.approx(7.5)


def test_ndcg_against_the_ideal_order_of_the_same_gains():
    # shown [0, 3, 1]: 7/log2(3) + 1/log2(4) = 4.4165 + 0.5; ideal [3, 1, 0]: 7 + 1/log2(3) = 7.6309
    assert ndcg_at_k([0, 3, 1]) == pytest.approx((7 / math.log2(3) + 0.5) / (7 + 1 / math.log2(3)))
    assert ndcg_at_k([0, 3, 1]) == pytest.approx(0.6443, abs=1e-4)
    assert ndcg_at_k([3, 1, 0]) == pytest.approx(1.0)


def test_ndcg_counts_only_the_first_k():
    gains = [0] * 10 + [2]
    assert ndcg_at_k(gains, k=10) == 0.0  # the ideal has the 2 first
    assert ndcg_at_k(gains, k=11) == pytest.approx((3 / math.log2(12)) / 3)


def test_a_list_without_gain_is_not_evaluated():
    assert ndcg_at_k([0, 0, 0]) is None
    assert reciprocal_rank([0, 0]) is None
    assert hit_at_k([0, 0]) is None


def test_reciprocal_rank_and_hit_rate():
    assert reciprocal_rank([0, 0, 1, 3]) == pytest.approx(1 / 3)
    assert hit_at_k([0] * 10 + [1]) == 0.0
    assert hit_at_k([0] * 9 + [1]) == 1.0


def test_not_fitting_in_the_top_ten():
    assert not_fitting_at_k([False] * 10 + [True]) == 0.0
    assert not_fitting_at_k([False] * 9 + [True]) == 1.0


def _candidate(vacancy_id, position, interest, network_id=1, band="green"):
    values = {"interest": interest, "competence": None, "distance": None, "hours": None, "coaching": None}
    return RankedCandidate(vacancy_id, network_id, band, position, 0, {**values, "recency": 1.0})


def test_orders_are_replayed_on_the_same_search():
    """Plain shows 1, 2, 3; the weights put 3 (interest 1.0) first. The worker reacted to 3 and called 1 not fitting."""
    search = JudgedSearch(
        T0,
        (_candidate(1, 0, 0.0), _candidate(2, 1, 0.5), _candidate(3, 2, 1.0)),
        gains={3: 2},
        not_fitting=frozenset({1}),
    )
    plain = search_scores(search, None)
    ranked = search_scores(search, Weights(interest=1, competence=0, distance=0, hours=0, coaching=0, recency=0))
    assert plain == {
        "ndcg@10": pytest.approx(0.5),
        "mrr": pytest.approx(1 / 3),
        "hit_rate@10": 1.0,
        "not_fitting@10": 1.0,
    }
    assert ranked == {"ndcg@10": pytest.approx(1.0), "mrr": 1.0, "hit_rate@10": 1.0, "not_fitting@10": 1.0}


def test_green_stays_before_orange_whatever_the_weights():
    search = JudgedSearch(T0, (_candidate(1, 0, 0.0), _candidate(2, 1, 1.0, band="orange")), gains={2: 1})
    weights = Weights(interest=1, competence=0, distance=0, hours=0, coaching=0, recency=0)
    assert search_scores(search, weights)["mrr"] == 0.5


def test_not_fitting_overrides_a_reaction():
    search = JudgedSearch(T0, (_candidate(1, 0, 0.0),), gains={1: 3}, not_fitting=frozenset({1}))
    assert search.gain(1) == 0
    assert search_scores(search, None) == {"ndcg@10": None, "mrr": None, "hit_rate@10": None, "not_fitting@10": 1.0}


def test_a_search_without_any_outcome_counts_nowhere():
    search = JudgedSearch(T0, (_candidate(1, 0, 0.0),))
    assert set(search_scores(search, None).values()) == {None}
    assert summarise([search_scores(search, None)], resamples=10, seed=1)["searches"] == 0


def test_bootstrap_is_reproducible_and_brackets_the_mean():
    values = [0.0, 0.2, 0.5, 0.5, 0.9, 1.0, 1.0, 0.3]
    first = bootstrap_ci(values, resamples=1000, seed=7)
    assert first == bootstrap_ci(values, resamples=1000, seed=7)
    assert first != bootstrap_ci(values, resamples=1000, seed=8)
    low, high = first
    assert low < sum(values) / len(values) < high
    assert bootstrap_ci([0.4] * 5, resamples=200, seed=1) == (0.4, 0.4)
    assert bootstrap_ci([], resamples=200, seed=1) is None


def test_split_by_share_puts_the_latest_searches_in_the_test_part():
    searches = [JudgedSearch(T0 + timedelta(days=day), ()) for day in (3, 1, 2, 0, 4)]
    split = split_by_share(searches, 0.3)
    assert [s.searched_at.day for s in split.tuning] == [1, 2, 3]
    assert [s.searched_at.day for s in split.test] == [4, 5]
    assert split.split_at == T0 + timedelta(days=3)
    assert split_by_share([], 0.3).split_at is None


def test_split_by_date():
    searches = [JudgedSearch(T0 + timedelta(days=day), ()) for day in (0, 1, 2)]
    split = split_by_date(searches, T0 + timedelta(days=1))
    assert (len(split.tuning), len(split.test)) == (1, 2)


def test_per_network_restricts_each_search_to_that_networks_vacancies():
    search = JudgedSearch(T0, (_candidate(1, 0, 0.0, network_id=1), _candidate(2, 1, 0.0, network_id=2)), gains={2: 1})
    result = evaluate_order([search], None, network_names={1: "a", 2: "b"}, sections=[], resamples=10)
    assert result["overall"]["mrr"]["value"] == 0.5
    assert result["per_network"]["b"]["mrr"]["value"] == 1.0
    assert result["per_network"]["a"]["searches"] == 0 and result["per_network"]["a"]["mrr"]["value"] is None


def test_groups_per_limitation_under_five_are_suppressed():
    def search(sections):
        return JudgedSearch(T0, (_candidate(1, 0, 0.0),), gains={1: 1}, sections=frozenset(sections))

    searches = [search({"IV", "V"})] * 5 + [search({"I"})] * 4 + [JudgedSearch(T0, (), sections=None)]
    result = evaluate_order(searches, None, network_names={}, sections=["I", "IV", "V", "VI"], resamples=10)
    limitation = result["per_limitation"]
    assert limitation["I"] == {"searches": 4, "suppressed": True}
    assert limitation["VI"] == {"searches": 0, "suppressed": True}
    assert limitation["IV"]["searches"] == 5 and limitation["IV"]["mrr"]["value"] == 1.0
    assert "suppressed" not in limitation["V"]


def test_a_judged_search_does_not_show_its_sections():
    search = JudgedSearch(T0, (), sections=frozenset({"IV"}))
    assert "IV" not in repr(search)
