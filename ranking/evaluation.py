"""Measuring the ranking on what workers did after a search (`manage.py evaluate_ranking`).

Every kept search (ranking.log) holds the vacancies it ranked. What the worker did with them later
gives each vacancy a gain: a reaction 1, an invitation 2, a trial placement or a job 3; "not a good
match" gives 0 and counts as not fitting. An order is good when it puts the vacancies with a gain near
the top. Each order (the weights in force, the plain order, candidate weights) is replayed on the same
searches with `matching.ranking.ranked_order`, so the orders are compared on exactly the same data.

The metrics and the report are plain Python; `load_searches` at the end reads the searches and their
outcomes from the database. See docs/evaluation.md.
"""

import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from matching.ranking import RankedCandidate, Weights, ranked_order

K = 10
MIN_GROUP = 5  # a group per limitation with fewer searches with an outcome is not shown
METRICS = ("ndcg@10", "mrr", "hit_rate@10", "not_fitting@10")
REACTION_GAIN = 1
GAIN_BY_OUTCOME = {"hired": 3, "trial": 3, "invited": 2}  # any other reaction: REACTION_GAIN
GAIN_BY_SIMULATED_KIND = {"hired": 3, "invited": 2, "reaction": 1}
NOT_FITTING = "not_fitting"
UNKNOWN_NETWORK = "unknown"


def application_gain(outcome: str) -> int:
    return GAIN_BY_OUTCOME.get(outcome, REACTION_GAIN)


@dataclass(frozen=True)
class JudgedSearch:
    """A kept search and what the worker did afterwards with its vacancies."""

    searched_at: datetime
    candidates: tuple[RankedCandidate, ...]
    gains: Mapping[int, int] = field(default_factory=dict)  # vacancy id → gain (absent: 0)
    not_fitting: frozenset[int] = frozenset()  # vacancy ids marked "not a good match"
    sections: frozenset[str] | None = frozenset()  # FML sections with a limitation; None: could not be opened
    simulated: bool = False

    def __repr__(self):  # the sections are health data
        return f"JudgedSearch({self.searched_at:%Y-%m-%d}, {len(self.candidates)} candidates, …)"

    def gain(self, vacancy_id: int) -> int:
        return 0 if vacancy_id in self.not_fitting else self.gains.get(vacancy_id, 0)

    def in_networks(self, network_ids: Iterable[int]) -> "JudgedSearch":
        ids = set(network_ids)
        return replace(self, candidates=tuple(c for c in self.candidates if c.network_id in ids))


# --- the metrics of one ordered list ---------------------------------------------------------------


def dcg(gains: Sequence[float], k: int = K) -> float:
    """Discounted cumulative gain of the first k: (2^gain − 1) / log2(rank + 1), rank from 1."""
    return sum((2**gain - 1) / math.log2(rank + 1) for rank, gain in enumerate(gains[:k], start=1))


def ndcg_at_k(gains: Sequence[float], k: int = K) -> float | None:
    """DCG of this order against the best order of the same gains; None when no gain is above 0."""
    ideal = dcg(sorted(gains, reverse=True), k)
    return dcg(gains, k) / ideal if ideal > 0 else None


def reciprocal_rank(gains: Sequence[float]) -> float | None:
    """1 / the rank of the first gain above 0; None when there is none."""
    return next((1 / rank for rank, gain in enumerate(gains, start=1) if gain > 0), None)


def hit_at_k(gains: Sequence[float], k: int = K) -> float | None:
    """1 when a gain above 0 is in the first k, else 0; None when no gain is above 0."""
    if not any(gain > 0 for gain in gains):
        return None
    return 1.0 if any(gain > 0 for gain in gains[:k]) else 0.0


def not_fitting_at_k(flags: Sequence[bool], k: int = K) -> float:
    """1 when a vacancy marked not fitting is in the first k, else 0."""
    return 1.0 if any(flags[:k]) else 0.0


