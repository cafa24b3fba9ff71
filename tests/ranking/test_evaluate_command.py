"""`manage.py evaluate_ranking` on recorded searches and the reactions that followed them (real rows)."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from listings.models import Application
from matching.catalogue import get_catalogue
from matching.models import MatchFeedback
from ranking.models import RankedSearch
from tests.listings.factories import VacancyFactory
from tests.network.factories import UserFactory
from tests.ranking.builders import HIGH, LOW, candidate, reacted, recorded

METRICS = {"ndcg@10", "mrr", "hit_rate@10", "not_fitting@10"}


def evaluate(*args) -> dict:
    out = StringIO()
    call_command("evaluate_ranking", *args, stdout=out)
    return json.loads(out.getvalue())


def figures(report, order="current", part="overall"):
    return {metric: report["orders"][order][part][metric]["value"] for metric in METRICS}


@pytest.fixture
def two_vacancies(network_a):
    """The plain order shows `first` (low components) before `second` (high components)."""
    return VacancyFactory(network=network_a), VacancyFactory(network=network_a)


def test_an_empty_database_gives_valid_json_with_zero_counts(db):
    report = evaluate("--resamples", "10")
    assert report["split"]["tuning_searches"] == report["split"]["test_searches"] == 0
    assert report["searches"] == {"recorded": 0, "simulated": 0, "test_recorded": 0, "test_simulated": 0}
    assert set(report["orders"]) == {"current", "plain"}
    overall = report["orders"]["current"]["overall"]
    assert overall["searches"] == 0 and overall["mrr"] == {"value": None, "ci95": None}
    sections = [section.code for section in get_catalogue().sections]
    assert report["orders"]["plain"]["per_limitation"] == {
        code: {"searches": 0, "suppressed": True} for code in sections
    }
    assert report["orders"]["plain"]["per_network"] == {}
    assert report["notes"]


def test_the_weights_in_force_beat_the_plain_order_as_constructed(alice, two_vacancies):
    """The worker was invited for the vacancy the plain order put second and the score puts first."""
    first, second = two_vacancies
    search = recorded(alice, [candidate(first, 0, LOW), candidate(second, 1, HIGH)])
    reacted(alice, second, search, outcome=Application.Outcome.INVITED)
    report = evaluate("--test-share", "1", "--resamples", "50", "--candidate", "interest_only:interest=1,distance=0")
    assert report["searches"]["recorded"] == 1 and report["split"]["test_searches"] == 1
    assert report["orders"]["current"]["overall"]["searches"] == 1
    assert figures(report, "current") == {"ndcg@10": 1.0, "mrr": 1.0, "hit_rate@10": 1.0, "not_fitting@10": 0.0}
    # plain: the gain-2 vacancy at rank 2 → (2²−1)/log2(3) against 3/1
    assert figures(report, "plain") == {"ndcg@10": 0.6309, "mrr": 0.5, "hit_rate@10": 1.0, "not_fitting@10": 0.0}
    assert report["orders"]["plain"]["overall"]["mrr"]["ci95"] == [0.5, 0.5]
    assert report["orders"]["interest_only"]["weights"]["interest"] == 1.0
    assert figures(report, "interest_only")["mrr"] == 1.0


def test_gains_follow_the_outcome_and_the_window(alice, two_vacancies):
    first, second = two_vacancies
    search = recorded(alice, [candidate(first, 0, HIGH), candidate(second, 1, LOW)], days_ago=50)
    reacted(alice, first, search, outcome=Application.Outcome.NOT_HIRED, days_after=2)  # gain 1
    reacted(alice, second, search, outcome=Application.Outcome.HIRED, days_after=40)  # gain 3, after 30 days
    within_30 = evaluate("--test-share", "1", "--resamples", "10")
    assert figures(within_30, "plain")["ndcg@10"] == 1.0  # only the reaction to `first` counts
    within_60 = evaluate("--test-share", "1", "--resamples", "10", "--window-days", "60")
    # plain [1, 3]: (1 + 7/log2 3) / (7 + 1/log2 3)
    assert figures(within_60, "plain")["ndcg@10"] == 0.7098


def test_reactions_before_the_search_and_of_other_workers_do_not_count(alice, two_vacancies):
    first, second = two_vacancies
    search = recorded(alice, [candidate(first, 0), candidate(second, 1)])
    reacted(alice, first, search, days_after=-1)
    reacted(UserFactory(), second, search)
    report = evaluate("--test-share", "1", "--resamples", "10")
    assert report["orders"]["plain"]["overall"]["searches"] == 0


def test_not_a_good_match_counts_as_not_fitting(alice, bob, two_vacancies, network_a):
    first, second = two_vacancies
    search = recorded(alice, [candidate(first, 0, LOW), candidate(second, 1, HIGH)])
    reacted(alice, first, search, outcome=Application.Outcome.INVITED)
    for who, role in ((alice, "worker"), (bob, "professional")):
        MatchFeedback.objects.create(
            vacancy=second, network=network_a, given_by=who, role=role, dimensions=["IV.13"],
            created_at=search.searched_at + timedelta(days=1),
        )  # fmt: skip
    report = evaluate("--test-share", "1", "--resamples", "10")
    assert figures(report, "current")["not_fitting@10"] == 1.0
    assert figures(report, "current")["mrr"] == 0.5  # the not-fitting one is first, the invitation second
    MatchFeedback.objects.filter(role="worker").delete()  # a professional's feedback is not the worker's
    assert figures(evaluate("--test-share", "1", "--resamples", "10"), "current")["not_fitting@10"] == 0.0


def test_per_network_restricts_the_candidates(alice, network_a, network_b):
    in_a, in_b = VacancyFactory(network=network_a), VacancyFactory(network=network_b)
    search = recorded(alice, [candidate(in_a, 0), candidate(in_b, 1)])
    reacted(alice, in_b, search)
    report = evaluate("--test-share", "1", "--resamples", "10")
    per_network = report["orders"]["plain"]["per_network"]
    assert report["orders"]["plain"]["overall"]["mrr"]["value"] == 0.5
    assert per_network[network_b.slug]["mrr"]["value"] == 1.0
    assert per_network[network_a.slug]["searches"] == 0 and per_network[network_a.slug]["mrr"]["value"] is None


def test_per_limitation_groups_under_five_are_suppressed(network_a):
    vacancy = VacancyFactory(network=network_a)
    for index in range(5):
        worker = UserFactory()
        search = recorded(worker, [candidate(vacancy, 0)], sections=["IV", "I"] if index < 4 else ["IV"])
        reacted(worker, vacancy, search)
    report = evaluate("--test-share", "1", "--resamples", "10")
    per_limitation = report["orders"]["current"]["per_limitation"]
    assert per_limitation["IV"]["searches"] == 5 and per_limitation["IV"]["mrr"]["value"] == 1.0
    assert per_limitation["I"] == {"searches": 4, "suppressed": True}
    assert per_limitation["II"] == {"searches": 0, "suppressed": True}


def test_the_time_split_reports_only_the_test_part(alice, two_vacancies):
    first, second = two_vacancies
    old = recorded(alice, [candidate(first, 0, LOW), candidate(second, 1, HIGH)], days_ago=100)
    reacted(alice, first, old)
    new = recorded(alice, [candidate(first, 0, LOW), candidate(second, 1, HIGH)], days_ago=10)
    reacted(alice, second, new)
    day = (new.searched_at - timedelta(days=5)).date().isoformat()
    report = evaluate("--split-date", day, "--resamples", "10")
    assert report["split"]["method"] == "date" and report["split"]["split_date"] == day
    assert (report["split"]["tuning_searches"], report["split"]["test_searches"]) == (1, 1)
    assert figures(report, "current")["mrr"] == 1.0  # only the new search: `second` is first in the score
    by_share = evaluate("--test-share", "0.5", "--resamples", "10")
    assert (by_share["split"]["tuning_searches"], by_share["split"]["test_searches"]) == (1, 1)
    assert figures(by_share, "current")["mrr"] == 1.0


def test_the_output_holds_no_ids_addresses_or_pseudonyms(alice, two_vacancies):
    first, second = two_vacancies
    search = recorded(alice, [candidate(first, 0, LOW), candidate(second, 1, HIGH)], sections=["IV"])
    reacted(alice, second, search)
    out = StringIO()
    call_command("evaluate_ranking", "--test-share", "1", "--resamples", "10", stdout=out)
    text = out.getvalue()
    assert alice.email not in text and search.pseudonym not in text
    assert not {"vacancy_id", "network_id", "pseudonym", "worker", "email"} & set(_keys(json.loads(text)))


def _keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--candidate", "fast:interest=abc"], "--candidate fast: write component=number, not 'interest=abc'"),
        (["--candidate", "fast:speed=2"], "--candidate fast: unknown component: speed"),
        (["--candidate", "fast:interest=101"], "--candidate fast: interest: choose a weight from 0 to 100"),
        (
            ["--candidate", "zero:interest=0,competence=0,distance=0,hours=0,coaching=0,recency=0"],
            "--candidate zero: at least one weight above 0",
        ),
        (["--candidate", "interest=3"], "write NAME:component=number"),
        (["--candidate", "plain:interest=3"], "the names current and plain are taken"),
        (["--candidate", "a:interest=1", "--candidate", "a:interest=2"], "given twice"),
        (["--test-share", "0"], "--test-share: give a number above 0 and at most 1"),
        (["--test-share", "nan"], "--test-share"),
        (
            ["--candidate", "two:interest=-1,hours=inf"],
            "--candidate two: interest: choose a weight from 0 to 100; hours: enter a number",
        ),
        (["--split-date", "2026-13-01"], "--split-date: give a day as YYYY-MM-DD"),
        (["--window-days", "0"], "--window-days: give a whole number from 1 to 365"),
        (["--resamples", "many"], "--resamples"),
        (["--test-share", "0.3", "--split-date", "2026-01-01"], "not allowed with argument"),
    ],
)
def test_bad_arguments_give_a_clear_command_error(db, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("evaluate_ranking", *args, stdout=StringIO())
    assert message in str(raised.value)
    assert not RankedSearch.objects.exists()
