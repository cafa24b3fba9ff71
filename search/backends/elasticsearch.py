"""The Elasticsearch backend: an elasticsearch-dsl Document behind an alias, and the rule book compiled
into bool filters.

The alias (`ELASTICSEARCH_INDEX`) always points at exactly one concrete index
(`<alias>-<timestamp>`); a rebuild fills a new one and swaps the alias atomically.
"""

import re
from datetime import UTC, datetime

import urllib3
from django.conf import settings
from elastic_transport import Urllib3HttpNode
from elastic_transport.client_utils import DEFAULT
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch import exceptions as es_exceptions
from elasticsearch.helpers import bulk
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from matching.catalogue import get_catalogue
from matching.rules import AtMost, HoursCondition, IsTrue
from search.backends import BackendHealth
from search.documents import load_field, pass_field, worker_tenths
from search.query import FACETS, SearchQuery
from search.results import Hit, SearchResult

UNREACHABLE = (es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout, es_exceptions.TransportError)
BULK_TIMEOUT = 120  # seconds: a bulk request of hundreds of documents may take longer than a search
_COMPAT = re.compile(r"application/vnd\.elasticsearch\+([a-z-]+); compatible-with=\d+")


class ShortConnectNode(Urllib3HttpNode):
    """Gives up connecting after ELASTICSEARCH_CONNECT_TIMEOUT, whatever the request's (read) timeout.

    An engine that is down fails fast; one that is busy still gets the full request timeout to answer.
    """

    def _timeout(self, read) -> urllib3.Timeout:
        return urllib3.Timeout(connect=min(settings.ELASTICSEARCH_CONNECT_TIMEOUT, read), read=read)

    def __init__(self, config):
        super().__init__(config)
        self.pool.timeout = self._timeout(config.request_timeout)

    def perform_request(self, method, target, body=None, headers=None, request_timeout=DEFAULT, **kwargs):
        if request_timeout is not DEFAULT and request_timeout is not None:
            request_timeout = self._timeout(request_timeout)
        return super().perform_request(
            method, target, body=body, headers=headers, request_timeout=request_timeout, **kwargs
        )


class PlainJsonNode(ShortConnectNode):
    """Sends `application/json` instead of ES 8's compatibility media type (for osmem-server in tests)."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        headers = dict(headers or {})
        for name, value in list(headers.items()):
            if name.lower() in ("accept", "content-type"):
                headers[name] = _COMPAT.sub(r"application/\1", value)
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


def client(timeout: float | None = None) -> Elasticsearch:
    options = {
        "request_timeout": timeout or settings.ELASTICSEARCH_TIMEOUT,
        "node_class": PlainJsonNode if settings.ELASTICSEARCH_PLAIN_JSON else ShortConnectNode,
    }
    if getattr(settings, "ELASTICSEARCH_PASSWORD", ""):  # security enabled (deploy/)
        options["basic_auth"] = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
    if getattr(settings, "ELASTICSEARCH_CA_CERTS", ""):
        options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
    return Elasticsearch(settings.ELASTICSEARCH_URL, **options)


# Dutch text: an explicit analyzer (lowercase, accents folded, Dutch stop words, Snowball stemmer),
# which Elasticsearch 8 and OpenSearch-compatible engines both accept.
dutch_text = analyzer(
    "dutch_text",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("dutch_stop", "stop", stopwords="_dutch_"),
        token_filter("dutch_snowball", "snowball", language="Dutch"),
    ],
)


def _document_class():
    fields = {
        "vacancy_id": Integer(),
        "title": Text(analyzer=dutch_text),
        "description": Text(analyzer=dutch_text),
        "occupation": Text(analyzer=dutch_text),
        "occupation_isco": Keyword(),
        "employer": Text(analyzer=dutch_text),
        "place": Keyword(fields={"text": Text(analyzer=dutch_text)}),  # place.text: searched with the words
        "kind": Keyword(),
        "network": Keyword(),
        "region": Keyword(),
        "location": GeoPoint(),
        "remote": Boolean(),
        "per_week_min": Integer(),
        "per_week_max": Integer(),
        "per_day_max": Integer(),
        "phased_start": Boolean(),
        "phased_start_per_week": Integer(),
        "hours_band": Keyword(),
        "coaching": Keyword(),
        "trial_placement": Boolean(),
        "adaptable": Keyword(),
        "interests": Keyword(),
        "competences": Keyword(),
        "published_at": Date(),
        "updated_at": Date(),
    }
    for dimension in get_catalogue():
        fields[load_field(dimension.code)] = Integer()
        fields[pass_field(dimension.code)] = Integer()

    class Index:
        name = settings.ELASTICSEARCH_INDEX
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    return type("VacancyDocument", (Document,), {**fields, "Index": Index, "__module__": __name__})


VacancyDocument = _document_class()
INDEXED_FIELDS = list(VacancyDocument._doc_type.mapping.properties.to_dict()["properties"])


def es_source(document: dict) -> dict:
    """Our shared vacancy document in the index's shape (only mapped fields, geo_point location)."""
    source = {name: document[name] for name in INDEXED_FIELDS if name in document}
    source["vacancy_id"] = document["id"]
    source["location"] = {"lat": document["latitude"], "lon": document["longitude"]}
    source["interests"] = document.get("interests", [])
    source["competences"] = document.get("competences", [])
    return source


