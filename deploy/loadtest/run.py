#!/usr/bin/env python3
"""Load test: locust against gunicorn on PostgreSQL with production settings (`make loadtest`).

    .venv/bin/python deploy/loadtest/run.py

1. makes sure the PostgreSQL database (LOADTEST_DATABASE_URL, default passendwerk_bench, the one `make bench`
   uses) exists and holds the demo data with LOADTEST_VACANCIES vacancies (default 100,000): when the search
   table holds fewer, or the demo worker is missing, it runs `migrate` and `loaddemo --vacancies N` (minutes);
   pending migrations alone are applied;
2. collects the static files (unless staticfiles/ is newer than static/ and the last `make install`), starts
   gunicorn (config.wsgi, deploy/gunicorn.conf.py) with DEBUG off, Redis as cache and broker (databases 4
   and 5 of LOADTEST_REDIS) on a free loopback port, waits for /healthz and warms every worker up: the fit
   index loads in a thread of each process at its first search;
3. runs deploy/loadtest/locustfile.py headless: LOADTEST_USERS users (default 20), all started at once, for
   LOADTEST_SECONDS (default 60);
4. prints one JSON line: users, seconds, requests, req_per_s, p50_ms, p95_ms, p99_ms, errors (failed requests
   and exceptions in the users), by_name (the same per request name), and vacancies, gunicorn, worker_restarts
   and cpu_ms_per_request: the CPU time of gunicorn and of the database's PostgreSQL backends per request, which
   says more than req/s on a machine that is busy with other work too;
5. stops gunicorn and locust (also on Ctrl-C or a failure) and empties its two Redis databases.

Exits 1 when a request failed, 2 when the run itself could not be done. Progress goes to stderr. gunicorn:
LOADTEST_WORKERS (default 3) and LOADTEST_THREADS (default 4: gthread workers; 1 makes them sync workers).
LOADTEST_KEEP=1 keeps the logs and locust's CSV files. LOADTEST_CLASSES="DemoWorker ApiClient" runs only those
users (AssessedVisitor, DemoWorker, ApiClient); all three, by their weights, when empty.
"""