def search_scores(search: JudgedSearch, weights: Weights | None) -> dict[str, float | None]:
    """The four metrics of one search in this order. None: the search does not count for that metric
    (nDCG, MRR and hit rate need a gain above 0; not_fitting@10 needs any outcome)."""
    order = ranked_order(list(search.candidates), weights)
    gains = [search.gain(candidate.vacancy_id) for candidate in order]
    flags = [candidate.vacancy_id in search.not_fitting for candidate in order]
    has_outcome = any(gain > 0 for gain in gains) or any(flags)
    return {
        "ndcg@10": ndcg_at_k(gains),
        "mrr": reciprocal_rank(gains),
        "hit_rate@10": hit_at_k(gains),
        "not_fitting@10": not_fitting_at_k(flags) if has_outcome else None,
    }


# --- over searches -----------------------------------------------------------------------------------


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def bootstrap_ci(values: Sequence[float], *, resamples: int = 1000, seed: int = 1) -> tuple[float, float] | None:
    """95% percentile interval of the mean, resampling the searches with replacement.

    The generator is seeded: the same values, resamples and seed give the same interval, and every
    order (with as many searches) is resampled the same way, so their intervals are comparable."""
    if not values or resamples < 1:
        return None
    rng = random.Random(seed)
    count = len(values)
    means = sorted(sum(rng.choices(values, k=count)) / count for _ in range(resamples))
    low = means[math.floor(0.025 * (resamples - 1))]
    high = means[math.ceil(0.975 * (resamples - 1))]
    return low, high


def _figure(values: list[float], resamples: int, seed: int) -> dict:
    value = mean(values)
    interval = bootstrap_ci(values, resamples=resamples, seed=seed)
    return {
        "value": None if value is None else round(value, 4),
        "ci95": None if interval is None else [round(interval[0], 4), round(interval[1], 4)],
    }


def summarise(scores: list[dict], *, resamples: int, seed: int) -> dict:
    """The figures over searches: how many had an outcome, how many a gain, and per metric its mean and CI."""
    summary = {
        "searches": sum(1 for score in scores if score["not_fitting@10"] is not None),
        "searches_with_gain": sum(1 for score in scores if score["ndcg@10"] is not None),
    }
    for metric in METRICS:
        values = [score[metric] for score in scores if score[metric] is not None]
        summary[metric] = _figure(values, resamples, seed)
    return summary


def evaluate_order(
    searches: list[JudgedSearch],
    weights: Weights | None,
    *,
    network_names: Mapping[int, str],
    sections: Sequence[str],
    resamples: int = 1000,
    seed: int = 1,
) -> dict:
    """One order's figures: overall, per network (only that network's vacancies of each search), and per
    FML section with a limitation (groups under MIN_GROUP searches with an outcome are suppressed)."""

    scores = [search_scores(search, weights) for search in searches]  # overall and per limitation
    ids_by_name = defaultdict(set)
    for search in searches:
        for candidate in search.candidates:
            ids_by_name[network_names.get(candidate.network_id, UNKNOWN_NETWORK)].add(candidate.network_id)
    per_network = {}
    for name in sorted(ids_by_name):
        ids = ids_by_name[name]
        in_network = [
            search_scores(search.in_networks(ids), weights)
            for search in searches
            if any(candidate.network_id in ids for candidate in search.candidates)
        ]
        per_network[name] = summarise(in_network, resamples=resamples, seed=seed)
    per_limitation = {}
    for section in sections:
        group = [score for score, search in zip(scores, searches, strict=True) if section in (search.sections or ())]
        summary = summarise(group, resamples=resamples, seed=seed)
        if summary["searches"] < MIN_GROUP:
            summary = {"searches": summary["searches"], "suppressed": True}
        per_limitation[section] = summary
    return {
        "weights": None if weights is None else weights.as_dict(),
        "overall": summarise(scores, resamples=resamples, seed=seed),
        "per_network": per_network,
        "per_limitation": per_limitation,
    }