def new_index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"


# --- compiling a query ------------------------------------------------------------------------------


def dimension_clauses(query: SearchQuery) -> list:
    clauses = []
    for constraint in query.constraints:
        field = load_field(constraint.code) if constraint.orange_level is None else pass_field(constraint.code)
        clauses.append(Q("range", **{field: {"lte": constraint.green_max}}))
    return clauses


def hours_condition(condition: HoursCondition):
    """One condition of `matching.rules.HoursConstraint` on the fields of the same name (hours in tenths)."""
    match condition:
        case AtMost(field, value, or_missing):
            within = Q("range", **{field: {"lte": worker_tenths(value)}})
            if not or_missing:
                return within
            missing = Q("bool", must_not=[Q("exists", field=field)])
            return Q("bool", should=[missing, within], minimum_should_match=1)
        case IsTrue(field):
            return Q("term", **{field: True})
    raise TypeError(f"not an hours condition: {condition!r}")


def all_hours_conditions(conditions):
    return Q("bool", filter=[hours_condition(condition) for condition in conditions])


def hours_clauses(query: SearchQuery) -> list:
    """The hours rule as `query.hours_rule` states it: required, and green or orange."""
    rule = query.hours_rule
    if rule is None:
        return []
    fits = [all_hours_conditions(rule.green)]
    if rule.orange is not None:
        fits.append(all_hours_conditions(rule.orange))
    return [hours_condition(condition) for condition in rule.required] + [
        Q("bool", should=fits, minimum_should_match=1)
    ]


def location_clauses(query: SearchQuery) -> list:
    if query.location is None or query.radius_km is None:
        return []
    return [
        Q(
            "bool",
            should=[
                Q("term", remote=True),
                Q(
                    "geo_distance",
                    distance=f"{query.radius_km}km",
                    location={"lat": query.location.lat, "lon": query.location.lon},
                ),
            ],
            minimum_should_match=1,
        )
    ]


def orange_query(query: SearchQuery):
    conditions = [
        Q("range", **{load_field(c.code): {"gt": c.green_max}}) for c in query.constraints if c.orange_level is not None
    ]
    rule = query.hours_rule
    if rule is not None and rule.orange is not None:
        conditions.append(Q("bool", must_not=[all_hours_conditions(rule.green)]))
    if not conditions:
        return None
    return Q("bool", should=conditions, minimum_should_match=1)


def fit_query(query: SearchQuery, fit: str):
    orange = orange_query(query)
    if fit == "orange":
        return orange if orange is not None else Q("bool", must_not=[Q("match_all")])
    return Q("bool", must_not=[orange]) if orange is not None else Q("match_all")


# A document indexed before its field was mapped counts as this value: every vacancy was a paid job before
# vacancies had a kind (listings migration 0009), and any changed since has been indexed again.
MISSING_AS = {"kind": "vacancy"}


def selection_query(query: SearchQuery, facet: str, values) -> object:
    if facet == "fit":
        return Q("bool", should=[fit_query(query, value) for value in sorted(values)], minimum_should_match=1)
    if facet in ("phased_start", "trial_placement", "remote"):
        return Q("terms", **{facet: [value == "true" for value in sorted(values)]})
    chosen = Q("terms", **{facet: sorted(values)})
    if MISSING_AS.get(facet) in values:
        return Q("bool", should=[chosen, Q("bool", must_not=[Q("exists", field=facet)])], minimum_should_match=1)
    return chosen


def selections(query: SearchQuery, skip: str | None = None) -> list:
    return [selection_query(query, name, values) for name, values in query.selected.items() if name != skip]


