"""Search benchmark: a fixed random set of queries per backend, plus a hand-written SQL scan as baseline.

Prints one JSON line per backend: {"backend", "vacancies", "queries", "p50_ms", "p95_ms", "p99_ms", "qps"}.
Backends: `index` (the database backend answered from its fit index; also its load time and size),
`database` (the same backend in SQL), `ranked` (the configured backend with the ranked window of
`search.order` and every hit's reasons, as the search page asks it), `baseline` (a hand-written SQL
scan: count and first page, no facets), `elasticsearch`. `--synthetic N` measures the fit index alone
on N made-up vacancies, without a database (for sizes the database on this machine does not hold).
A benchmark, not a test: it asserts nothing. `make bench` loads the vacancies first.
"""

import json
import random
import resource
import statistics
import time
from contextlib import ExitStack

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from matching.catalogue import get_catalogue
from matching.rules import Capacity, WorkerHours
from search.documents import forbidden_bits, worker_tenths
from search.models import SearchEntry
from search.query import Location, SearchQuery

OSMEM_QUERIES = 30
PLACES = [(52.3676, 4.9041), (51.9244, 4.4777), (52.0907, 5.1214), (52.2215, 6.8937), (52.5050, 4.9597)]


def random_queries(count: int, seed: int) -> list[SearchQuery]:
    rng = random.Random(seed)
    catalogue = get_catalogue()
    codes = list(catalogue.codes)
    queries = []
    for _ in range(count):
        limited = rng.sample(codes, k=rng.randint(1, 6))
        capacity = Capacity({code: rng.randrange(catalogue[code].max) for code in limited})
        hours = None
        if rng.random() < 0.6:
            per_week = rng.choice([8, 12, 16, 20, 24, 32])
            hours = WorkerHours(per_week, rng.choice([None, 4, 6, 8]), rng.choice([None, per_week, 32]))
        location = Location(*rng.choice(PLACES)) if rng.random() < 0.7 else None
        queries.append(
            SearchQuery(
                capacity=capacity,
                hours=hours,
                location=location,
                radius_km=rng.choice([10, 25, 50]) if location else None,
                include_orange=rng.random() < 0.8,
                sort=rng.choice(["best", "best", "newest"]),
                page=rng.choice([1, 1, 1, 2]),
            )
        )
    return queries


def baseline_sql(query: SearchQuery) -> tuple[str, list]:
    """The same filters written by hand: a count and the first page, no facets, no ORM."""
    where, params = ["TRUE" if connection.vendor == "postgresql" else "1"], []
    column = "pass_bits" if query.include_orange else "load_bits"
    for index, mask in enumerate(forbidden_bits([(c.code, c.green_max) for c in query.constraints])):
        if mask:
            where.append(f"({column}_{index} & %s) = 0")
            params.append(mask)
    rule = query.hours_rule
    if rule is not None:
        if rule.per_day is not None:
            where.append("(per_day_max IS NULL OR per_day_max <= %s)")
            params.append(worker_tenths(rule.per_day))
        where.append("(per_week_min <= %s OR (phased_start AND phased_start_per_week <= %s AND per_week_min <= %s))")
        params += [worker_tenths(rule.per_week)] * 2 + [worker_tenths(rule.target_per_week)]
    if query.location is not None and query.radius_km is not None:
        where.append(
            "(remote OR 2 * 6371.0088 * asin(least(1.0, sqrt(power(sin(radians(latitude - %s) / 2), 2) "
            "+ cos(radians(%s)) * cos(radians(latitude)) * power(sin(radians(longitude - %s) / 2), 2)))) <= %s)"
        )
        params += [query.location.lat, query.location.lat, query.location.lon, query.radius_km]
    table = SearchEntry._meta.db_table
    condition = " AND ".join(where)
    # Only our own column names and whole numbers are interpolated; every value is a parameter.
    sql = (
        f"SELECT vacancy_id, count(*) OVER () FROM {table} WHERE {condition} "  # noqa: S608
        f"ORDER BY published_at DESC, vacancy_id DESC LIMIT {query.page_size} OFFSET {query.offset}"
    )
    return sql, params


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_labels():
    from search.labels import Labels

    return Labels(
        networks={pk: f"network-{pk}" for pk in range(1, 11)},
        regions={1: "region-1", 2: "region-2"},
        region_of={pk: f"region-{1 + pk % 2}" for pk in range(1, 11)},
    )


