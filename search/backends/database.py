"""The database backend: the rule book compiled into ORM filters over `SearchEntry` (SQLite or PostgreSQL).

Only dimensions where the capacity is below the norm contribute; together they become one bitwise
test per packed word (`search.documents`). One statement answers a search: the filtered rows are
materialised once (`WITH matched AS MATERIALIZED`), then one GROUP BY counts per combination of facet
values (the total and all facets follow from it) and, in the same statement, the page is read from them.
Network and region slugs come from `search.labels`, read again only when `search.changes` says they changed.
"""

import math

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.db.models.lookups import Exact

from matching.rules import EARTH_RADIUS_KM, AtMost, HoursCondition, IsTrue, box_around
from search.backends import BackendHealth
from search.changes import State, current_state
from search.documents import forbidden_bits, worker_tenths
from search.labels import Labels, combination_facets
from search.labels import labels as cached_labels
from search.models import SearchEntry
from search.query import SearchQuery
from search.results import Hit, SearchResult, facet_counts


def _bits_clear(column: str, mask: int):
    return Exact(F(column).bitand(mask), 0)


def dimension_filter(query: SearchQuery) -> Q:
    """Every limited dimension at once: load ≤ C, or (orange allowed) load minus the adaptable mark ≤ C."""
    column = "load_bits" if not query.include_orange else "pass_bits"
    masks = forbidden_bits([(c.code, c.green_max) for c in query.constraints])
    clauses = Q()
    for index, mask in enumerate(masks):
        if mask:
            clauses &= Q(_bits_clear(f"{column}_{index}", mask))
    return clauses


def hours_condition(condition: HoursCondition) -> Q:
    """One condition of `matching.rules.HoursConstraint` on the columns of the same name (hours in tenths)."""
    match condition:
        case AtMost(field, value, or_missing):
            within = Q(**{f"{field}__lte": worker_tenths(value)})
            return within | Q(**{f"{field}__isnull": True}) if or_missing else within
        case IsTrue(field):
            return Q(**{field: True})
    raise TypeError(f"not an hours condition: {condition!r}")


def all_hours_conditions(conditions) -> Q:
    clauses = Q()
    for condition in conditions:
        clauses &= hours_condition(condition)
    return clauses


def hours_filter(query: SearchQuery) -> Q:
    """The hours rule as `query.hours_rule` states it: required, and green or orange."""
    rule = query.hours_rule
    if rule is None:
        return Q()
    fits = all_hours_conditions(rule.green)
    if rule.orange is not None:
        fits |= all_hours_conditions(rule.orange)
    return all_hours_conditions(rule.required) & fits


def orange_condition(query: SearchQuery) -> Q | None:
    """Among passing rows: orange when a dimension is one above the capacity or the hours need a phased start."""
    conditions = []
    if query.include_orange:
        masks = forbidden_bits([(c.code, c.green_max) for c in query.constraints])
        conditions += [~Q(_bits_clear(f"load_bits_{index}", mask)) for index, mask in enumerate(masks) if mask]
    rule = query.hours_rule
    if rule is not None and rule.orange is not None:
        conditions.append(~all_hours_conditions(rule.green))
    if not conditions:
        return None
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def distance_expression(lat: float, lon: float):
    """The haversine formula of `matching.rules.distance_km`, term by term, in SQL."""
    half_dphi = Radians(F("latitude") - Value(lat)) / Value(2.0)
    half_dlambda = Radians(F("longitude") - Value(lon)) / Value(2.0)
    a = Power(Sin(half_dphi), 2) + Value(math.cos(math.radians(lat))) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_dlambda), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Value(1.0), Sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> Q:
    """A cheap, index-friendly pre-filter that holds every point within the radius (with a margin)."""
    latitudes, longitudes = box_around(lat, lon, radius_km)
    box = Q(latitude__gte=latitudes[0], latitude__lte=latitudes[1])
    if longitudes is not None:
        box &= Q(longitude__gte=longitudes[0], longitude__lte=longitudes[1])
    return box


def text_filter(query: SearchQuery) -> Q:
    clauses = Q()
    for word in query.words:
        clauses &= Q(words__text__contains=word)
    return clauses


def facet_selection_filter(query: SearchQuery, labels: Labels) -> Q:
    """The facet values the user chose, on the rows of `base_queryset` (the fit on its `is_orange`)."""
    clauses = Q()
    columns = {"kind": "kind", "hours_band": "hours_band", "coaching": "coaching"}
    for name, values in query.selected.items():
        if name == "network":
            clauses &= Q(network_id__in=labels.network_ids(values))
        elif name == "region":
            clauses &= Q(region_id__in=labels.region_ids(values))
        elif name in columns:
            clauses &= Q(**{f"{columns[name]}__in": values})
        elif name in ("phased_start", "trial_placement", "remote"):
            clauses &= Q(**{f"{name}__in": [value == "true" for value in values]})
        elif name == "fit":
            clauses &= Q(is_orange__in=[1 if value == "orange" else 0 for value in values])
    return clauses