def text_query(query: SearchQuery):
    if not query.text:
        return None
    # cross_fields: every word must occur in some field, not all words in one field (as best_fields would ask).
    # The fields are those whose words the database backend searches (`search.indexing`), the place included.
    return Q(
        "multi_match",
        query=query.text,
        fields=["title^3", "occupation^2", "description", "employer", "place.text"],
        type="cross_fields",
        operator="and",
    )


BOOLEAN_FACETS = ("phased_start", "trial_placement", "remote")
_mapped: set[str] = set()  # concrete indices whose mapping this process has checked (`ensure_index`)


def facet_key(facet: str, key) -> str:
    if facet in BOOLEAN_FACETS:
        return "true" if key in (True, 1, "true") else "false"
    return str(key)


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, es: Elasticsearch | None = None):
        self.es = es or client()

    @property
    def alias(self) -> str:
        return settings.ELASTICSEARCH_INDEX

    def health(self) -> BackendHealth:
        try:
            info = self.es.options(request_timeout=settings.ELASTICSEARCH_HEALTH_TIMEOUT).cluster.health()
        except (*UNREACHABLE, es_exceptions.ApiError) as error:
            return BackendHealth(self.name, False, type(error).__name__)
        status = info.get("status", "unknown")
        return BackendHealth(self.name, status in {"green", "yellow"}, status)

    # --- the index ------------------------------------------------------------------------------

    @staticmethod
    def index_body() -> dict:
        """A new index's settings (the Dutch analyzer) and mappings."""
        index = VacancyDocument._index.clone()
        index.analyzer(dutch_text)
        body = index.to_dict()
        if not settings.ELASTICSEARCH_STEMMING:
            analyzer = body["settings"]["analysis"]["analyzer"]["dutch_text"]
            analyzer["filter"] = [name for name in analyzer["filter"] if name != "dutch_snowball"]
            body["settings"]["analysis"].get("filter", {}).pop("dutch_snowball", None)
        return body

    def create_index(self, name: str) -> None:
        self.es.indices.create(index=name, **self.index_body())

    def current_indices(self) -> list[str]:
        try:
            return sorted(self.es.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def ensure_index(self) -> None:
        """Create the first concrete index and point the alias at it, if there is none yet; else map the fields
        that an index made by an earlier release lacks (once per index and process)."""
        indices = self.current_indices()
        if not indices:
            name = new_index_name()
            self.create_index(name)
            self.es.indices.put_alias(index=name, name=self.alias)
            _mapped.add(name)
        for index in indices:
            if index not in _mapped:
                self.map_new_fields(index)
                _mapped.add(index)

    def map_new_fields(self, index: str) -> list[str]:
        """Add the fields this release maps (such as `kind`) to an older index's mapping, before a document brings
        them: the engine would otherwise guess a type (text, which cannot be counted). Documents indexed before
        have no value for them until `search_index --rebuild` (see MISSING_AS)."""
        mapped = self.es.indices.get_mapping(index=index)[index]["mappings"].get("properties", {})
        wanted = VacancyDocument._doc_type.mapping.properties.to_dict()["properties"]
        missing = {name: field for name, field in wanted.items() if name not in mapped}
        if missing:
            self.es.indices.put_mapping(index=index, properties=missing)
        return sorted(missing)

    def swap_alias(self, new_index: str) -> list[str]:
        old = self.current_indices()
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self.es.indices.update_aliases(actions=actions)
        return old

    def index_documents(self, documents: list[dict], index: str | None = None, refresh: bool = False) -> None:
        actions = [
            {"_index": index or self.alias, "_id": str(document["id"]), "_source": es_source(document)}
            for document in documents
        ]
        bulk(self.es.options(request_timeout=BULK_TIMEOUT), actions, refresh=refresh)

    def delete_documents(self, ids: list[int], index: str | None = None, refresh: bool = False) -> None:
        actions = [{"_op_type": "delete", "_index": index or self.alias, "_id": str(pk)} for pk in ids]
        # Already gone is fine.
        bulk(self.es.options(request_timeout=BULK_TIMEOUT), actions, refresh=refresh, raise_on_error=False)

    def indexed_versions(self, index: str | None = None) -> dict[int, str]:
        """Vacancy id → updated_at of every document in the index (for drift checks)."""
        search = Search(using=self.es, index=index or self.alias).source(["vacancy_id", "updated_at"])
        search = search.extra(size=10_000)
        versions, search_after = {}, None
        while True:
            page = search.sort("vacancy_id")
            if search_after is not None:
                page = page.extra(search_after=search_after)
            hits = page.execute().hits
            for hit in hits:
                versions[int(hit.vacancy_id)] = str(hit.updated_at)
            if len(hits) < 10_000:
                return versions
            search_after = list(hits[-1].meta.sort)

    def refresh(self) -> None:
        self.es.indices.refresh(index=self.alias)

    # --- searching ------------------------------------------------------------------------------

    def base_search(self, query: SearchQuery) -> Search:
        filters = dimension_clauses(query) + hours_clauses(query) + location_clauses(query)
        if query.networks:
            filters.append(Q("terms", network=list(query.networks)))
        text = text_query(query)
        search = Search(using=self.es, index=self.alias)
        search = search.query(Q("bool", filter=filters, must=[text] if text else []))
        return search.extra(track_total_hits=True)

    def sorted(self, search: Search, query: SearchQuery) -> Search:
        newest = [{"published_at": {"order": "desc"}}, {"vacancy_id": {"order": "desc"}}]
        distance = []
        if query.location is not None:
            distance = [
                {
                    "_geo_distance": {
                        "location": {"lat": query.location.lat, "lon": query.location.lon},
                        "order": "asc",
                        "unit": "km",
                    }
                }
            ]
        if query.sort == "newest":
            return search.sort(*newest)
        if query.sort == "distance" and distance:
            return search.sort(*distance, *newest)
        score = [{"_score": {"order": "desc"}}] if query.text else []
        return search.sort(*score, *distance, *newest)

    def search(self, query: SearchQuery) -> SearchResult:
        base = self.base_search(query)
        counting = base.extra(size=0)
        for facet in FACETS:
            bucket = counting.aggs.bucket(f"{facet}_scope", "filter", Q("bool", filter=selections(query, skip=facet)))
            if facet == "fit":
                bucket.bucket("values", "filters", filters={fit: fit_query(query, fit) for fit in ("green", "orange")})
            else:
                missing = {"missing": MISSING_AS[facet]} if facet in MISSING_AS else {}
                bucket.bucket("values", "terms", field=facet, size=500, **missing)
        counting.aggs.bucket("selected", "filter", Q("bool", filter=selections(query))).bucket(
            "fits", "filters", filters={fit: fit_query(query, fit) for fit in ("green", "orange")}
        )
        aggregations = counting.execute().aggregations
        facets = {}
        for facet in FACETS:
            values = getattr(aggregations, f"{facet}_scope").values
            if facet == "fit":
                facets[facet] = {
                    fit: values.buckets[fit].doc_count for fit in ("green", "orange") if values.buckets[fit].doc_count
                }
            else:
                facets[facet] = {facet_key(facet, bucket.key): bucket.doc_count for bucket in values.buckets}
        green_total = aggregations.selected.fits.buckets["green"].doc_count
        orange_total = aggregations.selected.fits.buckets["orange"].doc_count
        hits = self.page(base.post_filter(Q("bool", filter=selections(query))), query, green_total)
        return SearchResult(count=green_total + orange_total, hits=hits, facets=facets, backend=self.name)

    def page(self, search: Search, query: SearchQuery, green_total: int) -> list[Hit]:
        start, stop = query.offset, query.offset + query.page_size
        if query.sort != "best":
            return self.fetch(self.sorted(search, query), query, start, stop, fit=None)
        # Green before orange, exactly: green hits fill the page first, orange ones follow.
        hits = []
        if start < green_total:
            green = search.filter(fit_query(query, "green"))
            hits += self.fetch(self.sorted(green, query), query, start, min(stop, green_total), fit="green")
        if stop > green_total:
            orange = search.filter(fit_query(query, "orange"))
            hits += self.fetch(
                self.sorted(orange, query), query, max(start - green_total, 0), stop - green_total, fit="orange"
            )
        return hits

    def fetch(self, search: Search, query: SearchQuery, start: int, stop: int, fit: str | None) -> list[Hit]:
        if stop <= start:
            return []
        search = search.source(["vacancy_id"])[start:stop]
        if fit is None:
            orange = orange_query(query)
            if orange is not None:
                # Tag orange hits through a named query rather than a second search.
                search = search.query(
                    Q("bool", must=[search.query._proxied], should=[Q("bool", filter=[orange], _name="orange")])
                )
        hits = []
        for hit in search.execute():
            matched = getattr(hit.meta, "matched_queries", None) or []
            hit_fit = fit or ("orange" if "orange" in matched else "green")
            hits.append(Hit(int(hit.vacancy_id), hit_fit))
        return hits


def backend():
    return ElasticsearchBackend()