def synthetic_columns(count: int, seed: int) -> dict:
    """Made-up vacancies shaped like real ones: loads from 500 occupation-like profiles, 400 places,
    10 networks, the hours employers state (whole and half hours), mostly paid jobs."""
    import numpy as np

    from search.documents import facet_key, packed_fields
    from search.query import COACHING, HOURS_BANDS, KINDS

    rng = np.random.default_rng(seed)
    draw = random.Random(seed)
    catalogue = list(get_catalogue())
    profiles = []
    for _ in range(500):
        load = {d.code: draw.randint(0, d.max) for d in draw.sample(catalogue, 12)}
        profiles.append(packed_fields(load, [code for code in load if draw.random() < 0.3]))
    profile = rng.integers(0, len(profiles), count)
    places = [(50.8 + draw.random() * 2.5, 3.4 + draw.random() * 3.7) for _ in range(400)]
    place = rng.integers(0, len(places), count)
    bands = [key for key, _low, _high in HOURS_BANDS]
    keys = {
        (n, b, p, c, t, r, k): facet_key(n, bands[b], bool(p), COACHING[c], bool(t), bool(r), KINDS[k])
        for n in range(1, 11)
        for b in range(len(bands))
        for p in (0, 1)
        for c in range(len(COACHING))
        for t in (0, 1)
        for r in (0, 1)
        for k in range(len(KINDS))
    }
    combos = zip(
        rng.integers(1, 11, count).tolist(),
        rng.integers(0, len(bands), count).tolist(),
        rng.integers(0, 2, count).tolist(),
        rng.integers(0, len(COACHING), count).tolist(),
        rng.integers(0, 2, count).tolist(),
        (rng.random(count) < 0.05).tolist(),
        rng.choice(len(KINDS), count, p=[0.7, 0.1, 0.1, 0.1]).tolist(),
        strict=True,
    )
    columns = {
        "vacancy_id": np.arange(1, count + 1),
        "published_us": 1_700_000_000_000_000 + rng.integers(0, 10**13, count),
        "facet_key": np.array([keys[combo] for combo in combos], dtype=np.int64),
        "latitude": np.array([places[i][0] for i in place.tolist()]),
        "longitude": np.array([places[i][1] for i in place.tolist()]),
        "per_week_min": rng.choice([80, 120, 160, 200, 240, 320, 360], count).tolist(),
        "per_day_max": [None if x < 0.5 else 40 + int(x * 10) * 5 for x in rng.random(count).tolist()],
        "phased_start_per_week": [None if x < 0.6 else 40 + int(x * 8) * 10 for x in rng.random(count).tolist()],
    }
    for name in ("load_bits_0", "load_bits_1", "pass_bits_0", "pass_bits_1"):
        columns[name] = np.array([p[name] for p in profiles], dtype=np.int64)[profile]
    return columns


def percentiles(timings_ms: list[float]) -> dict:
    ordered = sorted(timings_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2), "p99_ms": round(cuts[98], 2)}


