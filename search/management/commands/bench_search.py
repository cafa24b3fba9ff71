"""Search benchmark: a fixed random set of queries per backend, plus a hand-written SQL scan as baseline.

Prints one JSON line per backend: {"backend", "vacancies", "queries", "p50_ms", "p95_ms", "p99_ms", "qps"}.
A benchmark, not a test: it asserts nothing. `make bench` loads the vacancies first.
"""

import json
import random
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


def percentiles(timings_ms: list[float]) -> dict:
    ordered = sorted(timings_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2), "p99_ms": round(cuts[98], 2)}


class Command(BaseCommand):
    help = "Benchmark the search backends against a hand-written SQL scan (prints JSON lines)."

    def add_arguments(self, parser):
        parser.add_argument("--queries", type=int, default=300)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--backends", default="database,elasticsearch,baseline")
        parser.add_argument("--warmup", type=int, default=20)

    def handle(self, *args, queries, seed, backends, warmup, **options):
        vacancies = SearchEntry.objects.count()
        if not vacancies:
            raise CommandError("No searchable vacancies: run `manage.py loaddemo --vacancies N` first.")
        query_list = random_queries(queries, seed)
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
                self.stdout.write(json.dumps(line))

    on_osmem = False

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
        if name == "elasticsearch":
            return self.elasticsearch_runner(stack)
        raise CommandError(f"Unknown backend {name!r}: choose from database, elasticsearch, baseline.")

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
