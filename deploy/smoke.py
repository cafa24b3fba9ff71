#!/usr/bin/env python3
"""Smoke test of the production setup on this machine, without Docker.

    .venv/bin/python deploy/smoke.py [--keep]      (or `make smoke`; .ci/run runs it)

With production settings (DEBUG off, generated SECRET_KEY and capacity key), PostgreSQL and Redis on
loopback, gunicorn and a real Celery worker process, it:

1. checks `manage.py check --deploy` (with HTTPS on) reports nothing, in a fresh database
   `passendwerk_smoke`: migrate, collectstatic, import_occupations;
2. starts a Celery worker (its own queue) and gunicorn (a free loopback port);
3. creates a network, an employer with staff, a coordinator with two-step verification and three
   vacancies, and publishes one through `listings.services.vacancy_transition` (submit, approve);
4. sees the published vacancy in the database search table (written in the publishing transaction)
   and through `POST /api/v1/search/` over HTTP, the other two not; sees the worker send the approval
   e-mail (the task goes through Redis after commit);
5. checks /healthz (database, cache, broker up), the static files (WhiteNoise: hashed, compressed,
   cached for good), the security headers (CSP, X-Request-ID) and the JSON log lines with request ids;
6. backs the database up with deploy/backup.sh and restores it with deploy/restore.sh into a second
   database;
7. stops everything it started and drops its databases (also on failure; --keep keeps them and the logs).

Exits 0 when all is well. Environment: SMOKE_POSTGRES (default postgres://postgres@127.0.0.1:5432),
SMOKE_REDIS (default redis://127.0.0.1:6379; uses databases 2 and 3, which CI's suite leaves alone).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379").rstrip("/")
DATABASE = "passendwerk_smoke"
RESTORED_DATABASE = "passendwerk_smoke_restore"
HOST = "127.0.0.1"
WORD = "Rookproef"  # in the titles of the smoke vacancies, so a text search finds exactly them
STARTED = time.monotonic()


class SmokeFailure(Exception):
    pass


def say(message: str) -> None:
    print(f"[smoke {time.monotonic() - STARTED:5.1f}s] {message}", flush=True)


def check(condition, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


# --- the environment --------------------------------------------------------------------------------


def production_env(work: Path, port: int) -> dict:
    from cryptography.fernet import Fernet

    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ") if name in os.environ}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "false",
        "SECRET_KEY": "smoke-" + os.urandom(32).hex(),
        "CAPACITY_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}:{port}",
        "HTTPS": "false",  # plain HTTP on loopback; the deploy check below runs with HTTPS on
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "CELERY_BROKER_URL": f"{REDIS}/2",
        "CACHE_URL": f"{REDIS}/3",
        "CELERY_QUEUE": f"passendwerk-smoke-{os.getpid()}",
        "SEARCH_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(work / "mail"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_FORMAT": "json",
        "LOG_REQUESTS": "true",
        "WEB_CONCURRENCY": "2",
        "DATABASE_CONN_MAX_AGE": "60",  # as in docker-compose.yml: connections are reused between requests
        "GUNICORN_BIND": f"{HOST}:{port}",
    }


def run(env: dict, *args: str, timeout: float = 300) -> str:
    result = subprocess.run(  # noqa: S603 - our commands
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise SmokeFailure(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    return run(env, PYTHON, "manage.py", *args, timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- PostgreSQL and Redis ---------------------------------------------------------------------------


def postgres_admin(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5) as connection:
        for statement in statements:
            connection.execute(statement)


def recreate_databases() -> None:
    postgres_admin(
        f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)",
        f"DROP DATABASE IF EXISTS {RESTORED_DATABASE} WITH (FORCE)",
        f"CREATE DATABASE {DATABASE}",
        f"CREATE DATABASE {RESTORED_DATABASE}",
    )


def drop_databases() -> None:
    postgres_admin(
        f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)", f"DROP DATABASE IF EXISTS {RESTORED_DATABASE} WITH (FORCE)"
    )


def query(database: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{database}", connect_timeout=5) as connection:
        return connection.execute(sql).fetchall()


def flush_redis() -> None:
    import redis

    for number in (2, 3):
        redis.Redis.from_url(f"{REDIS}/{number}", socket_timeout=5).flushdb()


# --- processes --------------------------------------------------------------------------------------


class Process:
    def __init__(self, name: str, args: list[str], env: dict, log: Path):
        self.name, self.log = name, log
        with open(log, "w") as out:
            # A process group of its own, so stopping it stops its children (gunicorn's workers) too.
            self.popen = subprocess.Popen(  # noqa: S603 - our commands
                args,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        if not self.alive():
            return
        with suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        say(f"{self.name} stopped (exit {self.popen.returncode})")


def wait_for(predicate, timeout: float, what: str, process: Process | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and not process.alive():
            raise SmokeFailure(f"{process.name} exited early:\n{process.text()[-4000:]}")
        with suppress(OSError, ValueError):
            if predicate():
                return
        time.sleep(0.25)
    raise SmokeFailure(f"timed out after {timeout:.0f}s waiting for {what}")


def http(port: int, method: str, path: str, body: dict | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}",
        data=data,
        method=method,  # noqa: S310
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback only
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# --- the data, created in a child process with the same production settings ----------------------------


def load_data() -> None:
    """Runs as `smoke.py --load-data` with the smoke environment; prints the vacancy ids as JSON."""
    import base64
    from decimal import Decimal

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP

    from listings.models import Occupation, Vacancy
    from listings.services import vacancy_save, vacancy_transition
    from network.models import Employer, EmployerStaff, Membership, Network, Region, Role, User

    region = Region.objects.create(name="Rookproefregio", slug="rookproefregio")
    network = Network.objects.create(name="Rookproefnetwerk", slug="rookproefnetwerk", region=region)
    employer = Employer.objects.create(
        name="Rookproef BV", kvk_number="99999999", municipality="Utrecht", latitude=52.0907, longitude=5.1214
    )
    Membership.objects.create(employer=employer, network=network, status=Membership.Status.ACTIVE)
    staff = User.objects.create_user(email="werkgever@rookproef.test", password=None, role=Role.EMPLOYER)
    EmployerStaff.objects.create(employer=employer, user=staff, is_admin=True)
    coordinator = User.objects.create_user(email="coordinator@rookproef.test", password=None, role=Role.COORDINATOR)
    network.coordinators.add(coordinator)
    TOTP.activate(coordinator, base64.b32encode(os.urandom(20)).decode())

    occupation = Occupation.objects.filter(source=Occupation.Source.CURATED).order_by("key").first()
    if occupation is None:
        raise SystemExit("no curated occupations: import_occupations did not run")
    load = {code: level for code, level in occupation.load_profile().items() if level > 0}

    def vacancy(title: str) -> Vacancy:
        return vacancy_save(
            vacancy=Vacancy(
                employer=employer,
                network=network,
                occupation=occupation,
                title=f"{WORD} {title}",
                description="Een vacature van de rookproef.",
                place="Utrecht",
                latitude=52.0907,
                longitude=5.1214,
                per_week_min=Decimal(16),
                per_week_max=Decimal(24),
                load=load,
                adaptable=[],
            ),
            by=staff,
        )

    published = vacancy("gepubliceerd")
    waiting = vacancy("wacht op goedkeuring")
    draft = vacancy("concept")
    vacancy_transition(vacancy=published, action="submit", by=staff)
    vacancy_transition(vacancy=waiting, action="submit", by=staff)
    # Committed here: the approval e-mail task goes to the broker, for the worker process.
    vacancy_transition(vacancy=published, action="approve", by=coordinator)
    print(json.dumps({"published": published.pk, "waiting": waiting.pk, "draft": draft.pk, "staff_email": staff.email}))


# --- the smoke test ---------------------------------------------------------------------------------


def smoke(work: Path, processes: list[Process]) -> None:
    port = free_port()
    env = production_env(work, port)
    (work / "mail").mkdir()
    (work / "media").mkdir()

    say(f"PostgreSQL at {POSTGRES}, Redis at {REDIS} (databases 2 and 3)")
    try:
        recreate_databases()
        flush_redis()
    except Exception as error:
        raise SmokeFailure(f"PostgreSQL or Redis is not reachable: {type(error).__name__}: {error}") from error

    manage({**env, "HTTPS": "true"}, "check", "--deploy", "--fail-level", "WARNING")
    say("check --deploy (HTTPS on): no issues")
    manage(env, "migrate", "--noinput", timeout=600)
    say(f"migrated database {DATABASE}")
    manage(env, "collectstatic", "--noinput", "--clear", "--verbosity", "0", timeout=600)
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    check("css/site.css" in manifest["paths"], "collectstatic wrote no manifest entry for css/site.css")
    check(
        "vendor/utrecht/index.css" in manifest["paths"],
        "no NL Design System stylesheet in the manifest: run `make install` (npm ci, static/vendor/)",
    )
    say(f"collected static files ({len(manifest['paths'])} in the manifest)")
    manage(env, "import_occupations", "--no-progress", timeout=600)
    say("imported occupations")

    worker = Process(
        "celery worker",
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"smoke-{os.getpid()}@%h",
        ],
        env,
        work / "worker.log",
    )
    processes.append(worker)
    web = Process(
        "gunicorn",
        [PYTHON, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "config.wsgi:application"],
        env,
        work / "gunicorn.log",
    )
    processes.append(web)
    wait_for(lambda: "ready." in worker.text(), 60, "the Celery worker", worker)
    say(f"Celery worker ready (pid {worker.popen.pid}, queue {env['CELERY_QUEUE']})")
    wait_for(lambda: http(port, "GET", "/healthz", headers={"Host": HOST})[0] == 200, 60, "gunicorn", web)
    say(f"gunicorn serving http://{HOST}:{port} (pid {web.popen.pid})")

    ids = json.loads(run(env, PYTHON, str(Path(__file__).resolve()), "--load-data").strip().splitlines()[-1])
    say(f"created 3 vacancies, published #{ids['published']} (submit, approve)")

    indexed = {row[0] for row in query(DATABASE, "SELECT vacancy_id FROM search_searchentry")}
    check(indexed == {ids["published"]}, f"search table holds {indexed}, expected only #{ids['published']}")
    say("search table (database backend) holds the published vacancy only")

    status, headers, body = http(port, "POST", "/api/v1/search/", {"query": WORD})
    check(status == 200, f"POST /api/v1/search/ answered {status}: {body[:500]!r}")
    result = json.loads(body)
    found = [hit["id"] for hit in result["results"]]
    check(found == [ids["published"]], f"search found {found}, expected [{ids['published']}]")
    check(result["backend"] == "database" and not result["fallback"], f"unexpected backend in {result}")
    search_request_id = headers.get("X-Request-ID", "")
    check(search_request_id, "no X-Request-ID on the search response")
    say(f"POST /api/v1/search/ over HTTP finds #{ids['published']} only")

    def decision_mail() -> bool:
        return any(
            ids["staff_email"] in path.read_text(errors="replace") and WORD in path.read_text(errors="replace")
            for path in (work / "mail").glob("*.log")
        )

    wait_for(decision_mail, 30, "the approval e-mail from the worker", worker)
    check(
        "listings.tasks.send_decision" in worker.text() and "succeeded" in worker.text(),
        "the worker log does not show send_decision succeeding",
    )
    say("the Celery worker sent the approval e-mail (listings.tasks.send_decision via Redis)")

    status, _headers, body = http(port, "GET", "/healthz")
    health = json.loads(body)
    check(status == 200 and health["status"] == "ok", f"/healthz answered {status}: {health}")
    for name in ("database", "cache", "broker"):
        check(health["checks"][name]["up"], f"/healthz: {name} is down: {health['checks'][name]}")
    check(health["checks"]["database"]["detail"] == "postgresql", f"database is {health['checks']['database']}")
    check(health["checks"]["broker"]["detail"] == "redis", f"broker is {health['checks']['broker']}")
    check(health["checks"]["cache"]["detail"] == "RedisCache", f"cache is {health['checks']['cache']}")
    say("/healthz: database postgresql, cache RedisCache, broker redis, all up")

    # Drill: PostgreSQL drops the idle connections the web workers keep (a restart, a failover, an idle
    # timeout). With CONN_HEALTH_CHECKS each worker notices at its next request and connects again.
    for _ in range(6):
        http(port, "GET", "/werk-zoeken/")
    terminate = (
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "  # noqa: S608 - our constant
        f"WHERE datname = '{DATABASE}' AND pid <> pg_backend_pid() AND state = 'idle'"
    )
    killed = query(DATABASE, terminate)[0][0]
    check(killed >= 1, "no idle database connection to terminate: are connections reused (CONN_MAX_AGE)?")
    statuses = [http(port, "GET", "/werk-zoeken/")[0] for _ in range(8)]
    check(statuses == [200] * 8, f"after {killed} database connections were terminated the pages answered {statuses}")
    say(f"database drill: {killed} idle connections terminated, the next 8 requests all answered 200")

    status, headers, body = http(port, "GET", "/static/css/site.css")
    check(status == 200 and headers.get_content_type() == "text/css", f"/static/css/site.css answered {status}")
    hashed = "/static/" + manifest["paths"]["css/site.css"]
    status, headers, _body = http(port, "GET", hashed, headers={"Accept-Encoding": "gzip"})
    check(status == 200, f"{hashed} answered {status}")
    check("immutable" in headers.get("Cache-Control", ""), f"{hashed}: Cache-Control {headers.get('Cache-Control')}")
    check(headers.get("Content-Encoding") == "gzip", f"{hashed} was not served compressed")
    say(f"static files: /static/css/site.css and {hashed} (gzip, immutable) served by WhiteNoise")

    status, headers, body = http(port, "GET", "/werk-zoeken/")
    check(status == 200, f"/werk-zoeken/ answered {status}")
    check(hashed.encode() in body, "the search page does not link the hashed stylesheet")
    csp = headers.get("Content-Security-Policy", "")
    check("script-src 'self'" in csp and "frame-ancestors 'none'" in csp, f"Content-Security-Policy: {csp!r}")
    check(headers.get("X-Content-Type-Options") == "nosniff", "no X-Content-Type-Options: nosniff")
    status, headers, _body = http(port, "GET", "/werk-zoeken/", headers={"X-Request-ID": "smoke-request-0001"})
    check(headers.get("X-Request-ID") == "smoke-request-0001", "the proxy's X-Request-ID was not kept")
    say("pages: Content-Security-Policy, nosniff, X-Request-ID (kept from the proxy)")

    lines = [json.loads(line) for line in web.text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("logger") == "passendwerk.request"]
    check(
        any(
            line.get("request_id") == search_request_id and line.get("http_path") == "/api/v1/search/"
            for line in access
        ),
        "no JSON access line with the search request's id in the gunicorn log",
    )
    check(any(line.get("request_id") == "smoke-request-0001" for line in access), "no log line with the proxy's id")
    check(not any(WORD in json.dumps(line) for line in lines), "a request body reached the log")
    say(f"logs: {len(lines)} JSON lines from gunicorn, access lines carry the request id, no bodies")

    backups = work / "backups"
    database_url = f"{POSTGRES}/{DATABASE}"
    output = run({**os.environ, "DATABASE_URL": database_url}, "bash", "deploy/backup.sh", str(backups))
    dump = next(backups.glob("passendwerk-*.dump"))
    run(
        {**os.environ, "DATABASE_URL": f"{POSTGRES}/{RESTORED_DATABASE}"},
        "bash",
        "deploy/restore.sh",
        str(dump),
        "--yes",
    )
    restored = query(RESTORED_DATABASE, "SELECT id, status FROM listings_vacancy ORDER BY id")
    original = query(DATABASE, "SELECT id, status FROM listings_vacancy ORDER BY id")
    check(restored == original and len(restored) == 3, f"restored vacancies {restored} differ from {original}")
    say(f"backup and restore: {output.strip().splitlines()[0]}, restored into {RESTORED_DATABASE}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the databases and the logs")
    parser.add_argument("--load-data", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.load_data:
        load_data()
        return 0

    work = Path(tempfile.mkdtemp(prefix="passendwerk-smoke-"))
    processes: list[Process] = []
    failed = False
    try:
        smoke(work, processes)
    except (SmokeFailure, subprocess.TimeoutExpired) as error:
        failed = True
        print(f"\nSMOKE TEST FAILED: {error}", file=sys.stderr)
        for process in processes:
            print(f"\n--- last lines of {process.name} ({process.log}) ---\n{process.text()[-3000:]}", file=sys.stderr)
    finally:
        for process in reversed(processes):
            process.stop()
        if options.keep:
            say(f"kept databases {DATABASE}, {RESTORED_DATABASE} and the logs in {work}")
        else:
            with suppress(Exception):
                drop_databases()
                say(f"dropped databases {DATABASE} and {RESTORED_DATABASE}")
            if not failed:
                shutil.rmtree(work, ignore_errors=True)
            else:
                print(f"logs kept in {work}", file=sys.stderr)
    if failed:
        return 1
    say("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