class Command(BaseCommand):
    help = "Benchmark the search backends against a hand-written SQL scan (prints JSON lines)."

    def add_arguments(self, parser):
        parser.add_argument("--queries", type=int, default=300)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--backends", default="index,database,baseline")
        parser.add_argument("--warmup", type=int, default=20)
        parser.add_argument("--synthetic", type=int, default=0, help="only the fit index, on N made-up vacancies")

    def handle(self, *args, queries, seed, backends, warmup, synthetic, **options):
        if synthetic:
            return self.synthetic(synthetic, random_queries(queries, seed), warmup)
        vacancies = SearchEntry.objects.count()
        if not vacancies:
            raise CommandError("No searchable vacancies: run `manage.py loaddemo --vacancies N` first.")
        query_list = random_queries(queries, seed)
        self.extra = {}
        with ExitStack() as stack:
            for name in backends.split(","):
                run = self.runner(name.strip(), stack)
                measured = query_list
                if name == "elasticsearch" and self.on_osmem:
                    # An in-memory test engine answers aggregations over 100k documents in seconds; a
                    # sample keeps the run short. Its figures say nothing about a real cluster.
                    measured = query_list[:OSMEM_QUERIES]
                for query in measured[:warmup]:
                    run(query)
                timings = []
                started = time.perf_counter()
                for query in measured:
                    begin = time.perf_counter()
                    run(query)
                    timings.append((time.perf_counter() - begin) * 1000)
                elapsed = time.perf_counter() - started
                line = {
                    "backend": name,
                    "engine": self.engine(name),
                    "vacancies": vacancies,
                    "queries": len(measured),
                    **percentiles(timings),
                    "qps": round(len(measured) / elapsed, 1),
                }
                line.update(self.extra.pop(name, {}))
                self.stdout.write(json.dumps(line))

    on_osmem = False
    extra: dict

    def synthetic(self, count: int, queries: list[SearchQuery], warmup: int) -> None:
        from search.fit_index import Catalogues, answer, build_segment

        started = time.perf_counter()
        catalogues = Catalogues()
        segment = build_segment(synthetic_columns(count, seed=1), catalogues)
        built_s = time.perf_counter() - started
        labels = synthetic_labels()
        for query in queries[:warmup]:
            answer([segment], catalogues, query, labels, labels_key=1)
        timings = []
        for query in queries:
            begin = time.perf_counter()
            answer([segment], catalogues, query, labels, labels_key=1)
            timings.append((time.perf_counter() - begin) * 1000)
        line = {
            "backend": "index (synthetic, no database)",
            "vacancies": count,
            "queries": len(queries),
            **percentiles(timings),
            "build_s": round(built_s, 2),
            "index_mb": round(segment.nbytes() / 2**20, 1),
            "bytes_per_vacancy": round(segment.nbytes() / max(count, 1), 1),
        }
        self.stdout.write(json.dumps(line))

    def engine(self, name: str) -> str:
        if name == "elasticsearch":
            return "osmem-server (in-memory test engine)" if self.on_osmem else settings.ELASTICSEARCH_URL
        return connection.vendor

    def runner(self, name: str, stack: ExitStack):
        if name == "baseline":

            def run(query):
                sql, params = baseline_sql(query)
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    cursor.fetchall()

            return run
        if name == "database":
            from search.backends.database import DatabaseBackend

            return DatabaseBackend().search
        if name == "index":
            return self.index_runner()
        if name == "elasticsearch":
            return self.elasticsearch_runner(stack)
        if name == "ranked":
            return self.ranked_runner()
        raise CommandError(f"Unknown backend {name!r}: choose from index, ranked, database, elasticsearch, baseline.")

    def ranked_runner(self):
        """The configured backend as the search page uses it: the ranked window of "best" and every hit's reasons."""
        from matching.ranking import Seeker, Weights
        from search.order import RankingContext, ranked_search

        seeker = Seeker(
            interests=("R", "C"),
            competences=frozenset({"accuracy", "teamwork"}),
            travel_km=25,
            hours_now=20,
            hours_target=32,
            coaching_wanted="buddy",
        )
        context = RankingContext(seeker, Weights())
        return lambda query: ranked_search(query, context)

    def index_runner(self):
        from search import fit_store
        from search.backends.indexed import IndexedDatabaseBackend

        settings.SEARCH_FIT_INDEX_LOAD = "inline"
        fit_store.holder.reset()
        rss_before = max_rss_mb()
        backend = IndexedDatabaseBackend()
        backend.search(SearchQuery())  # loads the index
        index = fit_store.holder.index
        self.extra["index"] = {
            "load_s": round(index.loaded_in_s, 2),
            "index_mb": round(index.nbytes() / 2**20, 1),
            "bytes_per_vacancy": round(index.nbytes() / max(index.size, 1), 1),
            "max_rss_growth_mb": round(max_rss_mb() - rss_before, 1),
        }
        return backend.search

    def elasticsearch_runner(self, stack: ExitStack):
        from search.backends.elasticsearch import ElasticsearchBackend

        if not settings.ELASTICSEARCH_URL or settings.ELASTICSEARCH_URL == "osmem":
            from osmem_server import OsmemServer

            server = stack.enter_context(OsmemServer.start(japanese=False))
            settings.ELASTICSEARCH_URL = server.url
            settings.ELASTICSEARCH_PLAIN_JSON = True
            settings.ELASTICSEARCH_STEMMING = False
            settings.ELASTICSEARCH_TIMEOUT = 300
            self.on_osmem = True
        settings.SEARCH_BACKEND = "elasticsearch"
        self.stderr.write(f"Indexing into Elasticsearch at {settings.ELASTICSEARCH_URL} …")
        call_command("search_index", rebuild=True, stdout=self.stderr, stderr=self.stderr)
        return ElasticsearchBackend().search