# --- the time split ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    tuning: list[JudgedSearch]
    test: list[JudgedSearch]
    split_at: datetime | None  # the first moment of the test part


def split_by_share(searches: list[JudgedSearch], share: float) -> Split:
    """The latest `share` of the searches (at least one when there are any) is the test part."""
    ordered = sorted(searches, key=lambda search: search.searched_at)
    test_count = min(len(ordered), math.ceil(len(ordered) * share))
    cut = len(ordered) - test_count
    return Split(ordered[:cut], ordered[cut:], ordered[cut].searched_at if test_count else None)


def split_by_date(searches: list[JudgedSearch], moment: datetime) -> Split:
    ordered = sorted(searches, key=lambda search: search.searched_at)
    return Split(
        [search for search in ordered if search.searched_at < moment],
        [search for search in ordered if search.searched_at >= moment],
        moment,
    )


# --- the report ----------------------------------------------------------------------------------------


def build_report(
    split: Split,
    orders: Mapping[str, Weights | None],
    *,
    split_description: Mapping,
    network_names: Mapping[int, str],
    sections: Sequence[str],
    window_days: int,
    resamples: int,
    seed: int,
    now: datetime,
    unreadable_sections: int = 0,
) -> dict:
    """The whole report, ready for JSON: no ids, e-mail addresses or pseudonyms."""
    every = split.tuning + split.test
    simulated_in_test = sum(1 for search in split.test if search.simulated)
    still_open = sum(
        1 for search in split.test if not search.simulated and search.searched_at > now - timedelta(days=window_days)
    )
    return {
        "split": {
            **split_description,
            "split_on": None if split.split_at is None else split.split_at.date().isoformat(),
            "tuning_searches": len(split.tuning),
            "test_searches": len(split.test),
        },
        "searches": {
            "recorded": sum(1 for search in every if not search.simulated),
            "simulated": sum(1 for search in every if search.simulated),
            "test_recorded": len(split.test) - simulated_in_test,
            "test_simulated": simulated_in_test,
        },
        "window_days": window_days,
        "bootstrap": {"resamples": resamples, "seed": seed},
        "orders": {
            name: evaluate_order(
                split.test, weights, network_names=network_names, sections=sections, resamples=resamples, seed=seed
            )
            for name, weights in orders.items()
        },
        "notes": notes(simulated_in_test, still_open, unreadable_sections, window_days),
    }


def notes(simulated_in_test: int, still_open: int, unreadable_sections: int, window_days: int) -> list[str]:
    lines = [
        "Figures are for the test searches only (the later part of the time split); tuning searches are only counted.",
        "Gains: reaction 1, invited 2, trial placement or hired 3; 'not a good match' 0 and counts as not fitting. "
        "nDCG, MRR and hit rate use the searches with a gain; not_fitting@10 every search with an outcome.",
        "ci95: bootstrap percentile interval over searches; every order gets the same resamples.",
        "Outcomes were observed under the order that was shown: an order close to it has an advantage.",
        f"Per limitation: groups with fewer than {MIN_GROUP} searches with an outcome are suppressed.",
    ]
    if simulated_in_test:
        lines.append(
            f"{simulated_in_test} test searches are simulated (demo data): their outcomes come from an invented "
            "model of behaviour, so they only show that the harness works, not which order is better."
        )
    if still_open:
        lines.append(f"{still_open} recorded test searches are younger than {window_days} days: outcomes may follow.")
    if unreadable_sections:
        lines.append(
            f"{unreadable_sections} searches' limitations could not be unsealed: they are left out of per_limitation."
        )
    return lines


# --- reading from the database -----------------------------------------------------------------------


def candidate_from_dict(data: Mapping) -> RankedCandidate:
    return RankedCandidate(
        vacancy_id=int(data["vacancy_id"]),
        network_id=int(data["network_id"]),
        band=str(data["band"]),
        plain_position=int(data["plain_position"]),
        title_words=int(data.get("title_words") or 0),
        components=dict(data.get("components") or {}),
    )


