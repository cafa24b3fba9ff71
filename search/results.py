"""What a backend returns: the page of hits with their fit, the total, and the facet counts."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from search.query import FACETS, SearchQuery


@dataclass(frozen=True)
class Hit:
    id: int
    fit: str  # "green" | "orange"
    distance_km: float | None = None


@dataclass
class SearchResult:
    count: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    backend: str
    fallback_reason: str = ""  # set when Elasticsearch was unreachable and the database answered
    notes: list[str] = field(default_factory=list)


def facet_counts(combinations: list[tuple[Mapping[str, str], int]], query: SearchQuery) -> tuple[int, dict]:
    """Counts per facet value from counts per combination of all facet values.

    Each facet counts over the results narrowed by every *other* facet's selection (so choosing
    "buddy" still shows how many vacancies offer a job coach), and the total is narrowed by all.
    """

    def matches(values: Mapping[str, str], skip: str | None = None) -> bool:
        return all(values[name] in query.selection(name) for name in FACETS if name != skip and query.selection(name))

    facets: dict[str, Counter] = {name: Counter() for name in FACETS}
    total = 0
    for values, count in combinations:
        if matches(values):
            total += count
        for name in FACETS:
            if matches(values, skip=name):
                facets[name][values[name]] += count
    return total, {name: dict(counter) for name, counter in facets.items()}


def yes_no(value: bool) -> str:
    return "true" if value else "false"
