"""The transparent score within a fit band (matching.ranking): components, weights, reasons and the order."""

from decimal import Decimal

import pytest

from matching.ranking import (
    COMPONENTS,
    Offer,
    RankedCandidate,
    Seeker,
    Weights,
    components,
    points,
    rank,
    ranked_order,
    score,
)
from matching.validation import ProfileError, ProfileErrors


def test_interest_counts_the_holland_letters_by_their_place():
    offer = Offer(riasec="RCE")
    assert components(Seeker(interests=("R",)), offer)["interest"] == pytest.approx(3 / 6)
    assert components(Seeker(interests=("C",)), offer)["interest"] == pytest.approx(2 / 6)
    assert components(Seeker(interests=("E", "R")), offer)["interest"] == pytest.approx(4 / 6)
    assert components(Seeker(interests=("S",)), offer)["interest"] == 0
    assert components(Seeker(), offer)["interest"] is None
    assert components(Seeker(interests=("R",)), Offer())["interest"] is None


def test_competence_is_the_share_of_what_the_work_asks():
    offer = Offer(competences=frozenset({"teamwork", "accuracy", "driving", "planning"}))
    seeker = Seeker(competences=frozenset({"accuracy", "driving", "cooking"}))
    assert components(seeker, offer)["competence"] == pytest.approx(0.5)
    assert components(Seeker(), offer)["competence"] is None


def test_distance_against_the_travel_limit():
    seeker = Seeker(travel_km=20)
    assert components(seeker, Offer(distance_km=5))["distance"] == pytest.approx(0.75)
    assert components(seeker, Offer(distance_km=30))["distance"] == 0
    assert components(seeker, Offer(distance_km=30, remote=True))["distance"] == 1
    assert components(Seeker(), Offer(distance_km=5))["distance"] is None


def test_hours_closeness_and_a_phased_start_when_building_up():
    offer = Offer(per_week_min=Decimal(20), per_week_max=Decimal(24))
    assert components(Seeker(hours_now=Decimal(22)), offer)["hours"] == 1
    assert components(Seeker(hours_now=Decimal(28)), offer)["hours"] == pytest.approx(1 - 4 / 16)
    # building up from 12 to a target of 20: inside the range, but no phased start halves it
    building_up = Seeker(hours_now=Decimal(12), hours_target=Decimal(20))
    assert components(building_up, offer)["hours"] == pytest.approx(0.5)
    phased = Offer(per_week_min=Decimal(20), per_week_max=Decimal(24), phased_start=True)
    assert components(building_up, phased)["hours"] == 1
    assert components(Seeker(), offer)["hours"] is None


def test_coaching_offered_against_wanted():
    assert components(Seeker(coaching_wanted="buddy"), Offer(coaching="job_coach"))["coaching"] == 1
    assert components(Seeker(coaching_wanted="job_coach"), Offer(coaching="buddy"))["coaching"] == 0.5
    assert components(Seeker(coaching_wanted="job_coach"), Offer(coaching="none"))["coaching"] == 0
    assert components(Seeker(coaching_wanted="none"), Offer(coaching="none"))["coaching"] is None


def test_recency_halves_every_thirty_days():
    assert components(Seeker(), Offer(age_days=0))["recency"] == 1
    assert components(Seeker(), Offer(age_days=30))["recency"] == pytest.approx(0.5)
    assert components(Seeker(), Offer(age_days=60))["recency"] == pytest.approx(0.25)


def test_the_score_is_the_weighted_sum_and_the_points_add_up_to_it():
    values = {"interest": 1.0, "competence": 0.5, "distance": None, "hours": 0.0, "coaching": None, "recency": 0.5}
    weights = Weights(interest=4, competence=2, distance=1, hours=1, coaching=1, recency=1)
    expected = 100 * (4 * 1 + 2 * 0.5 + 1 * 0.5) / 10
    assert score(values, weights) == pytest.approx(expected)
    assert sum(points(values, weights).values()) == pytest.approx(expected)


def test_every_component_has_a_reason_in_both_languages_and_unknown_ones_come_last():
    seeker = Seeker(interests=("S",), travel_km=25, hours_now=Decimal(20))
    offer = Offer(riasec="SCE", distance_km=10, per_week_min=Decimal(16), per_week_max=Decimal(24), age_days=3)
    ranking = rank(seeker, offer, Weights())
    assert [reason.component for reason in ranking.reasons][-2:] == ["competence", "coaching"]
    assert {reason.component for reason in ranking.reasons} == set(COMPONENTS)
    by_component = {reason.component: reason for reason in ranking.reasons}
    assert by_component["interest"].text["nl"] == "Past bij wat u graag doet: mensen helpen."
    assert by_component["distance"].text["en"] == "10 km from home; you want to travel up to 25 km."
    assert by_component["recency"].text["nl"] == "3 dagen geleden geplaatst."
    assert ranking.score == pytest.approx(sum(reason.points for reason in ranking.reasons))


def test_green_always_comes_before_orange_whatever_the_score():
    best_orange = RankedCandidate(1, 1, "orange", 0, 0, {"interest": 1.0, "recency": 1.0})
    poor_green = RankedCandidate(2, 1, "green", 1, 0, {"interest": 0.0, "recency": 0.0})
    fair_green = RankedCandidate(3, 1, "green", 2, 0, {"interest": 0.5, "recency": 0.0})
    order = ranked_order([best_orange, poor_green, fair_green], Weights())
    assert [candidate.vacancy_id for candidate in order] == [3, 2, 1]


def test_title_words_come_before_the_score_and_the_plain_order_ignores_the_score():
    with_word = RankedCandidate(1, 1, "green", 1, 1, {"interest": 0.0})
    high_score = RankedCandidate(2, 1, "green", 0, 0, {"interest": 1.0})
    low_score = RankedCandidate(3, 1, "green", 2, 0, {"interest": 0.2})
    assert [c.vacancy_id for c in ranked_order([high_score, with_word, low_score], Weights())] == [1, 2, 3]
    plain = ranked_order([low_score, with_word, high_score], None)
    assert [c.vacancy_id for c in plain] == [1, 2, 3]  # title words, then the plain position


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"interest": -1}, "weights.interest"),
        ({"recency": 101}, "weights.recency"),
        ({"hours": float("nan")}, "weights.hours"),
        ({"hours": True}, "weights.hours"),
        (dict.fromkeys(COMPONENTS, 0), "weights"),
        ({"luck": 1}, "weights"),
    ],
)
def test_weights_are_refused_with_the_field_named(values, field):
    with pytest.raises(ProfileError) as refused:
        Weights.from_mapping(values)
    assert refused.value.field == field


def test_several_wrong_weights_are_reported_together():
    with pytest.raises(ProfileErrors) as refused:
        Weights(interest=-1, recency=500)
    assert set(refused.value.by_field()) == {"weights.interest", "weights.recency"}


def test_weights_from_the_command_line():
    assert Weights.parse("interest=6, recency=0.5").as_dict() == {**Weights().as_dict(), "interest": 6, "recency": 0.5}
    for text in ("interest", "interest=lots", "interest=1,,=2"):
        with pytest.raises(ProfileError):
            Weights.parse(text)


def test_a_seeker_never_prints_its_hours():
    assert "20" not in repr(Seeker(hours_now=Decimal(20), interests=("R",)))