import concurrent.futures
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
DATABASE_URL = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/passendwerk_bench")
REDIS = os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379").rstrip("/")
REDIS_DATABASES = (4, 5)  # cache, broker: CI's suite uses 0 and 1, deploy/smoke.py 2 and 3
VACANCIES = int(os.environ.get("LOADTEST_VACANCIES", "100000"))
USERS = int(os.environ.get("LOADTEST_USERS", "20"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
# gthread: on this 2-core machine 3 workers with 4 threads each answered 1.5-2x the requests of 3 sync workers
# (a request waits for PostgreSQL a good part of its time; a thread lets another one use the CPU meanwhile).
THREADS = int(os.environ.get("LOADTEST_THREADS", "4"))
KEEP = os.environ.get("LOADTEST_KEEP", "") not in ("", "0", "false")
# Only these users of locustfile.py (e.g. "DemoWorker" with LOADTEST_USERS=1: one client's server times).
CLASSES = os.environ.get("LOADTEST_CLASSES", "").split()
STARTED = time.monotonic()


class RunFailure(Exception):
    pass


def say(message: str) -> None:
    print(f"[loadtest {time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


# --- the environment --------------------------------------------------------------------------------------


def base_env() -> dict:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")
    return {
        **{name: os.environ[name] for name in keep if name in os.environ},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": DATABASE_URL,
        "SEARCH_BACKEND": "database",
    }


def setup_env() -> dict:
    """For migrate and loaddemo: loaddemo runs only with DEBUG on (its accounts have a published password)."""
    return {**base_env(), "DEBUG": "true"}


def production_env(work: Path, port: int, capacity_keys: str) -> dict:
    """As deploy/smoke.py starts gunicorn: DEBUG off, a fresh SECRET_KEY, Redis, JSON logs with access lines."""
    return {
        **base_env(),
        "DEBUG": "false",
        "SECRET_KEY": "loadtest-" + os.urandom(32).hex(),
        "CAPACITY_ENCRYPTION_KEYS": capacity_keys,
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}:{port}",
        "HTTPS": "false",  # plain HTTP on loopback
        "CACHE_URL": f"{REDIS}/{REDIS_DATABASES[0]}",
        "CELERY_BROKER_URL": f"{REDIS}/{REDIS_DATABASES[1]}",
        "CELERY_QUEUE": f"passendwerk-loadtest-{os.getpid()}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(work / "mail"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_FORMAT": "json",
        "LOG_REQUESTS": "true",
        "DATABASE_CONN_MAX_AGE": "60",  # as in docker-compose.yml
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_THREADS": str(THREADS),
        "GUNICORN_BIND": f"{HOST}:{port}",
        "PARTNERS_ANONYMOUS_SEARCH_RATE": "",  # the API users search without a key from one address
    }


def run(env: dict, *args: str, timeout: float = 600, stream: bool = False) -> str:
    """A command in the project; its output is returned, or (stream) passed on to stderr."""
    result = subprocess.run(  # noqa: S603 - our commands
        args,
        cwd=ROOT,
        env=env,
        stdout=sys.stderr if stream else subprocess.PIPE,
        stderr=sys.stderr if stream else subprocess.PIPE,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        output = "" if stream else f"\n{result.stdout}\n{result.stderr}"
        raise RunFailure(f"{' '.join(args)} failed ({result.returncode}){output}")
    return result.stdout or ""


def manage(env: dict, *args: str, timeout: float = 600, stream: bool = False) -> str:
    return run(env, PYTHON, "manage.py", *args, timeout=timeout, stream=stream)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- the database -----------------------------------------------------------------------------------------

STATE_SCRIPT = """
import json
from django.db import DatabaseError
try:
    from matching.models import CapacityProfile
    from network.models import User
    from search.models import SearchEntry
    worker = User.objects.filter(email="werkzoekende@passendwerk.test").first()
    state = {
        "entries": SearchEntry.objects.count(),
        "worker": bool(worker and CapacityProfile.objects.filter(worker=worker).exists()),
    }
except DatabaseError:
    state = {"entries": 0, "worker": False}
print("STATE " + json.dumps(state))
"""


def ensure_database() -> int:
    """The database exists and holds the demo data with at least VACANCIES vacancies; returns how many."""
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            say(f"created database {name}")
    env = setup_env()

    def state() -> dict:
        lines = manage(env, "shell", "-c", STATE_SCRIPT).splitlines()
        return json.loads(next(line for line in lines if line.startswith("STATE "))[6:])

    found = state()
    if found["entries"] >= VACANCIES and found["worker"]:
        pending = subprocess.run(  # noqa: S603 - our command
            [PYTHON, "manage.py", "migrate", "--check", "--noinput"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
        )
        if pending.returncode != 0:
            say("applying pending migrations")
            manage(env, "migrate", "--noinput", timeout=1800)
        say(f"database {name}: {found['entries']} vacancies in the search table and the demo worker; not loading")
        return found["entries"]
    say(f"database {name}: {found['entries']} vacancies in the search table; loading {VACANCIES} (takes minutes)")
    manage(env, "migrate", "--noinput", timeout=1800, stream=True)
    manage(env, "loaddemo", "--vacancies", str(VACANCIES), "--no-progress", timeout=7200, stream=True)
    found = state()
    if found["entries"] < VACANCIES or not found["worker"]:
        raise RunFailure(f"after loaddemo the database holds {found}; expected {VACANCIES} entries and the worker")
    return found["entries"]


def development_capacity_key() -> str:
    """loaddemo (DEBUG on) sealed the demo worker's profile with the development key: gunicorn must read it."""
    script = "from config.settings import _DEV_CAPACITY_KEY; print(_DEV_CAPACITY_KEY)"
    return run({**setup_env(), "DATABASE_URL": "sqlite://:memory:"}, PYTHON, "-c", script).strip()


def static_files_current() -> bool:
    """staticfiles/ (DEBUG off serves the hashed files of its manifest) is newer than every file in static/ and
    than the packages (`make install` touches .venv/.installed; Wagtail and allauth bring static files too)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    sources = [path for path in (ROOT / "static").rglob("*") if path.is_file()]
    sources += [path for path in (ROOT / ".venv" / ".installed", Path(sys.prefix) / "pyvenv.cfg") if path.exists()]
    return all(path.stat().st_mtime < collected for path in sources)


def flush_redis() -> None:
    import redis

    for number in REDIS_DATABASES:
        redis.Redis.from_url(f"{REDIS}/{number}", socket_timeout=5).flushdb()


# --- processes --------------------------------------------------------------------------------------------


class Process:
    """A child in a process group of its own, so stopping it stops its children (gunicorn's workers) too."""

    def __init__(self, name: str, args: list[str], env: dict, log: Path):
        self.name, self.log = name, log
        with open(log, "w") as out:
            self.popen = subprocess.Popen(  # noqa: S603 - our commands
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, sig=signal.SIGTERM) -> None:
        if not self.alive():
            return
        with suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        say(f"{self.name} stopped (exit {self.popen.returncode})")


def http(port: int, method: str, path: str, body: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"http://{HOST}:{port}{path}", data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(predicate, timeout: float, what: str, process: Process) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive():
            raise RunFailure(f"{process.name} exited early:\n{process.text()[-4000:]}")
        with suppress(OSError, ValueError):
            if predicate():
                return
        time.sleep(0.25)
    raise RunFailure(f"timed out after {timeout:.0f}s waiting for {what}")


def warm_up(port: int, web: Process) -> None:
    """Searches from several clients at once until every worker process has loaded its fit index."""
    import random

    sys.path.insert(0, str(HERE))
    import scenarios

    rng = random.Random(1)  # noqa: S311 - a load test, not security

    def one(_):
        if rng.random() < 0.5:
            return http(port, "POST", scenarios.API_PATH, scenarios.api_body(rng)[1])
        return http(port, "GET", scenarios.SEARCH_PATH)

    def loaded() -> int:
        return web.text().count("fit index loaded")

    deadline = time.monotonic() + 300
    with concurrent.futures.ThreadPoolExecutor(max_workers=2 * WORKERS * THREADS) as pool:
        while loaded() < WORKERS:
            if time.monotonic() > deadline:
                raise RunFailure(f"only {loaded()} of {WORKERS} workers loaded the fit index in 300 s")
            if not web.alive():
                raise RunFailure(f"gunicorn exited:\n{web.text()[-4000:]}")
            statuses = list(pool.map(one, range(2 * WORKERS * THREADS)))
            if any(status != 200 for status in statuses):
                raise RunFailure(f"warming up: answers {statuses}\n{web.text()[-4000:]}")
        statuses = list(pool.map(one, range(20 * WORKERS)))  # templates, caches, connections: all warm
    if any(status != 200 for status in statuses):
        raise RunFailure(f"warming up: answers {statuses}\n{web.text()[-4000:]}")


# --- CPU time ---------------------------------------------------------------------------------------------


def server_cpu(web: Process) -> dict[str, dict[int, float]]:
    """CPU seconds so far of gunicorn (master and workers) and of the PostgreSQL backends of the database, per pid.

    On a shared machine req/s says little; the CPU time a request costs says how far the server would go alone.
    """
    try:
        import psutil  # comes with locust
    except ImportError:
        return {"gunicorn": {}, "postgres": {}}

    def seconds(pids) -> dict[int, float]:
        found = {}
        for pid in pids:
            with suppress(psutil.Error):
                times = psutil.Process(pid).cpu_times()
                found[pid] = times.user + times.system
        return found

    try:
        master = psutil.Process(web.popen.pid)
        web_pids = [master.pid, *(child.pid for child in master.children(recursive=True))]
    except psutil.Error:
        web_pids = []
    return {"gunicorn": seconds(web_pids), "postgres": seconds(postgres_backends())}


def postgres_backends() -> list[int]:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with suppress(psycopg.Error), psycopg.connect(DATABASE_URL, connect_timeout=5) as connection:
        sql = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        return [row[0] for row in connection.execute(sql, [name]).fetchall()]
    return []


def _flat(cpu: dict[str, dict[int, float]]):
    for name, by_pid in cpu.items():
        for pid, seconds in by_pid.items():
            yield name, seconds, pid


def cpu_per_request(cpu_by_process, requests: int) -> dict:
    totals: dict[str, float] = {"gunicorn": 0.0, "postgres": 0.0}
    for name, seconds in cpu_by_process:
        totals[name] += seconds
    if not requests:
        return dict.fromkeys(totals, 0.0)
    return {name: round(1000 * seconds / requests, 1) for name, seconds in totals.items()}


# --- locust's statistics ----------------------------------------------------------------------------------


def percentile(response_times: dict[int, int], count: int, share: float) -> float:
    """As locust computes it: response times are kept rounded (to 2 significant digits above 100 ms)."""
    if not count:
        return 0.0
    wanted = int(count * share)
    processed = 0
    for response_time in sorted(response_times, reverse=True):
        processed += response_times[response_time]
        if count - processed <= wanted:
            return float(response_time)
    return 0.0


def span(entries: list[dict]) -> float:
    """Seconds from the start of the statistics to the last request (as locust's total req/s)."""
    started = min((entry["start_time"] for entry in entries), default=0)
    last = max((entry["last_request_timestamp"] or 0 for entry in entries), default=0)
    return max(last - started, 0.0)


def entry_summary(entries: list[dict], seconds: float) -> dict:
    """One name's statistics (or all of them, merged) from the entries of locust's --json-file."""
    times: dict[int, int] = {}
    for entry in entries:
        for response_time, count in entry["response_times"].items():
            times[int(float(response_time))] = times.get(int(float(response_time)), 0) + count
    requests = sum(entry["num_requests"] for entry in entries)
    return {
        "requests": requests,
        "failures": sum(entry["num_failures"] for entry in entries),
        "req_per_s": round(requests / seconds, 1) if seconds else 0.0,
        "p50_ms": percentile(times, requests, 0.50),
        "p95_ms": percentile(times, requests, 0.95),
        "p99_ms": percentile(times, requests, 0.99),
    }


def summarize(prefix: Path, locust_exit: int) -> dict:
    """The numbers from locust's --json-file (written at exit, unlike the CSV files, which lag by a second)."""
    entries = json.loads(Path(f"{prefix}.json").read_text())
    seconds = span(entries)
    by_name = {f"{entry['method']} {entry['name']}": entry_summary([entry], seconds) for entry in entries}
    total = entry_summary(entries, seconds)
    exceptions = 0
    with suppress(FileNotFoundError), open(f"{prefix}_exceptions.csv", newline="") as file:
        exceptions = sum(int(row["Count"]) for row in csv.DictReader(file))
    errors = total["failures"] + exceptions
    if locust_exit != 0 and not errors:
        errors = 1  # locust saw an error its files do not show yet (an exception in a user): see locust.log
    return {
        "users": USERS,
        "seconds": SECONDS,
        "requests": total["requests"],
        "req_per_s": total["req_per_s"],
        "p50_ms": total["p50_ms"],
        "p95_ms": total["p95_ms"],
        "p99_ms": total["p99_ms"],
        "errors": errors,
        "by_name": dict(sorted(by_name.items())),
    }


def failures(prefix: Path) -> list[str]:
    with suppress(FileNotFoundError), open(f"{prefix}_failures.csv", newline="") as file:
        return [f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}" for row in csv.DictReader(file)]
    return []


# --- the load test ----------------------------------------------------------------------------------------


def load_test(work: Path, processes: list[Process]) -> dict:
    vacancies = ensure_database()
    if not (ROOT / "static" / "vendor").is_dir():
        raise RunFailure("no static/vendor: run `make install` first (npm ci, deploy/vendor-assets.sh)")
    port = free_port()
    env = production_env(work, port, capacity_keys=f"{_fresh_key()},{development_capacity_key()}")
    (work / "mail").mkdir()
    (work / "media").mkdir()
    flush_redis()
    if static_files_current():
        say("static files collected since static/ last changed; not collecting")
    else:
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        say("collected the static files")

    kind = "sync" if THREADS == 1 else f"gthread, {THREADS} threads"
    gunicorn = f"{WORKERS} workers ({kind})"
    web = Process(
        "gunicorn",
        [PYTHON, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "config.wsgi:application"],
        env,
        work / "gunicorn.log",
    )
    processes.append(web)
    wait_for(lambda: http(port, "GET", "/healthz") == 200, 60, "gunicorn", web)
    say(f"gunicorn serving http://{HOST}:{port}: {gunicorn}")
    warm_up(port, web)
    say(f"warmed up: every worker loaded its fit index ({web.text().count('fit index loaded')} loads)")
    restarts_before = web.text().count("Autorestarting worker")
    cpu_before = server_cpu(web)

    prefix = work / "locust"
    say(f"locust: {USERS} users for {SECONDS} s")
    locust = Process(
        "locust",
        [
            PYTHON,
            "-m",
            "locust",
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-u",
            str(USERS),
            "-r",
            str(USERS),
            "-t",
            f"{SECONDS}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://{HOST}:{port}",
            "--csv",
            str(prefix),
            "--json-file",
            str(prefix),
            "--only-summary",
            *CLASSES,
        ],
        {**base_env(), "LOADTEST_WAIT": os.environ.get("LOADTEST_WAIT", "0")},
        work / "locust.log",
    )
    processes.append(locust)
    # Sampled every second while locust runs: a process that ends meanwhile (a database connection past its
    # CONN_MAX_AGE, a worker restarted after max_requests) keeps the CPU time it had at its last sample.
    cpu_seen = {name: dict(by_pid) for name, by_pid in cpu_before.items()}
    deadline = time.monotonic() + SECONDS + 120
    while locust.alive():
        if time.monotonic() > deadline:
            raise RunFailure(f"locust did not finish:\n{locust.text()[-4000:]}")
        for name, by_pid in server_cpu(web).items():
            cpu_seen[name].update(by_pid)
        time.sleep(1)
    if not Path(f"{prefix}.json").exists():
        raise RunFailure(f"locust wrote no statistics (exit {locust.popen.returncode}):\n{locust.text()[-4000:]}")
    result = summarize(prefix, locust.popen.returncode)
    for name, by_pid in server_cpu(web).items():
        cpu_seen[name].update(by_pid)
    cpu = [(name, seconds - cpu_before[name].get(pid, 0.0)) for name, seconds, pid in _flat(cpu_seen)]
    result.update(
        vacancies=vacancies,
        gunicorn=gunicorn,
        worker_restarts=web.text().count("Autorestarting worker") - restarts_before,
        cpu_ms_per_request=cpu_per_request(cpu, result["requests"]),
    )
    for line in failures(prefix):
        say(f"failed: {line}")
    if not web.alive():
        raise RunFailure(f"gunicorn exited during the run:\n{web.text()[-4000:]}")
    return result


def _fresh_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _interrupted(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> int:
    # Also SIGINT: a shell that starts this in the background (`make loadtest &`) would have it ignored.
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    work = Path(tempfile.mkdtemp(prefix="passendwerk-loadtest-"))
    processes: list[Process] = []
    result, status = None, 2
    try:
        result = load_test(work, processes)
        status = 1 if result["errors"] else 0
    except (RunFailure, subprocess.TimeoutExpired) as error:
        print(f"\nLOAD TEST NOT DONE: {error}", file=sys.stderr)
    except Exception:  # PostgreSQL or Redis unreachable, a bug here: the processes are stopped all the same
        traceback.print_exc()
        print("\nLOAD TEST NOT DONE", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nLOAD TEST INTERRUPTED", file=sys.stderr)
        status = 130
    finally:
        for process in reversed(processes):
            process.stop(signal.SIGINT if process.name == "locust" else signal.SIGTERM)
        with suppress(Exception):
            flush_redis()
        if KEEP or status != 0:
            say(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if result is not None:
        print(json.dumps(result), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
