"""The database backend: the rule book compiled into ORM filters over `SearchEntry` (SQLite or PostgreSQL).

Only dimensions where the capacity is below the norm contribute; together they become one bitwise
test per packed word (`search.documents`). Two queries answer a search: one counts per combination of facet
values (the total and all facets follow from it), one fetches the page.
"""

import math
from dataclasses import replace

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.db.models.lookups import Exact

from matching.rules import EARTH_RADIUS_KM, AtMost, HoursCondition, IsTrue
from network.models import Network, Region
from search.backends import BackendHealth
from search.documents import facet_values, forbidden_bits, worker_tenths
from search.models import SearchEntry
from search.query import SearchQuery
from search.results import Hit, SearchResult, facet_counts, yes_no

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


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
    dlat = radius_km / KM_PER_DEGREE * 1.01 + 0.001
    box = Q(latitude__gte=lat - dlat, latitude__lte=lat + dlat)
    if abs(lat) + dlat < 89:
        dlon = dlat / math.cos(math.radians(abs(lat) + dlat))
        if lon - dlon > -180 and lon + dlon < 180:
            box &= Q(longitude__gte=lon - dlon, longitude__lte=lon + dlon)
    return box


def text_filter(query: SearchQuery) -> Q:
    clauses = Q()
    for word in query.words:
        clauses &= Q(words__text__contains=word)
    return clauses


def facet_selection_filter(query: SearchQuery, networks: dict, regions: dict) -> Q:
    clauses = Q()
    columns = {"hours_band": "hours_band", "coaching": "coaching"}
    for name, values in query.selected.items():
        if name == "network":
            clauses &= Q(network_id__in=[pk for pk, slug in networks.items() if slug in values])
        elif name == "region":
            clauses &= Q(region_id__in=[pk for pk, slug in regions.items() if slug in values])
        elif name in columns:
            clauses &= Q(**{f"{columns[name]}__in": values})
        elif name in ("phased_start", "trial_placement", "remote"):
            clauses &= Q(**{f"{name}__in": [value == "true" for value in values]})
        elif name == "fit":
            clauses &= Q(is_orange__in=[1 if value == "orange" else 0 for value in values])
    return clauses


class DatabaseBackend:
    name = "database"

    def health(self) -> BackendHealth:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return BackendHealth(self.name, True, connection.vendor)

    def base_queryset(self, query: SearchQuery, networks: dict):
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

    def search(self, query: SearchQuery) -> SearchResult:
        network_rows = list(Network.objects.values_list("pk", "slug", "region_id"))
        networks = {pk: slug for pk, slug, _region in network_rows}
        regions = dict(Region.objects.values_list("pk", "slug"))
        region_of = {pk: regions.get(region, "") for pk, _slug, region in network_rows}
        queryset = self.base_queryset(query, networks)
        combinations = []
        for key, is_orange, n in queryset.order_by().values_list("facet_key", "is_orange").annotate(n=Count("pk")):
            values = facet_values(key)
            combinations.append(
                (
                    {
                        "network": networks.get(values["network_id"], ""),
                        "region": region_of.get(values["network_id"], ""),
                        "hours_band": values["hours_band"],
                        "phased_start": yes_no(values["phased_start"]),
                        "coaching": values["coaching"],
                        "trial_placement": yes_no(values["trial_placement"]),
                        "remote": yes_no(values["remote"]),
                        "fit": "orange" if is_orange else "green",
                    },
                    n,
                )
            )
        count, facets = facet_counts(combinations, query)
        chosen_fits = query.selection("fit")
        green_total = (
            facet_counts(combinations, replace(query, selected={**query.selected, "fit": frozenset({"green"})}))[0]
            if not chosen_fits or "green" in chosen_fits
            else 0  # only "orange" chosen: no green hits come first
        )
        selected = queryset.filter(facet_selection_filter(query, networks, regions))
        hits = self.page(selected, query, green_total)
        return SearchResult(count=count, hits=hits, facets=facets, backend=self.name)

    def page(self, queryset, query: SearchQuery, green_total: int) -> list[Hit]:
        start, stop = query.offset, query.offset + query.page_size
        if query.sort != "best":
            return self.fetch(self.ordered(queryset, query), query, start, stop)
        # Green before orange, exactly: each part in its own order, which an index can serve.
        hits = []
        if start < green_total:
            hits += self.fetch(self.ordered(queryset.filter(is_orange=0), query), query, start, min(stop, green_total))
        if stop > green_total:
            orange = self.ordered(queryset.filter(is_orange=1), query)
            hits += self.fetch(orange, query, max(start - green_total, 0), stop - green_total)
        return hits

    def fetch(self, queryset, query: SearchQuery, start: int, stop: int) -> list[Hit]:
        if stop <= start:
            return []
        with_distance = query.location is not None
        fields = ["pk", "is_orange"] + (["distance"] if with_distance else [])
        return [
            Hit(row[0], "orange" if row[1] else "green", row[2] if with_distance else None)
            for row in queryset.values_list(*fields)[start:stop]
        ]

    def ordered(self, queryset, query: SearchQuery):
        newest = [F("published_at").desc(), F("pk").desc()]  # the order of the search_entry_newest index
        if query.sort == "newest":
            return queryset.order_by(*newest)
        if query.sort == "distance" and query.location is not None:
            return queryset.order_by("distance", *newest)
        order = []
        if query.words:
            relevance = sum(
                (
                    Case(
                        When(words__title__contains=word, then=Value(1)), default=Value(0), output_field=IntegerField()
                    )
                    for word in query.words
                ),
                Value(0),
            )
            queryset = queryset.annotate(relevance=relevance)
            order.append(F("relevance").desc())
        if query.location is not None:
            order.append("distance")
        return queryset.order_by(*order, *newest)


def backend():
    return DatabaseBackend()