@dataclass
class Loaded:
    searches: list[JudgedSearch]
    network_names: dict[int, str]
    unreadable_sections: int


def load_searches(*, window_days: int = 30, source: str = "all") -> Loaded:
    """The kept searches ("all", "recorded" or "simulated") with their gains, their sections unsealed in
    this process only, and the slugs of the networks their vacancies belong to."""
    from listings.models import Application
    from matching.crypto import SealError, unseal
    from matching.models import MatchFeedback
    from network.models import Network, Role
    from ranking.models import RankedSearch, SimulatedOutcome
    from ranking.pseudonyms import pseudonym

    rows = RankedSearch.objects.order_by("searched_at", "pk")
    if source != "all":
        rows = rows.filter(simulated=source == "simulated")
    rows = list(rows.values_list("pk", "pseudonym", "searched_at", "simulated", "candidates", "sections_sealed"))
    window = timedelta(days=window_days)

    # What workers did: by pseudonym, (vacancy, when, gain or None for "not fitting").
    done = defaultdict(list)
    recorded_times = [row[2] for row in rows if not row[3]]
    if recorded_times:
        start, end = min(recorded_times), max(recorded_times) + window
        pseudonyms = {}

        def of(worker_id):
            if worker_id not in pseudonyms:
                pseudonyms[worker_id] = pseudonym(worker_id)
            return pseudonyms[worker_id]

        for worker_id, vacancy_id, at, outcome in Application.objects.filter(
            worker__isnull=False, created_at__gte=start, created_at__lte=end
        ).values_list("worker_id", "vacancy_id", "created_at", "outcome"):
            done[of(worker_id)].append((vacancy_id, at, application_gain(outcome)))
        for worker_id, vacancy_id, at in MatchFeedback.objects.filter(
            role=Role.WORKER, given_by__isnull=False, created_at__gte=start, created_at__lte=end
        ).values_list("given_by_id", "vacancy_id", "created_at"):
            done[of(worker_id)].append((vacancy_id, at, None))
    simulated_outcomes = defaultdict(list)
    simulated_ids = [row[0] for row in rows if row[3]]
    if simulated_ids:
        for search_id, vacancy_id, kind in SimulatedOutcome.objects.filter(search__simulated=True).values_list(
            "search_id", "vacancy_id", "kind"
        ):
            simulated_outcomes[search_id].append(
                (vacancy_id, None if kind == NOT_FITTING else GAIN_BY_SIMULATED_KIND[kind])
            )

    searches, network_ids, unreadable = [], set(), 0
    for pk, name, searched_at, simulated, candidates, sealed in rows:
        candidates = tuple(candidate_from_dict(candidate) for candidate in candidates)
        in_search = {candidate.vacancy_id for candidate in candidates}
        network_ids.update(candidate.network_id for candidate in candidates)
        if simulated:
            outcomes = simulated_outcomes.get(pk, [])
        else:
            outcomes = [
                (vacancy_id, gain)
                for vacancy_id, at, gain in done.get(name, [])
                if searched_at <= at <= searched_at + window
            ]
        gains, not_fitting = {}, set()
        for vacancy_id, gain in outcomes:
            if vacancy_id not in in_search:
                continue
            if gain is None:
                not_fitting.add(vacancy_id)
            else:
                gains[vacancy_id] = max(gain, gains.get(vacancy_id, 0))
        try:
            sections = frozenset(unseal(sealed))
        except SealError:
            sections, unreadable = None, unreadable + 1
        searches.append(JudgedSearch(searched_at, candidates, gains, frozenset(not_fitting), sections, simulated))
    names = dict(Network.objects.filter(pk__in=network_ids).values_list("pk", "slug"))
    return Loaded(searches, names, unreadable)