def base_queryset(query: SearchQuery, networks: dict):
    """Every row that passes, with `is_orange` (1 or 0) and, given a location, `distance` in km.

    `networks` maps network ids to slugs (`Labels.networks`), for `query.networks`.
    """
    queryset = SearchEntry.objects.filter(dimension_filter(query) & hours_filter(query) & text_filter(query))
    if query.networks:
        queryset = queryset.filter(network_id__in=[pk for pk, slug in networks.items() if slug in query.networks])
    orange = orange_condition(query)
    is_orange = Case(When(orange, then=Value(1)), default=Value(0)) if orange is not None else Value(0)
    queryset = queryset.annotate(is_orange=is_orange)
    if query.location is not None:
        lat, lon = query.location.lat, query.location.lon
        queryset = queryset.annotate(distance=distance_expression(lat, lon))
        if query.radius_km is not None:
            queryset = queryset.filter(
                Q(remote=True) | (bounding_box(lat, lon, query.radius_km) & Q(distance__lte=query.radius_km))
            )
    return queryset


def relevance_expression(words: list[str]):
    """How many of the words occur in the title."""
    return sum(
        (
            Case(When(words__title__contains=word, then=Value(1)), default=Value(0), output_field=IntegerField())
            for word in words
        ),
        Value(0),
    )


def page_order(query: SearchQuery) -> list[tuple[str, bool]]:
    """The order of the answer as (column, descending) pairs; "best" puts every green hit before any orange one."""
    newest = [("published_at", True), ("vacancy_id", True)]  # the order of the search_entry_newest index
    if query.sort == "newest":
        return newest
    if query.sort == "distance" and query.location is not None:
        return [("distance", False), *newest]
    order = [("is_orange", False)] if query.sort == "best" else []
    if query.words:
        order.append(("relevance", True))
    if query.location is not None:
        order.append(("distance", False))
    return order + newest


# The columns of the one statement's rows: a count row (kind 0) fills the first four, a page row (kind 1)
# the third and the rest. Positions, for the ORDER BY over both parts.
ROW = ("kind", "facet_key", "is_orange", "n", "vacancy_id", "distance", "relevance", "published_at")
POSITION = {name: index for index, name in enumerate(ROW, start=1)}


def _materialized() -> str:
    """MATERIALIZED keeps the filter from running once per use of `matched` (PostgreSQL ≥ 12, SQLite ≥ 3.35)."""
    if connection.vendor == "postgresql":
        return "MATERIALIZED "
    if connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 35):
        return "MATERIALIZED "
    return ""


def search_statement(query: SearchQuery, labels: Labels) -> tuple[str, list]:
    """The one statement: the counts per (facet_key, is_orange), then the page's rows in their order.

    Raises EmptyResultSet when the filter can match nothing (then there is nothing to ask).
    """
    order = page_order(query)
    ordered_by = {name for name, _descending in order}
    matched = base_queryset(query, labels.networks)
    fields = ["vacancy_id", "facet_key", "is_orange", "published_at"]
    if query.location is not None:
        fields.append("distance")
    if "relevance" in ordered_by:
        matched = matched.annotate(relevance=relevance_expression(query.words))
        fields.append("relevance")
    selection = facet_selection_filter(query, labels)
    if selection:
        chosen = Case(When(selection, then=Value(1)), default=Value(0), output_field=IntegerField())
        matched = matched.annotate(chosen=chosen)
        fields.append("chosen")
    matched_sql, params = matched.order_by().values(*fields).query.sql_with_params()

    def page_column(name: str) -> str:
        return name if name in fields else f"0 AS page_{name}"  # 0, not NULL: PostgreSQL types NULL as text here

    page_columns = ", ".join(
        ["1 AS page_kind", "0 AS page_facet_key", "is_orange", "0 AS page_n", "vacancy_id"]
        + [page_column("distance"), page_column("relevance"), "published_at"]
    )
    where = " WHERE chosen = 1" if selection else ""
    inner_order = ", ".join(f"{name} DESC" if descending else name for name, descending in order)
    outer_order = ", ".join(
        ["1"] + [f"{POSITION[name]} DESC" if descending else str(POSITION[name]) for name, descending in order]
    )
    sql = (
        f"WITH matched AS {_materialized()}({matched_sql}) "  # noqa: S608  (Django's SQL, our column names)
        "SELECT 0, facet_key, is_orange, COUNT(*), NULL, NULL, NULL, NULL FROM matched GROUP BY facet_key, is_orange "
        f"UNION ALL SELECT * FROM (SELECT {page_columns} FROM matched{where} "
        f"ORDER BY {inner_order} LIMIT %s OFFSET %s) AS page "
        f"ORDER BY {outer_order}"
    )
    return sql, [*params, query.page_size, query.offset]


def facet_row(key: int, is_orange: int, labels: Labels) -> dict[str, str]:
    """The facet values of a (facet_key, is_orange) group."""
    return {**combination_facets(key, labels), "fit": "orange" if is_orange else "green"}


class DatabaseBackend:
    name = "database"

    def health(self) -> BackendHealth:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return BackendHealth(self.name, True, connection.vendor)

    def search(self, query: SearchQuery, state: State | None = None) -> SearchResult:
        """One statement, given the state (`search.changes.current_state()`, read here when not given)."""
        if state is None:
            state = current_state()
        labels = cached_labels(state.labels_key)
        try:
            sql, params = search_statement(query, labels)
        except EmptyResultSet:
            rows = []
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        with_distance = query.location is not None
        combinations, hits = [], []
        for kind, key, is_orange, n, pk, distance, _relevance, _published_at in rows:
            if kind == 0:
                combinations.append((facet_row(key, is_orange, labels), n))
            else:
                hits.append(Hit(pk, "orange" if is_orange else "green", distance if with_distance else None))
        count, facets = facet_counts(combinations, query)
        return SearchResult(count=count, hits=hits, facets=facets, backend=self.name)


def backend():
    return DatabaseBackend()
